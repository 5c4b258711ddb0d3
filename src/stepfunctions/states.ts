// What each state type does with its input (docs/step-functions.md "States"): runState begins a
// state; stateResult finishes a Task, Parallel or Map once its result is in (a job ended, every
// branch or iteration ended). Errors are thrown as StatesError and handled by the runtime
// (Retry, Catch). Input and output processing follows the States Language: InputPath →
// Parameters → the work → ResultSelector → ResultPath (into the raw input) → OutputPath.
import type { Rng } from '../engine/random.js';
import type { StateSpec } from '../scenario/types-step-functions.js';
import { EventKind } from '../sim/event-kinds.js';
import { chooseNext } from './choice.js';
import { StatesError } from './errors.js';
import { readPath, type PathData } from './paths.js';
import { applyInputPath, applyOutputPath, applyResultPath, evaluateTemplate, timestampMs } from './payload.js';
import type { Active, Scope, TaskJob } from './scopes.js';

/** An inline Map runs at most 40 iterations at once (the Developer Guide, "Inline mode"). */
export const INLINE_MAP_CONCURRENCY = 40;

/** What the states need of the runtime. */
export interface StateHost {
  readonly now: number;
  at(ms: number, call: () => void, kind?: number): void;
  later(step: () => void): void;
  live(active: Active, token: number): boolean;
  leave(active: Active, output: unknown, next: string | null): void;
  fail(active: Active, err: StatesError): void;
  submitJob(active: Active, parameters: unknown, sync: boolean): void;
  stopJob(job: TaskJob, why: string): void;
  jobHasEnded(job: TaskJob): boolean;
  startScope(scope: Scope, input: unknown): void;
  fanProgress(active: Active): void;
  iso(ms: number): string;
  epoch(): number;
  random(active: Active, seed: number | null): Rng;
}

/** The context object ($$) as a state sees it. */
function context(host: StateHost, active: Active, item: { index: number; value: unknown } | null = active.scope.item): unknown {
  const exec = active.scope.exec;
  const m = exec.machine;
  return {
    Execution: {
      Id: exec.record.executionArn, Input: exec.input, Name: exec.record.name, StartTime: host.iso(exec.record.startAtMs), RedriveCount: 0,
      ...(m.roleArn !== null ? { RoleArn: m.roleArn } : {}),
    },
    State: { EnteredTime: host.iso(active.entry.enteredMs), Name: active.name, RetryCount: active.entry.retries },
    StateMachine: { Id: m.arn, Name: m.name },
    ...(item ? { Map: { Item: { Index: item.index, Value: item.value } } } : {}),
  };
}

function template(host: StateHost, active: Active, t: Parameters<typeof evaluateTemplate>[0], data: PathData, field: string): unknown {
  return evaluateTemplate(t, data, (seed) => host.random(active, seed), field);
}

/** InputPath, then Parameters when the state has them: the input its work gets. */
function effectiveInput(host: StateHost, active: Active, spec: StateSpec & { inputPath: string | null | undefined }): { value: unknown; data: PathData } {
  const data: PathData = { input: active.input, context: context(host, active) };
  let value = applyInputPath(spec.inputPath, data);
  if ('parameters' in spec && spec.parameters) value = template(host, active, spec.parameters, { input: value, context: data.context }, 'Parameters');
  return { value, data };
}

export function runState(host: StateHost, active: Active): void {
  const spec = active.spec;
  switch (spec.type) {
    case 'Pass': {
      const { value, data } = effectiveInput(host, active, spec);
      const result = spec.parameters === undefined && spec.result !== undefined ? spec.result : value;
      host.leave(active, applyOutputPath(spec.outputPath, applyResultPath(spec.resultPath, active.input, result), data.context), spec.next);
      return;
    }
    case 'Task':
      return runTask(host, active, spec);
    case 'Wait': {
      const { value, data } = effectiveInput(host, active, spec);
      const until = waitUntil(host, spec.wait, { input: value, context: data.context });
      const token = active.token;
      host.at(until, () => host.live(active, token) && host.leave(active, applyOutputPath(spec.outputPath, value, data.context), spec.next));
      return;
    }
    case 'Choice': {
      const { value, data } = effectiveInput(host, active, spec);
      const next = chooseNext(spec.choices, { input: value, context: data.context }) ?? spec.default;
      if (next === null) throw new StatesError('States.NoChoiceMatched', `No Choice rule of ${active.name} matched the input, and it has no Default`);
      host.leave(active, applyOutputPath(spec.outputPath, value, data.context), next);
      return;
    }
    case 'Succeed': {
      const { value, data } = effectiveInput(host, active, spec);
      host.leave(active, applyOutputPath(spec.outputPath, value, data.context), null);
      return;
    }
    case 'Fail': {
      const data: PathData = { input: active.input, context: context(host, active) };
      const text = (v: unknown, what: string): string => {
        if (typeof v !== 'string') throw new StatesError('States.Runtime', `${what} of ${active.name} must select a string, received ${JSON.stringify(v)}`);
        return v;
      };
      const error = spec.error ?? (spec.errorPath ? text(readPath(spec.errorPath, data, 'ErrorPath'), 'ErrorPath') : '');
      const cause = spec.cause ?? (spec.causePath ? text(readPath(spec.causePath, data, 'CausePath'), 'CausePath') : '');
      // Not an error of the state's own handling: a Fail state has no Retry or Catch.
      host.fail(active, new StatesError(error, cause));
      return;
    }
    case 'Parallel': {
      const { value } = effectiveInput(host, active, spec);
      active.fan = { children: [], results: [], items: spec.branches, next: 0, limit: Infinity, running: 0, finished: 0, input: value };
      host.fanProgress(active);
      return;
    }
    case 'Map': {
      const { value, data } = effectiveInput(host, active, spec);
      const items = spec.itemsPath === undefined ? value : readPath(spec.itemsPath, { input: value, context: data.context }, 'ItemsPath');
      if (!Array.isArray(items)) throw new StatesError('States.Runtime', `ItemsPath of ${active.name} must select an array, received ${JSON.stringify(items)?.slice(0, 100)}`);
      let limit = spec.maxConcurrency;
      if (spec.maxConcurrencyPath !== null) {
        const v = readPath(spec.maxConcurrencyPath, { input: value, context: data.context }, 'MaxConcurrencyPath');
        if (!Number.isInteger(v) || (v as number) < 0) throw new StatesError('States.Runtime', `MaxConcurrencyPath of ${active.name} must select a whole number ≥ 0, received ${JSON.stringify(v)}`);
        limit = v as number;
      }
      active.fan = {
        children: [], results: new Array<unknown>(items.length).fill(null), items, next: 0,
        limit: limit === 0 ? INLINE_MAP_CONCURRENCY : Math.min(limit, INLINE_MAP_CONCURRENCY), running: 0, finished: 0, input: value,
      };
      host.fanProgress(active);
      return;
    }
  }
}

function runTask(host: StateHost, active: Active, spec: Extract<StateSpec, { type: 'Task' }>): void {
  const { value, data } = effectiveInput(host, active, spec);
  const resource = spec.resource;
  if (resource.kind === 'other') {
    // Not simulated (a notice says so): the task completes at once, its result its input.
    stateResult(host, active, value);
    return;
  }
  let seconds = spec.timeoutSeconds;
  if (spec.timeoutSecondsPath !== null) {
    const v = readPath(spec.timeoutSecondsPath, data, 'TimeoutSecondsPath');
    if (!Number.isInteger(v) || (v as number) < 1) throw new StatesError('States.Runtime', `TimeoutSecondsPath of ${active.name} must select a whole number ≥ 1, received ${JSON.stringify(v)}`);
    seconds = v as number;
  }
  host.submitJob(active, value, resource.sync);
  if (seconds !== null && resource.sync) {
    const token = active.token;
    const job = active.job!;
    host.at(host.now + seconds * 1000, () => {
      // A job that ended at this very instant has its end handled already: the task did not time out.
      if (!host.live(active, token) || host.jobHasEnded(job)) return;
      host.stopJob(job, `task ${active.name} timed out`);
      host.fail(active, new StatesError('States.Timeout', `The task ran longer than its TimeoutSeconds (${seconds} s)`));
    }, EventKind.WorkflowTimeout);
  }
}

/** A Task's, Parallel's or Map's result: ResultSelector, ResultPath into the raw input, OutputPath, then on. */
export function stateResult(host: StateHost, active: Active, result: unknown): void {
  const spec = active.spec as Extract<StateSpec, { type: 'Task' | 'Parallel' | 'Map' }>;
  const ctx = context(host, active);
  const selected = spec.resultSelector ? template(host, active, spec.resultSelector, { input: result, context: ctx }, 'ResultSelector') : result;
  host.leave(active, applyOutputPath(spec.outputPath, applyResultPath(spec.resultPath, active.input, selected), ctx), spec.next);
}

/** A Map iteration's input: its item, or ItemSelector evaluated over the Map's input with $$.Map.Item. */
export function mapItemInput(host: StateHost, active: Active, i: number): unknown {
  const spec = active.spec as Extract<StateSpec, { type: 'Map' }>;
  const fan = active.fan!;
  if (!spec.itemSelector) return fan.items[i];
  return template(host, active, spec.itemSelector, { input: fan.input, context: context(host, active, { index: i, value: fan.items[i] }) }, 'ItemSelector');
}

/** When a Wait state ends: now + Seconds, a Timestamp (not before now), or the same read from the input. */
function waitUntil(host: StateHost, wait: Extract<StateSpec, { type: 'Wait' }>['wait'], data: PathData): number {
  switch (wait.kind) {
    case 'seconds':
      return host.now + wait.seconds * 1000;
    case 'timestamp':
      return Math.max(host.now, timestampMs(wait.timestamp, 'Timestamp') - host.epoch());
    case 'secondsPath': {
      const v = readPath(wait.path, data, 'SecondsPath');
      if (!Number.isInteger(v) || (v as number) < 0) throw new StatesError('States.Runtime', `SecondsPath must select a whole number of seconds ≥ 0, received ${JSON.stringify(v)}`);
      return host.now + (v as number) * 1000;
    }
    case 'timestampPath':
      return Math.max(host.now, timestampMs(readPath(wait.path, data, 'TimestampPath'), 'The value at TimestampPath') - host.epoch());
  }
}
