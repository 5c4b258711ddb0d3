// Opens a normalized workload spec as a stream of submissions, each with its own named random
// streams so one workload's draws never shift another's.
import seedrandom from 'seedrandom';
import type { RandomStreams, Rng } from '../engine/random.js';
import { MAX_TIME_MS } from '../scenario/time.js';
import type { Scenario, WorkloadSpec } from '../scenario/types.js';
import { replayWorkload } from './replay.js';
import { syntheticWorkload } from './synthetic.js';
import { NO_DEPENDENCIES, type WorkloadJob, type WorkloadStream } from './types.js';

export interface WorkloadContext {
  scenario: Scenario;
  /** The workload's own random stream (`arrivals/<index>`); used by the `poisson` shorthand. */
  rng: Rng;
  /**
   * Named streams `arrivals/<key>` of the run's seed. Generators and replays key them by workload
   * name (`<name>/arrivals`, `<name>/mix`, …), so inserting another workload before one does not
   * change its jobs. Without it, streams are derived from `rng`.
   */
  stream?: (key: string) => Rng;
}

/**
 * Workload `index` of a scenario as a run sees it: its random streams are `arrivals/<index>` and
 * `arrivals/<key>` of the run's seed (the simulation and anything that previews a workload's jobs
 * must agree on this, or they would draw different jobs).
 */
export function openScenarioWorkload(scenario: Scenario, index: number, streams: RandomStreams): WorkloadStream {
  return openWorkload(scenario.workloads[index], {
    scenario, rng: streams.stream('arrivals', String(index)), stream: (key) => streams.stream('arrivals', key),
  });
}

export function openWorkload(spec: WorkloadSpec, ctx: WorkloadContext): WorkloadStream {
  switch (spec.type) {
    case 'poisson':
      return poisson(spec, ctx);
    case 'synthetic':
      return syntheticWorkload(spec, ctx.scenario, ctx.stream ?? derived(ctx.rng));
    case 'csv':
    case 'swf':
    case 'describe-jobs':
      return replayWorkload(spec, ctx.scenario, ctx.stream ?? derived(ctx.rng));
  }
}

/** Named streams seeded from one draw of `rng` (for callers that give no `stream`). */
function derived(rng: Rng): (key: string) => Rng {
  const base = rng();
  const made = new Map<string, Rng>();
  return (key) => {
    let r = made.get(key);
    if (!r) {
      r = seedrandom.alea(`batchsim:derived:${base}:${key}`) as Rng;
      made.set(key, r);
    }
    return r;
  };
}

/** Poisson arrivals: exponential gaps with the given mean, `count` jobs of one definition. */
function poisson(spec: Extract<WorkloadSpec, { type: 'poisson' }>, { scenario, rng }: WorkloadContext): WorkloadStream {
  const def = scenario.jobDefinitions[spec.jobDefinition]!;
  const queue = scenario.jobQueues.findIndex((q) => q.jobQueueName === spec.jobQueue);
  let emitted = 0;
  let t = spec.startAtSeconds * 1000;
  // Every job but its time is the same: one object, handed out again with the new time.
  const job: WorkloadJob = {
    atMs: 0, jobName: null, jobQueue: queue, jobDefinition: spec.jobDefinition,
    vcpus: def.vcpus, memory: def.memory, gpus: def.gpus, durationMs: null, exitCode: null, arraySize: 0, dependsOn: NO_DEPENDENCIES,
    attemptDurationSeconds: null, cancelled: null,
  };
  if (spec.shareIdentifier) job.shareIdentifier = spec.shareIdentifier;
  return {
    namePrefix: spec.jobNamePrefix,
    usesDependencies: false,
    expectedJobs: spec.count,
    next(): WorkloadJob | null {
      if (emitted++ >= spec.count) return null;
      t += -spec.meanInterarrivalSeconds * 1000 * Math.log(1 - rng());
      if (t > MAX_TIME_MS) {
        // Nothing is submitted after the time limit.
        emitted = spec.count;
        return null;
      }
      job.atMs = Math.round(t);
      return job;
    },
  };
}
