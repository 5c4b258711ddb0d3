// The `expect:` section (docs/check.md): what `batchsim check` requires of a run — bounds on a
// number of summary.json, or on a named job's end — each for every seed, or with a probability
// over the seeds. Read here so that a misspelt metric or an unknown job is refused at its place in
// the file before anything runs; src/check evaluates them.
import { metricPathProblem, type MetricNames } from '../metrics/summary-paths.js';
import { JOB_STATUS_NAMES } from '../model/jobs.js';
import { fields, quoteList, seconds, type Checker, type Fields } from './check.js';

/** A closed range: the bound an expectation puts on a number (either end may be open). */
export interface Bound {
  min: number;
  max: number;
}

interface Common {
  /** Where it is written, e.g. `expect[2]` (messages and JUnit test names). */
  path: string;
  /** The share of seeds on which it must hold (1: every seed). */
  probability: number;
  /** Whether `probability` was written (a probability expectation is one verdict over all seeds). */
  overSeeds: boolean;
}

export interface MetricExpectation extends Common {
  kind: 'metric';
  metric: string;
  bound: Bound;
}

/** Bounds on a job of the `jobs:` section, found by its jobName. */
export interface JobExpectation extends Common {
  kind: 'job';
  job: string;
  /** Index in Scenario.jobs. */
  submission: number;
  status: string | null;
  /** Seconds from the scenario's start. */
  startedAt: Bound | null;
  stoppedAt: Bound | null;
}

export type Expectation = MetricExpectation | JobExpectation;

export interface ExpectationNames extends MetricNames {
  /** jobName → index in Scenario.jobs; −1 when several jobs share the name. */
  jobs: ReadonlyMap<string, number>;
}

const METRIC_KNOWN = ['metric', 'atLeast', 'atMost', 'between', 'equals', 'probability'];
const JOB_KNOWN = ['job', 'status', 'startedAtLeast', 'startedAtMost', 'stoppedAtLeast', 'stoppedAtMost', 'probability'];

/** The names a section may refer to, from the scenario's jobs (first index of each name; −1 if repeated). */
export function jobIndexByName(jobs: readonly { jobName: string }[]): Map<string, number> {
  const byName = new Map<string, number>();
  jobs.forEach((j, i) => byName.set(j.jobName, byName.has(j.jobName) ? -1 : i));
  return byName;
}

export function readExpectations(c: Checker, items: unknown[], names: ExpectationNames, at = 'expect'): Expectation[] {
  const out: Expectation[] = [];
  items.forEach((item, i) => {
    const f = fields(c, item, `${at}[${i}]`);
    if (!f) return;
    const e = f.has('job') && !f.has('metric') ? readJob(f, names) : readMetric(f, names);
    if (e) out.push(e);
  });
  return out;
}

function common(f: Fields): Common | undefined {
  const p = f.number('probability', { min: 0, above: true, max: 1 });
  if (f.has('probability') && p === undefined) return undefined;
  return { path: f.path, probability: p ?? 1, overSeeds: p !== undefined };
}

function readMetric(f: Fields, names: ExpectationNames): MetricExpectation | undefined {
  f.allow(METRIC_KNOWN);
  const metric = f.string('metric', { required: true, rule: 'a path of summary.json, e.g. makespanSeconds or cost.totalUsd' });
  const problem = metric === undefined ? null : metricPathProblem(metric, names);
  if (problem) f.c.report(f.at('metric'), problem);
  const bound = readBound(f, { atLeast: 'atLeast', atMost: 'atMost' }, true);
  const base = common(f);
  if (metric === undefined || problem || !bound || !base) return undefined;
  return { kind: 'metric', metric, bound, ...base };
}

function readJob(f: Fields, names: ExpectationNames): JobExpectation | undefined {
  f.allow(JOB_KNOWN);
  const job = f.string('job', { required: true, rule: 'the jobName of a job in the jobs section' });
  let submission: number | undefined;
  if (job !== undefined) {
    submission = names.jobs.get(job);
    if (submission === undefined) {
      const known = [...names.jobs.keys()];
      f.c.report(f.at('job'), `Unknown job "${job}" (${known.length ? `the jobs section has ${quoteList(known.slice(0, 10))}${known.length > 10 ? ', …' : ''}` : 'the scenario has no jobs section'})`);
    } else if (submission < 0) {
      f.c.report(f.at('job'), `Several jobs are named "${job}": a job expectation needs a jobName no other job has`);
    }
  }
  const status = f.enum('status', JOB_STATUS_NAMES) ?? null;
  const startedAt = readBound(f, { atLeast: 'startedAtLeast', atMost: 'startedAtMost' }, false);
  const stoppedAt = readBound(f, { atLeast: 'stoppedAtLeast', atMost: 'stoppedAtMost' }, false);
  if (f.has('job') && status === null && !f.has('status') && startedAt === null && stoppedAt === null) {
    f.c.report(f.path, `${f.path} bounds nothing: give status, startedAtLeast/AtMost or stoppedAtLeast/AtMost`);
  }
  const base = common(f);
  if (job === undefined || submission === undefined || submission < 0 || startedAt === undefined || stoppedAt === undefined || !base) return undefined;
  if (f.has('status') && status === null) return undefined;
  return { kind: 'job', job, submission, status, startedAt, stoppedAt, ...base };
}

/**
 * The bound of an entry: `atLeast`/`atMost` (either or both), `between: [lo, hi]`, or `equals`
 * (metric entries only). Null when the entry gives none (an error where one is required);
 * undefined when what is given is wrong (reported).
 */
function readBound(f: Fields, keys: { atLeast: string; atMost: string }, metric: boolean): Bound | null | undefined {
  const rule = metric ? {} : seconds();
  const lo = f.number(keys.atLeast, rule);
  const hi = f.number(keys.atMost, rule);
  const given = [keys.atLeast, keys.atMost].filter((k) => f.has(k));
  if (metric) {
    const forms = [...(given.length ? [given.join('/')] : []), ...['between', 'equals'].filter((k) => f.has(k))];
    if (forms.length === 0) {
      f.c.report(f.path, `${f.path} needs a bound: atLeast, atMost, between or equals`);
      return undefined;
    }
    if (forms.length > 1) {
      f.c.report(f.path, `${f.path} gives ${forms.join(' and ')}: give one bound (atLeast and/or atMost, between, or equals)`);
      return undefined;
    }
    if (f.has('equals')) {
      const v = f.number('equals');
      return v === undefined ? undefined : { min: v, max: v };
    }
    if (f.has('between')) return readBetween(f);
  }
  if (given.length === 0) return null;
  if ((f.has(keys.atLeast) && lo === undefined) || (f.has(keys.atMost) && hi === undefined)) return undefined;
  const bound = { min: lo ?? -Infinity, max: hi ?? Infinity };
  if (bound.min > bound.max) {
    f.c.report(f.at(keys.atLeast), `${keys.atLeast} (${bound.min}) is above ${keys.atMost} (${bound.max}): no value can hold`);
    return undefined;
  }
  return bound;
}

function readBetween(f: Fields): Bound | undefined {
  const v = f.list('between');
  if (!v) return undefined;
  const ok = v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!ok) {
    f.c.report(f.at('between'), `between must be a list of two numbers [low, high], e.g. [100, 250]`);
    return undefined;
  }
  const [min, max] = v as [number, number];
  if (min > max) {
    f.c.report(f.at('between'), `between [${min}, ${max}] is empty: the low end comes first`);
    return undefined;
  }
  return { min, max };
}
