// The job state machine (spec §1) in one place: rows are created for a submission (a job, or an
// array parent and its children), move SUBMITTED → … → SUCCEEDED/FAILED only through
// `transition`, end only through `finish`, and enter and leave their queue here. What moves them
// — dependencies, attempts, cancellations, the scheduler — lives in the other parts.
import { KeyedStream } from '../engine/keyed-random.js';
import { RowList } from '../engine/row-list.js';
import { sample } from '../engine/random.js';
import { ArrayState } from '../model/arrays.js';
import type { JobQueue } from '../model/job-queue.js';
import { holdsResources, JobKind, JobStatus, isTerminal, type JobTemplate } from '../model/jobs.js';
import { SUBMIT_REFUSED } from '../model/status-reasons.js';
import { MAX_TIME_MS } from '../scenario/time.js';
import type { WorkloadJob } from '../workload/types.js';
import { CANCEL, type RunContext } from './context.js';

export class JobLifecycle {
  /** Submitted rows (not children) awaiting their first evaluation at the next cycle. */
  submitted = new RowList();
  /** Rows that reached a terminal state whose dependents have not been resolved yet. */
  readonly finished = new RowList();
  /** The other half of `submitted`'s double buffer (what the last cycle evaluated). */
  private evaluated = new RowList();
  /** Run times, keyed by (row, 0): a job's identity, whatever fleet it lands on. */
  private readonly durations: KeyedStream;

  constructor(private readonly run: RunContext) {
    this.durations = new KeyedStream(run.seed, 'durations');
  }

  /**
   * The rows submitted since the last cycle, for their first evaluation; rows submitted while they
   * are evaluated wait for the next cycle. Valid until the next call.
   */
  takeSubmitted(): RowList {
    const rows = this.submitted;
    this.submitted = this.evaluated;
    this.submitted.clear();
    this.evaluated = rows;
    return rows;
  }

  /** Rows for one submission: a job, or an array parent and its children (consecutive rows). */
  createRows(template: number, arraySize: number, job: WorkloadJob | null): number {
    const { jobs, arrays } = this.run;
    const t = this.run.templates[template];
    if (t.nodeProperties) return this.createMultiNode(template, t, job);
    if (arraySize === 0) {
      const row = jobs.add(1, template, JobKind.JOB, -1);
      this.newRow(row, t, job);
      return row;
    }
    const row = jobs.add(1, template, JobKind.ARRAY_PARENT, -1);
    const first = jobs.add(arraySize, template, JobKind.ARRAY_CHILD, row);
    for (let k = 0; k < arraySize; k++) jobs.ordinal.data[first + k] = k;
    arrays.set(row, new ArrayState(row, first, arraySize));
    this.newRow(row, t, job);
    for (let k = 0; k < arraySize; k++) this.newRow(first + k, t, job);
    return row;
  }

  /**
   * A multi-node job: its parent, then its nodes. The main node runs for the job's drawn run time
   * and carries its timeout; a child runs for its group's own simulation block, or until the main
   * node exits.
   */
  private createMultiNode(template: number, t: JobTemplate, job: WorkloadJob | null): number {
    const { jobs } = this.run;
    const row = jobs.add(1, template, JobKind.MULTINODE, -1);
    const mnp = this.run.multiNode.createNodes(row, template, t.nodeProperties!);
    this.newRow(row, t, job);
    for (let k = 0; k < mnp.numNodes; k++) {
      const node = mnp.firstNode + k;
      this.newRow(node, t, job);
      // Its own group's size until placed (then the whole instance it holds).
      const g = mnp.group(k);
      jobs.shape.data[node] = this.run.shapes.intern(g.vcpus, g.memory, g.gpus);
      const sim = mnp.simulationOf(node);
      if (node !== mnp.mainRow) {
        jobs.timeout.data[node] = -1;
        const ms = sim ? drawnMs(sample(sim.duration, this.durations.at(node, 0))) : Infinity;
        jobs.duration.data[node] = ms;
        jobs.remaining.data[node] = ms;
      }
    }
    return row;
  }

  /**
   * A submission to a queue an UpdateJobQueue has DISABLED, or one that would be a fair-share
   * queue's 501st active share, is refused by AWS (ClientException); here the job is recorded
   * FAILED with that reason so its dependents fail visibly.
   */
  accept(row: number): void {
    const { jobs, templates, jobQueues } = this.run;
    const queue = jobQueues[templates[jobs.template.data[row]].queue];
    const reason = !queue.enabled ? `${SUBMIT_REFUSED} job queue ${queue.name} is DISABLED` : (queue.runnable.refusal?.(row, queue.name) ?? null);
    if (reason !== null) {
      const arr = this.run.arrays.get(row);
      if (arr) {
        jobs.reason.data[row] = this.run.reasons.id(reason);
        for (let k = 0; k < arr.size; k++) this.finish(arr.firstChild + k, JobStatus.FAILED, reason);
      } else {
        this.finish(row, JobStatus.FAILED, reason);
      }
    } else {
      this.submitted.push(row);
    }
    this.run.cycle.request();
  }

  /** Initialises a row; a replayed job brings its own size, run time, exit code, timeout and fate. */
  private newRow(row: number, t: JobTemplate, job: WorkloadJob | null): void {
    const { jobs, reasons, kernel } = this.run;
    const now = kernel.now;
    jobs.status.data[row] = JobStatus.SUBMITTED;
    jobs.createdAt.data[row] = now;
    kernel.progress.openJobs++;
    kernel.progress.lastProgress = now;
    jobs.shape.data[row] = job ? this.run.shapes.intern(job.vcpus, job.memory, job.gpus) : t.shape;
    const timeout = job?.attemptDurationSeconds ?? t.attemptDurationSeconds;
    jobs.timeout.data[row] = timeout === null ? -1 : Math.round(timeout * 1000);
    // Keyed by the job's row (rows follow submission order, which no fleet setting changes), so
    // the same seed gives every job the same run time whatever fleet it lands on.
    let ms = job?.durationMs ?? drawnMs(sample(t.simulation.duration, this.durations.at(row, 0)));
    if (job) {
      if (job.exitCode !== null) jobs.exitOverride.data[row] = job.exitCode;
      if (job.cancelled) {
        jobs.cancelReason.data[row] = reasons.id(job.cancelled.reason);
        if (job.cancelled.afterRunningMs === null) jobs.cancelRequest.data[row] = CANCEL;
        else {
          ms = job.cancelled.afterRunningMs;
          jobs.endsTerminated.data[row] = 1;
        }
      }
    }
    jobs.duration.data[row] = ms;
    jobs.remaining.data[row] = ms;
    this.run.onTransition?.(row, -1, JobStatus.SUBMITTED, now);
  }

  /** The one way a job changes state: counts, array summaries and listeners follow it. */
  transition(row: number, to: JobStatus): void {
    const { jobs, kernel } = this.run;
    const from = jobs.status.data[row];
    jobs.status.data[row] = to;
    const p = kernel.progress;
    p.changes++;
    p.lastProgress = kernel.now;
    const isActive = holdsResources(to);
    if (holdsResources(from) !== isActive) p.activeJobs += isActive ? 1 : -1;
    if (from === JobStatus.PENDING) p.pendingJobs--;
    if (to === JobStatus.PENDING) p.pendingJobs++;
    if (isTerminal(to) !== isTerminal(from)) p.openJobs += isTerminal(to) ? -1 : 1; // a node runs again when its job is retried
    if (jobs.kind.data[row] === JobKind.ARRAY_CHILD) {
      const arr = this.run.arrays.get(jobs.parent.data[row])!;
      arr.statusSummary[from]--;
      arr.statusSummary[to]++;
    }
    this.run.onTransition?.(row, from, to, kernel.now);
  }

  /** Ends a job in a terminal state; its dependents are resolved at the next cycle. */
  finish(row: number, status: JobStatus, reason: string): void {
    const { jobs } = this.run;
    // A node waiting (RUNNABLE) with its multi-node job is in no queue: its job is.
    if (jobs.status.data[row] === JobStatus.RUNNABLE && jobs.kind.data[row] !== JobKind.NODE) {
      this.leaveQueue(row);
      this.queueOf(row).mayHaveGaps = true; // its run keeps the row until the head passes it
    }
    if (reason !== '' || jobs.reason.data[row] === 0) jobs.reason.data[row] = this.run.reasons.id(reason);
    jobs.stoppedAt.data[row] = this.run.kernel.now;
    this.transition(row, status);
    this.finished.push(row);
    const kind = jobs.kind.data[row];
    if (kind === JobKind.ARRAY_CHILD) this.childFinished(row);
    else if (kind === JobKind.MULTINODE) this.run.multiNode.parentFinished(row, status, reason);
    this.run.cycle.request();
  }

  /** A RUNNABLE job leaves its queue (placed, or cancelled; a cancelled entry is skipped lazily). */
  leaveQueue(row: number): void {
    const { jobs } = this.run;
    const queue = this.queueOf(row);
    queue.addDemand(jobs.shape.data[row], -1);
    if (queue.blockedJob === row) queue.blockedJob = -1;
  }

  private queueOf(row: number): JobQueue {
    return this.run.jobQueues[this.run.templates[this.run.jobs.template.data[row]].queue];
  }

  /** Rows first..last (consecutive, one template) become RUNNABLE and join their queue. */
  makeRunnable(first: number, last: number): void {
    const { jobs, templates, jobQueues, kernel } = this.run;
    const queue = jobQueues[templates[jobs.template.data[first]].queue];
    for (let r = first; r <= last; r++) {
      if (jobs.runnableAt.data[r] < 0) jobs.runnableAt.data[r] = kernel.now;
      this.transition(r, JobStatus.RUNNABLE);
    }
    queue.runnable.pushRange(first, last, jobs.createdAt.data[first]);
    queue.addDemand(jobs.shape.data[first], last - first + 1);
  }

  /** A retried job goes back to the front of its queue (spec §4). */
  requeue(row: number, reason: string): void {
    const { jobs, templates, jobQueues } = this.run;
    jobs.reason.data[row] = this.run.reasons.id(reason);
    this.transition(row, JobStatus.RUNNABLE);
    const queue = jobQueues[templates[jobs.template.data[row]].queue];
    queue.runnable.pushFront(row);
    queue.addDemand(jobs.shape.data[row], 1);
    this.run.cycle.request();
  }

  /** An array parent ends when its last child does: FAILED if any child failed (spec §2). */
  private childFinished(child: number): void {
    const { jobs } = this.run;
    const parent = jobs.parent.data[child];
    const arr = this.run.arrays.get(parent)!;
    if (arr.terminalChildren < arr.size) return;
    const failed = arr.statusSummary[JobStatus.FAILED] > 0;
    jobs.startedAt.data[parent] = arr.firstStartedAt;
    this.finish(parent, failed ? JobStatus.FAILED : JobStatus.SUCCEEDED, '');
  }
}

/**
 * A drawn run time in ms, within [0, MAX_TIME_MS]: a heavy-tailed distribution (a lognormal with
 * a large sigma) can draw far past any time a scenario may state, or Infinity.
 */
function drawnMs(seconds: number): number {
  const ms = Math.round(seconds * 1000);
  return ms > MAX_TIME_MS ? MAX_TIME_MS : ms >= 0 ? ms : 0;
}
