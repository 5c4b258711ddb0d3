// Attempts (spec §4, §5, §10): a placed job holds its resources from STARTING, runs after the
// image pull, and ends by exiting (with its drawn exit code), timing out, being terminated, or
// losing its host; the retry strategy then decides between the front of the queue and FAILED.
// Every attempt that reached an instance is a row of the attempt log.
import { KeyedStream } from '../engine/keyed-random.js';
import { sample, type Rng } from '../engine/random.js';
import { AttemptOutcome, NO_EXIT_CODE } from '../model/attempts.js';
import type { Instance } from '../model/instances.js';
import { JobKind, JobStatus, NO_EXIT_OVERRIDE, type JobTemplate } from '../model/jobs.js';
import { attemptVerdict } from '../model/retry.js';
import { OUT_OF_MEMORY, StatusReason, cannotPullContainer } from '../model/status-reasons.js';
import { TERMINATE, type RunContext } from './context.js';
import { EventKind } from './event-kinds.js';

/** Exit codes of a container stopped by SIGTERM / SIGKILL (timeouts end in SIGKILL, spec §17). */
export const SIGTERM_EXIT = 143;
const SIGKILL_EXIT = 137;

export class AttemptRunner {
  /** Exit codes, keyed by (row, attempt). */
  private readonly failures: KeyedStream;
  /** Peak memory of an attempt, keyed by (row, attempt). */
  private readonly memory: KeyedStream;
  /** Whether an attempt's image pull fails, keyed by (row, attempt). */
  private readonly pulls: KeyedStream;

  constructor(private readonly run: RunContext) {
    this.failures = new KeyedStream(run.seed, 'failures');
    this.memory = new KeyedStream(run.seed, 'memory');
    this.pulls = new KeyedStream(run.seed, 'pulls');
  }

  /** RUNNABLE → STARTING on `inst`: resources held from now; RUNNING after the image pull. */
  start(row: number, inst: Instance): void {
    this.hold(row, inst);
    this.run.lifecycle.transition(row, JobStatus.STARTING);
    this.run.lifecycle.leaveQueue(row);
    this.pull(row, inst);
  }

  /** The row's attempt holds `inst` from now (a multi-node job's nodes all do at once, spec §12). */
  hold(row: number, inst: Instance): void {
    const { jobs, kernel } = this.run;
    const now = kernel.now;
    this.run.computeEnvironments[inst.computeEnvironment].reserve(inst, this.run.shapes.shapes[jobs.shape.data[row]], row, now);
    jobs.instance.data[row] = inst.index;
    jobs.placedAt.data[row] = now;
    jobs.attempts.data[row]++;
    jobs.reason.data[row] = 0;
  }

  /** The container is launched on `inst` (STARTING): RUNNING once its image is there. */
  pull(row: number, inst: Instance): void {
    const { jobs, settings, kernel } = this.run;
    const now = kernel.now;
    const image = this.imageOf(row);
    let startAt: number;
    if (inst.task) {
      // Fargate provisions a task and pulls the image every time: there is no image cache (spec §9.2).
      startAt = now + Math.round((settings.fargate.startSeconds + settings.imagePullSeconds) * 1000);
    } else {
      // The first job to need an image pulls it; later ones on the same instance reuse it, or
      // wait for a pull already under way.
      const pulled = inst.images.get(image);
      if (pulled === undefined) {
        startAt = now + Math.round(settings.imagePullSeconds * 1000);
        inst.images.set(image, startAt);
      } else {
        startAt = Math.max(now + Math.round(settings.cachedImageStartSeconds * 1000), pulled);
      }
    }
    kernel.push(startAt, EventKind.JobStart, row);
  }

  /**
   * JobStart event: the image is pulled (or the pull fails: the attempt ends in STARTING with
   * CannotPullContainerError and no exit code), then STARTING → RUNNING; the container's end (and
   * timeout) are scheduled — earlier, with exit code 137, when its memory outgrows the job's.
   */
  jobStart(row: number): void {
    const { jobs, kernel } = this.run;
    if (jobs.status.data[row] !== JobStatus.STARTING) return;
    const now = kernel.now;
    const t = this.run.templates[jobs.template.data[row]];
    const mnp = jobs.kind.data[row] === JobKind.NODE ? this.run.multiNodes.get(jobs.parent.data[row])! : null;
    // A node runs its group's container (it holds a whole instance, but its memory is its group's);
    // a child with a simulation block of its own behaves by it, the main node by the job's.
    const group = mnp ? mnp.group(jobs.ordinal.data[row]) : null;
    const sim = (mnp ? mnp.simulationOf(row) : null) ?? t.simulation;
    const image = group ? group.image : t.image;
    const inst = this.run.fleet.instances[jobs.instance.data[row]];
    if (sim.imagePullFailureProbability > 0 && this.pulls.at(row, jobs.attempts.data[row])() < sim.imagePullFailureProbability) {
      // A pull that failed leaves no image behind: the next job here pulls again.
      if (inst.images.get(image) === now) inst.images.delete(image);
      const reason = cannotPullContainer(image);
      this.end(row, AttemptOutcome.FAILED, reason, NO_EXIT_CODE, reason);
      return;
    }
    jobs.startedAt.data[row] = now;
    if (jobs.firstStartedAt.data[row] < 0) jobs.firstStartedAt.data[row] = now;
    if (jobs.kind.data[row] === JobKind.ARRAY_CHILD) {
      const arr = this.run.arrays.get(jobs.parent.data[row])!;
      if (arr.firstStartedAt < 0) arr.firstStartedAt = now;
    }
    this.run.lifecycle.transition(row, JobStatus.RUNNING);
    let endsAt = now + Math.round(jobs.remaining.data[row] / speedupOn(t, inst));
    const exitOverride = jobs.exitOverride.data[row];
    jobs.exitCode.data[row] =
      exitOverride !== NO_EXIT_OVERRIDE ? exitOverride
      : sim.exitCodes.length === 0 ? sim.exitCode
      : drawExitCode(sim.exitCodes, this.failures.at(row, jobs.attempts.data[row]));
    if (sim.memory !== null) {
      // Memory grows steadily to its peak over the run: past the job's memory the container is
      // killed where the line crosses it (docs/model.md, "Container failures").
      const limit = group ? group.memory : this.run.shapes.shapes[jobs.shape.data[row]].memory;
      const peak = sample(sim.memory, this.memory.at(row, jobs.attempts.data[row]));
      if (peak > limit) {
        endsAt = now + Math.round(((endsAt - now) * limit) / peak);
        jobs.exitCode.data[row] = SIGKILL_EXIT;
        jobs.containerReason.data[row] = this.run.reasons.id(OUT_OF_MEMORY);
      }
    }
    jobs.endsAt.data[row] = endsAt;
    // A child node without a run time of its own runs until the main node exits.
    if (endsAt !== Infinity) kernel.push(endsAt, EventKind.AttemptEnd, row);
    const timeout = jobs.timeout.data[row];
    if (timeout >= 0) {
      // Measured from RUNNING, per attempt (per child for arrays; from the main node's start for a
      // multi-node job); enforced a little late (spec §5).
      const deadline = now + timeout + Math.round(this.run.settings.timeoutEnforcementSeconds * 1000);
      jobs.deadline.data[row] = deadline;
      if (deadline < endsAt) kernel.push(deadline, EventKind.Timeout, row);
    }
    if (mnp) this.run.multiNode.nodeRunning(row);
  }

  /** AttemptEnd event: the container exits with its exit code (or, replayed, is terminated). */
  attemptEnd(row: number): void {
    const { jobs, kernel } = this.run;
    if (jobs.status.data[row] !== JobStatus.RUNNING || jobs.endsAt.data[row] !== kernel.now) return;
    if (jobs.endsTerminated.data[row]) {
      // A replayed job the trace shows cancelled after running this long.
      this.end(row, AttemptOutcome.TERMINATED, this.run.reasons.values[jobs.cancelReason.data[row]], SIGTERM_EXIT);
      return;
    }
    const exitCode = jobs.exitCode.data[row];
    const reason = this.run.reasons.values[jobs.containerReason.data[row]];
    this.end(row, exitCode === 0 ? AttemptOutcome.SUCCEEDED : AttemptOutcome.FAILED, StatusReason.ESSENTIAL_CONTAINER_EXITED, exitCode, reason);
  }

  /** Timeout event: the attempt ran past attemptDurationSeconds (never retried, spec §5). */
  timeout(row: number): void {
    const { jobs, kernel } = this.run;
    if (jobs.status.data[row] !== JobStatus.RUNNING || jobs.deadline.data[row] !== kernel.now) return;
    this.end(row, AttemptOutcome.TIMED_OUT, StatusReason.TIMEOUT, SIGKILL_EXIT);
  }

  /**
   * Ends the current attempt: records it, frees its resources, and moves the job on — SUCCEEDED,
   * back to the front of its queue if the retry strategy says so (interruptions and non-zero
   * exits only), or FAILED.
   */
  end(row: number, outcome: AttemptOutcome, statusReason: string, exitCode: number, containerReason = ''): void {
    const { jobs, kernel, fleet, lifecycle } = this.run;
    const now = kernel.now;
    const t = this.run.templates[jobs.template.data[row]];
    const inst = fleet.instances[jobs.instance.data[row]];
    const running = jobs.status.data[row] === JobStatus.RUNNING;
    this.run.attempts.add(
      row, jobs.attempts.data[row], inst.index, jobs.placedAt.data[row], running ? jobs.startedAt.data[row] : -1, now,
      exitCode, this.run.reasons.id(statusReason), outcome, containerReason === '' ? 0 : this.run.reasons.id(containerReason),
    );
    jobs.containerReason.data[row] = 0;
    if (running && outcome === AttemptOutcome.INTERRUPTED && t.simulation.checkpointSeconds !== null) {
      // Work done up to the last checkpoint survives into the next attempt.
      const done = (now - jobs.startedAt.data[row]) * speedupOn(t, inst);
      const interval = t.simulation.checkpointSeconds * 1000;
      jobs.remaining.data[row] = Math.max(0, jobs.remaining.data[row] - Math.floor(done / interval) * interval);
    }
    this.run.computeEnvironments[inst.computeEnvironment].release(inst, this.run.shapes.shapes[jobs.shape.data[row]], row, now);
    if (inst.task) fleet.terminate(inst, outcome === AttemptOutcome.INTERRUPTED ? 'SPOT_INTERRUPTION' : 'TASK_STOPPED', now);
    else if (inst.jobs.length === 0 && inst.noticeAt < 0) fleet.becameIdle(inst, now);
    jobs.instance.data[row] = -1;
    jobs.endsAt.data[row] = -1;
    jobs.deadline.data[row] = -1;

    // A TerminateJob still in its grace period when the attempt ended otherwise: never retried (spec §4.3).
    const terminating = jobs.cancelRequest.data[row] === TERMINATE;
    jobs.cancelRequest.data[row] = 0;
    if (jobs.kind.data[row] === JobKind.NODE) {
      // A node's end is the multi-node job's to settle (the main node's ends the job).
      this.run.multiNode.nodeEnded(row, outcome, statusReason, exitCode, containerReason, terminating);
      return;
    }
    const verdict = attemptVerdict(t.retryStrategy, jobs.attempts.data[row], outcome, terminating, statusReason, containerReason, exitCode);
    if (verdict === 'RETRY') lifecycle.requeue(row, statusReason);
    else lifecycle.finish(row, verdict === 'SUCCEEDED' ? JobStatus.SUCCEEDED : JobStatus.FAILED, statusReason);
  }

  /** The image the container of `row` pulls: its node group's for a multi-node node, else its definition's. */
  private imageOf(row: number): string {
    const { jobs } = this.run;
    if (jobs.kind.data[row] !== JobKind.NODE) return this.run.templates[jobs.template.data[row]].image;
    return this.run.multiNodes.get(jobs.parent.data[row])!.group(jobs.ordinal.data[row]).image;
  }

  /** A horizon cut jobs mid-attempt: each gets its attempt row, ending at the horizon, with no exit code. */
  recordUnfinished(): void {
    const { jobs, kernel } = this.run;
    for (let row = 0; row < jobs.count; row++) {
      // Every row holding an instance: STARTING or RUNNING, or a child node waiting on its instance.
      if (jobs.instance.data[row] < 0) continue;
      const st = jobs.status.data[row];
      const inst = this.run.fleet.instances[jobs.instance.data[row]];
      this.run.attempts.add(
        row, jobs.attempts.data[row], inst.index, jobs.placedAt.data[row], st === JobStatus.RUNNING ? jobs.startedAt.data[row] : -1, kernel.now,
        NO_EXIT_CODE, 0, AttemptOutcome.UNFINISHED,
      );
    }
  }
}

/** How much faster than the reference hardware the job runs on this instance's family (simulation.speedup). */
function speedupOn(t: JobTemplate, inst: Instance): number {
  // Most definitions name no family: no keyed lookup of a missing property on the hot path.
  return t.speedups ? (t.simulation.speedupByFamily[inst.shape.family] ?? 1) : 1;
}

/** An attempt's exit code from its keyed draw, by the `exitCodes` weights. */
function drawExitCode(codes: { exitCode: number; weight: number }[], rng: Rng): number {
  let total = 0;
  for (const c of codes) total += c.weight;
  let u = rng() * total;
  for (const c of codes) {
    u -= c.weight;
    if (u < 0) return c.exitCode;
  }
  return codes[codes.length - 1].exitCode;
}
