#!/usr/bin/env node
// batchsim's command line. The only place that prints, reads argv or exits.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ScenarioError } from '../scenario/errors.js';
import { STDIN, loadScenario, loadScenarioData } from '../scenario/load.js';
import type { RunResult } from '../sim/run-result.js';
import { bothListeners } from '../sim/context.js';
import { traceFiles } from '../report/trace.js';
import { abandonStaging, checkReportTarget, unsafeReportName } from '../report/out-dir.js';
import { UsageError, errorJson, errorText, exitCodeOf, wantsJson, writingTo } from './errors.js';
import { DEFAULT_METRICS_PERIOD_SECONDS, recordedSimulation, simulateRecorded, type RecordOptions } from '../metrics/recorder.js';
import { TraceRecorder } from '../metrics/trace-recorder.js';
import { alarmPeriodProblem } from '../alarms/run-alarms.js';
import { BATCH_SCHEDULING } from '../scheduler/cycle-policy.js';
import { JobNames } from '../sim/naming.js';
import { startProgress } from './progress.js';
import { parseDuration, sweepCommands, workersOf } from './sweep-commands.js';
import { checkCommand } from './check-command.js';
import { importCommand, profileNotices } from './import-command.js';
import { numberOption, numberOptionWithDefault, seedCount } from './options.js';
import { COMPARISON_DIR, compare, comparisonRows, comparisonSweep } from '../plan/compare.js';
import { sweepSummary } from '../plan/advice.js';
import { planOf } from '../plan/sweep-results.js';
import { sweep } from '../plan/sweep.js';
import { runMetrics } from '../plan/run-metrics.js';
import { formatComparison, formatComparisonWithIntervals, formatNotices, formatSummary } from './format.js';
import type { Scenario } from '../scenario/types.js';
import { REJECTED_ROWS_FILE, rejectedRowsCsv, workloadNotes } from '../workload/notes.js';

/** With --skip-invalid, rejected-rows.csv: written into the report with its other files. */
function extraFiles(scenario: Scenario): Record<string, string> {
  const rejected = scenario.rejectedRows;
  return rejected && rejected.length > 0 ? { [REJECTED_ROWS_FILE]: rejectedRowsCsv(rejected) } : {};
}

/** Fields accepted but not simulated, replay notes (rows, jobs, trace credits) and where rejected-rows.csv went. */
function workloadReport(scenario: Scenario, out: string | null, to: NodeJS.WritableStream): void {
  const notices = profileNotices(scenario.notices ?? []);
  for (const line of [...formatNotices(notices.others), ...notices.lines]) to.write(line + '\n');
  for (const line of workloadNotes(scenario)) to.write(line + '\n');
  const rejected = scenario.rejectedRows;
  if (!rejected || rejected.length === 0 || out === null) return;
  const rows = new Set(rejected.map((r) => `${r.file}:${r.line}`)).size;
  to.write(`${rows} invalid ${rows === 1 ? 'row' : 'rows'} skipped (--skip-invalid): see ${join(out, REJECTED_ROWS_FILE)}\n`);
}

/**
 * reports/<name> for a scenario: its `name` must be one plain directory name, so that nothing
 * outside reports/ is ever written or replaced (a name taken from a file called `..yaml` is `.`).
 */
function reportDirOf(parent: string, scenario: Scenario, file: string): string {
  const why = unsafeReportName(scenario.name);
  if (why !== null) {
    throw new ScenarioError(file, [{
      path: 'name',
      message: `name ${JSON.stringify(scenario.name)} cannot name the report directory (${why}); give the scenario a \`name\` of letters, digits, dots, hyphens and underscores, or use --out`,
    }]);
  }
  return join(parent, scenario.name);
}

/** Whether errors are written as JSON: `--json` as parsed for the command (set below), else as the raw arguments ask. */
let jsonErrors = wantsJson(hideBin(process.argv));

function fail(e: unknown): never {
  const { text, exitCode } = jsonErrors ? { text: JSON.stringify({ error: errorJson(e) }), exitCode: exitCodeOf(e) } : errorText(e);
  process.stderr.write(text + '\n');
  process.exit(exitCode);
}

/**
 * Runs `work` (writing reports) so that SIGINT or SIGTERM first removes the staging directories
 * not yet in place, then ends the process by that signal as usual. Only around the writing: during
 * the (synchronous) simulation a handler could not run, and Ctrl-C must stop it at once.
 */
async function cleanOnSignal<T>(work: () => Promise<T>): Promise<T> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const handler = (signal: NodeJS.Signals) => {
    for (const s of signals) process.removeListener(s, handler);
    abandonStaging();
    process.kill(process.pid, signal);
  };
  for (const s of signals) process.on(s, handler);
  try {
    return await work();
  } finally {
    // A signal that came while synchronous writing held the thread is handled in this turn.
    await new Promise((resolve) => setImmediate(resolve));
    for (const s of signals) process.removeListener(s, handler);
  }
}

/** File-system trouble writing the report (a path that is a file, no permission) is the user's to fix. */
async function writeReport(sim: RunResult, out: string, options: { charts?: boolean; extraFiles?: Record<string, string> } = {}) {
  // The report code (and vega with it) loads only when a report is written: `validate` stays light.
  const { writeReport: writeReportDir } = await import('../report/write-run.js');
  return writingTo(`the report to '${out}'`, () => cleanOnSignal(() => writeReportDir(sim, out, options)));
}

/** Report options of `run` and `compare`: metrics.csv's period, events.jsonl, charts (docs/outputs.md). */
function reportOptions<T>(y: Argv<T>) {
  return y
    .option('metrics-period', numberOptionWithDefault('metrics-period', 'period of metrics.csv, whole seconds', { default: DEFAULT_METRICS_PERIOD_SECONDS }))
    .option('events', { type: 'boolean', default: false, describe: 'also write events.jsonl (EventBridge envelopes, one per job state change)' })
    .option('events-skip-array-children', { type: 'boolean', default: false, describe: 'leave array children out of events.jsonl (their parents stay)' })
    .option('events-max-array-children', numberOption('events-max-array-children', 'leave out the children of array jobs with more children than this'))
    .option('charts', { type: 'boolean', default: true, describe: 'draw charts/ and report.html (--no-charts skips them)' });
}

function recordOptions(argv: { metricsPeriod: number; events: boolean; eventsSkipArrayChildren: boolean; eventsMaxArrayChildren?: number }): RecordOptions {
  const period = argv.metricsPeriod;
  if (!Number.isInteger(period) || period < 1) throw new UsageError(`--metrics-period must be a whole number of seconds ≥ 1, received ${period}`);
  const limit = argv.eventsMaxArrayChildren;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new UsageError(`--events-max-array-children must be a whole number ≥ 0, received ${limit}`);
  return { metricsPeriodSeconds: period, events: argv.events, eventsArrayChildLimit: argv.eventsSkipArrayChildren ? 0 : limit };
}

/**
 * What to record for this scenario: EventBridge rules need the event log even without --events
 * (events.jsonl is then not written), and an alarm's Period must be a whole number of metrics periods.
 */
function recordFor(scenario: Scenario, record: RecordOptions): RecordOptions {
  const periods = alarmPeriodProblem(scenario, record.metricsPeriodSeconds ?? DEFAULT_METRICS_PERIOD_SECONDS);
  if (periods) throw new UsageError(periods);
  const rules = (scenario.eventRules ?? []).length > 0;
  return { ...record, events: record.events === true || rules, eventsFile: record.events === true };
}

/** --trace FROM..TO: durations from the start (16h, 90m, 600), either end open. */
function traceWindow(text: string): { fromMs: number; toMs: number } {
  const m = /^([^.]*)\.\.([^.]*)$/.exec(text.trim());
  if (!m) throw new UsageError(`--trace must be a window FROM..TO such as 10m..20m, 3600.. or ..2h, received "${text}"`);
  const fromMs = m[1].trim() === '' ? 0 : parseDuration(m[1], '--trace FROM') * 1000;
  const toMs = m[2].trim() === '' ? Infinity : parseDuration(m[2], '--trace TO') * 1000;
  if (toMs < fromMs) throw new UsageError(`--trace ${text}: the window ends before it begins`);
  return { fromMs, toMs };
}


function checkSeed(seed: number | undefined): void {
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, received ${seed}`);
}

/** What the exit code says, for --help (docs/outputs.md, "Errors"). */
const EXIT_CODES =
  'Exit codes: 0 done (check: every case held); 1 check: a case failed, plan: no configuration meets the constraints, ' +
  'or an internal error (a bug: with its stack trace); 2 bad input — a scenario, sweep or expectations file, an option or a path — ' +
  'reported with its location, nothing written.';

async function main(): Promise<void> {
  // `batchsim … | head`: a reader that has gone away ends the output, not with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  // `-` is standard input; yargs would read a lone `-` as an option without a name.
  const args = hideBin(process.argv).map((a) => (a === '-' ? STDIN : a));
  // `batchsim` alone: its usage, as --help gives it.
  const runAndCompare = yargs(args.length === 0 ? ['--help'] : args)
    .scriptName('batchsim')
    .usage('$0 <command> [options]')
    .command(
      'run <scenario>',
      'simulate a scenario and write its report',
      (y) =>
        reportOptions(y)
          .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
          .option('seed', numberOption('seed', "override the scenario's seed", { integer: true }))
          .option('out', { type: 'string', describe: 'report directory (default reports/<scenario name>/)' })
          .option('json', { type: 'boolean', default: false, describe: 'print summary.json instead of the readable summary' })
          .option('skip-invalid', { type: 'boolean', default: false, describe: 'skip invalid workload-trace rows (listed in rejected-rows.csv) instead of failing' })
          .option('strict', { type: 'boolean', default: false, describe: 'refuse AWS fields that are accepted but not simulated, instead of listing them' })
          .option('trace', { type: 'string', describe: 'write trace.txt and trace.jsonl: every cycle, placement, launch and job change from FROM to TO (e.g. 10m..20m, 3600.., ..2h)' }),
      async (argv) => {
        checkSeed(argv.seed);
        const record = recordOptions(argv);
        const trace = argv.trace !== undefined ? new TraceRecorder(traceWindow(argv.trace)) : null;
        const scenario = loadScenario(argv.scenario, { skipInvalid: argv.skipInvalid, strict: argv.strict });
        const out = argv.out ?? reportDirOf('reports', scenario, argv.scenario);
        // Before simulating: a long run should not end in "cannot write there".
        checkReportTarget(out);
        const progress = startProgress(scenario, scenario.name);
        let written;
        try {
          const onTransition = bothListeners(trace?.onTransition, progress?.onTransition);
          const { sim } = recordedSimulation(scenario, { ...recordFor(scenario, record), seed: argv.seed, onTransition, schedulingPolicy: trace?.policy(BATCH_SCHEDULING) });
          trace?.attach(sim);
          sim.run();
          progress?.writing();
          const traced = trace ? traceFiles(sim, trace, new JobNames(sim)) : null;
          const files = traced ? { ...extraFiles(scenario), 'trace.txt': traced.text, 'trace.jsonl': traced.jsonl } : extraFiles(scenario);
          written = await writeReport(sim, out, { charts: argv.charts, extraFiles: files });
        } finally {
          progress?.stop();
        }
        workloadReport(scenario, out, argv.json ? process.stderr : process.stdout);
        process.stdout.write(argv.json ? JSON.stringify(written.summary, null, 2) + '\n' : formatSummary(written.summary, out) + '\n');
      },
    )
    .command(
      'compare <scenarios..>',
      'run several scenarios on the same seeds and compare makespan and cost (the first is the baseline)',
      (y) =>
        reportOptions(y)
          .positional('scenarios', { type: 'string', array: true, demandOption: true })
          .option('seed', numberOption('seed', "the first seed (default: the first scenario's)", { integer: true }))
          .option('seeds', numberOptionWithDefault('seeds', 'seeds per scenario: with more than one, every figure gets a 95 % interval', { default: 1 }))
          .option('workers', numberOption('workers', 'worker threads for --seeds (default: one per core)'))
          .option('out', { type: 'string', describe: 'parent directory of the reports (default reports/)' })
          .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON' })
          .option('skip-invalid', { type: 'boolean', default: false, describe: 'skip invalid workload-trace rows (listed in rejected-rows.csv) instead of failing' })
          .option('strict', { type: 'boolean', default: false, describe: 'refuse AWS fields that are accepted but not simulated, instead of listing them' }),
      async (argv) => {
        checkSeed(argv.seed);
        const record = recordOptions(argv);
        const count = seedCount(argv.seeds);
        const workers = workersOf(argv.workers);
        const files = argv.scenarios as string[];
        const loaded = files.map((file) => ({ file, ...loadScenarioData(file, { skipInvalid: argv.skipInvalid, strict: argv.strict }) }));
        const scenarios = loaded.map((l) => l.scenario);
        const parent = argv.out ?? 'reports';
        const dirs = scenarios.map((s, i) => reportDirOf(parent, s, files[i]));
        // Names equal but for case are one directory on macOS and Windows.
        const names = new Set(scenarios.map((s) => s.name.toLowerCase()));
        if (names.size !== scenarios.length) throw new UsageError('the scenarios to compare need different names (their reports would overwrite each other)');
        if (names.has(COMPARISON_DIR)) throw new UsageError(`a scenario to compare may not be named "${COMPARISON_DIR}": the side-by-side page goes to ${join(parent, COMPARISON_DIR)}/`);
        const comparisonDir = join(parent, COMPARISON_DIR);
        for (const dir of [...dirs, comparisonDir]) checkReportTarget(dir);
        const first = argv.seed ?? scenarios[0].seed;
        const seeds = Array.from({ length: count }, (_, i) => first + i);
        const { compareSeriesOf, comparePageHtml } = await import('../plan/compare-page.js');
        // One run at a time on the first seed: each report is written and let go before the next;
        // what the side-by-side page needs of it is kept.
        const series: ReturnType<typeof compareSeriesOf>[] = [];
        const { results: summaries } = await compare(scenarios, first, async (scenario, common) => {
          const { sim } = simulateRecorded(scenario, { ...recordFor(scenario, record), seed: common });
          const written = await writeReport(sim, dirs[scenarios.indexOf(scenario)], { charts: argv.charts, extraFiles: extraFiles(scenario) });
          series.push(compareSeriesOf(written.metrics!, scenario.name));
          return written.summary;
        });
        scenarios.forEach((s, i) => workloadReport(s, dirs[i], argv.json ? process.stderr : process.stdout));
        // Underneath, a one-axis sweep: the scenarios are its configurations. The first seed's runs
        // are the reports' own; the pool runs the other seeds.
        const sw = comparisonSweep(loaded, seeds);
        const more = count === 1 ? [] : (await sweep(sw, { workers, skipInvalid: argv.skipInvalid, seeds: seeds.slice(1) })).rows;
        const rows = summaries.flatMap((s, configuration) => [
          { configuration, seed: first, metrics: runMetrics(s) },
          ...more.filter((r) => r.configuration === configuration),
        ]);
        const { writeSweepDir } = await import('../plan/write-sweep.js');
        const outcome = await writingTo(`the comparison to '${comparisonDir}'`, () => writeSweepDir(comparisonDir, planOf(sw), rows, (o) => comparePageHtml(series, o)));
        const rowsOfFirst = comparisonRows(summaries);
        const reports = dirs.map((dir) => join(dir, argv.charts === false ? 'summary.json' : 'report.html'));
        const page = join(comparisonDir, 'report.html');
        if (argv.json) {
          process.stdout.write(JSON.stringify({ seed: first, seeds, rows: rowsOfFirst, reports, comparison: page, intervals: count > 1 ? sweepSummary(outcome) : null }, null, 2) + '\n');
        } else {
          const table = count === 1 ? formatComparison(rowsOfFirst, first) : formatComparisonWithIntervals(outcome);
          process.stdout.write(`${table}\n\nReports: ${reports.join(', ')}\nSide by side: ${page}\n`);
        }
      },
    );
  // sweep and plan (sweep-commands.ts) come after run and compare in --help, as in the README.
  await importCommand(checkCommand(sweepCommands(runAndCompare)))
    .command(
      'validate <scenario>',
      'check a scenario file and report every problem with its location',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true })
          .option('strict', { type: 'boolean', default: false, describe: 'refuse AWS fields that are accepted but not simulated, instead of listing them' })
          .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON (problems go to stderr as JSON, exit 2)' }),
      (argv) => {
        const scenario = loadScenario(argv.scenario, { strict: argv.strict });
        const jobs = scenario.jobs.length;
        if (argv.json) {
          process.stdout.write(JSON.stringify(validateJson(argv.scenario, scenario), null, 2) + '\n');
          return;
        }
        process.stdout.write(
          `${argv.scenario}: valid (${scenario.computeEnvironments.length} compute environments, ${scenario.jobQueues.length} job queues, ` +
            `${scenario.jobDefinitions.length} job definitions, ${jobs} job submissions, ${scenario.workloads.length} workloads${optionalCounts(scenario)})\n`,
        );
        workloadReport(scenario, null, process.stdout);
      },
    )
    .command(
      'chart <dir>',
      "draw a report directory's charts/ and report.html again from its CSV files and summary.json",
      (y) => y.positional('dir', { type: 'string', demandOption: true, describe: 'a report directory written by batchsim run' }),
      async (argv) => {
        if (!existsSync(join(argv.dir, 'summary.json'))) throw new UsageError(`'${argv.dir}' is not a batchsim report directory (no summary.json)`);
        const { rerenderReport } = await import('../report/write-run.js');
        const { files } = await rerenderReport(argv.dir);
        process.stdout.write(`${argv.dir}: wrote ${files.join(', ')}\n`);
      },
    )
    .middleware((argv) => {
      jsonErrors = argv.json === true;
    })
    .demandCommand(1, 'Name a command: run, compare, sweep, plan, check, import, validate or chart.')
    .strict()
    .fail((msg, err) => {
      // An option's own check (options.ts) reaches here wrapped by yargs: it is the user's to fix.
      if (err?.name === 'YError') throw new UsageError(err.message);
      if (err) throw err;
      throw new UsageError(unknownInUserSpelling(msg, args));
    })
    .help()
    .alias('h', 'help')
    .epilogue(EXIT_CODES)
    .parseAsync();
}

/**
 * yargs names an unknown option in every spelling it knows (`outDir, out-dir`): name each once,
 * as the user typed it.
 */
function unknownInUserSpelling(msg: string, raw: string[]): string {
  const m = /^Unknown arguments?: (.*)$/.exec(msg);
  if (!m) return msg;
  const typed = new Set(raw.filter((a) => a.startsWith('-')).map((a) => a.replace(/^-+/, '').split('=')[0]));
  const names = m[1].split(', ');
  const options = names.filter((n) => typed.has(n)).map((n) => (n.length === 1 ? `-${n}` : `--${n}`));
  const others = names.filter((n) => !typed.has(n) && raw.includes(n));
  const parts = [...(options.length ? [`unknown option${options.length > 1 ? 's' : ''} ${options.join(', ')}`] : []), ...(others.length ? [`unexpected argument${others.length > 1 ? 's' : ''} ${others.join(', ')}`] : [])];
  return parts.length ? `${parts.join('; ')} (see batchsim <command> --help)` : msg;
}

/** The sections only some scenarios have, counted for validate: ", 1 state machines, 2 executions, …". */
function optionalCounts(s: Scenario): string {
  const parts: [number, string][] = [
    [s.stateMachines?.length ?? 0, 'state machines'], [s.executions?.length ?? 0, 'executions'],
    [s.alarms?.length ?? 0, 'alarms'], [s.eventRules?.length ?? 0, 'event rules'], [s.expect?.length ?? 0, 'expectations'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, what]) => `, ${n} ${what}`).join('');
}

/** validate --json: what the scenario holds, and the fields accepted but not simulated. */
function validateJson(file: string, scenario: Scenario): object {
  return {
    file, valid: true, name: scenario.name,
    computeEnvironments: scenario.computeEnvironments.length, jobQueues: scenario.jobQueues.length,
    jobDefinitions: scenario.jobDefinitions.length, jobs: scenario.jobs.length, workloads: scenario.workloads.length,
    expectations: scenario.expect?.length ?? 0, stateMachines: scenario.stateMachines?.length ?? 0, executions: scenario.executions?.length ?? 0,
    alarms: scenario.alarms?.length ?? 0, eventRules: scenario.eventRules?.length ?? 0,
    notices: (scenario.notices ?? []).map((n) => ({ path: n.path, message: n.message })),
  };
}

main().catch(fail);
