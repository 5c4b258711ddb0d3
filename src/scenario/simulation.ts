// The non-AWS `simulation` block of a job definition (and per job, overriding the definition's
// fields): how long the container runs and how it exits.
import { checkNumber, describe, fields, isObj, label, type Checker, type Fields } from './check.js';
import type { Distribution, SimulationSpec } from './types.js';

const DISTRIBUTIONS = ['fixed', 'uniform', 'exponential', 'lognormal', 'normal'] as const;

/**
 * SimulationSpec fields this loader does not read from files yet (weighted exit codes, per-family
 * speed-ups, checkpoints): neutral values, so a run behaves as if they were not set.
 */
export function simulationNotReadYet(): Pick<SimulationSpec, 'exitCodes' | 'speedupByFamily' | 'checkpointSeconds'> {
  return { exitCodes: [], speedupByFamily: {}, checkpointSeconds: null };
}

/** The fields a `simulation` block sets; the job definition's must include `duration`. */
export function readSimulation(parent: Fields, opts: { required: boolean }): Partial<SimulationSpec> | undefined {
  const f = parent.object('simulation', { required: opts.required, what: 'a mapping with at least duration' });
  if (!f) return undefined;
  f.allow(['duration', 'exitCode']);
  const out: Partial<SimulationSpec> = {};
  if (f.has('duration')) {
    const d = readDistribution(f.c, f.raw('duration'), f.at('duration'));
    if (d) out.duration = d;
  } else if (opts.required) {
    f.missing('duration', 'seconds, or { distribution: fixed|uniform|exponential|lognormal|normal, … }');
  }
  const exitCode = f.number('exitCode', { integer: true, min: 0, max: 255 });
  if (exitCode !== undefined) out.exitCode = exitCode;
  return out;
}

/** A number of seconds (fixed) or `{ distribution, …parameters }`; every value in seconds. */
export function readDistribution(c: Checker, v: unknown, path: string): Distribution | undefined {
  if (typeof v === 'number') {
    const value = checkNumber(c, v, path, { min: 0 });
    return value === undefined ? undefined : { distribution: 'fixed', value };
  }
  if (!isObj(v)) {
    c.report(path, `${label(path)} must be a number of seconds or { distribution, … }, received ${describe(v)}`);
    return undefined;
  }
  const f = fields(c, v, path)!;
  const kind = f.enum('distribution', DISTRIBUTIONS, { required: true });
  switch (kind) {
    case 'fixed': {
      f.allow(['distribution', 'value']);
      const value = f.number('value', { required: true, min: 0 });
      return value === undefined ? undefined : { distribution: 'fixed', value };
    }
    case 'uniform': {
      f.allow(['distribution', 'min', 'max']);
      const min = f.number('min', { required: true, min: 0 });
      const max = f.number('max', { required: true, min: 0 });
      if (min === undefined || max === undefined) return undefined;
      if (max < min) return rangeProblem(f, 'max', `≥ min (${min})`, max);
      return { distribution: 'uniform', min, max };
    }
    case 'exponential': {
      f.allow(['distribution', 'mean']);
      const mean = f.number('mean', { required: true, min: 0, above: true });
      return mean === undefined ? undefined : { distribution: 'exponential', mean };
    }
    case 'lognormal': {
      f.allow(['distribution', 'median', 'sigma']);
      const median = f.number('median', { required: true, min: 0, above: true });
      const sigma = f.number('sigma', { required: true, min: 0 });
      return median === undefined || sigma === undefined ? undefined : { distribution: 'lognormal', median, sigma };
    }
    case 'normal':
      return readNormal(f);
    default:
      // Unknown or missing kind, already reported: its parameters cannot be checked.
      return undefined;
  }
}

/**
 * Normal truncated to [min, max] by redrawing. The mean must lie inside a non-empty range so that
 * redrawing ends: a mean far outside it would almost never produce an acceptable value.
 */
function readNormal(f: Fields): Distribution | undefined {
  f.allow(['distribution', 'mean', 'stddev', 'min', 'max']);
  const mean = f.number('mean', { required: true });
  const stddev = f.number('stddev', { required: true, min: 0 });
  const min = f.number('min', { min: 0 }) ?? 0;
  const max = f.number('max', { min: 0, infinite: true }) ?? Infinity;
  if (mean === undefined || stddev === undefined) return undefined;
  if (max <= min) return rangeProblem(f, 'max', `> min (${min})`, max);
  if (mean < min || mean > max) return rangeProblem(f, 'mean', `between min (${min}) and max (${max})`, mean);
  return { distribution: 'normal', mean, stddev, min, max };
}

function rangeProblem(f: Fields, key: string, expected: string, received: number): undefined {
  f.c.report(f.at(key), `${label(f.at(key))} must be ${expected}, received ${received}`);
  return undefined;
}
