// Writes a run's report directory atomically: everything goes into a temporary sibling directory
// that replaces the target only once every file is complete, so a failed run leaves no
// half-written report (and an earlier good one stays in place).
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { summarize, type Summary } from '../metrics/summary.js';
import { JobNames } from '../sim/naming.js';
import type { Simulation } from '../sim/simulation.js';
import { writeAttemptsCsv, writeInstancesCsv, writeJobsCsv } from './tables.js';

export interface WrittenRun {
  dir: string;
  summary: Summary;
  files: string[];
}

export function writeRun(sim: Simulation, outDir: string): WrittenRun {
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(outDir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    const names = new JobNames(sim);
    const summary = summarize(sim, names);
    writeFileSync(join(tmp, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    writeJobsCsv(join(tmp, 'jobs.csv'), sim, names);
    writeAttemptsCsv(join(tmp, 'attempts.csv'), sim, names);
    writeInstancesCsv(join(tmp, 'instances.csv'), sim);
    replaceDir(tmp, outDir);
    return { dir: outDir, summary, files: ['summary.json', 'jobs.csv', 'attempts.csv', 'instances.csv'] };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

function replaceDir(from: string, to: string): void {
  if (!existsSync(to)) {
    renameSync(from, to);
    return;
  }
  const old = `${from}.old`;
  renameSync(to, old);
  renameSync(from, to);
  rmSync(old, { recursive: true, force: true });
}
