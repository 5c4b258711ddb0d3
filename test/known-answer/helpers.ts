// Runs a scenario given as YAML text and exposes what a known-answer test needs in plain terms:
// per job name (array children as "name:index") its status, times in seconds (null = unset),
// statusReason and where its (latest) attempt ran; per instance its lifecycle and bill.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attemptCost, outcomeName } from '../../src/metrics/ledger.js';
import { summarize, type Summary } from '../../src/metrics/summary.js';
import { NO_EXIT_CODE } from '../../src/model/attempts.js';
import { JOB_KIND_NAMES, JOB_STATUS_NAMES, JobKind } from '../../src/model/jobs.js';
import { parseScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { JobNames } from '../../src/sim/naming.js';
import { simulate, type Simulation } from '../../src/sim/simulation.js';

export interface JobView {
  row: number;
  jobId: string;
  kind: (typeof JOB_KIND_NAMES)[number];
  status: (typeof JOB_STATUS_NAMES)[number];
  createdAt: number | null;
  runnableAt: number | null;
  /** Entered STARTING (latest attempt). */
  placedAt: number | null;
  startedAt: number | null;
  stoppedAt: number | null;
  reason: string;
  attempts: number;
  /** Instance of the latest attempt (finished or in progress), null if it never ran. */
  instanceId: string | null;
  instanceType: string | null;
  computeEnvironment: string | null;
}

export interface InstanceView {
  instanceId: string;
  computeEnvironment: string;
  instanceType: string;
  launchedAt: number;
  readyAt: number | null;
  terminatedAt: number | null;
  terminationReason: string;
  billedSeconds: number;
  costUsd: number;
  /** ON_DEMAND, SPOT, FARGATE or FARGATE_SPOT. */
  purchaseOption: string;
  /** Effective USD per hour over its life (instances.csv `pricePerHour`); NaN while not terminated. */
  pricePerHour: number;
  /** Time with at least one job on it, seconds (instances.csv `busySeconds`). */
  busySeconds: number;
  /** The share of its bill with no job on it (instances.csv `idleUsd`); NaN while not terminated. */
  idleUsd: number;
}

/** One row of attempts.csv, in the log's order (by the time the attempt ended). */
export interface AttemptView {
  /** Job name ("name:i" for array children), as in Run.job. */
  job: string;
  jobId: string;
  attempt: number;
  computeEnvironment: string;
  instanceId: string;
  instanceType: string;
  purchaseOption: string;
  placedAt: number;
  /** null when the attempt never reached RUNNING. */
  startedAt: number | null;
  stoppedAt: number;
  /** null when there is none (the host vanished, or stopped while STARTING). */
  exitCode: number | null;
  statusReason: string;
  /** container.reason ('' when the container gave none). */
  containerReason: string;
  outcome: string;
  costUsd: number;
}

export interface Run {
  sim: Simulation;
  names: JobNames;
  jobs: Map<string, JobView>;
  /** The job named `name` ("name:i" for child i of an array, "name#n" for node n of a multi-node job); throws if there is none. */
  job(name: string): JobView;
  instances: InstanceView[];
  /** The instance with this id; throws if there is none. */
  instance(id: string | null): InstanceView;
  /** attempts.csv rows, in the order they ended. */
  attempts: AttemptView[];
  /** The attempts of the job named `name`, in order. */
  attemptsOf(name: string): AttemptView[];
  summary(): Summary;
  /** When the run stopped (last event or horizon), seconds. */
  endTime: number;
}

const seconds = (ms: number): number | null => (ms < 0 ? null : ms / 1000);

/** Parses `yaml` as a scenario file and runs it to the end. */
export function runYaml(yaml: string, file = 'inline.yaml'): Run {
  const sim = simulate(parseScenario(yaml, file));
  return view(sim);
}

/** Runs a scenario built in code (test/helpers/build.ts) to the end. */
export function runScenario(scenario: Scenario): Run {
  return view(simulate(scenario, { maxEvents: 1_000_000 }));
}

/** Loads test/known-answer/fixtures/<name> and runs it. */
export function runFixture(name: string): Run {
  const file = join(import.meta.dirname, 'fixtures', name);
  return runYaml(readFileSync(file, 'utf8'), file);
}

function view(sim: Simulation): Run {
  const names = new JobNames(sim);
  const { jobs, attempts, reasons } = sim;

  const instances: InstanceView[] = sim.instances.map((inst) => ({
    instanceId: inst.instanceId,
    computeEnvironment: sim.computeEnvironments[inst.computeEnvironment].name,
    instanceType: inst.shape.instanceType,
    launchedAt: inst.launchedAt / 1000,
    readyAt: seconds(inst.readyAt),
    terminatedAt: seconds(inst.terminatedAt),
    terminationReason: inst.terminationReason,
    billedSeconds: inst.terminatedAt < 0 ? NaN : inst.billedSeconds(),
    costUsd: inst.terminatedAt < 0 ? NaN : inst.costUsd(),
    purchaseOption: inst.purchaseOption.name,
    pricePerHour: inst.terminatedAt < 0 ? NaN : inst.pricePerHour(),
    busySeconds: inst.busyMs / 1000,
    idleUsd: inst.terminatedAt < 0 ? NaN : inst.idleUsd(),
  }));

  // Latest attempt per row (the log is in attempt-end order).
  const lastAttemptInstance = new Map<number, number>();
  for (let a = 0; a < attempts.count; a++) lastAttemptInstance.set(attempts.job.data[a], attempts.instance.data[a]);

  const byName = new Map<string, JobView>();
  for (let r = 0; r < jobs.count; r++) {
    const kind = jobs.kind.data[r];
    const name =
      kind === JobKind.ARRAY_CHILD ? `${names.jobName(r)}:${jobs.ordinal.data[r]}`
      : kind === JobKind.NODE ? `${names.jobName(r)}#${jobs.ordinal.data[r]}`
      : names.jobName(r);
    const current = jobs.instance.data[r];
    const instIndex = current >= 0 ? current : (lastAttemptInstance.get(r) ?? -1);
    const inst = instIndex >= 0 ? sim.instances[instIndex] : null;
    if (byName.has(name)) throw new Error(`two jobs are named ${name}; give them distinct names`);
    byName.set(name, {
      row: r,
      jobId: names.jobId(r),
      kind: JOB_KIND_NAMES[kind],
      status: JOB_STATUS_NAMES[jobs.status.data[r]],
      createdAt: seconds(jobs.createdAt.data[r]),
      runnableAt: seconds(jobs.runnableAt.data[r]),
      placedAt: seconds(jobs.placedAt.data[r]),
      startedAt: seconds(jobs.startedAt.data[r]),
      stoppedAt: seconds(jobs.stoppedAt.data[r]),
      reason: reasons.values[jobs.reason.data[r]],
      attempts: jobs.attempts.data[r],
      instanceId: inst?.instanceId ?? null,
      instanceType: inst?.shape.instanceType ?? null,
      computeEnvironment: inst ? sim.computeEnvironments[inst.computeEnvironment].name : null,
    });
  }

  const nameOfRow = new Map<number, string>();
  for (const [name, j] of byName) nameOfRow.set(j.row, name);
  const attemptViews: AttemptView[] = [];
  for (let a = 0; a < attempts.count; a++) {
    const row = attempts.job.data[a];
    const inst = sim.instances[attempts.instance.data[a]];
    const exitCode = attempts.exitCode.data[a];
    attemptViews.push({
      job: nameOfRow.get(row)!,
      jobId: names.jobId(row),
      attempt: attempts.attempt.data[a],
      computeEnvironment: sim.computeEnvironments[inst.computeEnvironment].name,
      instanceId: inst.instanceId,
      instanceType: inst.shape.instanceType,
      purchaseOption: inst.purchaseOption.name,
      placedAt: attempts.placedAt.data[a] / 1000,
      startedAt: seconds(attempts.startedAt.data[a]),
      stoppedAt: attempts.stoppedAt.data[a] / 1000,
      exitCode: exitCode === NO_EXIT_CODE ? null : exitCode,
      statusReason: reasons.values[attempts.reason.data[a]],
      containerReason: reasons.values[attempts.containerReason.data[a]],
      outcome: outcomeName(attempts.outcome.data[a]),
      costUsd: attemptCost(sim, a),
    });
  }

  return {
    sim,
    names,
    jobs: byName,
    job(name) {
      const j = byName.get(name);
      if (!j) throw new Error(`no job named ${name} (have: ${[...byName.keys()].join(', ')})`);
      return j;
    },
    instances,
    instance(id) {
      const i = instances.find((x) => x.instanceId === id);
      if (!i) throw new Error(`no instance ${id}`);
      return i;
    },
    attempts: attemptViews,
    attemptsOf: (name) => attemptViews.filter((a) => a.job === name),
    summary: () => summarize(sim, names),
    endTime: sim.endTime / 1000,
  };
}

/** The timeline fields of a job, for compact toEqual/toMatchObject assertions. */
export function times(j: JobView): Pick<JobView, 'status' | 'createdAt' | 'runnableAt' | 'placedAt' | 'startedAt' | 'stoppedAt'> {
  return { status: j.status, createdAt: j.createdAt, runnableAt: j.runnableAt, placedAt: j.placedAt, startedAt: j.startedAt, stoppedAt: j.stoppedAt };
}
