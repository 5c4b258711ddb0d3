// Judges a scenario's expectations against its runs (docs/check.md): one verdict per expectation
// and seed, or — for an expectation with a probability — one verdict over all seeds, held when
// the share of seeds on which it holds reaches that probability.
import type { Summary } from '../metrics/summary.js';
import { summaryValue } from '../metrics/summary-paths.js';
import type { Bound, Expectation, JobExpectation } from '../scenario/expectations.js';
import { wilson } from '../util/stats.js';
import { roundTo } from '../util/round.js';

/** What a job expectation reads of one run: the job's status and times (seconds from the start; null if never). */
export interface JobOutcome {
  status: string;
  startedAt: number | null;
  stoppedAt: number | null;
}

export interface SeedRun {
  seed: number;
  summary: Summary;
  /** The job submitted by Scenario.jobs[submission]. */
  job(submission: number): JobOutcome;
}

export interface Verdict {
  expectation: Expectation;
  /** The seed judged; null for a verdict over all seeds. */
  seed: number | null;
  passed: boolean;
  /** What was found, e.g. `makespanSeconds = 4744.366, expected ≤ 57600`. */
  message: string;
}

export function judge(expectations: readonly Expectation[], runs: readonly SeedRun[]): Verdict[] {
  const out: Verdict[] = [];
  for (const e of expectations) {
    const each = runs.map((r) => ({ seed: r.seed, ...holds(e, r) }));
    if (!e.overSeeds) {
      for (const v of each) out.push({ expectation: e, seed: v.seed, passed: v.passed, message: v.message });
      continue;
    }
    const held = each.filter((v) => v.passed).length;
    const share = held / runs.length;
    const { low: lo, high: hi } = wilson(held, runs.length);
    const failedOn = each.filter((v) => !v.passed).map((v) => `seed ${v.seed}: ${v.message}`);
    out.push({
      expectation: e,
      seed: null,
      passed: share >= e.probability,
      message:
        `${describeExpectation(e)} held on ${held} of ${runs.length} seeds (${fmt(share)}; 95 % interval ${fmt(lo)}–${fmt(hi)}), ` +
        `required ${fmt(e.probability)}${failedOn.length ? `; failed on ${failedOn.slice(0, 3).join('; ')}${failedOn.length > 3 ? '; …' : ''}` : ''}`,
    });
  }
  return out;
}

function holds(e: Expectation, run: SeedRun): { passed: boolean; message: string } {
  if (e.kind === 'metric') {
    const v = summaryValue(run.summary, e.metric);
    return { passed: within(v, e.bound), message: `${e.metric} = ${fmt(v)}, expected ${boundText(e.bound)}` };
  }
  return holdsForJob(e, run.job(e.submission));
}

function holdsForJob(e: JobExpectation, o: JobOutcome): { passed: boolean; message: string } {
  const wrong: string[] = [];
  if (e.status !== null && o.status !== e.status) wrong.push(`status ${o.status}, expected ${e.status}`);
  for (const [what, bound, at] of [['started', e.startedAt, o.startedAt], ['stopped', e.stoppedAt, o.stoppedAt]] as const) {
    if (bound === null) continue;
    if (at === null) wrong.push(`never ${what}, expected to have ${what} at ${boundText(bound)} s`);
    else if (!within(at, bound)) wrong.push(`${what} at ${fmt(at)} s, expected ${boundText(bound)} s`);
  }
  const found = `${o.status}${o.startedAt !== null ? `, started at ${fmt(o.startedAt)} s` : ''}${o.stoppedAt !== null ? `, stopped at ${fmt(o.stoppedAt)} s` : ''}`;
  return wrong.length ? { passed: false, message: `job ${e.job}: ${wrong.join('; ')}` } : { passed: true, message: `job ${e.job}: ${found}` };
}

function within(v: number, b: Bound): boolean {
  return v >= b.min && v <= b.max;
}

/** `≤ 57600`, `≥ 10`, `between 100 and 250`, `= 0`. */
export function boundText(b: Bound): string {
  if (b.min === b.max) return `= ${fmt(b.min)}`;
  if (b.min === -Infinity) return `≤ ${fmt(b.max)}`;
  if (b.max === Infinity) return `≥ ${fmt(b.min)}`;
  return `between ${fmt(b.min)} and ${fmt(b.max)}`;
}

/** One line naming what an expectation requires, e.g. `makespanSeconds ≤ 50000` or `job JobE SUCCEEDED, stopped ≤ 30000 s`. */
export function describeExpectation(e: Expectation): string {
  if (e.kind === 'metric') return `${e.metric} ${boundText(e.bound)}`;
  const parts = [
    ...(e.status ? [e.status] : []),
    ...(e.startedAt ? [`started ${boundText(e.startedAt)} s`] : []),
    ...(e.stoppedAt ? [`stopped ${boundText(e.stoppedAt)} s`] : []),
  ];
  return `job ${e.job} ${parts.join(', ')}`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(roundTo(x, 3));
}
