// RetryStrategy evaluation (spec §4.3): after a failed attempt, does the job go back to RUNNABLE?
import type { RetryStrategySpec } from '../scenario/types.js';
import { AttemptOutcome as Ended, NO_EXIT_CODE } from './attempts.js';

export interface AttemptOutcome {
  statusReason: string;
  /** container.reason, when the container produced one. */
  reason?: string;
  /** container.exitCode, absent when the host vanished. */
  exitCode?: number;
}

/** A pattern matches exactly, or as a prefix when it ends in `*`; a lone `*` matches anything. */
export function matchesPattern(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}

/**
 * Whether a failed attempt is retried. Attempts exhausted ⇒ no; otherwise the first
 * evaluateOnExit entry whose given fields all match decides; no entry matching ⇒ retry.
 * (Cancelled, terminated and timed-out attempts never reach here: they are never retried.)
 */
export function shouldRetry(strategy: RetryStrategySpec | null, attemptsUsed: number, outcome: AttemptOutcome): boolean {
  if (!strategy || attemptsUsed >= strategy.attempts) return false;
  for (const rule of strategy.evaluateOnExit) {
    const matches =
      (rule.onStatusReason === undefined || matchesPattern(rule.onStatusReason, outcome.statusReason)) &&
      (rule.onReason === undefined || matchesPattern(rule.onReason, outcome.reason)) &&
      (rule.onExitCode === undefined || matchesPattern(rule.onExitCode, outcome.exitCode === undefined ? undefined : String(outcome.exitCode)));
    if (matches) return rule.action === 'RETRY';
  }
  return true;
}

/**
 * What an ended attempt means for its job: SUCCEEDED, RETRY (back to the front of its queue) or
 * FAILED. Only non-zero exits and interruptions are retried, by the retry strategy; a timed-out
 * or terminated attempt, or one a TerminateJob was stopping, never is (spec §4.3, §5).
 */
export function attemptVerdict(
  strategy: RetryStrategySpec | null, attemptsUsed: number, outcome: number, terminating: boolean,
  statusReason: string, containerReason: string, exitCode: number,
): 'SUCCEEDED' | 'RETRY' | 'FAILED' {
  if (outcome === Ended.SUCCEEDED) return 'SUCCEEDED';
  const retryable = !terminating && (outcome === Ended.FAILED || outcome === Ended.INTERRUPTED);
  return retryable && shouldRetry(strategy, attemptsUsed, {
    statusReason, reason: containerReason === '' ? undefined : containerReason, exitCode: exitCode === NO_EXIT_CODE ? undefined : exitCode,
  }) ? 'RETRY' : 'FAILED';
}
