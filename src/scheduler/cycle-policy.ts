// One scheduler cycle as policy (DESIGN §1, after the Kubernetes scheduler framework): it reads a
// view of the queues, jobs and capacity and hands the kernel decisions — start this job on these
// assignments, report this head blocked, launch this instance — which the kernel applies as they
// come (so the next placement sees the room the last one took). It changes nothing itself.
import type { JobQueue } from '../model/job-queue.js';
import type { JobShape } from '../model/shapes.js';
import { PlaceOutcome, type Launcher, type Placement, type Scheduler, type WaitingView } from './scheduler.js';

export interface CycleView extends WaitingView {
  /** The queue's first row still RUNNABLE (entries placed or cancelled earlier are passed over), or −1. */
  head(queue: JobQueue): number;
  /** RUNNABLE rows in dispatch order from the head, at most `limit` (the backfill window). */
  headRows(queue: JobQueue, limit: number): number[];
  isRunnable(row: number): boolean;
  shape(row: number): JobShape;
  /** The job's definition runs on ARM64 (runtimePlatform.cpuArchitecture). */
  arm64(row: number): boolean;
}

export interface CycleDecisions extends Launcher {
  /** Start `row` where `placement` says (RUNNABLE → STARTING). */
  start(queue: JobQueue, row: number, placement: Placement): void;
  /** The queue's head could not be placed: record why (AWS's blocked reason, spec §1.4). */
  blocked(queue: JobQueue, row: number, placement: Placement): void;
}

export interface CycleSettings {
  backfill: boolean;
  backfillDepth: number;
}

/** A scheduling policy: what one cycle decides. The kernel applies the decisions as they come. */
export interface SchedulingPolicy {
  runCycle(scheduler: Scheduler, settings: CycleSettings, queues: JobQueue[], view: CycleView, decide: CycleDecisions, now: number): void;
}

/** AWS Batch's scheduling (spec §6): the policy every run uses unless a test or a planner plugs in another. */
export const BATCH_SCHEDULING: SchedulingPolicy = { runCycle };

/**
 * Queues in priority order; in each, jobs in dispatch order until the head cannot be placed
 * (head-of-line blocking; with backfill, jobs within backfillDepth behind it are tried); then
 * scale-out for the jobs still waiting (Scheduler.scaleOut).
 */
function runCycle(scheduler: Scheduler, settings: CycleSettings, queues: JobQueue[], view: CycleView, decide: CycleDecisions, now: number): void {
  scheduler.beginCycle(now);
  // Queues whose head can never be placed with backfill off: nothing in them moves, so they ask
  // for no instances (else: launch, idle out, launch again, forever). Rare: made when needed.
  let stuck: Set<JobQueue> | null = null;
  for (const queue of scheduler.queuesInOrder(queues)) {
    if (queue.waiting === 0) continue;
    for (;;) {
      const row = view.head(queue);
      if (row < 0) break;
      const placement = scheduler.place(queue, view.shape(row), view.arm64(row));
      if (placement.outcome === PlaceOutcome.Placed) {
        decide.start(queue, row, placement);
        continue;
      }
      decide.blocked(queue, row, placement);
      if (!settings.backfill && (placement.outcome === PlaceOutcome.JobResourceRequirement || placement.outcome === PlaceOutcome.ComputeEnvironmentMaxResource)) {
        (stuck ??= new Set()).add(queue);
      }
      if (settings.backfill) {
        for (const r of view.headRows(queue, settings.backfillDepth + 1)) {
          if (r === row || !view.isRunnable(r)) continue;
          const p = scheduler.place(queue, view.shape(r), view.arm64(r));
          if (p.outcome === PlaceOutcome.Placed) decide.start(queue, r, p);
        }
      }
      break;
    }
  }
  scheduler.scaleOut(queues, view, settings.backfill ? settings.backfillDepth : null, stuck, decide);
}
