// `batchsim check` (docs/check.md): runs a scenario over its seeds and turns what it requires —
// expectations, a baseline, golden outputs — into test cases with a verdict each. Each run is
// dropped once judged, so many seeds of a large scenario need the memory of one.
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_METRICS_PERIOD_SECONDS } from '../metrics/recorder.js';
import { alarmPeriodProblem } from '../alarms/run-alarms.js';
import { watchedRun, watchedSimulation } from '../report/alarms-and-rules.js';
import { summarize, type Summary } from '../metrics/summary.js';
import { JobStatus, JOB_STATUS_NAMES } from '../model/jobs.js';
import { ReportPathError, checkReportTarget, stageReport } from '../report/out-dir.js';
import { writeRun } from '../report/write-run.js';
import type { Expectation } from '../scenario/expectations.js';
import type { Scenario } from '../scenario/types.js';
import { JobNames } from '../sim/naming.js';
import type { RunResult } from '../sim/run-result.js';
import { simulate } from '../sim/simulation.js';
import { movedSince, moveText, readBaseline, writeBaseline } from './baseline.js';
import { describeExpectation, judge, type JobOutcome, type SeedRun } from './evaluate.js';
import { compareGolden, goldenDiffText, goldenDir, type GoldenDiff } from './golden.js';
import type { TestCase } from './junit.js';
import { theoryOverSeeds, type Theory } from '../theory/theory.js';

export interface CheckOptions {
  /** How many seeds: the scenario's seed and the ones after it. */
  seeds: number;
  expectations: readonly Expectation[];
  /** Compare with (or, with `update`, store) a summary per seed; `tolerance` is relative (0.05: 5 %). */
  baseline?: { dir: string; update: boolean; tolerance: number };
  /** Compare with (or, with `update`, store) the CSV outputs per seed. */
  golden?: { dir: string; update: boolean };
}

export interface CheckResult {
  seeds: number[];
  cases: TestCase[];
  /** Baselines or golden outputs stored (the update modes). */
  stored: string[];
  /**
   * Queueing theory beside the simulated values (docs/model.md), for a scenario batchsim
   * recognises: over the seeds (independent replications) when there are several. Not a test case.
   */
  theory: Theory | null;
}

export function check(scenario: Scenario, options: CheckOptions): CheckResult {
  const seeds = Array.from({ length: options.seeds }, (_, i) => scenario.seed + i);
  const runs: SeedRun[] = [];
  const cases: TestCase[] = [];
  const summaries: Summary[] = [];
  const golden = options.golden;
  const watched = (scenario.eventRules ?? []).length > 0 || (scenario.alarms ?? []).length > 0;
  const periods = alarmPeriodProblem(scenario, DEFAULT_METRICS_PERIOD_SECONDS);
  if (periods) throw new RangeError(periods);
  storesApart(options);
  // Where a baseline is to be stored is refused before the runs, not after them (as golden outputs are).
  if (options.baseline?.update) checkReportTarget(options.baseline.dir);

  const runSeeds = (goldenStaging: string | null) => {
    for (const seed of seeds) {
      // Golden outputs include metrics.csv, alarms read the metric series and rules the events:
      // only a recorded run has them. Writing the golden outputs summarizes the run: that summary is the seed's.
      let sim: RunResult;
      let summary: Summary;
      if (golden) {
        sim = watchedSimulation(scenario, seed).sim;
        if (goldenStaging !== null) summary = writeRun(sim, join(goldenStaging, goldenDir(seed))).summary;
        else {
          const compared = compareGolden(golden.dir, sim);
          summary = compared.summary;
          cases.push(goldenCase(sim.seed, compared.diffs));
        }
      } else {
        ({ sim, summary } = watched ? watchedRun(scenario, seed) : bareRun(scenario, seed));
      }
      summaries.push(summary);
      runs.push({ seed, summary, job: outcomesOf(sim) });
      if (options.baseline && !options.baseline.update) cases.push(baselineCase(options.baseline.dir, summary, options.baseline.tolerance));
    }
  };
  const stored: string[] = [];
  if (golden?.update) {
    stageReport(golden.dir, (tmp) => runSeeds(tmp));
    stored.push(`golden outputs of ${seeds.length} seed${seeds.length === 1 ? '' : 's'} in ${golden.dir}`);
  } else {
    runSeeds(null);
  }
  if (options.baseline?.update) {
    writeBaseline(options.baseline.dir, summaries);
    stored.push(`baseline of ${seeds.length} seed${seeds.length === 1 ? '' : 's'} in ${options.baseline.dir}`);
  }
  const verdicts = judge(options.expectations, runs).map((v): TestCase => ({
    name: `${v.expectation.path} ${describeExpectation(v.expectation)}${v.seed === null ? ` [${seeds.length} seeds, p ≥ ${v.expectation.probability}]` : ` [seed ${v.seed}]`}`,
    group: 'expect',
    failure: v.passed ? null : { message: v.message, details: v.message },
    detail: v.message,
  }));
  const theory = summaries.length > 1 ? theoryOverSeeds(summaries.map((s) => s.theory)) : (summaries[0]?.theory ?? null);
  return { seeds, cases: [...verdicts, ...cases], stored, theory };
}

/**
 * Golden outputs and a baseline stored in one directory (or one inside the other) would replace
 * each other: storing either replaces its directory whole.
 */
function storesApart(options: CheckOptions): void {
  const { golden, baseline } = options;
  if (!golden || !baseline || !(golden.update || baseline.update)) return;
  const inside = (a: string, b: string) => {
    const r = relative(resolve(b), resolve(a));
    return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
  };
  if (inside(golden.dir, baseline.dir) || inside(baseline.dir, golden.dir)) {
    throw new ReportPathError(`the golden outputs ('${golden.dir}') and the baseline ('${baseline.dir}') need directories apart: storing one replaces its directory whole`);
  }
}

/** A run with nothing to record: its summary from the tables alone. */
function bareRun(scenario: Scenario, seed: number): { sim: RunResult; summary: Summary } {
  const sim = simulate(scenario, { seed });
  return { sim, summary: summarize(sim, new JobNames(sim)) };
}

/** The job a `jobs:` entry submitted, as a job expectation reads it. */
function outcomesOf(sim: RunResult): (submission: number) => JobOutcome {
  const rows = sim.submissionRow;
  const { jobs } = sim;
  // Only the rows of the scenario's jobs are kept once the run is dropped.
  const kept = rows.map((row) => {
    if (row < 0) return { status: 'NOT_SUBMITTED', startedAt: null, stoppedAt: null };
    const status = jobs.status.data[row];
    const started = jobs.firstStartedAt.data[row] >= 0 ? jobs.firstStartedAt.data[row] : jobs.startedAt.data[row];
    const terminal = status === JobStatus.SUCCEEDED || status === JobStatus.FAILED;
    return {
      status: JOB_STATUS_NAMES[status],
      startedAt: started >= 0 ? started / 1000 : null,
      stoppedAt: terminal && jobs.stoppedAt.data[row] >= 0 ? jobs.stoppedAt.data[row] / 1000 : null,
    };
  });
  return (submission) => kept[submission];
}

function baselineCase(dir: string, summary: Summary, tolerance: number): TestCase {
  const moves = movedSince(readBaseline(dir, summary.seed), summary, tolerance);
  const name = `baseline [seed ${summary.seed}]`;
  if (moves.length === 0) return { name, group: 'baseline', failure: null, detail: `no metric moved beyond ${tolerance * 100} %` };
  const lines = moves.map(moveText);
  const message = `${moves.length} metric${moves.length === 1 ? '' : 's'} moved beyond ${tolerance * 100} % of the baseline`;
  return { name, group: 'baseline', failure: { message, details: lines.join('\n') }, detail: [message, ...lines].join('\n') };
}

function goldenCase(seed: number, diffs: readonly GoldenDiff[]): TestCase {
  const name = `golden [seed ${seed}]`;
  if (diffs.length === 0) return { name, group: 'golden', failure: null, detail: 'CSV outputs identical' };
  const lines = diffs.map(goldenDiffText);
  const message = `${diffs.length} CSV file${diffs.length === 1 ? '' : 's'} differ${diffs.length === 1 ? 's' : ''} from the golden outputs`;
  return { name, group: 'golden', failure: { message, details: lines.join('\n') }, detail: [message, ...lines].join('\n') };
}
