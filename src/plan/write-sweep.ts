// A sweep's directory (docs/sweep.md "Outputs"), written atomically like a run's report: runs.csv,
// configs.csv, pareto.csv, summary.json and report.html — or, for one shard of a sweep spread over
// machines, runs.csv of its slice and shard.json saying which slice of which sweep it is. Merging
// shard directories gives exactly the bytes one machine writes: both go through runs.csv's text.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lstatOrNull, stageReport } from '../report/out-dir.js';
import { ReportFileError, requireRegularFile } from '../report/report-files.js';
import { sweepSummary } from './advice.js';
import { ShardError } from './errors.js';
import { isAlarmOrRuleMetric } from './run-metrics.js';
import { sweepReportHtml } from './sweep-report.js';
import { aggregate, configsCsv, parseRunsCsv, paretoCsv, runsCsv, type RunRow, type SweepOutcome, type SweepPlan } from './sweep-results.js';
import type { Shard, SweepRuns } from './sweep.js';

export const SHARD_FILE = 'shard.json';

/** What a shard directory says of itself (shard.json). */
interface ShardNote {
  batchsimShard: 1;
  fingerprint: string;
  shard: { index: number; count: number };
  /** Its runs: [from, to) of `total`, configuration-major. */
  runs: [number, number];
  total: number;
  plan: SweepPlan;
}

/** Draws report.html from the sweep's outcome and runs. */
export type SweepPage = (outcome: SweepOutcome, rows: readonly RunRow[]) => Promise<string>;

/**
 * The whole sweep's outputs into `dir`, from its runs (all of them, configuration-major).
 * `page` draws report.html (default: the sweep report; compare draws its side-by-side page).
 */
export async function writeSweepDir(dir: string, plan: SweepPlan, rows: readonly RunRow[], page: SweepPage = sweepReportHtml): Promise<SweepOutcome> {
  // Aggregates are computed from runs.csv as written, as a merge computes them.
  const runs = runsCsv(plan, rows);
  const parsed = parseRunsCsv(plan, runs);
  const outcome = aggregate(plan, parsed);
  const html = await page(outcome, parsed);
  return stageReport(dir, (tmp) => {
    writeFileSync(join(tmp, 'runs.csv'), runs);
    writeFileSync(join(tmp, 'configs.csv'), configsCsv(outcome));
    writeFileSync(join(tmp, 'pareto.csv'), paretoCsv(outcome));
    writeFileSync(join(tmp, 'summary.json'), JSON.stringify(sweepSummary(outcome), null, 2) + '\n');
    writeFileSync(join(tmp, 'report.html'), html);
    return outcome;
  });
}

/** One shard's runs and shard.json into `dir`. */
export function writeShardDir(dir: string, runs: SweepRuns, shard: Shard, fingerprint: string): void {
  const note: ShardNote = { batchsimShard: 1, fingerprint, shard: { index: shard.index, count: shard.count }, runs: runs.range, total: runs.total, plan: runs.plan };
  stageReport(dir, (tmp) => {
    writeFileSync(join(tmp, 'runs.csv'), runsCsv(runs.plan, runs.rows));
    writeFileSync(join(tmp, SHARD_FILE), JSON.stringify(note, null, 2) + '\n');
  });
}

/** Reads shard directories (any order) and returns the whole sweep's plan and runs; every shard must be there once. */
export function readShards(dirs: readonly string[]): { plan: SweepPlan; rows: RunRow[] } {
  if (dirs.length === 0) throw new ShardError('name the shard directories to merge');
  const shards = dirs.map((dir) => ({ dir, note: readNote(dir) }));
  const first = shards[0];
  for (const s of shards) {
    if (s.note.fingerprint !== first.note.fingerprint) {
      throw new ShardError(`${join(s.dir, SHARD_FILE)} is a shard of another sweep (or of another version of it) than ${join(first.dir, SHARD_FILE)}`);
    }
  }
  const count = first.note.shard.count;
  const byIndex = new Map<number, (typeof shards)[number]>();
  for (const s of shards) {
    const other = byIndex.get(s.note.shard.index);
    if (other) throw new ShardError(`${join(s.dir, SHARD_FILE)} and ${join(other.dir, SHARD_FILE)} are both shard ${s.note.shard.index + 1} of ${count}`);
    byIndex.set(s.note.shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new ShardError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i + 1}/${count}`).join(', ')} of sweep "${first.note.plan.name}" ${missing.length > 1 ? 'are' : 'is'} missing`);
  const rows: RunRow[] = [];
  let next = 0;
  for (let i = 0; i < count; i++) {
    const s = byIndex.get(i)!;
    const file = join(s.dir, 'runs.csv');
    requireRegularFile(file); // a FIFO there would never end
    const part = parseRunsCsv(first.note.plan, readFileSync(file, 'utf8'), file);
    const [from, to] = s.note.runs;
    if (from !== next || to - from !== part.length) throw new ReportFileError(file, `holds ${part.length} runs for [${from}, ${to}); expected runs from ${next}`);
    rows.push(...part);
    next = to;
  }
  if (next !== first.note.total) throw new ShardError(`the shards hold ${next} of the sweep's ${first.note.total} runs`);
  return { plan: first.note.plan, rows };
}

function readNote(dir: string): ShardNote {
  const file = join(dir, SHARD_FILE);
  const st = lstatOrNull(file);
  if (!st || !st.isFile()) throw new ShardError(`'${dir}' is not a shard directory written by batchsim sweep --shard (no ${SHARD_FILE})`);
  let note: ShardNote;
  try {
    note = JSON.parse(readFileSync(file, 'utf8')) as ShardNote;
  } catch (e) {
    throw new ReportFileError(file, `is not valid JSON: ${(e as Error).message}`);
  }
  const int = (x: unknown) => Number.isInteger(x);
  const ok = note?.batchsimShard === 1 && typeof note.fingerprint === 'string' && int(note.shard?.index) && int(note.shard?.count) && note.shard.count >= 1
    && Array.isArray(note.runs) && note.runs.length === 2 && note.runs.every(int) && int(note.total)
    && Array.isArray(note.plan?.configurations) && Array.isArray(note.plan?.axes) && Array.isArray(note.plan?.seeds)
    && (note.plan.alarmAndRuleMetrics === undefined || (Array.isArray(note.plan.alarmAndRuleMetrics) && note.plan.alarmAndRuleMetrics.every((m) => typeof m === 'string' && isAlarmOrRuleMetric(m))));
  if (!ok) throw new ReportFileError(file, 'is not a batchsim shard note');
  return note;
}
