// `batchsim check` on the command line (docs/check.md): exit 0 when everything holds, 1 when an
// expectation, the baseline or the golden outputs fail, 2 for bad input.
import { closeSync, openSync, readSync } from 'node:fs';
import type { Argv } from 'yargs';
import { alarmPeriodProblem } from '../alarms/run-alarms.js';
import { DEFAULT_METRICS_PERIOD_SECONDS } from '../metrics/recorder.js';
import type { TestCase } from '../check/junit.js';
import { metricNamesOf } from '../plan/alarm-rule-metrics.js';
import { ReportPathError, lstatOrNull, writeFileWhole } from '../report/out-dir.js';
import { Checker, isObj } from '../scenario/check.js';
import { ScenarioError } from '../scenario/errors.js';
import { jobIndexByName, readExpectations, type Expectation } from '../scenario/expectations.js';
import { loadScenario, readSourceFile } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { UsageError, writingTo } from './errors.js';
import { numberOptionWithDefault, seedCount } from './options.js';

/** The first line of every JUnit file batchsim writes, after the XML declaration: how it knows one it may replace. */
const JUNIT_MARK = '<testsuites name="batchsim check"';

export function checkCommand<T>(y: Argv<T>): Argv<T> {
  return y.command(
    'check <scenario>',
    "run a scenario over seeds and check its expectations, baseline or golden outputs (exit 1 when one fails)",
    (c) =>
      c
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
        .option('seeds', numberOptionWithDefault('seeds', "how many seeds: the scenario's seed and the ones after it", { default: 1 }))
        .option('expect', { type: 'string', describe: "expectations file (an `expect:` list), in place of the scenario's own" })
        .option('junit', { type: 'string', describe: 'write the verdicts as JUnit XML to this file' })
        .option('baseline', { type: 'string', describe: 'directory of stored summaries to compare with (one per seed)' })
        .option('update-baseline', { type: 'boolean', default: false, describe: 'store this run as the baseline instead of comparing' })
        .option('tolerance', { type: 'string', default: '0%', describe: 'how far a baseline metric may move before the check fails, e.g. 5%' })
        .option('golden', { type: 'string', describe: 'directory of golden CSV outputs to compare with byte for byte (one per seed)' })
        .option('update-golden', { type: 'boolean', default: false, describe: 'store this run as the golden outputs instead of comparing' })
        .option('json', { type: 'boolean', default: false, describe: 'print the verdicts as JSON' })
        .option('strict', { type: 'boolean', default: false, describe: 'refuse AWS fields that are accepted but not simulated, instead of listing them' }),
    async (argv) => {
      const seeds = seedCount(argv.seeds);
      if (argv.updateBaseline && argv.baseline === undefined) throw new UsageError('--update-baseline needs --baseline DIR (where to store it)');
      if (argv.updateGolden && argv.golden === undefined) throw new UsageError('--update-golden needs --golden DIR (where to store them)');
      const tolerance = toleranceOf(argv.tolerance);
      const scenario = loadScenario(argv.scenario, { strict: argv.strict });
      const periods = alarmPeriodProblem(scenario, DEFAULT_METRICS_PERIOD_SECONDS);
      if (periods) throw new UsageError(periods);
      const expectations = argv.expect !== undefined ? readExpectationsFile(argv.expect, scenario) : (scenario.expect ?? []);
      if (expectations.length === 0 && argv.baseline === undefined && argv.golden === undefined) {
        throw new UsageError(`nothing to check: ${argv.scenario} has no expect: section; give --expect FILE, --baseline DIR or --golden DIR`);
      }
      if (argv.junit !== undefined) checkJunitTarget(argv.junit);
      const t0 = process.hrtime.bigint();
      // The runs, the report writer (golden outputs) and the XML writer load only for a check.
      const [{ check }, { junitXml }, { theoryLine }] = await Promise.all([import('../check/check.js'), import('../check/junit.js'), import('../report/theory-panel.js')]);
      const result = check(scenario, {
        seeds,
        expectations,
        baseline: argv.baseline !== undefined ? { dir: argv.baseline, update: argv.updateBaseline, tolerance } : undefined,
        golden: argv.golden !== undefined ? { dir: argv.golden, update: argv.updateGolden } : undefined,
      });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const junit = argv.junit;
      if (junit !== undefined) await writingTo(`the JUnit file '${junit}'`, () => writeJunit(junit, junitXml(scenario.name, result.cases, seconds)));
      const failed = result.cases.filter((c) => c.failure !== null).length;
      const passed = result.cases.length - failed;
      if (argv.json) {
        const cases = result.cases.map((c) => ({ name: c.name, group: c.group, passed: c.failure === null, detail: c.detail }));
        process.stdout.write(JSON.stringify({ scenario: scenario.name, seeds: result.seeds, cases, stored: result.stored, passed, failed, theory: result.theory }, null, 2) + '\n');
      } else {
        process.stdout.write(report(argv.scenario, result.seeds, result.cases, result.stored, passed, failed));
        if (result.theory) process.stdout.write(`theory: ${theoryLine(result.theory)}\n`);
      }
      if (failed > 0) process.exitCode = 1;
    },
  );
}

function report(file: string, seeds: number[], cases: TestCase[], stored: string[], passed: number, failed: number): string {
  const range = seeds.length === 1 ? `seed ${seeds[0]}` : `${seeds.length} seeds (${seeds[0]}–${seeds[seeds.length - 1]})`;
  const lines = [`check ${file}: ${range}`];
  for (const c of cases) {
    const [first, ...rest] = c.detail.split('\n');
    lines.push(`${c.failure ? '✖' : '✔'} ${c.name}: ${first}`);
    for (const r of rest) lines.push(`    ${r}`);
  }
  for (const s of stored) lines.push(`stored ${s}`);
  lines.push(`${passed} passed, ${failed} failed`);
  return lines.join('\n') + '\n';
}

/** `5%`, `0.5 %` or a plain fraction `0.05`. */
function toleranceOf(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(v);
  const t = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!Number.isFinite(t) || t < 0) throw new UsageError(`--tolerance must be a percentage such as 5% (or a fraction such as 0.05), received ${JSON.stringify(v)}`);
  return t;
}

/** An expectations file: an `expect:` list (or the list alone), checked against the scenario's names. */
function readExpectationsFile(file: string, scenario: Scenario): Expectation[] {
  const what = 'expectations file';
  const read = readSourceFile(file, what);
  if ('problem' in read) throw new ScenarioError(file, [read.problem], what);
  const { source } = read;
  const c = new Checker(source.values, source.keys);
  c.problems.push(...source.problems);
  let list: unknown = source.root;
  let at = '';
  if (isObj(list)) {
    const extra = Object.keys(list).filter((k) => k !== 'expect');
    for (const k of extra) c.report(k, `Unknown field "${k}" (an expectations file holds one list, expect:)`, 'key');
    list = list.expect;
    at = 'expect';
  }
  if (!Array.isArray(list)) {
    if (c.problems.length === 0) c.report(at, 'An expectations file holds a list of expectations, or a mapping with one key, expect:, holding that list');
    throw new ScenarioError(file, c.sorted(), what);
  }
  const expectations = readExpectations(c, list, { ...metricNamesOf(scenario), jobs: jobIndexByName(scenario.jobs) }, at);
  if (c.problems.length > 0) throw new ScenarioError(file, c.sorted(), what);
  return expectations;
}

/** The JUnit file may be written: absent, or a file an earlier check wrote (anything else is the user's). */
function checkJunitTarget(file: string): void {
  const st = lstatOrNull(file);
  if (!st) return;
  if (!st.isFile()) throw new ReportPathError(`'${file}' exists and is not a regular file; batchsim will not replace it (choose another --junit)`);
  // Its first 512 bytes say whose it is (a large file of the user's is not read whole).
  const fd = openSync(file, 'r');
  const bytes = Buffer.alloc(512);
  let n: number;
  try {
    n = readSync(fd, bytes, 0, 512, 0);
  } finally {
    closeSync(fd);
  }
  const head = bytes.toString('utf8', 0, n);
  if (!head.includes(JUNIT_MARK)) throw new ReportPathError(`'${file}' exists and is not a JUnit file batchsim wrote; batchsim will not replace it (choose another --junit)`);
}

/** Written beside, then renamed over: a reader never sees half a file. */
function writeJunit(file: string, xml: string): void {
  checkJunitTarget(file);
  writeFileWhole(file, xml);
}
