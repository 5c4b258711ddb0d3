// Step Functions executions driven by the simulation's clock (docs/step-functions.md). Each
// execution starts at its startAt; its states run as events of the run's kernel — a Wait ends, a
// retry's interval passes, a .sync Batch job reaches SUCCEEDED or FAILED (heard through the run's
// transition listener) — and everything between two such events happens at one instant, in a
// fixed order (a FIFO of steps, so a long chain of Pass states is a loop, not deep recursion).
// States themselves are in states.ts; this file keeps executions, scopes, events and errors.
import { KeyedStream } from '../engine/keyed-random.js';
import { RandomStreams, randomUuid, type Rng } from '../engine/random.js';
import { JobKind, isTerminal } from '../model/jobs.js';
import { MAX_TIME_MS } from '../scenario/time.js';
import type { StateSpec } from '../scenario/types-step-functions.js';
import type { RunContext, TransitionListener } from '../sim/context.js';
import { EventKind } from '../sim/event-kinds.js';
import { JobNames } from '../sim/naming.js';
import type { RunResult } from '../sim/run-result.js';
import { Arns } from '../model/arns.js';
import { CLIENT_EXCEPTION, describeJob, refusal, submissionOf, submitResponse } from './batch.js';
import { StatesError, errorMatches, retryDelayMs, uncatchable } from './errors.js';
import { applyResultPath } from './payload.js';
import type { ExecutionRecord, ExecutionStatus, ExecutionsResult, StateEntry } from './records.js';
import type { Active, Execution, Scope, TaskJob } from './scopes.js';
import { mapItemInput, runState, stateResult, type StateHost } from './states.js';

/** AWS fails an execution whose history passes 25,000 events (the Developer Guide's quotas). */
const HISTORY_LIMIT = 25_000;
/** An EXPRESS execution runs at most 5 minutes. */
const EXPRESS_MS = 300_000;

export class Workflows implements ExecutionsResult, StateHost {
  readonly records: ExecutionRecord[] = [];
  /** What each Workflow / WorkflowTimeout event does (its arg indexes this), cleared once done. */
  private readonly calls: ((() => void) | null)[] = [];
  /** Steps to take at this instant, in order. */
  private work: (() => void)[] = [];
  /** .sync Batch tasks waiting for their job, by submission index. */
  private readonly waiting = new Map<number, Active>();
  /** Jobs the executions submitted, by job id (what a later DependsOn names). */
  private readonly submitted = new Map<string, number>();
  private jobNames: JobNames | null = null;
  private readonly keyed: KeyedStream;
  private readonly epochMs: number;

  constructor(readonly run: RunContext & RunResult) {
    this.keyed = new KeyedStream(run.seed, 'workflows');
    this.epochMs = Date.parse(run.scenario.startTime);
  }

  // ---- the run's hooks -----------------------------------------------------------------------

  /** Queues every execution's start (names not given are drawn now, in order, as AWS draws a UUID). */
  start(): void {
    const { scenario } = this.run;
    const ids = new RandomStreams(this.run.seed).stream('ids', 'executions');
    for (const spec of scenario.executions ?? []) {
      const machine = scenario.stateMachines![spec.stateMachine]!;
      const name = spec.name ?? randomUuid(ids);
      const record: ExecutionRecord = {
        name, stateMachine: machine.name, executionArn: new Arns(this.run.settings.region).executionArn(machine.name, name), startAtMs: spec.startAtMs, stopMs: -1,
        status: 'NOT_STARTED', error: '', cause: '', output: null, entries: [],
      };
      const exec: Execution = { index: this.records.length, machine, record, input: spec.input, root: null, history: 0, visits: new Map() };
      this.records.push(record);
      this.at(spec.startAtMs, () => this.startExecution(exec));
    }
  }

  /** Workflow and WorkflowTimeout events. */
  handle(i: number): void {
    const call = this.calls[i];
    this.calls[i] = null;
    call?.();
    this.drain();
  }

  /** Hears every job state change; a .sync task's job reaching SUCCEEDED or FAILED wakes its task at this instant. */
  readonly transition: TransitionListener = (row, _from, to) => {
    if (!isTerminal(to) || this.waiting.size === 0) return;
    const { jobs } = this.run;
    const kind = jobs.kind.data[row];
    if (kind === JobKind.ARRAY_CHILD || kind === JobKind.NODE) return;
    const submission = this.run.submitter.templateSubmission[jobs.template.data[row]]!;
    const active = this.waiting.get(submission);
    if (!active) return;
    this.waiting.delete(submission);
    const token = active.token;
    this.at(this.now, () => this.jobEnded(active, token, row));
  };

  // ---- events and steps ----------------------------------------------------------------------

  get now(): number {
    return this.run.kernel.now;
  }

  at(ms: number, call: () => void, kind: number = EventKind.Workflow): void {
    this.calls.push(call);
    this.run.kernel.push(Math.min(Math.max(ms, this.now), MAX_TIME_MS), kind, this.calls.length - 1);
  }

  later(step: () => void): void {
    this.work.push(step);
  }

  private drain(): void {
    for (let i = 0; i < this.work.length; i++) this.work[i]!();
    this.work = [];
  }

  /** Whether `active` is still the state its scope is in, in the attempt `token` belongs to. */
  live(active: Active, token: number): boolean {
    return active.token === token && !active.scope.done && active.scope.current === active;
  }

  /** The run's end moves with the executions too (kernel.ts: it is the last change). */
  private changed(): void {
    this.run.kernel.progress.changes++;
  }

  names(): JobNames {
    return (this.jobNames ??= new JobNames(this.run));
  }

  iso(ms: number): string {
    return new Date(this.epochMs + ms).toISOString();
  }

  epoch(): number {
    return this.epochMs;
  }

  /**
   * Keyed draws for a state (intrinsics, jitter): keyed by the execution, the state, which entry of
   * it and which draw in that entry — not by when — so another fleet gives an execution the same draws.
   */
  random(active: Active, seed: number | null): Rng {
    if (seed !== null) return this.keyed.at(0x7fffffff, seed);
    return this.keyed.at(active.scope.exec.index, fnv(`${active.scope.label}/${active.name}/${active.visit}/${active.draws++}`));
  }

  // ---- executions and scopes -----------------------------------------------------------------

  private startExecution(exec: Execution): void {
    const { record, machine } = exec;
    record.status = 'RUNNING';
    this.changed();
    const root: Scope = { exec, machine: machine.definition, label: '', parent: null, item: null, done: false, current: null };
    exec.root = root;
    const limit = machine.definition.timeoutSeconds === null ? Infinity : machine.definition.timeoutSeconds * 1000;
    const timeout = machine.type === 'EXPRESS' ? Math.min(limit, EXPRESS_MS) : limit;
    if (timeout !== Infinity) {
      this.at(this.now + timeout, () => {
        if (record.status === 'RUNNING') this.endExecution(exec, 'TIMED_OUT', 'States.Timeout', `The execution ran longer than ${timeout / 1000} s`, null);
      }, EventKind.WorkflowTimeout);
    }
    this.startScope(root, exec.input);
  }

  startScope(scope: Scope, input: unknown): void {
    if (!this.history(scope.exec, 2)) return;
    this.later(() => this.enter(scope, scope.machine.startAt, input));
  }

  private enter(scope: Scope, name: string, input: unknown): void {
    // An entry past the history quota is not made: the execution fails instead.
    if (scope.done || !this.history(scope.exec, 2)) return;
    const spec: StateSpec = scope.machine.states[name]!;
    const entry: StateEntry = { scope: scope.label, state: name, type: spec.type, enteredMs: this.now, exitedMs: -1, status: 'RUNNING', error: '', cause: '', retries: 0, jobIds: [] };
    scope.exec.record.entries.push(entry);
    const key = `${scope.label}/${name}`;
    const visit = scope.exec.visits.get(key) ?? 0;
    scope.exec.visits.set(key, visit + 1);
    const active: Active = { scope, name, spec, entry, input, token: 0, retried: 'retry' in spec ? spec.retry.map(() => 0) : [], visit, draws: 0, job: null, fan: null };
    scope.current = active;
    this.changed();
    this.attempt(active);
  }

  /** Runs the state (again, for a retry); an error it raises goes to Retry and Catch. */
  attempt(active: Active): void {
    try {
      runState(this, active);
    } catch (e) {
      if (!(e instanceof StatesError)) throw e;
      this.fail(active, e);
    }
  }

  /** The state is done: on to `next`, or (null) its scope ends with `output`. */
  leave(active: Active, output: unknown, next: string | null): void {
    const { scope, entry } = active;
    if (scope.done || scope.current !== active) return;
    entry.exitedMs = this.now;
    entry.status = 'SUCCEEDED';
    this.changed();
    if (next !== null) {
      this.later(() => this.enter(scope, next, output));
      return;
    }
    scope.done = true;
    scope.current = null;
    if (scope.parent) this.childDone(scope, output);
    else this.endExecution(scope.exec, 'SUCCEEDED', '', '', output);
  }

  /** The state raised `err`: a matching retrier retries it, else a matching catcher takes over, else its scope fails. */
  fail(active: Active, err: StatesError): void {
    const { spec, entry, scope } = active;
    if (scope.done || scope.current !== active) return;
    if (!uncatchable(err.error) && 'retry' in spec) {
      const r = spec.retry.findIndex((x) => errorMatches(x.errorEquals, err.error));
      if (r >= 0 && active.retried[r]! < spec.retry[r]!.maxAttempts) {
        const delay = retryDelayMs(spec.retry[r]!, active.retried[r]!, this.random(active, null));
        active.retried[r]!++;
        entry.retries++;
        const token = ++active.token;
        if (!this.history(scope.exec, 1)) return;
        this.at(this.now + delay, () => this.live(active, token) && this.attempt(active));
        return;
      }
      const k = spec.catch.findIndex((x) => errorMatches(x.errorEquals, err.error));
      if (k >= 0) {
        const catcher = spec.catch[k]!;
        active.token++;
        this.close(entry, 'CAUGHT', err);
        let output: unknown;
        try {
          output = applyResultPath(catcher.resultPath, active.input, { Error: err.error, Cause: err.cause });
        } catch (e) {
          if (!(e instanceof StatesError)) throw e;
          this.scopeFailed(scope, e);
          return;
        }
        this.later(() => this.enter(scope, catcher.next, output));
        return;
      }
    }
    active.token++;
    this.close(entry, 'FAILED', err);
    this.scopeFailed(scope, err);
  }

  private close(entry: StateEntry, status: 'CAUGHT' | 'FAILED', err: StatesError): void {
    entry.exitedMs = this.now;
    entry.status = status;
    entry.error = err.error;
    entry.cause = err.cause;
    this.changed();
  }

  private scopeFailed(scope: Scope, err: StatesError): void {
    scope.done = true;
    scope.current = null;
    if (uncatchable(err.error) || !scope.parent) {
      this.endExecution(scope.exec, 'FAILED', err.error, err.cause, null);
      return;
    }
    const { active } = scope.parent;
    for (const c of active.fan!.children) this.abortScope(c, `another ${active.spec.type === 'Map' ? 'iteration' : 'branch'} of ${active.name} failed`);
    this.fail(active, err);
  }

  private childDone(scope: Scope, output: unknown): void {
    const { active, index } = scope.parent!;
    const fan = active.fan!;
    if (!this.live(active, active.token) || !fan.children.includes(scope)) return;
    fan.results[index] = output;
    fan.running--;
    fan.finished++;
    this.later(() => this.fanProgress(active));
  }

  /** A Parallel or Map state starts what it may, and is done once every branch or iteration is. */
  fanProgress(active: Active): void {
    const fan = active.fan!;
    if (!this.live(active, active.token)) return;
    if (fan.finished === fan.items.length) {
      this.attemptStep(active, () => stateResult(this, active, fan.results));
      return;
    }
    while (fan.next < fan.items.length && fan.running < fan.limit) {
      const i = fan.next++;
      fan.running++;
      this.attemptStep(active, () => {
        const child = this.child(active, i, active.spec.type === 'Map' ? `${active.name}[${i}]` : `${active.name}.Branches[${i}]`);
        child.item = active.spec.type === 'Map' ? { index: i, value: fan.items[i] } : null;
        this.startScope(child, active.spec.type === 'Map' ? mapItemInput(this, active, i) : fan.input);
      });
    }
  }

  /** Runs a step of a state; an error it raises fails the state (stopping its branches or iterations first). */
  attemptStep(active: Active, step: () => void): void {
    try {
      step();
    } catch (e) {
      if (!(e instanceof StatesError)) throw e;
      for (const c of active.fan?.children ?? []) this.abortScope(c, `${active.name} failed`);
      this.fail(active, e);
    }
  }

  private child(active: Active, index: number, label: string): Scope {
    const parentLabel = active.scope.label;
    const machine = active.spec.type === 'Map' ? active.spec.processor : (active.spec as Extract<StateSpec, { type: 'Parallel' }>).branches[index]!;
    const scope: Scope = { exec: active.scope.exec, machine, label: parentLabel ? `${parentLabel}/${label}` : label, parent: { active, index }, item: null, done: false, current: null };
    active.fan!.children.push(scope);
    return scope;
  }

  /** Stops a scope and whatever runs in it (a .sync Batch job is terminated, as Step Functions does). */
  abortScope(scope: Scope, why: string): void {
    if (scope.done) return;
    scope.done = true;
    const active = scope.current;
    scope.current = null;
    if (!active) return;
    active.token++;
    if (active.entry.status === 'RUNNING') {
      active.entry.status = 'ABORTED';
      active.entry.exitedMs = this.now;
      this.changed();
    }
    if (active.job?.sync) this.stopJob(active.job, why);
    for (const c of active.fan?.children ?? []) this.abortScope(c, why);
  }

  private endExecution(exec: Execution, status: ExecutionStatus, error: string, cause: string, output: unknown): void {
    const r = exec.record;
    if (r.status !== 'RUNNING') return;
    r.status = status;
    r.stopMs = this.now;
    r.error = error;
    r.cause = cause;
    r.output = output;
    this.changed();
    if (exec.root) this.abortScope(exec.root, `execution ${r.name} ${status}`);
  }

  /** Counts history events; past the quota the execution fails (and false is returned). */
  private history(exec: Execution, events: number): boolean {
    exec.history += events;
    if (exec.history <= HISTORY_LIMIT) return true;
    this.endExecution(exec, 'FAILED', 'States.Runtime', `The execution reached the maximum number of history events (${HISTORY_LIMIT})`, null);
    return false;
  }

  // ---- Batch jobs ----------------------------------------------------------------------------

  /** SubmitJob for a Task: with `sync` the task waits for the job to end; else it ends once the job is submitted. */
  submitJob(active: Active, parameters: unknown, sync: boolean): void {
    const job = submissionOf(this.run, parameters, this.now, (id) => this.findJob(id));
    const submission = this.run.submitter.submit(job);
    const tj: TaskJob = { submission, row: -1, firstAttempt: this.run.attempts.count, sync };
    active.job = tj;
    if (sync) this.waiting.set(submission, active);
    const token = active.token;
    // After the SubmitJob event of this instant (queued just before): the job has its row and id then.
    this.at(this.now, () => this.jobSubmitted(active, token, tj));
  }

  private jobSubmitted(active: Active, token: number, tj: TaskJob): void {
    tj.row = this.run.submitter.submissionRow[tj.submission]!;
    const id = this.names().jobId(tj.row);
    this.submitted.set(id, tj.submission);
    if (!this.live(active, token)) {
      if (tj.sync) this.stopJob(tj, 'its task was stopped before the job was submitted');
      return;
    }
    active.entry.jobIds.push(id);
    const refused = refusal(this.run, tj.row);
    if (refused !== null) {
      this.waiting.delete(tj.submission);
      this.fail(active, new StatesError(CLIENT_EXCEPTION, refused));
    } else if (!tj.sync) {
      this.attemptStep(active, () => stateResult(this, active, submitResponse(this.run, this.names(), tj.row)));
    }
  }

  private jobEnded(active: Active, token: number, row: number): void {
    if (!this.live(active, token) || refusal(this.run, row) !== null) return;
    const detail = describeJob(this.run, this.names(), row, active.job!.firstAttempt);
    if (detail.Status === 'SUCCEEDED') this.attemptStep(active, () => stateResult(this, active, detail));
    else this.fail(active, new StatesError('States.TaskFailed', JSON.stringify(detail)));
  }

  /** TerminateJob for a .sync task's job that has not ended (its task was stopped, or timed out). */
  stopJob(tj: TaskJob, why: string): void {
    this.waiting.delete(tj.submission);
    if (tj.row < 0 || isTerminal(this.run.jobs.status.data[tj.row])) return;
    this.run.apiCalls.call({ atMs: this.now, action: 'TerminateJob', job: tj.submission, arrayIndex: null, reason: `Terminated by Step Functions: ${why}` });
  }

  /** Whether the task's job has ended (its end is being handled at this instant). */
  jobHasEnded(tj: TaskJob): boolean {
    return tj.row >= 0 && isTerminal(this.run.jobs.status.data[tj.row]);
  }

  private findJob(id: string): number | undefined {
    const own = this.submitted.get(id);
    if (own !== undefined) return own;
    const { submissionRow } = this.run.submitter;
    for (let i = 0; i < submissionRow.length; i++) if (submissionRow[i]! >= 0 && this.names().jobId(submissionRow[i]!) === id) return i;
    return undefined;
  }
}

/** The run's Step Functions executions, or null when the scenario has none. */
export function createWorkflows(run: RunContext & RunResult): Workflows | null {
  return run.scenario.executions?.length ? new Workflows(run) : null;
}

/** FNV-1a of a string, 32 bits: a stable key for keyed draws. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
