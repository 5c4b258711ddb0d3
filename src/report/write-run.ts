// Writes a run's report directory atomically: everything goes into a temporary sibling directory
// that replaces the target only once every file is complete, so a failed run leaves no
// half-written report (and an earlier good one stays in place).
import { readdirSync, renameSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { buildMetrics, writeMetricsCsv, type MetricsTable } from '../metrics/metrics.js';
import { recorderOf, type RunRecorder } from '../metrics/recorder.js';
import { summarize, type Summary } from '../metrics/summary.js';
import { JobNames } from '../sim/naming.js';
import type { RunResult } from '../sim/run-result.js';
import { chartInputFromDirectory, chartInputFromRun, type ChartInput } from './chart-data.js';
import { buildCharts, skippedCharts } from './charts.js';
import { writeExecutionsCsv } from './executions.js';
import { reportHtml } from './html.js';
import { writeCharts, type RenderedChart } from './render.js';
import { ReportPathError, dropStagingDir, isReportDir, lstatOrNull, makeStagingDir, replaceDir, stageReport, unsafeReportName } from './out-dir.js';
import { describeScenario, type ScenarioDescription } from './scenario-description.js';
import { BACKGROUND_ROWS, writeAttemptsAside, type AttemptsAside } from './attempts-table.js';
import { writeAttemptsCsv, writeInstancesCsv, writeJobsCsv } from './tables.js';
import type { AlarmOutcome } from '../alarms/run-alarms.js';
import { alarmsAndRules } from './alarms-and-rules.js';

export interface WrittenRun {
  dir: string;
  summary: Summary;
  files: string[];
  /** Envelopes in events.jsonl (when written). */
  events?: number;
  /** metrics.csv's table (writeReport, for a recorded run): what compare's side-by-side page draws. */
  metrics?: MetricsTable | null;
}

export interface WriteRunOptions {
  /**
   * The recorder the run was simulated under (simulateRecorded); found automatically for a
   * Simulation run that way. Without one there is no metrics.csv and no events.jsonl.
   */
  recorder?: RunRecorder;
  /** charts/ and report.html (writeReport only). Default true. */
  charts?: boolean;
  /** More files written into the report with the others, e.g. rejected-rows.csv: name → text. */
  extraFiles?: Record<string, string>;
}

interface Staged {
  summary: Summary;
  files: string[];
  events?: number;
  names: JobNames;
  scenario: ScenarioDescription;
  metrics: MetricsTable | null;
  /** The scenario's alarms as the run's series moved them (report.html draws them). */
  alarms: AlarmOutcome[];
}

/**
 * The tables, summary, scenario, metrics and events, into `dir`. With `aside`, a long attempts.csv
 * is written by a worker thread meanwhile: `attempts` is then to be awaited (or aborted) by the caller.
 */
function writeFiles(sim: RunResult, dir: string, recorder: RunRecorder | undefined, extra: Record<string, string> = {}, aside = false): Staged & { attempts: AttemptsAside | null } {
  const attemptsPath = join(dir, 'attempts.csv');
  const attempts = aside && sim.attempts.count >= BACKGROUND_ROWS ? writeAttemptsAside(attemptsPath, sim) : null;
  try {
    return { ...writeOthers(sim, dir, recorder, extra, attempts === null ? attemptsPath : null), attempts };
  } catch (e) {
    attempts?.abort();
    throw e;
  }
}

/** writeFiles' work on this thread; attempts.csv too when `attemptsPath` is given. */
function writeOthers(sim: RunResult, dir: string, recorder: RunRecorder | undefined, extra: Record<string, string>, attemptsPath: string | null): Staged {
  const names = new JobNames(sim);
  const summary = summarize(sim, names);
  const scenario = describeScenario(sim.scenario, sim.seed);
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(scenario, null, 2) + '\n');
  writeJobsCsv(join(dir, 'jobs.csv'), sim, names);
  if (attemptsPath !== null) writeAttemptsCsv(attemptsPath, sim, names);
  writeInstancesCsv(join(dir, 'instances.csv'), sim);
  const files = ['summary.json', 'scenario.json', 'jobs.csv', 'attempts.csv', 'instances.csv'];
  if (sim.executions) {
    writeExecutionsCsv(join(dir, 'executions.csv'), sim.executions);
    files.push('executions.csv');
  }
  let metrics: MetricsTable | null = null;
  let events: number | undefined;
  let alarms: AlarmOutcome[] = [];
  if (recorder) {
    const table = buildMetrics(sim, recorder);
    metrics = table;
    writeMetricsCsv(join(dir, 'metrics.csv'), table);
    files.push('metrics.csv');
    // events.jsonl, alarms.csv, rule-matches.jsonl and summary.json's alarms and rules.
    const more = alarmsAndRules(sim, recorder, names, () => table, summary, dir);
    alarms = more.alarms;
    events = more.events;
    files.push(...more.files);
  }
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  for (const [name, text] of Object.entries(extra)) {
    if (unsafeReportName(name) !== null || files.includes(name)) throw new RangeError(`extraFiles: '${name}' cannot be a file of the report`);
    writeFileSync(join(dir, name), text);
    files.push(name);
  }
  return { summary, files, events, names, scenario, metrics, alarms };
}

/**
 * summary.json, scenario.json, jobs.csv, attempts.csv, instances.csv — and metrics.csv (plus
 * events.jsonl when recorded) for a run simulated under a RunRecorder. No charts: see writeReport.
 */
export function writeRun(sim: RunResult, outDir: string, options: WriteRunOptions = {}): WrittenRun {
  return stageReport(outDir, (tmp) => {
    const s = writeFiles(sim, tmp, options.recorder ?? recorderOf(sim), options.extraFiles);
    return { dir: outDir, summary: s.summary, files: s.files, events: s.events };
  });
}

/** Renders charts/ and report.html into `dir` from what a report directory holds; returns the charts drawn and the files written. */
async function writeChartsAndPage(dir: string, input: ChartInput, files: string[]): Promise<{ charts: string[]; files: string[] }> {
  const charts = buildCharts(input);
  const rendered: RenderedChart[] = await writeCharts(dir, charts);
  const skipped = skippedCharts(new Set(charts.map((c) => c.name)));
  writeFileSync(join(dir, 'report.html'), reportHtml({ input, charts: rendered, skipped, files: [...[...files].sort(), 'charts/', 'report.html'] }));
  return { charts: rendered.map((r) => r.name), files: [...rendered.flatMap((r) => [r.specFile, r.svgFile]), 'report.html'] };
}

/**
 * `batchsim chart DIR`: draws charts/ and report.html again from a report directory's files
 * (summary.json, scenario.json, metrics.csv, jobs.csv, attempts.csv, instances.csv). The old
 * charts and page are replaced only once the new ones are complete.
 */
export async function rerenderReport(dir: string): Promise<{ charts: string[]; files: string[] }> {
  const input = await chartInputFromDirectory(dir);
  // Drawn in a marked staging directory inside the report (a killed redraw's is removed later),
  // then charts/ swapped in and report.html renamed over the old page.
  const tmp = makeStagingDir(dir, 'charts');
  try {
    const drawn = await writeChartsAndPage(tmp, input, reportFiles(dir));
    const target = join(dir, 'charts');
    const st = lstatOrNull(target);
    if (st && !ourCharts(dir, target, st)) throw new ReportPathError(`'${target}' holds files batchsim did not write; batchsim will not replace it`);
    // The page is replaced only if it is one (a link or a directory there is not batchsim's).
    const page = join(dir, 'report.html');
    const pageSt = lstatOrNull(page);
    if (pageSt && !pageSt.isFile()) throw new ReportPathError(`'${page}' is not a file batchsim wrote; batchsim will not replace it`);
    replaceDir(join(tmp, 'charts'), target, st ? 'report' : 'absent');
    renameSync(join(tmp, 'report.html'), page);
    return drawn;
  } finally {
    dropStagingDir(tmp);
  }
}

/**
 * Whether an existing charts/ may be replaced: in a marked report, or (a report written before
 * the marker) when it holds nothing but chart files.
 */
function ourCharts(dir: string, charts: string, st: Stats): boolean {
  if (st.isSymbolicLink() || !st.isDirectory()) return false;
  if (isReportDir(dir)) return true;
  return readdirSync(charts, { withFileTypes: true }).every((e) => e.isFile() && /\.(vl\.json|svg)$/.test(e.name));
}

/** Everything writeRun writes, and (unless `charts: false`) charts/*.vl.json, charts/*.svg and report.html. */
export async function writeReport(sim: RunResult, outDir: string, options: WriteRunOptions = {}): Promise<WrittenRun> {
  return stageReport(outDir, async (tmp) => {
    const s = writeFiles(sim, tmp, options.recorder ?? recorderOf(sim), options.extraFiles, true);
    try {
      const files = [...s.files];
      if (options.charts !== false) {
        const input = chartInputFromRun(sim, s.names, s.summary, s.scenario, s.metrics, s.alarms);
        files.push(...(await writeChartsAndPage(tmp, input, s.files)).files);
      }
      await s.attempts?.done;
      return { dir: outDir, summary: s.summary, files, events: s.events, metrics: s.metrics };
    } catch (e) {
      s.attempts?.abort();
      throw e;
    }
  });
}

/** Files of a report directory, for report.html's footer (charts/ listed once). */
export function reportFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => !f.startsWith('.') && f !== 'charts' && f !== 'report.html').sort();
}
