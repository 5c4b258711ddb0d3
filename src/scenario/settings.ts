// `settings`: the modelling knobs of spec §17. Anything left out takes DEFAULT_SETTINGS.
import { burstableFamily, instanceType, resolveInstanceTypeEntry } from '../market/catalog.js';
import { checkNumber, describe, Fields, fields, isObj, label, seconds, type Checker } from './check.js';
import { DEFAULT_SETTINGS } from './defaults.js';
import { readPriceTrace } from './price-trace.js';
import { readPricing, readRegion } from './pricing.js';
import type { FargateSettings, Settings, SpotPoolSpec, SpotSettings } from './types.js';

const KNOWN: (keyof Settings)[] = [
  'schedulerCycleSeconds', 'backfill', 'backfillDepth', 'instanceLaunchSeconds', 'idleScaleDownSeconds', 'imagePullSeconds',
  'cachedImageStartSeconds', 'registeredMemoryFraction', 'agentReservedMemoryMiB', 'horizonSeconds', 'optimalMeans',
  'timeoutEnforcementSeconds', 'terminateGraceSeconds', 'region', 'pricing', 'spot', 'fargate',
];
const SPOT_KNOWN: (keyof SpotSettings)[] = [
  'interruptionRateByBand', 'defaultBand', 'defaultSavingsPct', 'noticeSeconds', 'spilloverOnInsufficientCapacity', 'pools', 'priceTrace',
];
const BANDS = ['<5%', '5-10%', '10-15%', '15-20%', '>20%'] as const;
const POOL_KNOWN: (keyof SpotPoolSpec)[] = ['instanceType', 'maxInstances', 'outages', 'monthlyInterruptionRate', 'savingsPct'];
const FARGATE_KNOWN: (keyof FargateSettings)[] = [
  'startSeconds', 'spotDiscount', 'spotMonthlyInterruptionRate', 'x86VcpuHour', 'x86GbHour', 'armVcpuHour', 'armGbHour',
];

/** Where relative file names in settings are resolved, and t = 0 for ISO times in them. */
export interface SettingsContext {
  baseDir: string;
  startTime: string;
}

/** A deep copy, so that no Scenario shares objects with DEFAULT_SETTINGS. */
function copyDefaults(): Settings {
  const d = DEFAULT_SETTINGS;
  return {
    ...d,
    instanceLaunchSeconds: { ...d.instanceLaunchSeconds },
    pricing: { ...d.pricing, familyDiscountPct: { ...d.pricing.familyDiscountPct }, onDemandPrices: { ...d.pricing.onDemandPrices } },
    spot: {
      ...d.spot, interruptionRateByBand: { ...d.spot.interruptionRateByBand },
      pools: d.spot.pools.map((p) => ({ ...p, outages: p.outages.map((o) => ({ ...o })) })), priceTrace: d.spot.priceTrace.map((p) => ({ ...p })),
    },
    fargate: { ...d.fargate },
  };
}

export function readSettings(c: Checker, value: unknown, ctx: SettingsContext): Settings {
  const out = copyDefaults();
  if (value === undefined || value === null) return out;
  const f = fields(c, value, 'settings');
  if (!f) return out;
  f.allow(KNOWN);

  out.schedulerCycleSeconds = f.number('schedulerCycleSeconds', seconds()) ?? out.schedulerCycleSeconds;
  out.backfill = f.boolean('backfill') ?? out.backfill;
  out.backfillDepth = f.number('backfillDepth', { integer: true, min: 1 }) ?? out.backfillDepth;
  out.instanceLaunchSeconds = readLaunchSeconds(f.c, f.raw('instanceLaunchSeconds'), f.at('instanceLaunchSeconds')) ?? out.instanceLaunchSeconds;
  out.idleScaleDownSeconds = f.number('idleScaleDownSeconds', seconds()) ?? out.idleScaleDownSeconds;
  out.imagePullSeconds = f.number('imagePullSeconds', seconds()) ?? out.imagePullSeconds;
  out.cachedImageStartSeconds = f.number('cachedImageStartSeconds', seconds()) ?? out.cachedImageStartSeconds;
  out.registeredMemoryFraction = f.number('registeredMemoryFraction', { min: 0, above: true, max: 1 }) ?? out.registeredMemoryFraction;
  out.agentReservedMemoryMiB = f.number('agentReservedMemoryMiB', { integer: true, min: 0 }) ?? out.agentReservedMemoryMiB;
  // null is meaningful here (no horizon), so an explicit null keeps the default rather than being an error.
  out.horizonSeconds = f.number('horizonSeconds', seconds({ above: true })) ?? out.horizonSeconds;
  out.optimalMeans = f.enum('optimalMeans', ['default_x86_64', 'legacy'] as const) ?? out.optimalMeans;
  out.timeoutEnforcementSeconds = f.number('timeoutEnforcementSeconds', seconds()) ?? out.timeoutEnforcementSeconds;
  // Batch sends SIGKILL 30 s after SIGTERM (spec §13), so a container never takes longer to stop.
  out.terminateGraceSeconds = f.number('terminateGraceSeconds', { min: 0, max: 30 }) ?? out.terminateGraceSeconds;
  out.region = readRegion(f) ?? out.region;
  const pricing = f.object('pricing');
  if (pricing) readPricing(pricing, out.pricing);
  const spot = f.object('spot');
  if (spot) readSpot(spot, out.spot, ctx);
  const fargate = f.object('fargate');
  if (fargate) readFargate(fargate, out.fargate);
  return out;
}

/** settings.spot, over the defaults in `out` (spec §8.5, §10; pricing-and-latency §3). */
function readSpot(f: Fields, out: SpotSettings, ctx: SettingsContext): void {
  f.allow(SPOT_KNOWN);
  const rates = f.object('interruptionRateByBand');
  if (rates) {
    rates.allow(BANDS);
    for (const band of BANDS) out.interruptionRateByBand[band] = rates.number(band, { min: 0, max: 1 }) ?? out.interruptionRateByBand[band];
  }
  out.defaultBand = f.enum('defaultBand', BANDS) ?? out.defaultBand;
  out.defaultSavingsPct = f.number('defaultSavingsPct', { min: 0, max: 99 }) ?? out.defaultSavingsPct;
  out.noticeSeconds = f.number('noticeSeconds', { min: 0, max: 600 }) ?? out.noticeSeconds;
  out.spilloverOnInsufficientCapacity = f.boolean('spilloverOnInsufficientCapacity') ?? out.spilloverOnInsufficientCapacity;
  const pools = f.list('pools');
  if (pools) out.pools = readPools(f, pools);
  const trace = f.string('priceTrace', { rule: 'the path of a CSV file (time,instanceType,price), relative to the scenario file' });
  if (trace !== undefined) out.priceTrace = readPriceTrace(f.c, f.at('priceTrace'), trace, ctx.baseDir, ctx.startTime) ?? [];
}

function readPools(f: Fields, items: unknown[]): SpotPoolSpec[] {
  const out: SpotPoolSpec[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, j) => {
    const p = fields(f.c, item, `${f.at('pools')}[${j}]`);
    if (!p) return;
    p.allow(POOL_KNOWN);
    const type = readPoolType(p);
    const maxInstances = p.number('maxInstances', { integer: true, min: 0 }) ?? null;
    const outages = readOutages(p);
    const monthlyInterruptionRate = p.number('monthlyInterruptionRate', { min: 0, max: 1 }) ?? null;
    const savingsPct = p.number('savingsPct', { min: 0, max: 99 }) ?? null;
    if (type === undefined) return;
    const previous = seen.get(type);
    if (previous !== undefined) {
      f.c.report(p.at('instanceType'), `Spot pool "${type}" is given twice (also settings.spot.pools[${previous}]); merge the two entries`);
      return;
    }
    seen.set(type, j);
    out.push({ instanceType: type, maxInstances, outages, monthlyInterruptionRate, savingsPct });
  });
  return out;
}

/** A single catalog type: a pool is one instance type (per AZ in AWS; the model has one AZ). */
function readPoolType(p: Fields): string | undefined {
  const type = p.string('instanceType', { required: true, rule: 'an instance type of the catalog, e.g. c5.large' });
  if (type === undefined || instanceType(type)) return type;
  const family = resolveInstanceTypeEntry(type);
  const hint = family ? ` ("${type}" is a family or category: give one pool per type, e.g. ${family[0]!.instanceType})`
    : burstableFamily(type) ? ' (burstable types are not in the catalog: AWS Batch does not launch them)' : '';
  p.c.report(p.at('instanceType'), `${label(p.at('instanceType'))} must be an instance type of the catalog, e.g. c5.large, received "${type}"${hint}`);
  return undefined;
}

/** Windows `{ from, to }` in seconds since the start, from < to; sorted by start. */
function readOutages(p: Fields): { fromMs: number; toMs: number }[] {
  const out: { fromMs: number; toMs: number; j: number }[] = [];
  p.list('outages')?.forEach((item, j) => {
    const o = fields(p.c, item, `${p.at('outages')}[${j}]`);
    if (!o) return;
    o.allow(['from', 'to']);
    const from = o.number('from', { required: true, ...seconds() });
    const to = o.number('to', { required: true, ...seconds() });
    if (from === undefined || to === undefined) return;
    if (to <= from) {
      p.c.report(o.at('to'), `${label(o.at('to'))} must be > from (${from}), received ${to}`);
      return;
    }
    out.push({ fromMs: Math.round(from * 1000), toMs: Math.round(to * 1000), j });
  });
  return out.sort((a, b) => a.fromMs - b.fromMs || a.j - b.j).map(({ fromMs, toMs }) => ({ fromMs, toMs }));
}

/** settings.fargate (spec §9; pricing-and-latency §1). */
function readFargate(f: Fields, out: FargateSettings): void {
  f.allow(FARGATE_KNOWN);
  out.startSeconds = f.number('startSeconds', seconds()) ?? out.startSeconds;
  out.spotDiscount = f.number('spotDiscount', { min: 0, max: 0.9 }) ?? out.spotDiscount;
  out.spotMonthlyInterruptionRate = f.number('spotMonthlyInterruptionRate', { min: 0, max: 1 }) ?? out.spotMonthlyInterruptionRate;
  for (const key of ['x86VcpuHour', 'x86GbHour', 'armVcpuHour', 'armGbHour'] as const) {
    out[key] = f.number(key, { min: 0, above: true }) ?? out[key];
  }
}

/** A fixed number of seconds, or a uniform range `{ min, max }`. */
function readLaunchSeconds(c: Checker, v: unknown, path: string): { min: number; max: number } | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') {
    const n = checkNumber(c, v, path, seconds());
    return n === undefined ? undefined : { min: n, max: n };
  }
  if (!isObj(v)) {
    c.report(path, `settings.instanceLaunchSeconds must be a number ≥ 0 or { min, max }, received ${describe(v)}`);
    return undefined;
  }
  const f = new Fields(c, v, path);
  f.allow(['min', 'max']);
  const min = f.number('min', { required: true, ...seconds() });
  const max = f.number('max', { required: true, ...seconds() });
  if (min === undefined || max === undefined) return undefined;
  if (min > max) {
    c.report(f.at('max'), `settings.instanceLaunchSeconds.max must be ≥ min (${min}), received ${max}`);
    return undefined;
  }
  return { min, max };
}
