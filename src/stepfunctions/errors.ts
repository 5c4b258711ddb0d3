// Errors of the States Language (docs/step-functions.md "Errors"): what a state raises (an error
// name and a cause), which Retry or Catch entries match it, and how long a retrier waits.
import { MAX_TIME_MS } from '../scenario/time.js';
import type { RetrierSpec } from '../scenario/types-step-functions.js';

/** An error raised by a state: `error` is the name Retry and Catch match, `cause` says what happened. */
export class StatesError extends Error {
  constructor(readonly error: string, override readonly cause: string) {
    super(`${error}: ${cause}`);
    this.name = 'StatesError';
  }
}

/**
 * The `States.` error names of the language. A definition may match any other name (a service's
 * errors such as `Batch.ClientException`, or a Fail state's own), but a `States.` name must be
 * one of these.
 */
export const STATES_ERRORS = [
  'States.ALL', 'States.Timeout', 'States.TaskFailed', 'States.Permissions', 'States.HeartbeatTimeout', 'States.BranchFailed',
  'States.NoChoiceMatched', 'States.ParameterPathFailure', 'States.ResultPathMatchFailure', 'States.IntrinsicFailure',
  'States.ExceedToleratedFailureThreshold', 'States.ItemReaderFailed', 'States.ResultWriterFailed', 'States.QueryEvaluationError',
  'States.DataLimitExceeded', 'States.Runtime',
] as const;

/** Errors that end the execution whatever its Retry and Catch say (AWS: States.ALL does not catch them). */
export function uncatchable(error: string): boolean {
  return error === 'States.Runtime' || error === 'States.DataLimitExceeded';
}

/**
 * Whether an ErrorEquals list matches `error`: by name; `States.ALL` matches every error that can
 * be caught; `States.TaskFailed` every one of those except `States.Timeout` (the AWS Step Functions
 * Developer Guide, "Error names").
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (uncatchable(error)) return false;
  for (const e of errorEquals) {
    if (e === error || e === 'States.ALL') return true;
    if (e === 'States.TaskFailed' && error !== 'States.Timeout') return true;
  }
  return false;
}

/**
 * The wait before retry number `retried + 1` of a retrier, ms: IntervalSeconds × BackoffRate^retried,
 * at most MaxDelaySeconds; with JitterStrategy FULL, a uniform draw below that (`draw` in [0, 1)).
 */
export function retryDelayMs(r: RetrierSpec, retried: number, draw: () => number): number {
  let seconds = r.intervalSeconds * r.backoffRate ** retried;
  if (r.maxDelaySeconds !== null) seconds = Math.min(seconds, r.maxDelaySeconds);
  if (r.jitterStrategy === 'FULL') seconds *= draw();
  // A long run of backoffs overflows to Infinity: a wait is kept within the longest time a run has.
  return Math.min(Math.round(seconds * 1000), MAX_TIME_MS);
}
