// `settings`: the modelling knobs of spec §17. Anything left out takes DEFAULT_SETTINGS.
import { describe, Fields, fields, isObj, type Checker } from './check.js';
import { DEFAULT_SETTINGS } from './defaults.js';
import type { Settings } from './types.js';

const KNOWN: (keyof Settings)[] = [
  'schedulerCycleSeconds', 'backfill', 'backfillDepth', 'instanceLaunchSeconds', 'idleScaleDownSeconds', 'imagePullSeconds',
  'cachedImageStartSeconds', 'registeredMemoryFraction', 'agentReservedMemoryMiB', 'horizonSeconds', 'optimalMeans',
  'timeoutEnforcementSeconds', 'terminateGraceSeconds',
];
/** Settings the engine has but this loader does not read yet: refused rather than silently ignored. */
const NOT_READ_YET = {
  spot: 'settings.spot is not read from scenario files yet (the Spot model uses its defaults)',
  fargate: 'settings.fargate is not read from scenario files yet (Fargate uses its defaults)',
};

/** A deep copy, so that no Scenario shares objects with DEFAULT_SETTINGS. */
function copyDefaults(): Settings {
  const d = DEFAULT_SETTINGS;
  return {
    ...d,
    instanceLaunchSeconds: { ...d.instanceLaunchSeconds },
    spot: {
      ...d.spot, interruptionRateByBand: { ...d.spot.interruptionRateByBand },
      pools: d.spot.pools.map((p) => ({ ...p, outages: p.outages.map((o) => ({ ...o })) })), priceTrace: d.spot.priceTrace.map((p) => ({ ...p })),
    },
    fargate: { ...d.fargate },
  };
}

export function readSettings(c: Checker, value: unknown): Settings {
  const out = copyDefaults();
  if (value === undefined || value === null) return out;
  const f = fields(c, value, 'settings');
  if (!f) return out;
  f.allow(KNOWN, [], NOT_READ_YET);

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
  out.timeoutEnforcementSeconds = f.number('timeoutEnforcementSeconds', { min: 0 }) ?? out.timeoutEnforcementSeconds;
  // Batch sends SIGKILL 30 s after SIGTERM (spec §13), so a container never takes longer to stop.
  out.terminateGraceSeconds = f.number('terminateGraceSeconds', { min: 0, max: 30 }) ?? out.terminateGraceSeconds;
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
