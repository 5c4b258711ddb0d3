// API calls made during a run (spec §8.7, §11, §13): the scenario's timed `actions` and calls
// made while the run is driven step by step. CancelJob and TerminateJob wait for the next
// scheduler cycle (spec §17); Update… calls and forced Spot interruptions apply at once.
import { AttemptOutcome, NO_EXIT_CODE } from '../model/attempts.js';
import { JobKind, JobStatus, isTerminal } from '../model/jobs.js';
import type { ActionSpec, FairsharePolicySpec } from '../scenario/types.js';
import { SIGTERM_EXIT } from './attempt-runner.js';
import { CANCEL, TERMINATE, type RunContext } from './context.js';
import { EventKind } from './event-kinds.js';

type JobCall = Extract<ActionSpec, { action: 'CancelJob' | 'TerminateJob' }>;

export class ApiCalls {
  /** CancelJob/TerminateJob calls made since the last cycle, carried out at the next (spec §17). */
  private pending: JobCall[] = [];
  /** Scheduling policies as they stand (UpdateSchedulingPolicy replaces a fairsharePolicy), by name. */
  private readonly policies: Map<string, FairsharePolicySpec>;

  constructor(private readonly run: RunContext) {
    this.policies = new Map((run.scenario.schedulingPolicies ?? []).map((p) => [p.name, p.fairsharePolicy]));
  }

  /** Queues the scenario's actions at their times. */
  scheduleScenario(): void {
    this.run.actions.forEach((a, i) => this.run.kernel.push(a.atMs, EventKind.ApiCall, i));
  }

  /** A call made while the run is driven step by step: carried out at max(now, atMs). */
  call(action: ActionSpec): void {
    this.run.actions.push(action);
    this.run.kernel.push(Math.max(this.run.kernel.now, action.atMs), EventKind.ApiCall, this.run.actions.length - 1);
  }

  /** ApiCall event. */
  apply(index: number): void {
    const call = this.run.actions[index];
    const { cycle } = this.run;
    switch (call.action) {
      case 'CancelJob':
      case 'TerminateJob':
        this.pending.push(call);
        // A call waiting for its cycle is work still to come: a run that had stopped making
        // progress (whose cycles are dropped) must still carry it out (docs/model.md, "The end of a run").
        this.run.kernel.progress.lastProgress = this.run.kernel.now;
        cycle.request();
        break;
      case 'UpdateComputeEnvironment': {
        const ce = this.run.computeEnvironments.find((c) => c.name === call.computeEnvironment)!;
        if (call.state !== null) ce.enabled = call.state === 'ENABLED';
        if (call.minvCpus !== null) {
          ce.minvCpus = call.minvCpus;
          this.run.fleet.recheckKept(ce, this.run.kernel.now);
        }
        if (call.maxvCpus !== null) ce.maxvCpus = call.maxvCpus;
        if (ce.managed && !ce.fargate && ce.enabled) this.run.capacity.launchTo(ce, Math.max(ce.minvCpus, call.desiredvCpus ?? 0), false);
        cycle.request();
        break;
      }
      case 'UpdateJobQueue': {
        const queue = this.run.jobQueues.find((q) => q.name === call.jobQueue)!;
        if (call.state !== null) queue.enabled = call.state === 'ENABLED';
        if (call.priority !== null) {
          queue.priority = call.priority;
          this.run.scheduler.reorderQueues();
        }
        if (call.computeEnvironmentOrder !== null) {
          queue.computeEnvironmentOrder = call.computeEnvironmentOrder.map((name) => this.run.computeEnvironments.findIndex((ce) => ce.name === name));
        }
        if (call.schedulingPolicy) {
          // Validation saw to it that only a fair-share queue gets another policy (spec §6.7).
          queue.schedulingPolicy = call.schedulingPolicy;
          queue.runnable.setPolicy!(this.policies.get(call.schedulingPolicy)!);
        }
        cycle.request();
        break;
      }
      case 'UpdateSchedulingPolicy':
        this.policies.set(call.schedulingPolicy, call.fairsharePolicy);
        for (const queue of this.run.jobQueues) {
          if (queue.schedulingPolicy === call.schedulingPolicy) queue.runnable.setPolicy!(call.fairsharePolicy);
        }
        cycle.request();
        break;
      case 'InterruptSpotInstances':
        for (const inst of this.run.fleet.select(call)) this.run.fleet.notice(inst, this.run.kernel.now);
        break;
    }
  }

  /** At a cycle: carries out the CancelJob/TerminateJob calls made since the last one. */
  carryOutJobCalls(): void {
    if (this.pending.length === 0) return;
    const calls = this.pending;
    this.pending = [];
    for (const call of calls) {
      const row = this.run.submitter.submissionRow[call.job];
      const arr = this.run.arrays.get(row);
      const kind = call.action === 'TerminateJob' ? TERMINATE : CANCEL;
      this.cancelOrTerminateRow(arr && call.arrayIndex !== null ? arr.firstChild + call.arrayIndex : row, kind, call.reason);
    }
  }

  /** CancelJob / TerminateJob, state by state (spec §13); an array parent cascades to its children. */
  cancelOrTerminateRow(row: number, kind: number, reason: string): void {
    const { jobs } = this.run;
    const st = jobs.status.data[row];
    if (jobs.kind.data[row] === JobKind.MULTINODE && (st === JobStatus.STARTING || st === JobStatus.RUNNING)) {
      // A multi-node job runs as its main node: stopping it ends the job (spec §12, §13).
      if (kind === TERMINATE) jobs.reason.data[row] = this.run.reasons.id(reason);
      this.cancelOne(this.run.multiNode.terminationTarget(row), kind, reason);
      return;
    }
    const arr = this.run.arrays.get(row);
    if (!arr) {
      this.cancelOne(row, kind, reason);
      return;
    }
    if (isTerminal(jobs.status.data[row])) return;
    jobs.reason.data[row] = this.run.reasons.id(reason);
    for (let k = 0; k < arr.size; k++) this.cancelOne(arr.firstChild + k, kind, reason);
  }

  private cancelOne(row: number, kind: number, reason: string): void {
    const { jobs, kernel } = this.run;
    switch (jobs.status.data[row]) {
      case JobStatus.SUBMITTED:
      case JobStatus.RUNNABLE:
        this.run.lifecycle.finish(row, JobStatus.FAILED, reason);
        break;
      case JobStatus.PENDING:
        // Takes effect only once all its dependencies have completed (spec §13).
        jobs.cancelRequest.data[row] = kind;
        jobs.cancelReason.data[row] = this.run.reasons.id(reason);
        break;
      case JobStatus.STARTING:
      case JobStatus.RUNNING:
        // CancelJob has no effect here; TerminateJob stops the task (SIGTERM, then the grace period).
        if (kind === TERMINATE && jobs.cancelRequest.data[row] !== TERMINATE) {
          jobs.cancelRequest.data[row] = TERMINATE;
          jobs.cancelReason.data[row] = this.run.reasons.id(reason);
          kernel.push(kernel.now + Math.round(this.run.settings.terminateGraceSeconds * 1000), EventKind.TerminateStop, row);
        }
        break;
    }
  }

  /** TerminateStop event: the grace period is over; the container is stopped. */
  terminateStop(row: number): void {
    const { jobs } = this.run;
    const st = jobs.status.data[row];
    if ((st !== JobStatus.STARTING && st !== JobStatus.RUNNING) || jobs.cancelRequest.data[row] !== TERMINATE) return;
    jobs.cancelRequest.data[row] = 0;
    this.run.attemptRunner.end(row, AttemptOutcome.TERMINATED, this.run.reasons.values[jobs.cancelReason.data[row]], st === JobStatus.RUNNING ? SIGTERM_EXIT : NO_EXIT_CODE);
  }
}
