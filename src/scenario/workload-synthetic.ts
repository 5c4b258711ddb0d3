// `workloads: - type: synthetic`: an arrival process and a job mix (docs/workloads.md).
import { parse } from 'csv-parse/sync';
import { normalizeHeader } from '../workload/csv.js';
import { cellShown, csvSyntax } from '../workload/trace.js';
import {
  DURATION_LIMIT, checkNumber, describe, fields, isObj, label, limitRule, readReferencedFile, seconds, type Checker, type Fields, type QuantityLimit,
} from './check.js';
import type { JobContext } from './jobs.js';
import { checkQueueFits, refuseMultiNode, resolveJobDefinition, resolveJobQueue } from './references.js';
import { FARGATE_PAIRS } from './resources.js';
import { readSchedulingPriority, readShareIdentifier } from './scheduling-policies.js';
import { readDistribution } from './simulation.js';
import type { ArrivalProcess, JobMixEntry, SyntheticWorkloadSpec, WorkloadDistribution } from './types.js';
import { MAX_TIME_SECONDS } from './time.js';
import { ARRAY_SIZE_LIMIT, GPU_LIMIT, MEMORY_LIMIT, VCPU_LIMIT } from './resources.js';

export interface WorkloadReadContext {
  jobs: JobContext;
  baseDir: string;
  /** Epoch ms of the scenario's startTime. */
  startTimeMs: number;
  skipInvalid: boolean;
}

const DISTRIBUTIONS = ['fixed', 'uniform', 'exponential', 'lognormal', 'normal', 'gamma', 'empirical'] as const;
const PROCESSES = ['poisson', 'diurnal', 'bursts', 'batch'] as const;
const MIX_FIELDS = ['jobQueue', 'jobDefinition', 'vcpus', 'memory', 'gpus', 'duration', 'arraySize', 'shareIdentifier', 'schedulingPriorityOverride'];
const KNOWN = ['type', 'name', 'jobNamePrefix', 'arrivals', 'count', 'untilSeconds', 'mix', ...MIX_FIELDS];

/** Job names are `${prefix}${n}`; same rule as the Poisson shorthand. */
export const PREFIX = /^[A-Za-z0-9][A-Za-z0-9_-]*$|^$/;
export const PREFIX_RULE = 'a prefix of letters, digits, hyphens and underscores, starting with a letter or digit';
/** Names key the random streams and appear in messages. */
export const WORKLOAD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const WORKLOAD_NAME_RULE = 'up to 128 letters, digits, dots, hyphens and underscores, starting with a letter or digit';

export function readSynthetic(f: Fields, ctx: WorkloadReadContext): SyntheticWorkloadSpec | undefined {
  f.allow(KNOWN);
  const c = f.c;
  const arrivals = readArrivals(f, ctx);
  const count = f.number('count', { integer: true, min: 1 }) ?? null;
  const untilSeconds = f.number('untilSeconds', seconds({ above: true })) ?? null;
  const unbounded = arrivals && (arrivals.process === 'poisson' || arrivals.process === 'diurnal');
  if (unbounded && count === null && untilSeconds === null && !f.has('count') && !f.has('untilSeconds')) {
    c.report(f.at('count'), `A ${arrivals.process} process never ends by itself: give count (jobs in all) or untilSeconds (no arrivals after it)`);
  }
  const mix = readMix(f, ctx);
  const explicitName = f.string('name', { pattern: WORKLOAD_NAME, rule: WORKLOAD_NAME_RULE });
  const prefix = f.string('jobNamePrefix', { pattern: PREFIX, rule: PREFIX_RULE });
  if (!arrivals || !mix) return undefined;
  const def = ctx.jobs.definitions;
  const firstDef = [...def.values()].flat().find((d) => d.index === mix[0]!.jobDefinition)!;
  const name = explicitName ?? (prefix !== undefined && prefix !== '' ? prefix.replace(/[-_]+$/, '') || prefix : firstDef.name);
  return {
    type: 'synthetic', name, jobNamePrefix: prefix ?? `${name}-`, arrivals, count, untilSeconds, mix,
  };
}

function readArrivals(f: Fields, ctx: WorkloadReadContext): ArrivalProcess | undefined {
  const a = f.object('arrivals', { required: true, what: '{ process: poisson | diurnal | bursts | batch, … }' });
  if (!a) return undefined;
  const process = a.enum('process', PROCESSES, { required: true });
  switch (process) {
    case 'poisson': {
      a.allow(['process', 'ratePerHour', 'meanInterarrivalSeconds', 'startAtSeconds']);
      const mean = oneRate(a);
      const startAtSeconds = a.number('startAtSeconds', seconds()) ?? 0;
      return mean === undefined ? undefined : { process, meanInterarrivalSeconds: mean, startAtSeconds };
    }
    case 'diurnal':
      return readDiurnal(a, ctx);
    case 'bursts': {
      a.allow(['process', 'bursts']);
      const list = a.list('bursts', { required: true, what: 'a list of { at, count, spreadSeconds }' });
      if (!list) return undefined;
      if (list.length === 0) {
        a.c.report(a.at('bursts'), 'bursts must list at least one { at, count }');
        return undefined;
      }
      const bursts: { atSeconds: number; count: number; spreadSeconds: number }[] = [];
      let ok = true;
      list.forEach((item, j) => {
        const b = fields(a.c, item, `${a.at('bursts')}[${j}]`);
        if (!b) return void (ok = false);
        b.allow(['at', 'count', 'spreadSeconds']);
        const at = b.number('at', { required: true, ...seconds() });
        const count = b.number('count', { required: true, integer: true, min: 1 });
        const spreadSeconds = b.number('spreadSeconds', seconds()) ?? 0;
        if (at === undefined || count === undefined) return void (ok = false);
        bursts.push({ atSeconds: at, count, spreadSeconds });
      });
      return ok ? { process, bursts } : undefined;
    }
    case 'batch': {
      a.allow(['process', 'at', 'count']);
      const at = a.number('at', seconds()) ?? 0;
      const count = a.number('count', { required: true, integer: true, min: 1 });
      return count === undefined ? undefined : { process, atSeconds: at, count };
    }
    default:
      return undefined;
  }
}

/** Exactly one of meanInterarrivalSeconds and ratePerHour. */
export function oneRate(a: Fields): number | undefined {
  const hasMean = a.has('meanInterarrivalSeconds');
  const hasRate = a.has('ratePerHour');
  const mean = a.number('meanInterarrivalSeconds', seconds({ above: true }));
  const rate = a.number('ratePerHour', { min: 0, above: true });
  if (hasMean && hasRate) {
    a.c.report(a.at('ratePerHour'), 'Give either meanInterarrivalSeconds or ratePerHour, not both');
    return undefined;
  }
  if (!hasMean && !hasRate) {
    a.c.report(a.at('ratePerHour'), 'ratePerHour (jobs per hour, > 0) or meanInterarrivalSeconds (> 0) is required');
    return undefined;
  }
  if (mean !== undefined || rate === undefined) return mean;
  return rateToMean(a.c, a.at('ratePerHour'), rate);
}

/**
 * A 24-entry table of jobs per hour (`ratePerHourByHour`), or a sinusoid. Hours are those of the
 * wall clock (startTime + t) shifted by utcOffsetHours, so a table written in local time lines up.
 */
function readDiurnal(a: Fields, ctx: WorkloadReadContext): ArrivalProcess | undefined {
  a.allow(['process', 'ratePerHourByHour', 'sinusoid', 'utcOffsetHours', 'startAtSeconds']);
  const utcOffsetHours = a.number('utcOffsetHours', { min: -12, max: 14 }) ?? 0;
  const startAtSeconds = a.number('startAtSeconds', seconds()) ?? 0;
  const dayMs = 86_400_000;
  const clockOffsetSeconds = ((((ctx.startTimeMs + utcOffsetHours * 3_600_000) % dayMs) + dayMs) % dayMs) / 1000;
  const hasTable = a.has('ratePerHourByHour');
  const hasSin = a.has('sinusoid');
  if (hasTable === hasSin) {
    a.c.report(hasTable ? a.at('sinusoid') : a.at('ratePerHourByHour'),
      hasTable ? 'Give either ratePerHourByHour or sinusoid, not both' : 'A diurnal process needs ratePerHourByHour (24 rates, jobs per hour, for hours 0–23) or sinusoid { meanRatePerHour, amplitude, peakHour }');
    return undefined;
  }
  if (hasTable) {
    const list = a.list('ratePerHourByHour');
    if (!list) return undefined;
    if (list.length !== 24) {
      a.c.report(a.at('ratePerHourByHour'), `ratePerHourByHour must list 24 rates (jobs per hour for hours 0–23), received ${list.length}`);
      return undefined;
    }
    const rates = list.map((v, h) => checkNumber(a.c, v, `${a.at('ratePerHourByHour')}[${h}]`, { min: 0 }));
    if (rates.some((r) => r === undefined)) return undefined;
    if (rates.every((r) => r === 0)) {
      a.c.report(a.at('ratePerHourByHour'), 'ratePerHourByHour must have at least one hour with a rate > 0');
      return undefined;
    }
    return { process: 'diurnal', ratePerHourByHour: rates as number[], clockOffsetSeconds, startAtSeconds };
  }
  const s = a.object('sinusoid');
  if (!s) return undefined;
  s.allow(['meanRatePerHour', 'amplitude', 'peakHour']);
  const meanRatePerHour = s.number('meanRatePerHour', { required: true, min: 0, above: true });
  const amplitude = s.number('amplitude', { required: true, min: 0, max: 1 });
  const peakHour = s.number('peakHour', { min: 0, max: 24 }) ?? 12;
  if (meanRatePerHour === undefined || amplitude === undefined) return undefined;
  return { process: 'diurnal', sinusoid: { meanRatePerHour, amplitude, peakHour }, clockOffsetSeconds, startAtSeconds };
}

/** `mix: [...]`, or the fields of one entry at the top of the workload (not both). */
function readMix(f: Fields, ctx: WorkloadReadContext): JobMixEntry[] | undefined {
  const list = f.list('mix');
  const inline = MIX_FIELDS.filter((k) => f.has(k));
  if (list && inline.length > 0) {
    f.c.report(f.at(inline[0]!), `Give ${inline.join(', ')} inside each mix entry, or leave out mix for a single kind of job`, 'key');
    return undefined;
  }
  if (!list) {
    const entry = readMixEntry(f, ctx, false);
    return entry ? [entry] : undefined;
  }
  if (list.length === 0) {
    f.c.report(f.at('mix'), 'mix must list at least one { weight, jobQueue, jobDefinition, … }');
    return undefined;
  }
  const out: JobMixEntry[] = [];
  let ok = true;
  list.forEach((item, j) => {
    const e = fields(f.c, item, `${f.at('mix')}[${j}]`);
    if (!e) return void (ok = false);
    e.allow(['weight', ...MIX_FIELDS]);
    const entry = readMixEntry(e, ctx, true);
    if (entry) out.push(entry);
    else ok = false;
  });
  return ok ? out : undefined;
}

function readMixEntry(e: Fields, ctx: WorkloadReadContext, inMix: boolean): JobMixEntry | undefined {
  const weight = inMix ? (e.number('weight', { min: 0, above: true }) ?? 1) : 1;
  const queue = resolveJobQueue(e, 'jobQueue', ctx.jobs.queues);
  const definition = resolveJobDefinition(e, 'jobDefinition', ctx.jobs.definitions);
  if (!refuseMultiNode(e, 'jobDefinition', definition)) checkQueueFits(e, 'jobDefinition', definition, queue);
  const dist = (key: string, limit: QuantityLimit) => (e.has(key) ? readWorkloadDistribution(e.c, e.raw(key), e.at(key), ctx.baseDir, limit) : null);
  const vcpus = dist('vcpus', VCPU_LIMIT);
  const memory = dist('memory', MEMORY_LIMIT);
  const gpus = dist('gpus', GPU_LIMIT);
  const duration = dist('duration', DURATION_LIMIT);
  const arraySize = dist('arraySize', ARRAY_SIZE_LIMIT);
  // SubmitJob's fair-share fields, with its rules against the entry's queue (spec §7.2).
  const before = e.c.problems.length;
  const shareIdentifier = readShareIdentifier(e, queue);
  const schedulingPriority = readSchedulingPriority(e, 'schedulingPriorityOverride', queue);
  if (e.c.problems.length > before) return undefined;
  if (!queue || !definition || [vcpus, memory, gpus, duration, arraySize].some((d) => d === undefined)) return undefined;
  if (definition.capability === 'FARGATE' && !checkFargateSizes(e, definition.spec, vcpus ?? null, memory ?? null, gpus ?? null)) return undefined;
  return {
    weight, jobQueue: queue.name, jobDefinition: definition.index,
    vcpus: vcpus ?? null, memory: memory ?? null, gpus: gpus ?? null, duration: duration ?? null, arraySize: arraySize ?? null,
    shareIdentifier, ...(schedulingPriority === undefined ? {} : { schedulingPriority }),
  };
}

/** Fargate tasks come in fixed sizes: only fixed values forming an allowed pair (spec §9.1). */
function checkFargateSizes(
  e: Fields, spec: { vcpus: number; memory: number } | undefined,
  vcpus: WorkloadDistribution | null, memory: WorkloadDistribution | null, gpus: WorkloadDistribution | null,
): boolean {
  let ok = true;
  for (const [key, d] of [['vcpus', vcpus], ['memory', memory]] as const) {
    if (d && d.distribution !== 'fixed') {
      e.c.report(e.at(key), `${label(e.at(key))} must be a fixed value on a Fargate job definition (Fargate sizes are fixed vCPU/memory pairs)`);
      ok = false;
    }
  }
  if (gpus && !(gpus.distribution === 'fixed' && gpus.value === 0)) {
    e.c.report(e.at('gpus'), 'Fargate jobs cannot request GPUs');
    ok = false;
  }
  if (!ok || !spec || (!vcpus && !memory)) return ok;
  const v = vcpus?.distribution === 'fixed' ? vcpus.value : spec.vcpus;
  const m = memory?.distribution === 'fixed' ? memory.value : spec.memory;
  const allowed = FARGATE_PAIRS.get(v);
  if (!allowed || !allowed.includes(m)) {
    const key = vcpus ? 'vcpus' : 'memory';
    e.c.report(e.at(key), allowed
      ? `Fargate memory for ${v} vCPU must be one of ${allowed.join(', ')}, received ${m}`
      : `Fargate vCPUs must be one of ${[...FARGATE_PAIRS.keys()].join(', ')}, received ${v}`);
    return false;
  }
  return true;
}

/**
 * A number (fixed) or `{ distribution, … }`: the job-definition distributions, plus
 * `gamma { shape, scale }` and `empirical { values }` or `empirical { file, column }`. Location
 * parameters and values are bounded by `limit` (durations: MAX_TIME_SECONDS); draws beyond it are
 * clamped where they are made.
 */
export function readWorkloadDistribution(
  c: Checker, v: unknown, path: string, baseDir: string, limit: QuantityLimit = DURATION_LIMIT,
): WorkloadDistribution | undefined {
  if (typeof v === 'number') {
    const value = checkNumber(c, v, path, limitRule(limit));
    return value === undefined ? undefined : { distribution: 'fixed', value };
  }
  if (!isObj(v)) {
    c.report(path, `${label(path)} must be a number or { distribution, … }, received ${describe(v)}`);
    return undefined;
  }
  const kind = v.distribution;
  if (typeof kind !== 'string' || !(DISTRIBUTIONS as readonly string[]).includes(kind)) {
    c.report(`${path}.distribution`, `${label(`${path}.distribution`)} must be one of ${DISTRIBUTIONS.join(', ')}, received ${describe(kind)}`);
    return undefined;
  }
  const f = fields(c, v, path)!;
  if (kind === 'gamma') {
    f.allow(['distribution', 'shape', 'scale', 'mean']);
    const shape = f.number('shape', { required: true, min: 0, above: true });
    const hasScale = f.has('scale');
    const hasMean = f.has('mean');
    const scale = f.number('scale', { min: 0, above: true });
    const mean = f.number('mean', { min: 0, above: true });
    if (hasScale === hasMean) {
      c.report(f.at('scale'), 'gamma needs shape and either scale or mean (mean = shape × scale), not both');
      return undefined;
    }
    if (shape === undefined || (scale === undefined && mean === undefined)) return undefined;
    const gammaMean = mean ?? shape * scale!;
    if (gammaMean > limit.max) {
      const key = mean === undefined ? 'scale' : 'mean';
      c.report(f.at(key), `${label(f.at(key))} must make a mean (shape × scale) of at most ${limit.max}${limit.unit}, received a mean of ${gammaMean} ${limit.maxNote}`);
      return undefined;
    }
    return { distribution: 'gamma', shape, scale: scale ?? mean! / shape };
  }
  if (kind === 'empirical') return readEmpirical(f, baseDir, limit);
  return readDistribution(c, v, path, limit);
}

/** `values: [...]`, or `file` (CSV, relative to the scenario) and `column` (header name or 1-based number). */
function readEmpirical(f: Fields, baseDir: string, limit: QuantityLimit): WorkloadDistribution | undefined {
  f.allow(['distribution', 'values', 'file', 'column']);
  if (f.has('values') === f.has('file')) {
    f.c.report(f.at('values'), 'empirical needs either values (a list of numbers) or file and column (a CSV column), not both');
    return undefined;
  }
  if (f.has('values')) {
    const list = f.list('values');
    if (!list) return undefined;
    if (list.length === 0) {
      f.c.report(f.at('values'), 'values must list at least one number');
      return undefined;
    }
    const values = list.map((x, j) => checkNumber(f.c, x, `${f.at('values')}[${j}]`, limitRule(limit)));
    return values.some((x) => x === undefined) ? undefined : { distribution: 'empirical', values: values as number[] };
  }
  const file = f.string('file', { required: true, rule: 'the path of a CSV file, relative to the scenario file' });
  const column = f.raw('column');
  if (column === undefined) f.missing('column', 'a header name, or a field number from 1');
  else if (!(typeof column === 'string' || (typeof column === 'number' && Number.isInteger(column) && column >= 1))) {
    f.c.report(f.at('column'), `column must be a header name or a field number ≥ 1, received ${describe(column)}`);
    return undefined;
  }
  if (file === undefined || column === undefined) return undefined;
  const values = readColumn(f, file, column as string | number, baseDir, limit);
  return values && { distribution: 'empirical', values };
}

function readColumn(f: Fields, written: string, column: string | number, baseDir: string, limit: QuantityLimit): number[] | undefined {
  const at = f.at('file');
  const text = readReferencedFile(f.c, at, written, baseDir, '');
  if (text === undefined) return undefined;
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof rows;
  } catch (err) {
    const e = err as { lines?: unknown; message?: string; code?: string };
    const line = typeof e.lines === 'number' && e.lines > 0 ? e.lines : 1;
    f.c.reportIn(at, written, { line, column: 1 }, `${written} line ${line}: not valid CSV: ${csvSyntax(e)}`);
    return undefined;
  }
  const header = rows[0];
  let j: number;
  if (typeof column === 'number') j = column - 1;
  else {
    j = header ? header.record.findIndex((h) => normalizeHeader(h) === normalizeHeader(column)) : -1;
    if (j < 0) {
      // The header is not quoted back (a file given by mistake could hold anything).
      const n = header ? header.record.length : 0;
      f.c.report(f.at('column'), `"${written}" has no column "${column}" (${header ? `its header, line 1, has ${n} ${n === 1 ? 'field' : 'fields'}` : 'it is empty'})`);
      return undefined;
    }
  }
  const values: number[] = [];
  let ok = true;
  for (const row of typeof column === 'number' && !isNaN(Number(header?.record[j])) ? rows : rows.slice(1)) {
    const cell = row.record[j] ?? '';
    if (cell === '') continue;
    const n = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cell) ? Number(cell) : NaN;
    if (!(n >= 0)) {
      ok = false;
      f.c.reportIn(at, written, { line: row.info.lines, column: j + 1 }, `${written} line ${row.info.lines}, column ${j + 1}: must be a number ≥ 0, received ${cellShown(cell)}`);
    } else if (n > limit.max) {
      ok = false;
      f.c.reportIn(at, written, { line: row.info.lines, column: j + 1 }, `${written} line ${row.info.lines}, column ${j + 1}: must be at most ${limit.max}, received ${n} ${limit.maxNote}`);
    } else {
      values.push(n);
    }
  }
  if (ok && values.length === 0) {
    f.c.report(at, `"${written}" has no values in column ${typeof column === 'number' ? column : `"${column}"`}`);
    return undefined;
  }
  return ok ? values : undefined;
}

/** The mean gap of a rate in jobs per hour, which must be a time too: at least one job in MAX_TIME_SECONDS. */
export function rateToMean(c: Checker, path: string, rate: number): number | undefined {
  const mean = 3600 / rate;
  if (mean <= MAX_TIME_SECONDS) return mean;
  c.report(path, `ratePerHour must be at least ${(3600 / MAX_TIME_SECONDS).toPrecision(3)} (one job in 10 years), received ${rate}`);
  return undefined;
}
