// Golden outputs for `batchsim check --golden DIR` (docs/check.md): the CSV files a run writes,
// kept per seed, compared byte for byte; a difference is named by its file and first differing
// row. The directory is batchsim's (written whole with the report marker, as a report is).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportPathError, lstatOrNull } from '../report/out-dir.js';
import { writeRun } from '../report/write-run.js';
import type { Summary } from '../metrics/summary.js';
import type { RunResult } from '../sim/run-result.js';

export const goldenDir = (seed: number): string => `seed-${seed}`;

/** The first difference between a run's CSV file and its golden copy. */
export interface GoldenDiff {
  file: string;
  /** 1-based line (1: the header); null when the file is missing on one side. */
  line: number | null;
  expected: string | null;
  actual: string | null;
}

/** Compares a run's CSV outputs with DIR/seed-<seed>/: every difference, one per file; and the summary the run wrote. */
export function compareGolden(dir: string, sim: RunResult): { diffs: GoldenDiff[]; summary: Summary } {
  const stored = join(dir, goldenDir(sim.seed));
  const st = lstatOrNull(stored);
  if (!st || !st.isDirectory()) throw new ReportPathError(`no golden outputs for seed ${sim.seed}: '${stored}' is missing (run once with --update-golden to store them)`);
  const scratch = mkdtempSync(join(tmpdir(), 'batchsim-golden-'));
  try {
    const fresh = join(scratch, 'run');
    const { summary } = writeRun(sim, fresh);
    const csv = (d: string) => readdirSync(d).filter((f) => f.endsWith('.csv')).sort();
    const names = [...new Set([...csv(stored), ...csv(fresh)])].sort();
    const diffs: GoldenDiff[] = [];
    for (const file of names) {
      const d = firstDifference(file, readOrNull(join(stored, file)), readOrNull(join(fresh, file)));
      if (d) diffs.push(d);
    }
    return { diffs, summary };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `jobs.csv line 18: expected "…" but the run wrote "…"`. */
export function goldenDiffText(d: GoldenDiff): string {
  if (d.expected === null) return `${d.file}: not in the golden outputs (the run wrote it)`;
  if (d.actual === null) return `${d.file}: the run did not write it`;
  return `${d.file} line ${d.line}: expected ${JSON.stringify(d.expected)}, the run wrote ${JSON.stringify(d.actual)}`;
}

function readOrNull(file: string): string | null {
  const st = lstatOrNull(file);
  return st && st.isFile() ? readFileSync(file, 'utf8') : null;
}

function firstDifference(file: string, expected: string | null, actual: string | null): GoldenDiff | null {
  if (expected === actual) return null;
  if (expected === null || actual === null) return { file, line: null, expected, actual };
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; ; i++) {
    if (a[i] !== b[i]) return { file, line: i + 1, expected: a[i] ?? '(end of file)', actual: b[i] ?? '(end of file)' };
  }
}
