// Opens a normalized workload spec as a stream of submissions, each with its own named random
// stream so one workload's draws never shift another's.
import type { Rng } from '../engine/random.js';
import type { Scenario, WorkloadSpec } from '../scenario/types.js';
import type { WorkloadJob, WorkloadStream } from './types.js';

export interface WorkloadContext {
  scenario: Scenario;
  /** The workload's own random stream (`arrivals/<index>`). */
  rng: Rng;
}

export function openWorkload(spec: WorkloadSpec, ctx: WorkloadContext): WorkloadStream {
  switch (spec.type) {
    case 'poisson':
      return poisson(spec, ctx);
  }
}

/** Poisson arrivals: exponential gaps with the given mean, `count` jobs of one definition. */
function poisson(spec: Extract<WorkloadSpec, { type: 'poisson' }>, { scenario, rng }: WorkloadContext): WorkloadStream {
  const def = scenario.jobDefinitions[spec.jobDefinition];
  const queue = scenario.jobQueues.findIndex((q) => q.jobQueueName === spec.jobQueue);
  let emitted = 0;
  let t = spec.startAtSeconds * 1000;
  return {
    namePrefix: spec.jobNamePrefix,
    usesDependencies: false,
    next(): WorkloadJob | null {
      if (emitted++ >= spec.count) return null;
      t += -spec.meanInterarrivalSeconds * 1000 * Math.log(1 - rng());
      return {
        atMs: Math.round(t), jobName: null, jobQueue: queue, jobDefinition: spec.jobDefinition,
        vcpus: def.vcpus, memory: def.memory, gpus: def.gpus, durationMs: null, exitCode: null, arraySize: 0, dependsOn: [],
        attemptDurationSeconds: null, cancelled: null,
      };
    },
  };
}
