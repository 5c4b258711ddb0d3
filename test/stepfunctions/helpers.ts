// Step Functions workflows on a fleet whose timings are known exactly: one 4-vCPU slot that is up
// from t = 0, a scheduler cycle at every instant, no image pull, so a 2-vCPU job submitted at t
// runs from t for its definition's duration (two at a time). Times in seconds.
import { JOB_STATUS_NAMES, JobKind } from '../../src/model/jobs.js';
import { parseScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { JobNames } from '../../src/sim/naming.js';
import { simulate, type Simulation } from '../../src/sim/simulation.js';
import type { ExecutionRecord } from '../../src/stepfunctions/records.js';

/** The fleet, a queue `q` and job definitions: `work` (100 s), `short` (30 s), `broken` (100 s, exits 1), `huge` (64 vCPUs: never fits). */
export const FLEET = `
name: sfn
settings: { schedulerCycleSeconds: 0, imagePullSeconds: 0, cachedImageStartSeconds: 0, terminateGraceSeconds: 30 }
computeEnvironments:
  - computeEnvironmentName: fleet
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot, vcpus: 4, memory: 8192, count: 1 }] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: fleet }] }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { image: work:1, resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "1024" }] }
    simulation: { duration: 100 }
  - jobDefinitionName: short
    type: container
    containerProperties: { image: work:1, resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "1024" }] }
    simulation: { duration: 30 }
  - jobDefinitionName: broken
    type: container
    containerProperties: { image: work:1, resourceRequirements: [{ type: VCPU, value: "2" }, { type: MEMORY, value: "1024" }] }
    simulation: { duration: 100, exitCode: 1 }
  - jobDefinitionName: huge
    type: container
    containerProperties: { image: work:1, resourceRequirements: [{ type: VCPU, value: "64" }, { type: MEMORY, value: "1024" }] }
    simulation: { duration: 100 }
`;

/** A state entry as the tests compare it: scope, state, type, entered, exited (null: never), status, error. */
export type Row = [string, string, string, number, number | null, string, string];

export interface WorkflowRun {
  scenario: Scenario;
  sim: Simulation;
  names: JobNames;
  execution(name: string): ExecutionRecord;
  rows(name: string): Row[];
  /** A job by name (the first of that name): its status, times and reason. */
  job(name: string): { status: string; createdAt: number; startedAt: number | null; stoppedAt: number | null; reason: string; id: string };
  jobsNamed(name: string): { createdAt: number; stoppedAt: number | null; status: string }[];
}

/** Runs FLEET plus `rest` (stateMachines:, executions:). */
export function runWorkflow(rest: string, seed?: number): WorkflowRun {
  const scenario = parseScenario(FLEET + rest, 'sfn.yaml');
  const sim = simulate(scenario, seed === undefined ? {} : { seed });
  const names = new JobNames(sim);
  const s = (ms: number) => (ms < 0 ? null : ms / 1000);
  const rowsNamed = (n: string) => {
    const out: number[] = [];
    for (let r = 0; r < sim.jobs.count; r++) if (sim.jobs.kind.data[r] !== JobKind.ARRAY_CHILD && names.jobName(r) === n) out.push(r);
    return out;
  };
  const execution = (name: string) => {
    const r = sim.executions!.records.find((x) => x.name === name);
    if (!r) throw new Error(`no execution ${name}`);
    return r;
  };
  return {
    scenario, sim, names, execution,
    rows: (name) => execution(name).entries.map((e) => [e.scope, e.state, e.type, e.enteredMs / 1000, s(e.exitedMs), e.status, e.error]),
    job: (name) => {
      const r = rowsNamed(name)[0];
      if (r === undefined) throw new Error(`no job ${name}`);
      return {
        status: JOB_STATUS_NAMES[sim.jobs.status.data[r]]!, createdAt: sim.jobs.createdAt.data[r] / 1000,
        startedAt: s(sim.jobs.startedAt.data[r]), stoppedAt: s(sim.jobs.stoppedAt.data[r]), reason: sim.reasons.values[sim.jobs.reason.data[r]]!, id: names.jobId(r),
      };
    },
    jobsNamed: (name) => rowsNamed(name).map((r) => ({
      createdAt: sim.jobs.createdAt.data[r] / 1000, stoppedAt: s(sim.jobs.stoppedAt.data[r]), status: JOB_STATUS_NAMES[sim.jobs.status.data[r]]!,
    })),
  };
}

/** One state machine `flow` with `definition` (YAML, indented as given), and `executions` (YAML list). */
export function machine(definition: string, executions = '  - { stateMachineArn: flow, name: run }'): string {
  return `stateMachines:\n  - name: flow\n    definition:\n${definition.replace(/^\n/, '').replace(/\s+$/, '')}\nexecutions:\n${executions}\n`;
}
