// `workloads: - type: csv | swf | describe-jobs`: recorded workloads replayed (docs/workloads.md).
// The spec is checked here, then every row of the file is checked by a validating pass over it
// (streamed, nothing kept), so that a bad trace is reported whole, with file, line and column.
import { closeSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { CSV_FIELDS } from '../workload/csv.js';
import type { Catalog, DefinitionTarget } from '../workload/resolve.js';
import type { RowProblem } from '../workload/trace.js';
import { scanReplay } from '../workload/replay.js';
import { emptyHeader, readSwfHeader } from '../workload/swf.js';
import { TIME_NOTE, describe, seconds, type Fields } from './check.js';
import { openRegular } from './files.js';
import { resolveJobDefinition, resolveJobQueue } from './references.js';
import { MAX_TIME_SECONDS, isValidInstant } from './time.js';
import { MAX_TRACE_MS } from '../workload/trace.js';
import type {
  CsvField, CsvWorkloadSpec, DescribeJobsWorkloadSpec, RejectedRow, ReplayTransform, ReplayWorkloadSpec, SwfHeader, SwfWorkloadSpec,
} from './types.js';
import { PREFIX, PREFIX_RULE, WORKLOAD_NAME, WORKLOAD_NAME_RULE, type WorkloadReadContext } from './workload-synthetic.js';

const COMMON = [
  'type', 'name', 'file', 'jobNamePrefix', 'jobQueue', 'jobDefinition', 'jobQueueMap', 'jobDefinitionMap', 'window', 'offsetSeconds',
  'rebase', 'scale', 'maxJobs',
];
const CSV_KNOWN = [...COMMON, 'columns', 'header', 'delimiter', 'timeUnit'];
const SWF_KNOWN = [
  ...COMMON, 'partitionMap', 'vcpusPerProcessor', 'memoryPerVcpuMiB', 'memoryFrom', 'useRequestedTimeAsTimeout', 'unknownRunTime',
  'shareIdentifierFrom',
];
const DESCRIBE_KNOWN = COMMON;

/** The largest load factor of a replay. */
export const MAX_SCALE = 1000;

/** The default MiB per vCPU for SWF jobs whose memory the trace does not give. */
export const SWF_DEFAULT_MEMORY_PER_VCPU_MIB = 1024;

export interface ReplayReadContext extends WorkloadReadContext {
  /** Where rows left out with skipInvalid are listed. */
  rejected: RejectedRow[];
}

export function readReplay(f: Fields, type: 'csv' | 'swf' | 'describe-jobs', ctx: ReplayReadContext): ReplayWorkloadSpec | undefined {
  const c = f.c;
  const before = c.problems.length;
  f.allow(type === 'csv' ? CSV_KNOWN : type === 'swf' ? SWF_KNOWN : DESCRIBE_KNOWN);

  const files = readFiles(f, type, ctx.baseDir);
  const first = files?.[0];
  const stem = first ? basename(first.file).replace(/(\.gz)?$/i, '').replace(/\.[^.]*$/, '') : 'replay';
  const name = f.string('name', { pattern: WORKLOAD_NAME, rule: WORKLOAD_NAME_RULE }) ?? (first ? safeName(basename(first.file)) : 'replay');
  const jobNamePrefix = f.string('jobNamePrefix', { pattern: PREFIX, rule: PREFIX_RULE }) ?? (type === 'swf' ? 'job-' : `${safeName(stem).replace(/\./g, '-')}-`);

  const queue = f.has('jobQueue') ? resolveJobQueue(f, 'jobQueue', ctx.jobs.queues) : undefined;
  const definition = f.has('jobDefinition') ? resolveJobDefinition(f, 'jobDefinition', ctx.jobs.definitions) : undefined;
  if (type === 'swf') {
    if (!f.has('jobQueue')) f.missing('jobQueue', 'the job queue SWF jobs go to unless jobQueueMap or partitionMap says otherwise');
    if (!f.has('jobDefinition')) f.missing('jobDefinition', 'the job definition of the replayed jobs (retry strategy, image, speedups)');
  }
  const jobQueueMap = readQueueMap(f, 'jobQueueMap', ctx);
  const jobDefinitionMap = readDefinitionMap(f, 'jobDefinitionMap', ctx);

  const header = type === 'swf' && first ? readSwfHeader(first.path) : undefined;
  const transform = readTransform(f, type, ctx, header);

  let spec: ReplayWorkloadSpec | undefined;
  const common = {
    name, file: first?.file ?? '', path: first?.path ?? '', jobNamePrefix,
    jobQueue: queue?.name ?? null, jobDefinition: definition?.index ?? null,
    jobQueueMap: jobQueueMap ?? {}, jobDefinitionMap: jobDefinitionMap ?? {},
    transform: transform!,
    usesDependencies: false,
    summary: { rows: 0, jobs: 0, skipped: {}, rejected: 0, outsideWindow: 0, droppedDependencies: 0, firstMs: null, lastMs: null },
  };
  if (type === 'csv') {
    const csv = readCsvOptions(f);
    if (csv) spec = { type, ...common, ...csv } satisfies CsvWorkloadSpec;
  } else if (type === 'swf') {
    const swf = readSwfOptions(f, ctx, header);
    if (swf) spec = { type, ...common, ...swf } satisfies SwfWorkloadSpec;
  } else {
    spec = { type, ...common, moreFiles: (files ?? []).slice(1) } satisfies DescribeJobsWorkloadSpec;
  }
  if (!spec || c.problems.length > before || !files || !transform) return undefined;
  const catalog = loadCatalog(ctx);
  if (spec.type === 'swf') {
    // Both checks report (every problem at once) before either stops the reading.
    const queues = swfQueues(spec);
    const platformsOk = checkSwfPlatforms(f, spec, catalog, queues);
    const sharesOk = checkSwfShares(f, spec, catalog, queues);
    if (!platformsOk || !sharesOk) return undefined;
  }

  // The validating pass over the rows.
  const scan = scanReplay(spec, catalog, ctx.startTimeMs);
  spec.summary = scan.summary;
  spec.usesDependencies = scan.usesDependencies;
  const report = (p: RowProblem) => {
    const file = p.file ?? spec!.file;
    const where = spec!.type === 'swf' ? `${file} line ${p.line}` : `${file} line ${p.line}, column ${p.column}`;
    c.reportIn(f.at('file'), file, { line: p.line, column: p.column }, `${where}: ${p.message}`);
  };
  for (const p of scan.problems) {
    if (ctx.skipInvalid) ctx.rejected.push({ file: p.file ?? spec.file, line: p.line, column: p.column, message: p.message });
    else report(p);
  }
  // What stopped the reading cannot be skipped: the rows after it are unknown.
  scan.fatal.forEach(report);
  if (ctx.skipInvalid) spec.summary.rejected = scan.badRows;
  return c.problems.length > before ? undefined : spec;
}

function safeName(s: string): string {
  const cleaned = s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (cleaned || 'replay').slice(0, 100);
}

/** `file`: one path (describe-jobs: or a list of paths), relative to the scenario's directory. */
function readFiles(f: Fields, type: string, baseDir: string): { file: string; path: string }[] | undefined {
  const raw = f.raw('file');
  if (raw === undefined) {
    f.missing('file', type === 'describe-jobs' ? 'the path of the describe-jobs JSON, or a list of paths' : `the path of the ${type === 'csv' ? 'CSV' : 'SWF'} file, relative to the scenario file`);
    return undefined;
  }
  const list = type === 'describe-jobs' && Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) {
    f.c.report(f.at('file'), 'file must list at least one path');
    return undefined;
  }
  const out: { file: string; path: string }[] = [];
  let ok = true;
  list.forEach((item, j) => {
    const at = Array.isArray(raw) ? `${f.at('file')}[${j}]` : f.at('file');
    if (typeof item !== 'string' || item === '') {
      f.c.report(at, `file must be a path (a string), received ${describe(item)}`);
      ok = false;
      return;
    }
    const path = resolve(baseDir, item);
    // Only regular files: a device such as /dev/zero never ends, a named pipe blocks the reader.
    const opened = openRegular(path);
    const why = 'why' in opened ? opened.why : undefined;
    if (!('why' in opened)) closeSync(opened.fd);
    if (why) {
      f.c.report(at, `Cannot read the workload file "${item}": ${why} (looked for ${path})`);
      ok = false;
      return;
    }
    out.push({ file: item, path });
  });
  return ok ? out : undefined;
}

/** `{ <value in the trace>: <scenario job queue> }`. */
function readQueueMap(f: Fields, key: string, ctx: ReplayReadContext): Record<string, string> | undefined {
  const m = f.object(key, { what: 'a mapping of the values in the trace to job queue names' });
  if (!m) return undefined;
  const out: Record<string, string> = {};
  let ok = true;
  for (const k of Object.keys(m.obj)) {
    const q = resolveJobQueue(m, k, ctx.jobs.queues);
    if (q) define(out, k, q.name);
    else ok = false;
  }
  return ok ? out : undefined;
}

/** `{ <value in the trace>: <job definition name, name:revision or ARN> }`. */
function readDefinitionMap(f: Fields, key: string, ctx: ReplayReadContext): Record<string, string> | undefined {
  const m = f.object(key, { what: 'a mapping of the values in the trace to job definitions' });
  if (!m) return undefined;
  const out: Record<string, string> = {};
  let ok = true;
  for (const k of Object.keys(m.obj)) {
    const d = resolveJobDefinition(m, k, ctx.jobs.definitions);
    if (d) define(out, k, `${d.name}:${d.revision}`);
    else ok = false;
  }
  return ok ? out : undefined;
}

function define(obj: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** window, rebase, offsetSeconds, scale, maxJobs. */
function readTransform(f: Fields, type: string, ctx: ReplayReadContext, header: SwfHeader | undefined): ReplayTransform | undefined {
  const rebase = f.boolean('rebase') ?? true;
  const offset = f.number('offsetSeconds', rebase ? seconds() : { min: -MAX_TIME_SECONDS, max: MAX_TIME_SECONDS, maxNote: TIME_NOTE }) ?? 0;
  // Copies of a row are made at once, so the factor is bounded (MAX_SCALE + 1 jobs per row at most).
  const scale = f.number('scale', { min: 0, above: true, max: MAX_SCALE, maxNote: `(each row becomes at most ${MAX_SCALE + 1} jobs)` }) ?? 1;
  const maxJobs = f.number('maxJobs', { integer: true, min: 1 }) ?? null;
  const window: ReplayTransform['window'] = { fromMs: null, toMs: null };
  const w = f.object('window', { what: '{ from, to }: seconds on the trace\'s clock or ISO-8601 instants' });
  let ok = true;
  if (w) {
    w.allow(['from', 'to']);
    for (const key of ['from', 'to'] as const) {
      if (!w.has(key)) continue;
      const ms = windowBound(w, key, type, ctx, header);
      if (ms === undefined) ok = false;
      else window[key === 'from' ? 'fromMs' : 'toMs'] = ms;
    }
    if (!w.has('from') && !w.has('to')) {
      f.c.report(f.at('window'), 'window needs from, to or both');
      ok = false;
    } else if (window.fromMs !== null && window.toMs !== null && window.toMs <= window.fromMs) {
      f.c.report(w.at('to'), `window.to must be later than window.from`);
      ok = false;
    }
  }
  return ok ? { window, rebase, offsetMs: Math.round(offset * 1000), scale, maxJobs } : undefined;
}

/**
 * A window bound on the trace's clock (ms): a number of seconds (SWF: its submit-time field; CSV
 * and describe-jobs: seconds since the scenario's startTime, where their times are measured from),
 * or an ISO-8601 instant (SWF: through the header's UnixStartTime).
 */
function windowBound(w: Fields, key: 'from' | 'to', type: string, ctx: ReplayReadContext, header: SwfHeader | undefined): number | undefined {
  const v = w.raw(key);
  if (typeof v === 'number') {
    // Within the range of dates, like the times of the trace itself (MAX_TRACE_MS).
    const limit = MAX_TRACE_MS / 1000;
    if (!Number.isFinite(v) || v < (type === 'swf' ? 0 : -limit) || v > limit) {
      w.c.report(w.at(key), `window.${key} must be a number of seconds between ${type === 'swf' ? 0 : -limit} and ${limit} (the range of dates) or an ISO-8601 instant, received ${v}`);
      return undefined;
    }
    return Math.round(v * 1000);
  }
  if (typeof v === 'string' && isValidInstant(v)) {
    const epoch = Date.parse(v);
    if (type !== 'swf') return epoch - ctx.startTimeMs;
    if (header?.unixStartTime === null || header?.unixStartTime === undefined) {
      w.c.report(w.at(key), `window.${key} as an instant needs the trace's UnixStartTime header line, which this file does not have; give seconds since the trace's start`);
      return undefined;
    }
    return epoch - header.unixStartTime * 1000;
  }
  w.c.report(w.at(key), `window.${key} must be a number of seconds or an ISO-8601 instant with a zone, e.g. 2026-01-05T06:00:00Z, received ${describe(v)}`);
  return undefined;
}

function readCsvOptions(f: Fields): Pick<CsvWorkloadSpec, 'columns' | 'header' | 'delimiter' | 'timeUnit'> | undefined {
  const header = f.boolean('header') ?? true;
  const delimiter = f.string('delimiter', { pattern: /^[^\r\n"]$/, rule: 'one character such as "," ";" or "\\t"' }) ?? ',';
  const timeUnit = f.enum('timeUnit', ['seconds', 'milliseconds'] as const) ?? 'seconds';
  const columns: Partial<Record<CsvField, string | number>> = {};
  const m = f.object('columns', { what: 'a mapping of fields (submitTime, jobName, …) to header names or field numbers' });
  let ok = true;
  if (m) {
    m.allow(CSV_FIELDS);
    for (const field of CSV_FIELDS) {
      const v = m.raw(field);
      if (v === undefined) continue;
      if (typeof v === 'string' && v !== '' && header) columns[field] = v;
      else if (typeof v === 'number' && Number.isInteger(v) && v >= 1) columns[field] = v;
      else {
        m.c.report(m.at(field), `columns.${field} must be ${header ? 'a header name or ' : ''}a field number ≥ 1${header ? '' : ' (the file has no header)'}, received ${describe(v)}`);
        ok = false;
      }
    }
  }
  if (!header && columns.submitTime === undefined) {
    f.c.report(f.at('columns'), 'Without a header, columns must give at least submitTime as a field number (e.g. columns: { submitTime: 1 })');
    ok = false;
  }
  return ok && delimiter !== undefined ? { columns, header, delimiter, timeUnit } : undefined;
}

type SwfOptions = Pick<SwfWorkloadSpec,
  'partitionMap' | 'vcpusPerProcessor' | 'memoryPerVcpuMiB' | 'memoryFrom' | 'useRequestedTimeAsTimeout' | 'unknownRunTime' | 'shareIdentifierFrom' | 'header'>;

function readSwfOptions(f: Fields, ctx: ReplayReadContext, header: SwfHeader | undefined): SwfOptions | undefined {
  const partitionMap = readQueueMap(f, 'partitionMap', ctx);
  const vcpusPerProcessor = f.number('vcpusPerProcessor', { min: 0, above: true }) ?? 1;
  const memoryPerVcpuMiB = f.number('memoryPerVcpuMiB', { min: 0, above: true }) ?? SWF_DEFAULT_MEMORY_PER_VCPU_MIB;
  const memoryFrom = f.enum('memoryFrom', ['requested', 'used'] as const) ?? 'requested';
  const useRequestedTimeAsTimeout = f.boolean('useRequestedTimeAsTimeout') ?? false;
  const unknownRunTime = f.enum('unknownRunTime', ['skip', 'definition', 'requested'] as const) ?? 'skip';
  const shareIdentifierFrom = f.enum('shareIdentifierFrom', ['none', 'user', 'group'] as const) ?? 'none';
  if (header) {
    checkSwfKeys(f, 'jobQueueMap', header.queues, 'queue');
    checkSwfKeys(f, 'partitionMap', header.partitions, 'partition');
    checkSwfKeys(f, 'jobDefinitionMap', {}, 'executable');
  }
  if (!partitionMap && f.has('partitionMap')) return undefined;
  return {
    partitionMap: partitionMap ?? {}, vcpusPerProcessor, memoryPerVcpuMiB, memoryFrom, useRequestedTimeAsTimeout, unknownRunTime,
    shareIdentifierFrom, header: header ?? emptyHeader(),
  };
}

/** Keys of SWF mapping tables are numbers from the trace, or (queues, partitions) the names its header gives them. */
function checkSwfKeys(f: Fields, key: string, names: Record<string, string>, what: string): void {
  const m = f.raw(key);
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return;
  const known = new Set(Object.values(names));
  for (const k of Object.keys(m)) {
    if (/^-?\d+$/.test(k) || known.has(k)) continue;
    const listed = Object.entries(names).map(([n, name]) => `${n} ${name}`).join(', ');
    f.c.report(`${f.at(key)}.${k}`, `"${k}" is not an SWF ${what} number${what === 'executable' ? '' : ` nor a ${what} name from the trace's header${listed ? ` (${listed})` : ' (the header names none)'}`}`, 'key');
  }
}

/** The job queues an SWF replay can submit to: its default and those of its mapping tables. */
function swfQueues(spec: SwfWorkloadSpec): Set<string> {
  return new Set([spec.jobQueue, ...Object.values(spec.jobQueueMap), ...Object.values(spec.partitionMap)].filter((q): q is string => q !== null));
}

/** SWF jobs are sized in processors: they need EC2 queues and definitions (Fargate sizes are fixed pairs). */
function checkSwfPlatforms(f: Fields, spec: SwfWorkloadSpec, catalog: Catalog, queues: ReadonlySet<string>): boolean {
  let ok = true;
  for (const q of queues) {
    if (catalog.queues.get(q)?.platform === 'FARGATE') {
      f.c.report(f.at('jobQueue'), `SWF replays need EC2 job queues (processor counts do not map onto Fargate's fixed sizes); job queue "${q}" is Fargate`);
      ok = false;
    }
  }
  const defs: DefinitionTarget[] = [...catalog.definitions.values()].flat();
  const wanted = new Set([spec.jobDefinition, ...Object.values(spec.jobDefinitionMap).map((ref) => {
    const [n, r] = ref.split(':');
    return defs.find((d) => d.name === n && String(d.revision) === r)?.index ?? null;
  })]);
  for (const d of defs) {
    if (wanted.has(d.index) && d.platform === 'FARGATE') {
      f.c.report(f.at('jobDefinition'), `SWF replays need EC2 job definitions; job definition "${d.name}:${d.revision}" is Fargate`);
      ok = false;
    }
  }
  return ok;
}

/**
 * Whether SWF jobs get a shareIdentifier is the workload's choice (shareIdentifierFrom), so a
 * choice that a queue it submits to would refuse for every job is reported once, here, rather
 * than on every line (spec §7.2: required on a fair-share queue).
 */
function checkSwfShares(f: Fields, spec: SwfWorkloadSpec, catalog: Catalog, queues: ReadonlySet<string>): boolean {
  let ok = true;
  for (const q of queues) {
    const policy = catalog.queues.get(q)?.schedulingPolicy;
    if (policy && spec.shareIdentifierFrom === 'none') {
      f.c.report(f.at('shareIdentifierFrom'),
        `Job queue "${q}" has fair-share scheduling policy "${policy}", which needs a shareIdentifier on every job: set shareIdentifierFrom to user or group (SWF fields 12 and 13)`);
      ok = false;
    }
  }
  return ok;
}

/** The scenario's queues and definitions as they are being read (a definition with problems has no resources). */
export function loadCatalog(ctx: WorkloadReadContext): Catalog {
  const queues: Catalog['queues'] = new Map();
  for (const [name, info] of ctx.jobs.queues) {
    queues.set(name, { index: info.index, name, state: info.state, platform: info.platform, fargateSpotOnly: info.fargateSpotOnly, schedulingPolicy: info.schedulingPolicy });
  }
  const definitions: Catalog['definitions'] = new Map();
  for (const [name, drafts] of ctx.jobs.definitions) {
    definitions.set(name, drafts.map((d) => ({
      index: d.index, name: d.name, revision: d.revision, platform: d.capability, arch: d.cpuArchitecture,
      resources: d.spec ? { vcpus: d.spec.vcpus, memory: d.spec.memory, gpus: d.spec.gpus } : null,
      multiNode: d.type === 'multinode',
      inactive: d.status === 'INACTIVE',
    })));
  }
  return { queues, definitions };
}
