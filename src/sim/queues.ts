// The run's job queues, each kept in the order its scheduling policy gives (FIFO, or fair share
// reading the run's jobs, clock and capacity through FairShareRows), and the listener that tells
// orders which measure what jobs hold about every job state change.
import type { ComputeEnvironment } from '../model/compute-environment.js';
import type { FairShareRows } from '../model/fair-share-queue.js';
import { JobQueue } from '../model/job-queue.js';
import { JobKind, JobStatus, type JobTable, type JobTemplate } from '../model/jobs.js';
import type { ShapeTable } from '../model/shapes.js';
import { queueOrderFor } from '../scheduler/queue-order.js';
import type { Scenario } from '../scenario/types.js';
import type { TransitionListener } from './context.js';

/** What queue orders read of the run. */
export interface QueueSources {
  readonly jobs: JobTable;
  readonly templates: readonly JobTemplate[];
  readonly shapes: ShapeTable;
  readonly kernel: { readonly now: number };
  readonly computeEnvironments: readonly ComputeEnvironment[];
}

export function buildJobQueues(scenario: Scenario, run: QueueSources): JobQueue[] {
  const ceIndex = (name: string) => run.computeEnvironments.findIndex((ce) => ce.name === name);
  const policies = scenario.schedulingPolicies ?? [];
  const queues: JobQueue[] = [];
  scenario.jobQueues.forEach((spec, i) => {
    const policy = spec.schedulingPolicy ? (policies.find((p) => p.name === spec.schedulingPolicy)?.fairsharePolicy ?? null) : null;
    // The queue is made after its order, which reads its compute environments through it.
    let queue: JobQueue | null = null;
    const runnable = queueOrderFor(spec).create(spec, { policy, rows: rowsOf(run, () => queue!) });
    queue = new JobQueue(i, spec, spec.computeEnvironmentOrder.map(ceIndex), runnable);
    queues.push(queue);
  });
  return queues;
}

/** The user's listener, then every queue order that listens, each for its own queue's jobs. */
export function transitionListener(user: TransitionListener | undefined, queues: readonly JobQueue[], run: QueueSources): TransitionListener | undefined {
  const listening = queues.filter((q) => q.runnable.transition !== undefined);
  if (listening.length === 0) return user;
  const byQueue: (JobQueue | null)[] = queues.map((q) => (q.runnable.transition ? q : null));
  return (row, from, to, timeMs) => {
    user?.(row, from, to, timeMs);
    // A multi-node job counts as one job holding its nodes' vCPUs; its node rows are not counted again.
    if (run.jobs.kind.data[row] === JobKind.NODE) return;
    const q = byQueue[run.templates[run.jobs.template.data[row]].queue];
    q?.runnable.transition!(row, from, to);
  };
}

function rowsOf(run: QueueSources, queue: () => JobQueue): FairShareRows {
  return {
    template: (row) => run.jobs.template.data[row],
    shareIdentifier: (t) => run.templates[t].shareIdentifier ?? '',
    schedulingPriority: (t) => run.templates[t].schedulingPriority,
    vcpus: (row) => run.shapes.shapes[run.jobs.shape.data[row]].vcpus,
    waiting: (row) => run.jobs.status.data[row] === JobStatus.RUNNABLE,
    enabled: () => queue().enabled,
    get now() {
      return run.kernel.now;
    },
    maxVcpus: () => {
      let max = 0;
      for (const ci of queue().computeEnvironmentOrder) max += run.computeEnvironments[ci].maxvCpus;
      return max;
    },
  };
}
