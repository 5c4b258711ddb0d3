// Writes a run's report directory atomically: everything goes into a temporary sibling directory
// that replaces the target only once every file is complete, so a failed run leaves no
// half-written report (and an earlier good one stays in place).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { buildMetrics, writeMetricsCsv, type MetricsTable } from '../metrics/metrics.js';
import { recorderOf, type RunRecorder } from '../metrics/recorder.js';
import { summarize, type Summary } from '../metrics/summary.js';
import { JobNames } from '../sim/naming.js';
import type { Simulation } from '../sim/simulation.js';
import { chartInputFromDirectory, chartInputFromRun, type ChartInput } from './chart-data.js';
import { CHART_NAMES, buildCharts } from './charts.js';
import { writeEventsJsonl } from './events.js';
import { reportHtml } from './html.js';
import { replaceCharts, writeCharts, type RenderedChart } from './render.js';
import { describeScenario, type ScenarioDescription } from './scenario-description.js';
import { writeAttemptsCsv, writeInstancesCsv, writeJobsCsv } from './tables.js';

export interface WrittenRun {
  dir: string;
  summary: Summary;
  files: string[];
  /** Envelopes in events.jsonl (when written). */
  events?: number;
}

export interface WriteRunOptions {
  /**
   * The recorder the run was simulated under (simulateRecorded); found automatically for a
   * Simulation run that way. Without one there is no metrics.csv and no events.jsonl.
   */
  recorder?: RunRecorder;
  /** charts/ and report.html (writeReport only). Default true. */
  charts?: boolean;
}

interface Staged {
  summary: Summary;
  files: string[];
  events?: number;
  names: JobNames;
  scenario: ScenarioDescription;
  metrics: MetricsTable | null;
}

/** The tables, summary, scenario, metrics and events, into `dir`. */
function writeFiles(sim: Simulation, dir: string, recorder: RunRecorder | undefined): Staged {
  const names = new JobNames(sim);
  const summary = summarize(sim, names);
  const scenario = describeScenario(sim.scenario, sim.seed);
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(scenario, null, 2) + '\n');
  writeJobsCsv(join(dir, 'jobs.csv'), sim, names);
  writeAttemptsCsv(join(dir, 'attempts.csv'), sim, names);
  writeInstancesCsv(join(dir, 'instances.csv'), sim);
  const files = ['summary.json', 'scenario.json', 'jobs.csv', 'attempts.csv', 'instances.csv'];
  let metrics: MetricsTable | null = null;
  let events: number | undefined;
  if (recorder) {
    metrics = buildMetrics(sim, recorder);
    writeMetricsCsv(join(dir, 'metrics.csv'), metrics);
    files.push('metrics.csv');
    if (recorder.events) {
      events = writeEventsJsonl(join(dir, 'events.jsonl'), sim, names, recorder.events);
      files.push('events.jsonl');
    }
  }
  return { summary, files, events, names, scenario, metrics };
}

/** Writes into a temporary sibling of `outDir`, then swaps it in; removes it on failure. */
function staged<T>(outDir: string, write: (tmp: string) => T): T;
function staged<T>(outDir: string, write: (tmp: string) => Promise<T>): Promise<T>;
function staged<T>(outDir: string, write: (tmp: string) => T | Promise<T>): T | Promise<T> {
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(outDir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const fail = (e: unknown): never => {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  };
  try {
    const result = write(tmp);
    if (result instanceof Promise) {
      return result.then((r) => {
        replaceDir(tmp, outDir);
        return r;
      }, fail);
    }
    replaceDir(tmp, outDir);
    return result;
  } catch (e) {
    return fail(e);
  }
}

/**
 * summary.json, scenario.json, jobs.csv, attempts.csv, instances.csv — and metrics.csv (plus
 * events.jsonl when recorded) for a run simulated under a RunRecorder. No charts: see writeReport.
 */
export function writeRun(sim: Simulation, outDir: string, options: WriteRunOptions = {}): WrittenRun {
  return staged(outDir, (tmp) => {
    const s = writeFiles(sim, tmp, options.recorder ?? recorderOf(sim));
    return { dir: outDir, summary: s.summary, files: s.files, events: s.events };
  });
}

/** Renders charts/ and report.html into `dir` from what a report directory holds. */
export async function writeChartsAndPage(dir: string, input: ChartInput, files: string[]): Promise<string[]> {
  const charts = buildCharts(input);
  const rendered: RenderedChart[] = await writeCharts(dir, charts);
  const drawn = new Set(charts.map((c) => c.name));
  const skipped = CHART_NAMES.filter((n) => !drawn.has(n));
  const chartFiles = rendered.flatMap((r) => [r.specFile, r.svgFile]);
  writeFileSync(join(dir, 'report.html'), reportPage(input, rendered, skipped, files));
  return [...chartFiles, 'report.html'];
}

function reportPage(input: ChartInput, charts: RenderedChart[], skipped: string[], files: string[]): string {
  return reportHtml({ input, charts, skipped, files: [...[...files].sort(), 'charts/', 'report.html'] });
}

/**
 * `batchsim chart DIR`: draws charts/ and report.html again from a report directory's files
 * (summary.json, scenario.json, metrics.csv, jobs.csv, attempts.csv, instances.csv). The old
 * charts and page are replaced only once the new ones are complete.
 */
export async function rerenderReport(dir: string): Promise<{ charts: string[]; files: string[] }> {
  if (!existsSync(join(dir, 'summary.json'))) throw new Error(`${dir} is not a batchsim report directory (no summary.json)`);
  const input = await chartInputFromDirectory(dir);
  const charts = buildCharts(input);
  const rendered = await replaceCharts(dir, charts);
  const drawn = new Set(charts.map((c) => c.name));
  const skipped = CHART_NAMES.filter((n) => !drawn.has(n));
  const tmp = join(dir, `.report.html.tmp-${process.pid}`);
  writeFileSync(tmp, reportPage(input, rendered, skipped, reportFiles(dir)));
  renameSync(tmp, join(dir, 'report.html'));
  return { charts: rendered.map((r) => r.name), files: [...rendered.flatMap((r) => [r.specFile, r.svgFile]), 'report.html'] };
}

/** Everything writeRun writes, and (unless `charts: false`) charts/*.vl.json, charts/*.svg and report.html. */
export async function writeReport(sim: Simulation, outDir: string, options: WriteRunOptions = {}): Promise<WrittenRun> {
  return staged(outDir, async (tmp) => {
    const s = writeFiles(sim, tmp, options.recorder ?? recorderOf(sim));
    const files = [...s.files];
    if (options.charts !== false) {
      const input = chartInputFromRun(sim, s.names, s.summary, s.scenario, s.metrics);
      files.push(...(await writeChartsAndPage(tmp, input, s.files)));
    }
    return { dir: outDir, summary: s.summary, files, events: s.events };
  });
}

/** Files of a report directory, for report.html's footer (charts/ listed once). */
export function reportFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => !f.startsWith('.') && f !== 'charts' && f !== 'report.html').sort();
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
