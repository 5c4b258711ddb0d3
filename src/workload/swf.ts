// The Standard Workload Format of the Parallel Workloads Archive: `;` header lines, then one job
// per line, 18 whitespace-separated numbers, −1 meaning unknown. How each field becomes part of a
// SubmitJob (and the rules for −1) is documented in docs/workloads.md; the summary:
//
//   1 job number       → job name `${jobNamePrefix}${n}` (default `job-<n>`)
//   2 submit time (s)  → submission time on the trace's clock; −1: job left out
//   4 run time (s)     → the job's run time; −1: `unknownRunTime` (default: left out)
//   5 / 8 processors   → vCPUs = processors × vcpusPerProcessor (allocated, else requested; neither: left out)
//   7 / 10 memory      → KB per processor × processors → MiB (requested first by default), else memoryPerVcpuMiB × vCPUs
//   9 requested time   → timeout.attemptDurationSeconds (≥ 60) with useRequestedTimeAsTimeout
//   11 status          → 1 completed (exit 0), 0 failed (exit 1), 5 cancelled, −1 the definition's exit model
//   12 / 13 user/group → shareIdentifier with shareIdentifierFrom
//   14 executable      → job definition through jobDefinitionMap (default: the workload's)
//   15 / 16 queue/partition → job queue through jobQueueMap / partitionMap (default: the workload's)
//   17 preceding job   → dependsOn that job
//   3, 6, 18           → not used (the simulation produces its own waits)
import { TIME_NOTE } from '../scenario/check.js';
import { MAX_TIME_SECONDS } from '../scenario/time.js';
import type { SwfHeader, SwfWorkloadSpec } from '../scenario/types.js';
import { LineReader, TraceInputError, openChunks } from './bytes.js';
import { isError, keptShare, own, rowShareRule, type QueueTarget, type Resolved, type Resolver } from './resolve.js';
import { MAX_TRACE_MS, cellShown, checkResources, emptyJob, parseNumber, type RowProblem, type TimeGate, type TraceReader, type TraceRow } from './trace.js';

export const SWF_FIELDS = [
  'job number', 'submit time', 'wait time', 'run time', 'allocated processors', 'average CPU time', 'used memory',
  'requested processors', 'requested time', 'requested memory', 'status', 'user id', 'group id', 'executable number',
  'queue number', 'partition number', 'preceding job number', 'think time',
] as const;

const TEXT_KEYS: Record<string, keyof SwfHeader | undefined> = {
  version: 'version', computer: 'computer', installation: 'installation', acknowledge: 'acknowledge', information: 'information',
  conversion: 'conversion', timezonestring: 'timeZoneString', starttime: 'startTime', endtime: 'endTime',
};
const NUMBER_KEYS: Record<string, keyof SwfHeader | undefined> = {
  unixstarttime: 'unixStartTime', maxjobs: 'maxJobs', maxrecords: 'maxRecords', maxprocs: 'maxProcs', maxnodes: 'maxNodes',
};

export function emptyHeader(): SwfHeader {
  return {
    version: null, computer: null, installation: null, acknowledge: null, information: null, conversion: null, unixStartTime: null,
    timeZoneString: null, startTime: null, endTime: null, maxJobs: null, maxRecords: null, maxProcs: null, maxNodes: null,
    queues: {}, partitions: {}, notes: [],
  };
}

/**
 * The `; Key: value` lines at the top of the file (continuation lines extend text fields). Reading
 * stops at the first job line; a file that cannot be read ends the header there (the pass over the
 * rows reports why, with its line).
 */
export function readSwfHeader(path: string): SwfHeader {
  const header = emptyHeader();
  let lines: LineReader | undefined;
  try {
    lines = new LineReader(openChunks(path));
    readHeaderLines(lines, header);
  } catch (err) {
    if (!(err instanceof TraceInputError)) throw err;
  } finally {
    lines?.close();
  }
  return header;
}

function readHeaderLines(lines: LineReader, header: SwfHeader): void {
  let last: keyof SwfHeader | 'note' | null = null;
  for (let text = lines.next(); text !== null; text = lines.next()) {
    if (lines.line === 1) text = text.replace(/^\uFEFF/, '');
    const t = text.trim();
    if (t === '') continue;
    if (!t.startsWith(';')) break;
    const body = t.slice(1).trim();
    const m = /^([A-Za-z][A-Za-z ]*?)\s*:(?:\s+|$)(.*)$/.exec(body);
    if (!m) {
      // `;   http://…` continues Information, Note, Acknowledge, …; a column legend does not.
      if (last && body !== '' && !body.startsWith('#')) appendText(header, last, body);
      if (body === '') last = null;
      continue;
    }
    const key = m[1]!.toLowerCase().replace(/\s+/g, '');
    const value = m[2]!.trim();
    last = null;
    const textKey = own(TEXT_KEYS, key);
    const numberKey = own(NUMBER_KEYS, key);
    if (textKey) {
      (header as unknown as Record<string, unknown>)[textKey] = value;
      last = textKey;
    } else if (numberKey) {
      const n = parseNumber(value.split(/\s+/)[0] ?? '');
      if (n !== undefined) (header as unknown as Record<string, unknown>)[numberKey] = n;
    } else if (key === 'queue' || key === 'partition') {
      const qm = /^(-?\d+)\s+(.*)$/.exec(value);
      if (qm && qm[2]!.trim() !== '') (key === 'queue' ? header.queues : header.partitions)[qm[1]!] = qm[2]!.trim();
    } else if (key === 'note') {
      header.notes.push(value);
      last = 'note';
    }
  }
}

function appendText(header: SwfHeader, key: keyof SwfHeader | 'note', more: string): void {
  if (key === 'note') {
    const i = header.notes.length - 1;
    if (i >= 0) header.notes[i] = `${header.notes[i]} ${more}`;
    return;
  }
  const h = header as unknown as Record<string, unknown>;
  if (typeof h[key] === 'string') h[key] = `${h[key] as string} ${more}`;
}

/** The number or header name of an SWF queue/partition, looked up in a mapping table. */
function mapped(map: Record<string, string>, names: Record<string, string>, value: number): string | undefined {
  if (value < 0) return undefined;
  const key = String(value);
  const name = names[key];
  return own(map, key) ?? (name === undefined ? undefined : own(map, name));
}

export function swfReader(spec: SwfWorkloadSpec, resolver: Resolver, gate: TimeGate): TraceReader {
  const fatal: RowProblem[] = [];
  let lines: LineReader | null = null;
  try {
    lines = new LineReader(openChunks(spec.path));
  } catch (err) {
    if (!(err instanceof TraceInputError)) throw err;
    fatal.push({ line: err.line ?? 1, column: err.column ?? 1, message: err.message });
  }
  const queueCache = new Map<string, Resolved<QueueTarget>>();
  let ended = false;

  const queueOf = (q: number, p: number): Resolved<QueueTarget> => {
    const key = `${q}/${p}`;
    let r = queueCache.get(key);
    if (r === undefined) {
      const name = mapped(spec.jobQueueMap, spec.header.queues, q) ?? mapped(spec.partitionMap, spec.header.partitions, p);
      r = name !== undefined ? resolver.queueNamed(name) : resolver.queue('');
      queueCache.set(key, r);
    }
    return r;
  };

  // The line being read, and helpers over it (made once, not per line).
  let line = 0;
  let text = '';
  /** The line's fields as written, split only when the line is not plain numbers or a message quotes one. */
  let cells: string[] | null = null;
  const cell = (field: number): string => (cells ??= text.split(/\s+/))[field - 1]!;
  let problems: RowProblem[] = [];
  const bad = (field: number, message: string) =>
    problems.push({ line, column: field, message: `field ${field} (${SWF_FIELDS[field - 1]})${message.startsWith(':') ? '' : ' '}${message}` });
  const integer = (field: number, v: number, what: string) => {
    if (!Number.isSafeInteger(v) || (v < 0 && v !== -1)) bad(field, `must be ${what}, received ${cell(field)}`);
  };
  /** Submit times are on the trace's clock (up to the range of dates); run and requested times are durations. */
  const seconds = (field: number, v: number, max: number, why: string) => {
    if (v < 0 && v !== -1) bad(field, `must be a number of seconds ≥ 0 or −1 (unknown), received ${cell(field)}`);
    else if (v > max) bad(field, `must be at most ${max} s, received ${cell(field)} ${why}`);
  };
  const f: number[] = new Array<number>(18).fill(0);

  const row = (lineText: string, at: number): TraceRow | 'after' => {
    line = at;
    text = lineText;
    cells = null;
    problems = [];
    if (!scanSwfFields(text, f)) {
      // Not 18 plain numbers: the general reading, which says what is wrong where.
      const all = (cells = text.split(/\s+/));
      if (all.length !== 18) {
        const column = Math.min(all.length, 18) + 1;
        problems.push({ line, column, message: `expected 18 whitespace-separated fields (SWF), received ${all.length}` });
        return { kind: 'bad', line, problems };
      }
      for (let i = 0; i < 18; i++) {
        const n = parseNumber(all[i]!);
        if (n === undefined) bad(i + 1, `must be a number (−1 for unknown), received ${cellShown(all[i]!)}`);
        else f[i] = n;
      }
      if (problems.length > 0) return { kind: 'bad', line, problems };
    }
    const [jobNumber, submit, , runTime, allocated, , usedMem, requested, requestedTime, requestedMem, status, user, group, executable, queue, partition, preceding] =
      f as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];

    if (!Number.isSafeInteger(jobNumber) || jobNumber < 0) bad(1, `must be an integer ≥ 0, received ${cell(1)}`);
    seconds(2, submit, MAX_TRACE_MS / 1000, '(the range of dates)');
    seconds(4, runTime, MAX_TIME_SECONDS, TIME_NOTE);
    integer(5, allocated, 'an integer ≥ 0 or −1');
    if (usedMem < 0 && usedMem !== -1) bad(7, `must be ≥ 0 (KB per processor) or −1, received ${cell(7)}`);
    integer(8, requested, 'an integer ≥ 0 or −1');
    seconds(9, requestedTime, MAX_TIME_SECONDS, TIME_NOTE);
    if (requestedMem < 0 && requestedMem !== -1) bad(10, `must be ≥ 0 (KB per processor) or −1, received ${cell(10)}`);
    if (![-1, 0, 1, 2, 3, 4, 5].includes(status)) bad(11, `must be 1 (completed), 0 (failed), 5 (cancelled), 2–4 (partial executions) or −1, received ${cell(11)}`);
    for (const [field, v] of [[12, user], [13, group], [14, executable], [15, queue], [16, partition], [17, preceding]] as const) {
      integer(field, v, 'an integer ≥ 0 or −1');
    }
    if (problems.length > 0) return { kind: 'bad', line, problems };

    if (submit === -1) return { kind: 'skip', line, reason: 'submit time −1' };
    const atMs = Math.round(submit * 1000);
    const where = gate.check(atMs, line);
    if (where === 'after') return 'after';
    if (where === 'before') return { kind: 'outside', line };
    if (typeof where === 'object') {
      bad(2, where.outOfOrder);
      return { kind: 'bad', line, problems };
    }

    const procs = allocated > 0 ? allocated : requested > 0 ? requested : -1;
    if (procs < 0) return { kind: 'skip', line, reason: 'processors −1' };
    const cancelled = status === 5;
    let durationMs: number | null;
    if (runTime >= 0) durationMs = Math.round(runTime * 1000);
    else if (cancelled) durationMs = 0;
    else if (spec.unknownRunTime === 'definition') durationMs = null;
    else if (spec.unknownRunTime === 'requested' && requestedTime > 0) durationMs = Math.round(requestedTime * 1000);
    else return { kind: 'skip', line, reason: spec.unknownRunTime === 'requested' ? 'run time and requested time −1' : 'run time −1' };

    const q = queueOf(queue, partition);
    const key = String(executable);
    const exe = executable >= 0 && own(spec.jobDefinitionMap, key) !== undefined ? key : '';
    const d = resolver.definition(exe);
    if (isError(q)) bad(15, `: ${q.error}`);
    if (isError(d)) bad(14, `: ${d.error}`);
    if (isError(q) || isError(d)) return { kind: 'bad', line, problems };

    const vcpus = Math.ceil(procs * spec.vcpusPerProcessor);
    const perProc = spec.memoryFrom === 'requested' ? [requestedMem, usedMem] : [usedMem, requestedMem];
    const k = perProc.findIndex((v) => v > 0);
    const kb = k < 0 ? undefined : perProc[k]!;
    const memory = Math.max(4, kb !== undefined ? Math.ceil((kb * procs) / 1024) : Math.ceil(spec.memoryPerVcpuMiB * vcpus));
    const procField = allocated > 0 ? 5 : 8;
    const memField = k < 0 ? procField : (k === 0) === (spec.memoryFrom === 'requested') ? 10 : 7;
    const resources = checkResources(d.platform, d.resources, { vcpus: { value: vcpus, column: procField }, memory: { value: memory, column: memField } }, bad);
    if (!resources) return { kind: 'bad', line, problems };

    const job = emptyJob();
    job.atMs = atMs;
    job.jobName = `${spec.jobNamePrefix}${jobNumber}`;
    job.jobQueue = q.index;
    job.jobDefinition = d.index;
    job.vcpus = vcpus;
    job.memory = memory;
    job.gpus = resources.gpus;
    job.durationMs = durationMs;
    job.exitCode = status === 1 || status === 2 || status === 3 ? 0 : status === 0 || status === 4 ? 1 : null;
    if (cancelled) {
      job.exitCode = null;
      job.cancelled = { reason: 'Cancelled (SWF status 5)', afterRunningMs: runTime > 0 ? Math.round(runTime * 1000) : null };
    }
    if (spec.useRequestedTimeAsTimeout && requestedTime > 0) job.attemptDurationSeconds = Math.max(60, Math.ceil(requestedTime));
    if (preceding >= 0) job.dependsOn = [`${spec.jobNamePrefix}${preceding}`];
    if (spec.shareIdentifierFrom === 'user' && user >= 0) job.shareIdentifier = keptShare(q, `user${user}`);
    if (spec.shareIdentifierFrom === 'group' && group >= 0) job.shareIdentifier = keptShare(q, `group${group}`);
    // A user or group id of −1 gives no identifier, which a fair-share queue refuses (spec §7.2).
    const rule = rowShareRule(q, job.shareIdentifier !== undefined);
    if (rule) {
      const field = spec.shareIdentifierFrom === 'user' ? 12 : spec.shareIdentifierFrom === 'group' ? 13 : 15;
      const why = field !== 15 && job.shareIdentifier === undefined ? ` (the ${field === 12 ? 'user' : 'group'} id is −1)` : '';
      bad(field, `: shareIdentifier ${rule}${why}`);
      return { kind: 'bad', line, problems };
    }
    return { kind: 'job', line, job, timeColumn: 2, key: jobNumber, depKeys: preceding >= 0 ? [preceding] : [] };
  };

  const nextLine = (): string | null => {
    if (lines === null) return null;
    try {
      return lines.next();
    } catch (err) {
      if (!(err instanceof TraceInputError)) throw err;
      // The file cannot be read further (truncated gzip, a byte that is not UTF-8, a line without end).
      fatal.push({ line: err.line ?? lines.line + 1, column: err.column ?? 1, message: `${err.message}; the rest of the file is not read` });
      return null;
    }
  };

  return {
    fatal,
    close: () => lines?.close(),
    next(): TraceRow | null {
      while (!ended && lines !== null) {
        const text = nextLine();
        if (text === null) break;
        const t = lines.line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
        if (t === '' || t.startsWith(';')) continue;
        const r = row(t, lines.line);
        if (r === 'after') break;
        return r;
      }
      ended = true;
      lines?.close();
      return null;
    },
  };
}

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const SPACE = 32;
const TAB = 9;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/**
 * Reads a job line that is 18 plain numbers (`-?digits(.digits)?`, at most 15 digits each)
 * separated by spaces or tabs — what archive traces hold — into `out`, without splitting it into
 * strings and testing each against a pattern (the two passes over a 188,041-job trace spent most
 * of their reading time there). Returns false for anything else, which the general reading then
 * takes. Each value is what Number() gives the field: its digits as an integer below 2^53, divided
 * by an exact power of ten, is the correctly rounded double of the decimal.
 */
export function scanSwfFields(text: string, out: number[]): boolean {
  const n = text.length;
  let i = 0;
  for (let field = 0; field < 18; field++) {
    if (field > 0) {
      // One or more separators between fields, none before the first (the line is trimmed).
      const start = i;
      while (i < n && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
      if (i === start) return false;
    }
    const negative = i < n && text.charCodeAt(i) === MINUS;
    if (negative) i++;
    let digits = 0;
    let decimals = -1;
    let mantissa = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === DOT && decimals < 0 && digits > 0) {
        decimals = 0;
        continue;
      }
      const d = c - ZERO;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
      if (decimals >= 0) decimals++;
    }
    if (digits === 0 || digits > 15 || decimals === 0) return false;
    const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals]! : mantissa;
    out[field] = negative ? -value : value;
  }
  return i === n;
}
