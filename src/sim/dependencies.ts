// Dependencies and array fan-out (spec §2, §3): a job's first evaluation (SUBMITTED → PENDING or
// RUNNABLE, or FAILED), array children spawned and released in runs, plain / N_TO_N / SEQUENTIAL
// dependencies resolved at the cycle after a job ends, failures propagated transitively. Also the
// one statement of what a row waits on, which jobs.csv's `dependsOn` prints.
import { JobKind, JobStatus, isTerminal } from '../model/jobs.js';
import { StatusReason } from '../model/status-reasons.js';
import type { ArrayState } from '../model/arrays.js';
import type { JobSubmission } from '../scenario/types.js';
import { CANCEL, type RunContext } from './context.js';

/** The dependsOn of a workload row (its own, if any, are in Submissions.workloadDeps). */
const NONE: readonly JobSubmission['dependsOn'][number][] = [];

export class Dependencies {
  /** Plain dependents (rows) of each row that others wait on. */
  private readonly dependents = new Map<number, number[]>();

  constructor(private readonly run: RunContext) {}

  /**
   * The rows `row` waits on, after array expansion: its submission's plain dependencies (an
   * array as a whole), for a child its N_TO_N partner and its SEQUENTIAL predecessor; for a
   * workload row, the stream's own dependencies.
   */
  waitsOn(row: number): number[] {
    const { jobs, submissions } = this.run;
    const { templateSubmission, submissionRow, workloadDeps } = this.run.submitter;
    const kind = jobs.kind.data[row];
    const submission = templateSubmission[jobs.template.data[row]];
    if (submission < 0) return workloadDeps.get(kind === JobKind.ARRAY_CHILD ? jobs.parent.data[row] : row) ?? [];
    const k = jobs.ordinal.data[row];
    const out: number[] = [];
    for (const d of submissions[submission].dependsOn) {
      if (d.type === 'SEQUENTIAL') {
        if (kind === JobKind.ARRAY_CHILD && k > 0) out.push(row - 1);
      } else if (d.type === 'N_TO_N') {
        if (kind === JobKind.ARRAY_CHILD) out.push(this.run.arrays.get(submissionRow[d.job!])!.firstChild + k);
      } else {
        out.push(submissionRow[d.job!]);
      }
    }
    return out;
  }

  /** SUBMITTED → PENDING/RUNNABLE (or FAILED when a dependency already failed). */
  evaluateSubmitted(row: number): void {
    const { jobs, lifecycle, submissions } = this.run;
    const { templateSubmission, submissionRow, workloadDeps } = this.run.submitter;
    if (isTerminal(jobs.status.data[row])) return; // cancelled before its first evaluation
    if (jobs.cancelRequest.data[row] === CANCEL) {
      // Only a replayed job the trace shows cancelled before it ran is asked to cancel this early.
      this.run.apiCalls.cancelOrTerminateRow(row, CANCEL, this.run.reasons.values[jobs.cancelReason.data[row]]);
      return;
    }
    const submission = templateSubmission[jobs.template.data[row]];
    const deps = submission >= 0 ? submissions[submission].dependsOn : NONE;
    let pending = 0;
    let failed = false;
    const own = workloadDeps.size === 0 ? undefined : workloadDeps.get(row);
    if (own) {
      for (const on of own) {
        const st = this.waitFor(on, row);
        if (st < 0) failed = true;
        else pending += st;
      }
    }
    for (const d of deps) {
      if (d.job === null || d.type === 'N_TO_N') continue;
      const st = this.waitFor(submissionRow[d.job], row);
      if (st < 0) failed = true;
      else pending += st;
    }
    jobs.pendingDeps.data[row] = pending;

    if (jobs.kind.data[row] !== JobKind.ARRAY_PARENT) {
      // A job, or a multi-node job (queued whole; its nodes follow it).
      if (failed) lifecycle.finish(row, JobStatus.FAILED, StatusReason.DEPENDENT_JOB_FAILED);
      else if (pending === 0) lifecycle.makeRunnable(row, row);
      else lifecycle.transition(row, JobStatus.PENDING);
      return;
    }

    // An array parent: spawn its children in PENDING (their createdAt is the spawn time).
    const arr = this.run.arrays.get(row)!;
    lifecycle.transition(row, JobStatus.PENDING);
    for (let k = 0; k < arr.size; k++) {
      const child = arr.firstChild + k;
      if (isTerminal(jobs.status.data[child])) continue;
      jobs.createdAt.data[child] = this.run.kernel.now;
      lifecycle.transition(child, JobStatus.PENDING);
    }
    if (failed) {
      this.dependencyFailed(row);
      return;
    }
    // A job that has ended but whose end is not resolved yet (it ended since the last cycle)
    // still counts as pending here: its resolution, later in this cycle, releases or fails the
    // dependent — so it is counted once, never at evaluation and again when resolved.
    const resolved = jobs.resolved.data;
    for (const d of deps) {
      if (d.type === 'SEQUENTIAL') {
        arr.sequential = true;
        for (let k = 1; k < arr.size; k++) {
          const before = arr.firstChild + k - 1;
          if (!resolved[before]) jobs.pendingDeps.data[before + 1]++;
          else if (jobs.status.data[before] === JobStatus.FAILED) this.dependencyFailed(before + 1);
        }
      } else if (d.type === 'N_TO_N') {
        const other = this.run.arrays.get(submissionRow[d.job!])!;
        other.nToNDependents.push(row);
        for (let k = 0; k < arr.size; k++) {
          const partner = other.firstChild + k;
          const st = jobs.status.data[partner];
          if (st === JobStatus.FAILED) this.dependencyFailed(arr.firstChild + k);
          else if (st !== JobStatus.SUCCEEDED || !resolved[partner]) jobs.pendingDeps.data[arr.firstChild + k]++;
        }
      }
    }
    if (pending === 0 && !isTerminal(jobs.status.data[row])) this.releaseChildren(arr);
  }

  /** A plain dependency of `row` on `on`: −1 if it failed, 1 if it is still to finish (`row` is registered as its dependent), 0 if it succeeded. */
  private waitFor(on: number, row: number): number {
    const st = this.run.jobs.status.data[on];
    if (st === JobStatus.FAILED) return -1;
    if (st === JobStatus.SUCCEEDED) return 0;
    this.addDependent(on, row);
    return 1;
  }

  /** Jobs that ended since the last cycle release or fail their dependents (transitively). */
  resolveFinished(): void {
    const { jobs, lifecycle } = this.run;
    // Rows that fail here (transitively) are appended and resolved in the same loop.
    const finished = lifecycle.finished;
    for (let i = 0; i < finished.length; i++) {
      const row = finished.at(i);
      jobs.resolved.data[row] = 1;
      const ok = jobs.status.data[row] === JobStatus.SUCCEEDED;
      const plain = this.dependents.size === 0 ? undefined : this.dependents.get(row);
      if (plain) {
        for (const d of plain) ok ? this.dependencySucceeded(d) : this.dependencyFailed(d);
        this.dependents.delete(row);
      }
      if (jobs.kind.data[row] !== JobKind.ARRAY_CHILD) continue;
      const arr = this.run.arrays.get(jobs.parent.data[row])!;
      const k = jobs.ordinal.data[row];
      for (const p of arr.nToNDependents) {
        const child = this.run.arrays.get(p)!.firstChild + k;
        ok ? this.dependencySucceeded(child) : this.dependencyFailed(child);
      }
      if (arr.sequential && k + 1 < arr.size) ok ? this.dependencySucceeded(row + 1) : this.dependencyFailed(row + 1);
    }
    finished.clear();
  }

  /**
   * Children of an array whose gate is open and which wait on nothing else become RUNNABLE, in
   * runs; a child with a pending CancelJob fails instead (its dependencies are now complete).
   */
  private releaseChildren(arr: ArrayState): void {
    const { jobs, lifecycle } = this.run;
    let runStart = -1;
    const end = arr.firstChild + arr.size;
    for (let r = arr.firstChild; r <= end; r++) {
      let ready = r < end && jobs.status.data[r] === JobStatus.PENDING && jobs.pendingDeps.data[r] === 0;
      if (ready && jobs.cancelRequest.data[r] !== 0) {
        lifecycle.finish(r, JobStatus.FAILED, this.run.reasons.values[jobs.cancelReason.data[r]]);
        ready = false;
      }
      if (ready && runStart < 0) runStart = r;
      else if (!ready && runStart >= 0) {
        lifecycle.makeRunnable(runStart, r - 1);
        runStart = -1;
      }
    }
  }

  private gateOpen(parent: number): boolean {
    const { jobs } = this.run;
    return jobs.pendingDeps.data[parent] === 0 && jobs.status.data[parent] === JobStatus.PENDING;
  }

  /** A job's last dependency succeeded. */
  private release(row: number): void {
    const { jobs, lifecycle } = this.run;
    const kind = jobs.kind.data[row];
    if (kind === JobKind.ARRAY_PARENT) {
      this.releaseChildren(this.run.arrays.get(row)!);
      return;
    }
    if (kind === JobKind.ARRAY_CHILD && !this.gateOpen(jobs.parent.data[row])) return;
    // CancelJob on a PENDING job takes effect once its dependencies have completed (spec §13).
    if (jobs.cancelRequest.data[row] !== 0) lifecycle.finish(row, JobStatus.FAILED, this.run.reasons.values[jobs.cancelReason.data[row]]);
    else lifecycle.makeRunnable(row, row);
  }

  private dependencyFailed(row: number): void {
    const { jobs } = this.run;
    if (isTerminal(jobs.status.data[row])) return;
    if (jobs.kind.data[row] === JobKind.ARRAY_PARENT) {
      const arr = this.run.arrays.get(row)!;
      jobs.reason.data[row] = this.run.reasons.id(StatusReason.DEPENDENT_JOB_FAILED);
      for (let k = 0; k < arr.size; k++) this.dependencyFailed(arr.firstChild + k);
      return;
    }
    this.run.lifecycle.finish(row, JobStatus.FAILED, StatusReason.DEPENDENT_JOB_FAILED);
  }

  private dependencySucceeded(row: number): void {
    const { jobs } = this.run;
    if (isTerminal(jobs.status.data[row])) return;
    if (--jobs.pendingDeps.data[row] === 0) this.release(row);
  }

  private addDependent(on: number, row: number): void {
    let list = this.dependents.get(on);
    if (!list) this.dependents.set(on, (list = []));
    list.push(row);
  }
}
