// Options as users type them: a number option given something that is not a number is refused
// naming what was typed (`--seed must be an integer, received "abc"`), not as NaN further on.
import type { Options } from 'yargs';
import { MAX_SEEDS } from '../plan/sweep-file.js';
import { UsageError } from './errors.js';

/** A number (or, with `integer`, a whole number) option; bounds are each command's to check. */
export function numberOption(name: string, describe: string, opts: { integer?: boolean } = {}) {
  return { type: 'string', describe, coerce: (v: unknown): number => asNumber(name, v, opts.integer === true) } satisfies Options;
}

/** numberOption with a default (so never undefined). */
export function numberOptionWithDefault(name: string, describe: string, opts: { integer?: boolean; default: number }) {
  return { ...numberOption(name, describe, opts), default: opts.default } satisfies Options;
}

function asNumber(name: string, v: unknown, integer: boolean): number {
  // Given twice, the last one counts (as for every other option).
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  if (typeof last === 'number') return last;
  const n = typeof last === 'string' && last.trim() !== '' ? Number(last) : NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'}, received ${JSON.stringify(last ?? '')}`);
  }
  return n;
}

/** --seeds: how many seeds, a whole number from 1 to MAX_SEEDS (compare, check). */
export function seedCount(seeds: number): number {
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > MAX_SEEDS) throw new UsageError(`--seeds must be a whole number from 1 to ${MAX_SEEDS}, received ${seeds}`);
  return seeds;
}
