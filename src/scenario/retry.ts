// `retryStrategy` and `timeout`, shared by RegisterJobDefinition and SubmitJob (where they replace
// the definition's, spec §4.1, §11.2). Returns undefined when the field is absent, null when it is
// present but sets nothing (one attempt, no timeout).
import { fields, label, seconds, type Fields } from './check.js';
import { LIMITS } from './defaults.js';
import type { RetryStrategySpec } from './types.js';

type EvaluateOnExit = RetryStrategySpec['evaluateOnExit'][number];

export function readRetryStrategy(parent: Fields): RetryStrategySpec | null | undefined {
  const f = parent.object('retryStrategy');
  if (!f) return undefined;
  f.allow(['attempts', 'evaluateOnExit']);
  const attempts = f.number('attempts', { integer: true, min: LIMITS.retryAttemptsMin, max: LIMITS.retryAttemptsMax });
  const list = f.list('evaluateOnExit');
  if (list && !f.has('attempts')) {
    // AWS's own ClientException text (spec §4.1).
    f.c.report(f.at('attempts'), 'RetryAttempts must be provided with retry strategy (retryStrategy.evaluateOnExit needs retryStrategy.attempts)');
  }
  if (list && list.length > LIMITS.evaluateOnExitMax) {
    f.c.report(f.at('evaluateOnExit'), `retryStrategy.evaluateOnExit can have at most ${LIMITS.evaluateOnExitMax} entries, received ${list.length}`);
  }
  const evaluateOnExit: EvaluateOnExit[] = [];
  list?.forEach((item, j) => {
    const entry = readEvaluateOnExit(f, item, j);
    if (entry) evaluateOnExit.push(entry);
  });
  if (attempts === undefined) return null;
  return { attempts, evaluateOnExit };
}

/** Reason patterns: `*` may only end the pattern (prefix match, spec §4.2). */
const REASON = /^[^*]*\*?$/;
/** Exit codes: digits, optionally ending in `*`, or a lone `*`. */
const EXIT_CODE = /^(\d+\*?|\*)$/;

function readEvaluateOnExit(f: Fields, item: unknown, j: number): EvaluateOnExit | undefined {
  const e = fields(f.c, item, `${f.at('evaluateOnExit')}[${j}]`);
  if (!e) return undefined;
  e.allow(['onStatusReason', 'onReason', 'onExitCode', 'action']);
  const out: Partial<EvaluateOnExit> = {};
  for (const key of ['onStatusReason', 'onReason', 'onExitCode'] as const) {
    const pattern = e.string(key);
    if (pattern === undefined) continue;
    const shape = key === 'onExitCode' ? EXIT_CODE : REASON;
    if (pattern.length > LIMITS.patternMaxLength) {
      e.c.report(e.at(key), `${label(e.at(key))} must be at most ${LIMITS.patternMaxLength} characters, received ${pattern.length}`);
    } else if (!shape.test(pattern)) {
      const rule = key === 'onExitCode' ? 'digits, optionally ending in *' : 'a string that may only end with * (no * elsewhere)';
      e.c.report(e.at(key), `${label(e.at(key))} must be ${rule}, received ${JSON.stringify(pattern)}`);
    } else {
      out[key] = pattern;
    }
  }
  // AWS accepts `retry`, `Exit`, …: the action is case-insensitive (spec §4.2).
  const action = e.enum('action', ['RETRY', 'EXIT'] as const, { required: true, caseInsensitive: true });
  if (action === undefined) return undefined;
  return { ...out, action };
}

export function readTimeout(parent: Fields): number | null | undefined {
  const f = parent.object('timeout');
  if (!f) return undefined;
  f.allow(['attemptDurationSeconds']);
  return f.number('attemptDurationSeconds', seconds({ integer: true, min: LIMITS.attemptDurationSecondsMin })) ?? null;
}
