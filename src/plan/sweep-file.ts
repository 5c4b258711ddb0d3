// A sweep file (docs/sweep.md): the scenario to vary, the seeds every configuration runs, the
// configurations (cartesian axes or an explicit list, each a set of AWS-path/value pairs), the
// baseline, the objective and the constraints. Read like a scenario: every problem at once, with its
// path and line, including what each configuration's values do to the scenario.
import { basename, dirname, extname, resolve } from 'node:path';
import { Checker, describe, fields, quoteList, type Fields } from '../scenario/check.js';
import { ScenarioError, type Problem } from '../scenario/errors.js';
import { readScenarioSource, readSourceFile } from '../scenario/load.js';
import type { Source } from '../scenario/source.js';
import { applyConfigurations, valueLabel, type Configuration, type Draft, type Setting } from './configurations.js';
import { AlarmAndRuleCheck, type NamedMetric } from './alarm-rule-metrics.js';
import { RUN_METRICS, isAlarmOrRuleMetric, isFirstAlarmTime, isRunMetric, type SweepMetric } from './run-metrics.js';
import { parsePath, type Step } from './set-path.js';

export interface Constraint {
  metric: SweepMetric;
  /** The run meets it when metric ≤ atMost (or ≥ atLeast). */
  atMost: number | null;
  atLeast: number | null;
  /** The share of runs that must meet it. */
  probability: number;
}

export interface Objective {
  metric: SweepMetric;
  minimize: boolean;
}

export interface Sweep {
  /** The sweep file, as given. */
  file: string;
  name: string;
  /** The scenario file, resolved against the sweep file's directory. */
  scenarioFile: string;
  /** The scenario file as the sweep file names it (what outputs show: the same on every machine). */
  scenarioRef: string;
  /** The axis names (runs.csv columns after `configuration`); none for an explicit list. */
  axes: string[];
  configurations: Configuration[];
  /** Every configuration runs each of these seeds (common random numbers). */
  seeds: number[];
  baseline: number;
  objective: Objective;
  constraints: Constraint[];
  /** The most seeds `plan` gives one configuration when it replicates adaptively. */
  maxSeeds: number;
}

const TOP_LEVEL = ['name', 'scenario', 'seeds', 'axes', 'configurations', 'baseline', 'objective', 'constraints', 'maxSeeds'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const NAME_RULE = 'a name of letters, digits, dots, hyphens and underscores, starting with a letter or digit';
export const MAX_SEEDS = 100_000;
/** The share of runs a constraint requires when it does not say. */
export const DEFAULT_PROBABILITY = 0.9;
/** runs.csv's own columns, which an axis may not be named. */
const RESERVED_COLUMNS = new Set<string>(['configuration', 'seed', ...RUN_METRICS]);
export const MAX_CONFIGURATIONS = 10_000;

/** Reads and checks a sweep file; throws ScenarioError (`Invalid sweep file …`) with every problem. */
export function loadSweep(file: string): Sweep {
  const read = readSourceFile(file, 'sweep file');
  if ('problem' in read) throw sweepError(file, [read.problem]);
  return fromSource(read.source, file);
}

export function parseSweep(text: string, file: string): Sweep {
  return fromSource(readScenarioSource(text, file), file);
}

function fromSource(source: Source, file: string): Sweep {
  const c = new Checker(source.values, source.keys);
  c.problems.push(...source.problems);
  const sweep = source.root === undefined ? undefined : readSweep(c, source, file);
  if (c.problems.length > 0 || !sweep) throw sweepError(file, c.sorted());
  return sweep;
}

function sweepError(file: string, problems: Problem[]): ScenarioError {
  return new ScenarioError(file, problems, 'sweep file');
}

function readSweep(c: Checker, source: Source, file: string): Sweep | undefined {
  const f = fields(c, source.root, '');
  if (!f) return undefined;
  f.allow(TOP_LEVEL, [], {}, Object.keys(f.obj).filter((k) => k.startsWith('x-')));
  const name = f.string('name', { pattern: NAME, rule: `${NAME_RULE} (it names the sweep's directory)` }) ?? basename(file, extname(file));
  const scenarioRef = f.string('scenario', { required: true, rule: 'the scenario file to vary, relative to this file' });
  const seeds = readSeeds(f);
  const maxSeeds = f.number('maxSeeds', { integer: true, min: 1, max: MAX_SEEDS });
  // The alarm and rule metrics named, where: checked against each configuration below.
  const named: NamedMetric[] = [];
  const objective = readObjective(f, named);
  const constraints = readConstraints(f, named);

  let axisNames: string[] = [];
  let drafts: Draft[] | undefined;
  let baseline: number | undefined;
  if (f.has('axes') && f.has('configurations')) {
    c.report('configurations', 'Give either axes (every combination of their values) or configurations (an explicit list), not both');
  } else if (f.has('configurations')) {
    const read = readConfigurations(f);
    if (read) {
      drafts = read;
      baseline = readNamedBaseline(f, read);
    }
  } else if (f.has('axes')) {
    const axes = readAxes(f, named);
    if (axes.length > 0) {
      axisNames = axes.map((a) => a.name);
      drafts = combinations(axes, f);
      baseline = drafts ? readAxisBaseline(f, axes) : undefined;
    }
  } else {
    c.report('axes', 'A sweep needs axes (a name, a `set` path and values for each) or a list of configurations');
  }

  if (scenarioRef === undefined || !drafts || seeds === undefined) return undefined;
  const scenarioFile = resolve(dirname(file), scenarioRef);
  const watch = named.length > 0 ? new AlarmAndRuleCheck(named) : null;
  const configurations = applyConfigurations(c, scenarioFile, scenarioRef, drafts, watch ? (name, scenario) => watch.observe(name, scenario) : undefined);
  watch?.report((at, message) => c.report(at, message));
  if (!configurations || c.problems.length > 0 || objective === undefined || constraints === undefined) return undefined;
  if (maxSeeds !== undefined && maxSeeds < seeds.length) {
    c.report('maxSeeds', `maxSeeds must be at least seeds.count (${seeds.length}), received ${maxSeeds}`);
    return undefined;
  }
  return {
    file, name, scenarioFile, scenarioRef, axes: axisNames, configurations, seeds, baseline: baseline ?? 0, objective, constraints,
    maxSeeds: maxSeeds ?? Math.min(MAX_SEEDS, Math.max(4 * seeds.length, seeds.length)),
  };
}

function readSeeds(f: Fields): number[] | undefined {
  const s = f.object('seeds', { required: true, what: 'a mapping { from, count }: the seeds every configuration runs' });
  if (!s) return undefined;
  s.allow(['from', 'count']);
  const from = s.number('from', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER - MAX_SEEDS }) ?? 1;
  const count = s.number('count', { integer: true, min: 1, max: MAX_SEEDS, required: true });
  if (count === undefined) return undefined;
  return Array.from({ length: count }, (_, i) => from + i);
}

/**
 * A metric the sweep keeps: one of RUN_METRICS, or a path of one of the scenario's alarms or
 * rules — recorded in `named` with where it is written, and checked against every configuration
 * once they are read.
 */
function metric(f: Fields, key: string, named: NamedMetric[], opts: { required?: boolean } = {}): SweepMetric | undefined {
  const v = f.string(key, { required: opts.required, rule: `a run metric (${RUN_METRICS[0]}, makespanSeconds, …)` });
  if (v === undefined) return undefined;
  if (isAlarmOrRuleMetric(v)) {
    named.push({ metric: v, at: f.at(key) });
    return v;
  }
  if (!isRunMetric(v)) {
    f.c.report(f.at(key), `Unknown metric "${v}" (expected one of ${quoteList(RUN_METRICS)}, or alarms.<AlarmName>.secondsInAlarm, …transitions, …firstAlarmSeconds or rules.<Name>.matches of the scenario's alarms and eventRules)`);
    return undefined;
  }
  return v;
}

function readObjective(f: Fields, named: NamedMetric[]): Objective | undefined {
  const o = f.object('objective');
  if (!o) return f.has('objective') ? undefined : { metric: 'cost.totalUsd', minimize: true };
  o.allow(['minimize', 'maximize']);
  if (o.has('minimize') === o.has('maximize')) {
    f.c.report(f.at('objective'), 'objective must give exactly one of minimize or maximize, e.g. { minimize: cost.totalUsd }');
    return undefined;
  }
  const minimize = o.has('minimize');
  const key = minimize ? 'minimize' : 'maximize';
  const m = metric(o, key, named);
  if (m !== undefined && isFirstAlarmTime(m)) {
    // A run whose alarm never fires has no first ALARM time: the configurations have no mean to rank by.
    f.c.report(o.at(key), `${m} cannot be the objective: a run whose alarm never goes to ALARM has no first ALARM time, so the runs have no mean to rank by. Bound it in a constraint (e.g. { metric: ${m}, atLeast: 3600 }: never counts as later than any bound) or ${key} ${m.replace(/firstAlarmSeconds$/, 'secondsInAlarm')}`);
    return undefined;
  }
  return m === undefined ? undefined : { metric: m, minimize };
}

function readConstraints(f: Fields, named: NamedMetric[]): Constraint[] | undefined {
  const list = f.list('constraints') ?? [];
  const out: Constraint[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const g = fields(f.c, item, `constraints[${i}]`);
    if (!g) return void (ok = false);
    g.allow(['metric', 'atMost', 'atLeast', 'probability']);
    const m = metric(g, 'metric', named, { required: true });
    const atMost = g.number('atMost');
    const atLeast = g.number('atLeast');
    if (g.has('atMost') === g.has('atLeast')) {
      g.c.report(g.path, `constraints[${i}] must give exactly one bound, atMost or atLeast`);
      ok = false;
    }
    const probability = g.number('probability', { min: 0, above: true, max: 1 }) ?? (g.has('probability') ? undefined : DEFAULT_PROBABILITY);
    if (m === undefined || probability === undefined || (atMost === undefined && atLeast === undefined)) return void (ok = false);
    out.push({ metric: m, atMost: atMost ?? null, atLeast: atLeast ?? null, probability });
  });
  return ok ? out : undefined;
}

interface Axis {
  name: string;
  steps: Step[];
  values: unknown[];
  /** Sweep path of the axis. */
  at: string;
}

/**
 * The axes that are well formed. A bad axis is reported and left out, so that the others'
 * combinations are still checked against the scenario: every problem of the file at once.
 */
function readAxes(f: Fields, named: readonly NamedMetric[]): Axis[] {
  const list = f.list('axes');
  if (!list) return [];
  if (list.length === 0) {
    f.c.report('axes', 'axes must list at least one axis');
    return [];
  }
  const axes: Axis[] = [];
  const names = new Set<string>();
  list.forEach((item, i) => {
    const g = fields(f.c, item, `axes[${i}]`);
    if (!g) return;
    g.allow(['name', 'set', 'values']);
    const name = g.string('name', { required: true, pattern: NAME, rule: NAME_RULE });
    if (name !== undefined) {
      if (names.has(name)) g.c.report(g.at('name'), `Axis name "${name}" is used twice`);
      else if (RESERVED_COLUMNS.has(name) || named.some((n) => n.metric === name)) g.c.report(g.at('name'), `Axis name "${name}" is a column of runs.csv already; choose another`);
      names.add(name);
    }
    const steps = setPath(g);
    const values = g.list('values', { required: true, what: 'the values this axis takes' });
    if (values && values.length === 0) g.c.report(g.at('values'), `axes[${i}].values is empty: an axis needs at least one value`);
    if (name !== undefined && steps && values && values.length > 0) axes.push({ name, steps, values, at: g.path });
  });
  return axes;
}

function setPath(g: Fields, key = 'set'): Step[] | undefined {
  const text = g.string(key, { required: true, rule: 'a path of AWS field names, e.g. computeEnvironments[gpu-spot].computeResources.maxvCpus' });
  if (text === undefined) return undefined;
  return checkedPath(g.c, g.at(key), text);
}

function checkedPath(c: Checker, at: string, text: string): Step[] | undefined {
  const steps = parsePath(text);
  if (typeof steps === 'string') {
    c.report(at, `The path "${text}" ${steps}`);
    return undefined;
  }
  return steps;
}

/** Every combination of the axes' values, the last axis varying fastest. */
function combinations(axes: Axis[], f: Fields): Draft[] | undefined {
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_CONFIGURATIONS) {
    f.c.report('axes', `The axes make ${total} configurations; at most ${MAX_CONFIGURATIONS} are allowed`);
    return undefined;
  }
  const drafts: Draft[] = [];
  const pick = new Array<number>(axes.length).fill(0);
  for (let k = 0; k < total; k++) {
    let rest = k;
    for (let a = axes.length - 1; a >= 0; a--) {
      pick[a] = rest % axes[a].values.length;
      rest = Math.floor(rest / axes[a].values.length);
    }
    const labels = axes.map((a, i) => valueLabel(a.values[pick[i]]));
    drafts.push({
      name: axes.map((a, i) => `${a.name}=${labels[i]}`).join(', '),
      labels,
      settings: axes.map((a, i) => ({ steps: a.steps, value: a.values[pick[i]], at: `${a.at}.values[${pick[i]}]`, pathAt: `${a.at}.set` })),
      at: 'axes',
    });
  }
  return drafts;
}

function readConfigurations(f: Fields): Draft[] | undefined {
  const list = f.list('configurations');
  if (!list) return undefined;
  if (list.length === 0) {
    f.c.report('configurations', 'configurations must list at least one configuration');
    return undefined;
  }
  if (list.length > MAX_CONFIGURATIONS) {
    f.c.report('configurations', `At most ${MAX_CONFIGURATIONS} configurations are allowed, received ${list.length}`);
    return undefined;
  }
  const drafts: Draft[] = [];
  const names = new Set<string>();
  list.forEach((item, i) => {
    const g = fields(f.c, item, `configurations[${i}]`);
    if (!g) return;
    g.allow(['name', 'set']);
    const name = g.string('name', { required: true, pattern: NAME, rule: NAME_RULE });
    if (name !== undefined) {
      if (names.has(name)) g.c.report(g.at('name'), `Configuration name "${name}" is used twice`);
      names.add(name);
    }
    const set = g.object('set', { required: true, what: 'a mapping from paths to the values this configuration gives them' });
    const settings: Setting[] = [];
    if (set) {
      for (const [text, value] of Object.entries(set.obj)) {
        const steps = checkedPath(g.c, set.at(text), text);
        if (steps) settings.push({ steps, value, at: set.at(text), pathAt: set.at(text) });
      }
    }
    if (name !== undefined && set) drafts.push({ name, labels: [], settings, at: g.path });
  });
  return drafts.length === list.length ? drafts : undefined;
}

function readNamedBaseline(f: Fields, drafts: Draft[]): number | undefined {
  const name = f.string('baseline', { rule: 'the name of one of the configurations' });
  if (name === undefined) return undefined;
  const i = drafts.findIndex((d) => d.name === name);
  if (i < 0) f.c.report('baseline', `baseline "${name}" is not one of the configurations (${quoteList(drafts.map((d) => d.name))})`);
  return i < 0 ? undefined : i;
}

function readAxisBaseline(f: Fields, axes: Axis[]): number | undefined {
  const b = f.object('baseline', { what: 'a value for each axis' });
  if (!b) return undefined;
  b.allow(axes.map((a) => a.name));
  let index = 0;
  let ok = true;
  for (const a of axes) {
    if (!b.has(a.name)) {
      b.missing(a.name, `one of the values of axis ${a.name}`);
      ok = false;
      continue;
    }
    const wanted = JSON.stringify(b.raw(a.name));
    const j = a.values.findIndex((v) => JSON.stringify(v) === wanted);
    if (j < 0) {
      f.c.report(b.at(a.name), `baseline ${a.name} ${describe(b.raw(a.name))} is not one of the axis's values (${a.values.map(valueLabel).join(', ')})`);
      ok = false;
      continue;
    }
    index = index * a.values.length + j;
  }
  return ok ? index : undefined;
}

export { valueLabel, type Configuration };
