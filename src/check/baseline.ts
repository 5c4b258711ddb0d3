// Baselines for `batchsim check --baseline DIR` (docs/check.md): the summary.json of each seed as
// a known-good run left it, and what has moved since — every number of the summary, by its path,
// beyond a relative tolerance. The directory is batchsim's (written whole, with the report
// marker), so an update never replaces files it did not write.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../metrics/summary.js';
import { ReportPathError, lstatOrNull, stageReport } from '../report/out-dir.js';

export const baselineFile = (seed: number): string => `seed-${seed}.json`;

/** A number that moved beyond the tolerance (or appeared, or went away). */
export interface Move {
  path: string;
  from: number | null;
  to: number | null;
}

/** Writes (or replaces) the baseline directory: one summary per seed. */
export function writeBaseline(dir: string, summaries: readonly Summary[]): void {
  stageReport(dir, (tmp) => {
    for (const s of summaries) writeFileSync(join(tmp, baselineFile(s.seed)), JSON.stringify(s, null, 2) + '\n');
  });
}

/** The stored summary of `seed`; a ReportPathError (exit 2) when there is none. */
export function readBaseline(dir: string, seed: number): object {
  const file = join(dir, baselineFile(seed));
  const st = lstatOrNull(file);
  if (!st || !st.isFile()) throw new ReportPathError(`no baseline for seed ${seed}: '${file}' is missing (run once with --update-baseline to store one)`);
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    // reported below
  }
  throw new ReportPathError(`'${file}' is not a summary.json batchsim wrote (run with --update-baseline to store a new one)`);
}

/**
 * The numbers of `now` that differ from `before` by more than `tolerance` × |before| (0: any
 * change), by their path in summary.json (list entries as [i]); a number only one side has is a
 * move too. The seed itself is not compared.
 */
export function movedSince(before: object, now: object, tolerance: number): Move[] {
  const a = numbers(before);
  const b = numbers(now);
  const moves: Move[] = [];
  for (const [path, from] of a) {
    const to = b.get(path);
    if (to === undefined) moves.push({ path, from, to: null });
    // The tolerance's own bound holds (2 → 2.2 is 10 %, not 10.000000000000009 %).
    else if (Math.abs(to - from) > tolerance * Math.abs(from) * (1 + 1e-12)) moves.push({ path, from, to });
  }
  for (const [path, to] of b) if (!a.has(path)) moves.push({ path, from: null, to });
  return moves;
}

/** `cost.totalUsd: 1.841555 → 2.1 (+14 %)`. */
export function moveText(m: Move): string {
  if (m.from === null) return `${m.path}: new, ${m.to}`;
  if (m.to === null) return `${m.path}: ${m.from} → gone`;
  const pct = m.from === 0 ? '' : ` (${m.to > m.from ? '+' : ''}${(Math.round(((m.to - m.from) / Math.abs(m.from)) * 1000) / 10).toString()} %)`;
  return `${m.path}: ${m.from} → ${m.to}${pct}`;
}

function numbers(v: object): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (x: unknown, path: string) => {
    if (typeof x === 'number') out.set(path, x);
    else if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${path}[${i}]`));
    else if (x !== null && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, path ? `${path}.${k}` : k);
  };
  walk(v, '');
  out.delete('seed');
  return out;
}
