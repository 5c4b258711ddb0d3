// One row per attempt that reached a container (spec §4.6), as a struct-of-arrays log.
import { Column } from '../engine/columns.js';

export const NO_EXIT_CODE = -2147483648;

/** How an attempt ended: what the cost ledger calls useful work or waste (UNFINISHED: still starting or running when a horizon ended the run). */
export const AttemptOutcome = { SUCCEEDED: 0, FAILED: 1, INTERRUPTED: 2, TIMED_OUT: 3, TERMINATED: 4, UNFINISHED: 5 } as const;
export type AttemptOutcome = (typeof AttemptOutcome)[keyof typeof AttemptOutcome];
export const ATTEMPT_OUTCOME_NAMES = ['SUCCEEDED', 'FAILED', 'INTERRUPTED', 'TIMED_OUT', 'TERMINATED', 'UNFINISHED'] as const;

export class AttemptLog {
  count = 0;
  readonly job = new Column(Int32Array, 1024);
  readonly attempt = new Column(Uint8Array, 1024);
  readonly instance = new Column(Int32Array, 1024);
  readonly placedAt = new Column(Float64Array, 1024);
  readonly startedAt = new Column(Float64Array, 1024);
  readonly stoppedAt = new Column(Float64Array, 1024);
  readonly exitCode = new Column(Int32Array, 1024);
  readonly reason = new Column(Int32Array, 1024);
  /** container.reason (OutOfMemoryError…, CannotPullContainerError…), interned; 0 when the container gave none. */
  readonly containerReason = new Column(Int32Array, 1024);
  readonly outcome = new Column(Uint8Array, 1024);
  private readonly columns = [this.job, this.attempt, this.instance, this.placedAt, this.startedAt, this.stoppedAt, this.exitCode, this.reason, this.containerReason, this.outcome];

  /** Room for `n` attempts in all, when at least that many are known to come. */
  reserve(n: number): void {
    for (const c of this.columns) c.reserve(n);
  }

  add(job: number, attempt: number, instance: number, placedAt: number, startedAt: number, stoppedAt: number, exitCode: number, reason: number, outcome: AttemptOutcome, containerReason = 0): void {
    const i = this.count++;
    if (this.count > this.job.data.length) for (const c of this.columns) c.ensure(this.count);
    this.job.data[i] = job;
    this.attempt.data[i] = attempt;
    this.instance.data[i] = instance;
    this.placedAt.data[i] = placedAt;
    this.startedAt.data[i] = startedAt;
    this.stoppedAt.data[i] = stoppedAt;
    this.exitCode.data[i] = exitCode;
    this.reason.data[i] = reason;
    this.containerReason.data[i] = containerReason;
    this.outcome.data[i] = outcome;
  }
}
