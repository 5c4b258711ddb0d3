// The non-AWS `simulation` block of a job definition (and per job, overriding the definition's
// fields): how long the container runs, how it exits, how much faster it runs on some families,
// and how often it checkpoints.
import { familyTypes } from '../market/catalog.js';
import { familiesHint } from './instance-types.js';
import {
  DURATION_LIMIT, checkNumber, describe, fields, isObj, label, limitRule, seconds, type Checker, type Fields, type NumberRule, type QuantityLimit,
} from './check.js';
import { MEMORY_LIMIT } from './resources.js';
import { childPath } from './source.js';
import type { Distribution, SimulationSpec } from './types.js';

const DISTRIBUTIONS = ['fixed', 'uniform', 'exponential', 'lognormal', 'normal'] as const;
const KNOWN = ['duration', 'exitCode', 'failureProbability', 'failureExitCode', 'exitCodes', 'speedup', 'checkpointSeconds', 'memory', 'imagePullFailureProbability'] as const;

type ExitCodes = SimulationSpec['exitCodes'];

/** The notice of a `placeholder: true` simulation block (a problem with --strict). */
export const PLACEHOLDER_NOTICE =
  'placeholder: this simulation block is a stand-in (batchsim import writes one where its sources hold no run times); the job runs for its duration until you give measured values and remove placeholder';

/** One `simulation` block as written: the valid fields, and which keys were written at all. */
export interface SimulationFields {
  path: string;
  written: ReadonlySet<string>;
  duration?: Distribution;
  exitCode?: number;
  failureProbability?: number;
  failureExitCode?: number;
  exitCodes?: ExitCodes;
  speedup?: Record<string, number>;
  checkpointSeconds?: number;
  memory?: Distribution;
  imagePullFailureProbability?: number;
}

/** Instance families a `speedup` may name: the catalog's, plus custom shapes of UNMANAGED fleets. */
export interface FamilyContext {
  customFamilies: ReadonlySet<string>;
}

/**
 * Reads the block under `parent.simulation`. The job definition's is required and must give
 * `duration`; a job's only overrides. Checks that need both blocks are in resolveSimulation.
 */
export function readSimulation(parent: Fields, opts: { required: boolean; families: FamilyContext }): SimulationFields | undefined {
  const f = parent.object('simulation', { required: opts.required, what: 'a mapping with at least duration' });
  if (!f) return undefined;
  // `placeholder: true` marks a definition's block as a stand-in (batchsim import writes one for a
  // definition its sources give no run times for): it runs, and is noted until replaced.
  f.allow(opts.required ? [...KNOWN, 'placeholder'] : KNOWN);
  if (opts.required && f.boolean('placeholder') === true) f.c.notice(f.at('placeholder'), PLACEHOLDER_NOTICE);
  const out: SimulationFields = { path: f.path, written: new Set(Object.keys(f.obj).filter((k) => f.has(k))) };
  if (f.has('duration')) {
    const d = readDistribution(f.c, f.raw('duration'), f.at('duration'));
    if (d) out.duration = d;
  } else if (opts.required) {
    f.missing('duration', 'seconds, or { distribution: fixed|uniform|exponential|lognormal|normal, … }');
  }
  out.exitCode = f.number('exitCode', { integer: true, min: 0, max: 255 });
  out.failureProbability = f.number('failureProbability', { min: 0, max: 1 });
  out.failureExitCode = f.number('failureExitCode', { integer: true, min: 1, max: 255 });
  out.exitCodes = readExitCodes(f);
  out.speedup = readSpeedup(f, opts.families);
  out.checkpointSeconds = f.number('checkpointSeconds', seconds({ above: true }));
  if (f.has('memory')) {
    const m = readDistribution(f.c, f.raw('memory'), f.at('memory'), MEMORY_LIMIT);
    if (m) out.memory = m;
  }
  out.imagePullFailureProbability = f.number('imagePullFailureProbability', { min: 0, max: 1 });

  const w = out.written;
  if (w.has('exitCodes') && (w.has('failureProbability') || w.has('failureExitCode'))) {
    f.c.report(f.at('exitCodes'), `${label(f.at('exitCodes'))}: give either failureProbability (with failureExitCode) or exitCodes, not both`);
  } else if (w.has('exitCodes') && w.has('exitCode')) {
    f.c.report(f.at('exitCode'), `${label(f.at('exitCode'))} has no effect with exitCodes: list the code in exitCodes with its weight instead`);
  } else if (opts.required && w.has('failureExitCode') && !w.has('failureProbability')) {
    f.c.report(f.at('failureExitCode'), `${label(f.at('failureExitCode'))} needs failureProbability (the share of attempts that exit with it)`);
  }
  return out;
}

/** `[{ exitCode, weight }]`: at least one entry, codes 0–255 given once each, weights > 0. */
function readExitCodes(f: Fields): ExitCodes | undefined {
  const list = f.list('exitCodes');
  if (!list) return undefined;
  if (list.length === 0) {
    f.c.report(f.at('exitCodes'), `${label(f.at('exitCodes'))} must list at least one { exitCode, weight }, received an empty list`);
    return undefined;
  }
  const out: ExitCodes = [];
  const seen = new Map<number, number>();
  let ok = true;
  list.forEach((item, j) => {
    const e = fields(f.c, item, `${f.at('exitCodes')}[${j}]`);
    if (!e) return void (ok = false);
    e.allow(['exitCode', 'weight']);
    const exitCode = e.number('exitCode', { required: true, integer: true, min: 0, max: 255 });
    const weight = e.number('weight', { required: true, min: 0, above: true });
    if (exitCode === undefined || weight === undefined) return void (ok = false);
    const prev = seen.get(exitCode);
    if (prev !== undefined) {
      f.c.report(e.at('exitCode'), `Exit code ${exitCode} appears twice in exitCodes (also exitCodes[${prev}]); give it once with the summed weight`);
      return void (ok = false);
    }
    seen.set(exitCode, j);
    out.push({ exitCode, weight });
  });
  return ok ? out : undefined;
}

/** `{ <family>: factor }`, factor > 0: run time on that family is duration / factor. */
function readSpeedup(f: Fields, families: FamilyContext): Record<string, number> | undefined {
  const s = f.object('speedup', { what: 'a mapping of instance family to factor, e.g. { p4d: 3 }' });
  if (!s) return undefined;
  const out: Record<string, number> = {};
  let ok = true;
  for (const [family, v] of Object.entries(s.obj)) {
    const at = childPath(s.path, family);
    if (!familyTypes(family) && !families.customFamilies.has(family)) {
      const dot = family.indexOf('.');
      const hint = dot > 0 && familyTypes(family.slice(0, dot)) ? ` ("${family}" is an instance type; speedup is by family: ${family.slice(0, dot)})` : '';
      const custom = families.customFamilies.size > 0 ? `; custom fleet shapes: ${[...families.customFamilies].sort().join(', ')}` : '';
      f.c.report(at, `Unknown instance family "${family}" in ${label(s.path)}${hint || ` ${familiesHint(family, custom)}`}`, 'key');
      ok = false;
      continue;
    }
    if (v === undefined || v === null) continue;
    const factor = checkNumber(f.c, v, at, { min: 0, above: true });
    if (factor === undefined) ok = false;
    else Object.defineProperty(out, family, { value: factor, enumerable: true, writable: true, configurable: true });
  }
  return ok ? out : undefined;
}

/**
 * The SimulationSpec of a job definition (`job` absent) or of a job, whose block's fields replace
 * the definition's one by one. The two ways to give exit codes replace each other as a whole: a
 * job's `exitCodes` drops the definition's failureProbability/failureExitCode and vice versa.
 * Returns undefined when the definition has no valid duration (already reported).
 */
export function resolveSimulation(c: Checker, def: SimulationFields, job?: SimulationFields, definitionName?: string): SimulationSpec | undefined {
  const m: Omit<SimulationFields, 'path' | 'written'> = { ...def };
  if (job) {
    const w = job.written;
    if (w.has('exitCodes')) {
      delete m.failureProbability;
      delete m.failureExitCode;
    }
    if (w.has('failureProbability')) delete m.exitCodes;
    for (const key of KNOWN) {
      if (w.has(key)) (m as Record<string, unknown>)[key] = job[key];
    }
    const onlyCodes = !w.has('exitCodes') && !w.has('failureProbability');
    if (onlyCodes && w.has('failureExitCode') && !def.written.has('failureProbability')) {
      c.report(childPath(job.path, 'failureExitCode'),
        `${label(childPath(job.path, 'failureExitCode'))} needs failureProbability, here or in job definition "${definitionName}"`);
    }
    if (onlyCodes && w.has('exitCode') && def.written.has('exitCodes')) {
      c.report(childPath(job.path, 'exitCode'),
        `${label(childPath(job.path, 'exitCode'))} has no effect: job definition "${definitionName}" gives weighted exitCodes; give exitCodes here to replace them`);
    }
  }
  if (!m.duration) return undefined;
  const exitCode = m.exitCode ?? 0;
  return {
    duration: { ...m.duration },
    exitCode,
    exitCodes: exitCodesOf(m, exitCode),
    speedupByFamily: { ...(m.speedup ?? {}) },
    checkpointSeconds: m.checkpointSeconds ?? null,
    memory: m.memory ? { ...m.memory } : null,
    imagePullFailureProbability: m.imagePullFailureProbability ?? 0,
  };
}

/** failureProbability p with failureExitCode c → [{c, p}, {exitCode, 1 − p}] without zero weights. */
function exitCodesOf(m: Omit<SimulationFields, 'path' | 'written'>, exitCode: number): ExitCodes {
  if (m.exitCodes) return m.exitCodes.map((e) => ({ ...e }));
  const p = m.failureProbability;
  if (p === undefined) return [];
  return [{ exitCode: m.failureExitCode ?? 1, weight: p }, { exitCode, weight: 1 - p }].filter((e) => e.weight > 0);
}

/** A number of seconds (fixed) or `{ distribution, …parameters }`; every value in seconds, within `limit`. */
export function readDistribution(c: Checker, v: unknown, path: string, limit: QuantityLimit = DURATION_LIMIT): Distribution | undefined {
  const within = (rule: Omit<NumberRule, 'max' | 'maxNote'> = {}) => limitRule(limit, rule);
  if (typeof v === 'number') {
    const value = checkNumber(c, v, path, within());
    return value === undefined ? undefined : { distribution: 'fixed', value };
  }
  if (!isObj(v)) {
    c.report(path, `${label(path)} must be a number${limit.unit === ' s' ? ' of seconds' : ` (${limit.unit.trim()})`} or { distribution, … }, received ${describe(v)}`);
    return undefined;
  }
  const f = fields(c, v, path)!;
  const kind = f.enum('distribution', DISTRIBUTIONS, { required: true });
  switch (kind) {
    case 'fixed': {
      f.allow(['distribution', 'value']);
      const value = f.number('value', { required: true, ...within() });
      return value === undefined ? undefined : { distribution: 'fixed', value };
    }
    case 'uniform': {
      f.allow(['distribution', 'min', 'max']);
      const min = f.number('min', { required: true, ...within() });
      const max = f.number('max', { required: true, ...within() });
      if (min === undefined || max === undefined) return undefined;
      if (max < min) return rangeProblem(f, 'max', `≥ min (${min})`, max);
      return { distribution: 'uniform', min, max };
    }
    case 'exponential': {
      f.allow(['distribution', 'mean']);
      const mean = f.number('mean', { required: true, ...within({ above: true }) });
      return mean === undefined ? undefined : { distribution: 'exponential', mean };
    }
    case 'lognormal': {
      // A large sigma can still draw beyond the limit: draws are clamped to it where they are made.
      f.allow(['distribution', 'median', 'sigma']);
      const median = f.number('median', { required: true, ...within({ above: true }) });
      const sigma = f.number('sigma', { required: true, min: 0 });
      return median === undefined || sigma === undefined ? undefined : { distribution: 'lognormal', median, sigma };
    }
    case 'normal':
      return readNormal(f, limit);
    default:
      // Unknown or missing kind, already reported: its parameters cannot be checked.
      return undefined;
  }
}

/**
 * Normal truncated to [min, max] by redrawing. The mean must lie inside a non-empty range so that
 * redrawing ends: a mean far outside it would almost never produce an acceptable value.
 */
function readNormal(f: Fields, limit: QuantityLimit): Distribution | undefined {
  f.allow(['distribution', 'mean', 'stddev', 'min', 'max']);
  const mean = f.number('mean', { required: true, ...limitRule(limit) });
  const stddev = f.number('stddev', { required: true, ...limitRule(limit) });
  const min = f.number('min', limitRule(limit)) ?? 0;
  const max = f.number('max', limitRule(limit, { infinite: true })) ?? Infinity;
  if (mean === undefined || stddev === undefined) return undefined;
  if (max <= min) return rangeProblem(f, 'max', `> min (${min})`, max);
  if (mean < min || mean > max) return rangeProblem(f, 'mean', `between min (${min}) and max (${max})`, mean);
  return { distribution: 'normal', mean, stddev, min, max };
}

function rangeProblem(f: Fields, key: string, expected: string, received: number): undefined {
  f.c.report(f.at(key), `${label(f.at(key))} must be ${expected}, received ${received}`);
  return undefined;
}
