// `settings`: the modelling knobs of spec §17. Anything left out takes DEFAULT_SETTINGS.
import { describe, Fields, fields, isObj, type Checker } from './check.js';
import { DEFAULT_SETTINGS } from './defaults.js';
import type { Settings } from './types.js';

const KNOWN = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

export function readSettings(c: Checker, value: unknown): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS, instanceLaunchSeconds: { ...DEFAULT_SETTINGS.instanceLaunchSeconds } };
  if (value === undefined || value === null) return out;
  const f = fields(c, value, 'settings');
  if (!f) return out;
  f.allow(KNOWN);

  out.schedulerCycleSeconds = f.number('schedulerCycleSeconds', { min: 0 }) ?? out.schedulerCycleSeconds;
  out.backfill = f.boolean('backfill') ?? out.backfill;
  out.backfillDepth = f.number('backfillDepth', { integer: true, min: 1 }) ?? out.backfillDepth;
  out.instanceLaunchSeconds = readLaunchSeconds(f.c, f.raw('instanceLaunchSeconds'), f.at('instanceLaunchSeconds')) ?? out.instanceLaunchSeconds;
  out.idleScaleDownSeconds = f.number('idleScaleDownSeconds', { min: 0 }) ?? out.idleScaleDownSeconds;
  out.imagePullSeconds = f.number('imagePullSeconds', { min: 0 }) ?? out.imagePullSeconds;
  out.cachedImageStartSeconds = f.number('cachedImageStartSeconds', { min: 0 }) ?? out.cachedImageStartSeconds;
  out.registeredMemoryFraction = f.number('registeredMemoryFraction', { min: 0, above: true, max: 1 }) ?? out.registeredMemoryFraction;
  out.agentReservedMemoryMiB = f.number('agentReservedMemoryMiB', { integer: true, min: 0 }) ?? out.agentReservedMemoryMiB;
  // null is meaningful here (no horizon), so an explicit null keeps the default rather than being an error.
  out.horizonSeconds = f.number('horizonSeconds', { min: 0, above: true }) ?? out.horizonSeconds;
  out.optimalMeans = f.enum('optimalMeans', ['default_x86_64', 'legacy'] as const) ?? out.optimalMeans;
  return out;
}

/** A fixed number of seconds, or a uniform range `{ min, max }`. */
function readLaunchSeconds(c: Checker, v: unknown, path: string): { min: number; max: number } | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) {
      c.report(path, `settings.instanceLaunchSeconds must be a number ≥ 0 or { min, max }, received ${v}`);
      return undefined;
    }
    return { min: v, max: v };
  }
  if (!isObj(v)) {
    c.report(path, `settings.instanceLaunchSeconds must be a number ≥ 0 or { min, max }, received ${describe(v)}`);
    return undefined;
  }
  const f = new Fields(c, v, path);
  f.allow(['min', 'max']);
  const min = f.number('min', { min: 0, required: true });
  const max = f.number('max', { min: 0, required: true });
  if (min === undefined || max === undefined) return undefined;
  if (min > max) {
    c.report(f.at('max'), `settings.instanceLaunchSeconds.max must be ≥ min (${min}), received ${max}`);
    return undefined;
  }
  return { min, max };
}
