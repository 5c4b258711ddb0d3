// Array-job bookkeeping (spec §3): where the children are, the parent's statusSummary, and which
// other arrays wait on them child-by-child (N_TO_N) or sibling-by-sibling (SEQUENTIAL).
import { JobStatus } from './jobs.js';

export class ArrayState {
  /** arrayProperties.statusSummary: children per status, indexed by JobStatus. */
  readonly statusSummary = new Int32Array(7);
  /** Arrays (parent rows) whose child i waits for this array's child i. */
  readonly nToNDependents: number[] = [];
  sequential = false;
  /** Earliest child startedAt, which the parent reports as its own. */
  firstStartedAt = -1;

  constructor(readonly parent: number, readonly firstChild: number, readonly size: number) {
    this.statusSummary[JobStatus.SUBMITTED] = size;
  }

  get terminalChildren(): number {
    return this.statusSummary[JobStatus.SUCCEEDED] + this.statusSummary[JobStatus.FAILED];
  }
}
