// Scale-out's walk over one queue's waiting jobs in dispatch order (Scheduler.scaleOut): runs of
// jobs of one shape are gathered into batches of at least COVER_BATCH jobs (so two jobs get one
// instance for two, and thousands of single jobs cost one count, not thousands), each batch
// counted against room and launches. The walk stops at the first batch it cannot cover — behind it nothing starts before it
// does (FIFO) — or, with backfill, goes on to backfillDepth jobs from the head.
import type { JobQueue } from '../model/job-queue.js';
import type { JobShape } from '../model/shapes.js';
import type { Launcher } from './scheduler.js';

/** Jobs of one shape counted together at most. */
const COVER_BATCH = 1024;

/** What the walk asks of the scheduler. */
export interface CoverTarget {
  /** Counts `count` jobs of the shape against room and launches; how many are covered. */
  cover(queue: JobQueue, job: JobShape, count: number, launcher: Launcher): number;
  /** Whether one job of the shape could start somewhere in the queue's environments now. */
  takesOne(queue: JobQueue, job: JobShape): boolean;
}

export class CoverWalk {
  private readonly reach: number;
  private seen = 0;
  private blocked = false;
  private shape: JobShape | null = null;
  private pending = 0;

  constructor(
    private readonly scheduler: CoverTarget,
    private readonly queue: JobQueue,
    private readonly backfillDepth: number | null,
    private readonly launcher: Launcher,
  ) {
    this.reach = backfillDepth === null ? Infinity : backfillDepth + 1;
  }

  /**
   * The next run of `count` waiting jobs in dispatch order has `shape`; false when the walk ends
   * here. A run joins the batch whole: once the batch holds COVER_BATCH jobs or more, it is covered.
   */
  add(shape: JobShape, count: number): boolean {
    if (shape !== this.shape && !this.flush()) return false;
    if (this.pending === 0 && !this.blocked && !this.scheduler.takesOne(this.queue, shape)) {
      // Nothing can take even one of these: they cannot be covered, so the walk ends (or, with
      // backfill, goes on to backfillDepth) without gathering a batch first.
      if (this.backfillDepth === null) return false;
      this.blocked = true;
    }
    this.shape = shape;
    this.pending += count;
    // Thousands of single jobs of one shape (N_TO_N children released one by one) are covered
    // in batches, so the walk still stops soon after the first jobs it cannot cover.
    return this.pending < COVER_BATCH || this.flush();
  }

  /** Covers the batch gathered so far; false when the walk ends here. */
  flush(): boolean {
    if (this.pending === 0) return true;
    const count = this.blocked ? Math.min(this.pending, this.reach - this.seen) : this.pending;
    this.pending = 0;
    this.seen += count;
    if (this.scheduler.cover(this.queue, this.shape!, count, this.launcher) < count) {
      if (this.backfillDepth === null) return false;
      this.blocked = true;
    }
    return !this.blocked || this.seen < this.reach;
  }
}
