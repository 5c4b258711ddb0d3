// `aws batch describe-jobs` output replayed as submissions: each job is submitted at its
// createdAt and runs for its observed run time (stoppedAt − startedAt of its last attempt), with
// its resources, exit code or cancellation, timeout, array size and dependencies. The files are
// small (the API returns at most 100 jobs per call), so they are parsed whole and sorted by
// createdAt; rules in docs/workloads.md.
import { TIME_NOTE } from '../scenario/check.js';
import { readSource, type Position } from '../scenario/source.js';
import { MAX_TIME_MS, MAX_TIME_SECONDS } from '../scenario/time.js';
import type { DescribeJobsWorkloadSpec } from '../scenario/types.js';
import { statSync } from 'node:fs';
import { formatMiB } from '../scenario/files.js';
import { MAX_JSON_TRACE_TOTAL_BYTES, TraceInputError, readText } from './bytes.js';
import { isError, platformMismatch, type Resolver } from './resolve.js';
import {
  JOB_NAME, MAX_TRACE_MS, SHARE_IDENTIFIER, checkResources, emptyJob, jsonShown, nameShown, type ResourceCells, type RowProblem, type TimeGate, type TraceReader, type TraceRow,
} from './trace.js';

const STATUSES = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'];

type Obj = Record<string, unknown>;

interface Entry {
  file: string;
  path: string;
  value: unknown;
  /** Position of the entry and of the nodes below it (by JSON path), when known. */
  pos: (path: string) => Position | undefined;
  order: number;
}

interface Draft {
  entry: Entry;
  line: number;
  problems: RowProblem[];
  jobId: string | null;
  createdAt: number | null;
  job: ReturnType<typeof emptyJob>;
  dependsOnIds: string[];
  /** The observed run time, ms, or null. */
  runMs: number | null;
  isArrayParent: boolean;
  /** Set for array children: the parent's jobId. */
  parentId: string | null;
  hasDeps: boolean;
}

export interface DescribeJobsContext {
  resolver: Resolver;
  gate: TimeGate;
  startTimeMs: number;
  /** Keep node positions (the validating pass); the replay itself does not need them. */
  positions: boolean;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // unreadable: readText says why
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads every file: syntax errors are fatal problems (that file contributes no jobs). All files
 * are held at once, so together they may not pass MAX_JSON_TRACE_TOTAL_BYTES (checked on their
 * sizes before any is read, and on the inflated text as it is read).
 */
function entries(spec: DescribeJobsWorkloadSpec, positions: boolean, fatal: RowProblem[]): Entry[] {
  const out: Entry[] = [];
  const files = [{ file: spec.file, path: spec.path }, ...spec.moreFiles];
  const tooMuch = { file: spec.file, line: 1, column: 1, message: `the describe-jobs files of this workload are larger than ${formatMiB(MAX_JSON_TRACE_TOTAL_BYTES)} in all; replay fewer at a time` };
  let total = files.reduce((sum, f) => sum + sizeOf(f.path), 0);
  if (total > MAX_JSON_TRACE_TOTAL_BYTES) {
    fatal.push(tooMuch);
    return out;
  }
  total = 0;
  for (const { file, path } of files) {
    let text: string;
    try {
      text = readText(path);
    } catch (err) {
      if (!(err instanceof TraceInputError)) throw err;
      fatal.push({ file, line: err.line ?? 1, column: err.column ?? 1, message: err.message });
      continue;
    }
    total += text.length;
    if (total > MAX_JSON_TRACE_TOTAL_BYTES) {
      fatal.push(tooMuch);
      return out;
    }
    let root: unknown;
    let pos: (p: string) => Position | undefined = () => undefined;
    if (positions) {
      const source = readSource(text, true);
      if (source.problems.length > 0) {
        for (const p of source.problems) fatal.push({ file, line: p.line ?? 1, column: p.column ?? 1, message: p.message });
        continue;
      }
      root = source.root;
      pos = (p) => source.values.get(p);
    } else {
      try {
        root = JSON.parse(text) as unknown;
      } catch {
        continue;
      }
    }
    const push = (value: unknown, path: string) => out.push({ file, path, value, pos, order: out.length });
    const where = (p: string) => pos(p) ?? { line: 1, column: 1 };
    if (isObj(root) && Array.isArray(root.jobs)) {
      root.jobs.forEach((j, i) => push(j, `jobs[${i}]`));
    } else if (Array.isArray(root) && root.some((p) => isObj(p) && 'jobs' in p)) {
      root.forEach((page, k) => {
        if (isObj(page) && Array.isArray(page.jobs)) page.jobs.forEach((j, i) => push(j, `[${k}].jobs[${i}]`));
        else fatal.push({ file, ...where(`[${k}]`), message: `[${k}] must be a page of describe-jobs output ({ "jobs": [...] })` });
      });
    } else if (Array.isArray(root)) {
      root.forEach((j, i) => push(j, `[${i}]`));
    } else {
      fatal.push({ file, line: 1, column: 1, message: 'expected describe-jobs output: { "jobs": [...] }, a list of jobs, or a list of such pages' });
    }
  }
  return out;
}

export function describeJobsReader(spec: DescribeJobsWorkloadSpec, ctx: DescribeJobsContext): TraceReader {
  const fatal: RowProblem[] = [];
  const rows = buildRows(spec, ctx, fatal);
  let i = 0;
  let ended = false;
  return {
    fatal,
    close: () => {
      ended = true;
    },
    next(): TraceRow | null {
      while (!ended && i < rows.length) {
        const r = rows[i++]!;
        if (r.kind !== 'job') return r;
        const where = ctx.gate.check(r.job.atMs, r.line);
        if (where === 'after') break;
        if (where === 'before') return { kind: 'outside', line: r.line };
        return r;
      }
      ended = true;
      return null;
    },
  };
}

function buildRows(spec: DescribeJobsWorkloadSpec, ctx: DescribeJobsContext, fatal: RowProblem[]): TraceRow[] {
  const drafts = entries(spec, ctx.positions, fatal).map((e) => draft(e, ctx));

  // Array children are replayed through their parent: it takes their mean run time.
  const childRuns = new Map<string, { sum: number; n: number }>();
  for (const d of drafts) {
    if (d.parentId !== null && d.runMs !== null && d.problems.length === 0) {
      const s = childRuns.get(d.parentId) ?? { sum: 0, n: 0 };
      s.sum += d.runMs;
      s.n++;
      childRuns.set(d.parentId, s);
    }
  }
  // Names: a name given to several jobs gets the start of the job id appended after the first, so
  // that dependencies (by job id in the file) find the right job.
  const seen = new Map<string, number>();
  const nameOf = new Map<string, string>();
  const ordered = drafts
    .filter((d) => d.parentId === null && d.problems.length === 0)
    .sort((a, b) => a.createdAt! - b.createdAt! || a.entry.order - b.entry.order);
  for (const d of ordered) {
    const name = d.job.jobName;
    if (name === null) continue;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n > 0) d.job.jobName = `${name.slice(0, 100)}-${(d.jobId ?? String(n)).replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || n}`;
    if (d.jobId !== null) nameOf.set(d.jobId, d.job.jobName!);
  }
  const out: TraceRow[] = [];
  // Invalid rows first, in file order (so that problems read top to bottom), then the jobs by createdAt.
  for (const d of drafts) {
    if (d.problems.length > 0) out.push({ kind: 'bad', line: d.line, problems: d.problems });
    else if (d.parentId !== null) out.push({ kind: 'skip', line: d.line, reason: 'array child (replayed through its parent)' });
  }
  const placed = new Set<string>();
  for (const d of ordered) {
    if (d.isArrayParent && d.jobId !== null) {
      const runs = childRuns.get(d.jobId);
      if (runs) d.job.durationMs = Math.round(runs.sum / runs.n);
    }
    const deps = d.dependsOnIds.map((id) => nameOf.get(id)).filter((n): n is string => n !== undefined);
    // Only jobs already submitted can be waited for (AWS requires the job ids to exist).
    d.job.dependsOn = deps.filter((n) => placed.has(n));
    if (d.job.jobName !== null) placed.add(d.job.jobName);
    // A failed job that never ran and waited for jobs that are not replayed cannot fail through them: replay its cancellation.
    if (d.hasDeps && d.job.dependsOn.length === 0 && d.job.cancelled === null && d.job.exitCode === null && isFailedUnstarted(d)) {
      d.job.cancelled = { reason: statusReasonOf(d) ?? 'Dependent Job failed', afterRunningMs: null };
    }
    out.push({
      kind: 'job', line: d.line, job: d.job, timeColumn: 0, key: d.job.jobName,
      depKeys: d.dependsOnIds.map((id) => nameOf.get(id) ?? `#${id}`),
    });
  }
  return out;
}

function isFailedUnstarted(d: Draft): boolean {
  const e = d.entry.value as Obj;
  return e.status === 'FAILED' && d.runMs === null && typeof e.startedAt !== 'number';
}

function statusReasonOf(d: Draft): string | null {
  const r = (d.entry.value as Obj).statusReason;
  return typeof r === 'string' && r !== '' ? r : null;
}

function draft(entry: Entry, ctx: DescribeJobsContext): Draft {
  const at = (p: string) => entry.pos(p) ?? entry.pos(entry.path) ?? { line: 1, column: 1 };
  const start = at(entry.path);
  const d: Draft = {
    entry, line: start.line, problems: [], jobId: null, createdAt: null, job: emptyJob(), dependsOnIds: [], runMs: null,
    isArrayParent: false, parentId: null, hasDeps: false,
  };
  const bad = (rel: string, message: string) => {
    const p = rel === '' ? entry.path : `${entry.path}.${rel}`.replace('.[', '[');
    d.problems.push({ file: entry.file, ...at(p), message: `${p}: ${message}` });
  };
  const e = entry.value;
  if (!isObj(e)) {
    bad('', 'must be a job (a mapping from describe-jobs output)');
    return d;
  }
  if (typeof e.jobId === 'string') d.jobId = e.jobId;
  const arrayProps = isObj(e.arrayProperties) ? e.arrayProperties : null;
  const childIndex = arrayProps && typeof arrayProps.index === 'number' ? arrayProps.index : null;
  if (childIndex !== null || (d.jobId !== null && /:\d+$/.test(d.jobId))) {
    d.parentId = d.jobId !== null ? d.jobId.replace(/:\d+$/, '') : null;
    if (d.parentId === null) bad('jobId', 'an array child needs its jobId (<parent id>:<index>)');
    d.runMs = runTime(e, bad);
    return d;
  }
  if (e.nodeProperties !== undefined || e.nodeDetails !== undefined || (d.jobId !== null && d.jobId.includes('#'))) {
    bad('', 'multi-node parallel jobs are not supported');
    return d;
  }
  if (e.ecsProperties !== undefined || e.eksProperties !== undefined) {
    bad(e.ecsProperties !== undefined ? 'ecsProperties' : 'eksProperties', 'only container jobs can be replayed (ECS multi-container and EKS jobs are not supported)');
  }

  const epoch = typeof e.createdAt === 'number' && Number.isInteger(e.createdAt) && e.createdAt >= 0;
  if (epoch && (e.createdAt as number) <= MAX_TRACE_MS) d.createdAt = e.createdAt as number;
  else if (e.createdAt === undefined) bad('', 'createdAt is required (the SubmitJob time, Unix epoch milliseconds)');
  else if (epoch) bad('createdAt', `must be Unix epoch milliseconds (an integer ≥ 0) within the range of dates, received ${jsonShown(e.createdAt)}`);
  else bad('createdAt', `must be Unix epoch milliseconds (an integer ≥ 0), received ${jsonShown(e.createdAt)}`);

  const job = d.job;
  if (d.createdAt !== null) job.atMs = d.createdAt - ctx.startTimeMs;
  if (e.jobName !== undefined) {
    if (typeof e.jobName === 'string' && JOB_NAME.test(e.jobName)) job.jobName = e.jobName;
    else bad('jobName', `must be up to 128 letters, digits, hyphens and underscores, starting with a letter or digit, received ${typeof e.jobName === 'string' ? nameShown(e.jobName, 128) : jsonShown(e.jobName)}`);
  }
  const status = e.status;
  if (status !== undefined && (typeof status !== 'string' || !STATUSES.includes(status))) {
    bad('status', `must be one of ${STATUSES.join(', ')}, received ${jsonShown(status)}`);
  }
  const str = (key: string): string | undefined => {
    const v = e[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      bad(key, `must be a string, received ${jsonShown(v)}`);
      return undefined;
    }
    return v;
  };
  const q = ctx.resolver.queue(str('jobQueue') ?? '');
  const def = ctx.resolver.definition(str('jobDefinition') ?? '');
  if (isError(q)) bad(e.jobQueue === undefined ? '' : 'jobQueue', q.error);
  if (isError(def)) bad(e.jobDefinition === undefined ? '' : 'jobDefinition', def.error);
  if (!isError(q) && !isError(def)) {
    const mismatch = platformMismatch(q, def);
    if (mismatch) bad('jobDefinition', mismatch);
    job.jobQueue = q.index;
    job.jobDefinition = def.index;
  }

  // Resources: container.resourceRequirements, else the legacy container.vcpus / memory.
  const container = isObj(e.container) ? e.container : null;
  const cells: ResourceCells = {};
  const cellPaths: string[] = [];
  const cell = (name: 'vcpus' | 'memory' | 'gpus', value: number, rel: string) => {
    cellPaths.push(rel);
    cells[name] = { value, column: cellPaths.length };
  };
  if (container) {
    const reqs = Array.isArray(container.resourceRequirements) ? container.resourceRequirements : [];
    reqs.forEach((r, k) => {
      if (!isObj(r)) return;
      const rel = `container.resourceRequirements[${k}].value`;
      const name = r.type === 'VCPU' ? 'vcpus' : r.type === 'MEMORY' ? 'memory' : r.type === 'GPU' ? 'gpus' : null;
      if (name === null) return;
      const n = typeof r.value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(r.value) ? Number(r.value) : typeof r.value === 'number' ? r.value : NaN;
      if (Number.isNaN(n)) bad(rel, `must be a number as a string (e.g. "2"), received ${jsonShown(r.value)}`);
      else cell(name, n, rel);
    });
    for (const name of ['vcpus', 'memory'] as const) {
      const v = container[name];
      if (cells[name] !== undefined || v === undefined || v === null) continue;
      if (typeof v === 'number') cell(name, v, `container.${name}`);
      else bad(`container.${name}`, `must be a number, received ${jsonShown(v)}`);
    }
  }
  if (!isError(def)) {
    const r = checkResources(def.platform, def.resources, cells, (k, message) => bad(cellPaths[k - 1]!, message.replace(/^(vcpus|memory|gpus) /, '')));
    if (r) {
      job.vcpus = r.vcpus;
      job.memory = r.memory;
      job.gpus = r.gpus;
    }
  }

  if (arrayProps && arrayProps.size !== undefined) {
    const size = arrayProps.size;
    if (typeof size === 'number' && Number.isInteger(size) && size >= 2 && size <= 10_000) {
      job.arraySize = size;
      d.isArrayParent = true;
    } else {
      bad('arrayProperties.size', `must be an integer between 2 and 10000, received ${jsonShown(size)}`);
    }
  }

  if (e.dependsOn !== undefined) {
    if (!Array.isArray(e.dependsOn)) bad('dependsOn', `must be a list of { jobId, type }, received ${jsonShown(e.dependsOn)}`);
    else {
      e.dependsOn.forEach((dep, k) => {
        if (isObj(dep) && typeof dep.jobId === 'string') d.dependsOnIds.push(dep.jobId);
        // SEQUENTIAL (no jobId) orders the children of this array; replayed children share one run time, so it is not kept.
        else if (!(isObj(dep) && dep.type === 'SEQUENTIAL')) bad(`dependsOn[${k}]`, `must be { jobId, type }, received ${jsonShown(dep)}`);
      });
      d.hasDeps = d.dependsOnIds.length > 0;
    }
  }

  const timeout = isObj(e.timeout) ? e.timeout.attemptDurationSeconds : undefined;
  if (timeout !== undefined && timeout !== null) {
    if (typeof timeout === 'number' && timeout > MAX_TIME_SECONDS) bad('timeout.attemptDurationSeconds', `must be at most ${MAX_TIME_SECONDS}, received ${timeout} ${TIME_NOTE}`);
    else if (typeof timeout === 'number' && Number.isInteger(timeout) && timeout >= 60) job.attemptDurationSeconds = timeout;
    else bad('timeout.attemptDurationSeconds', `must be an integer ≥ 60, received ${jsonShown(timeout)}`);
  }
  const share = str('shareIdentifier');
  if (share !== undefined) {
    if (SHARE_IDENTIFIER.test(share)) job.shareIdentifier = share;
    else bad('shareIdentifier', `must be up to 255 letters, digits, hyphens and underscores, received ${nameShown(share, 255, /[A-Za-z0-9_-]/)}`);
  }

  d.runMs = runTime(e, bad);
  d.problems.sort((a, b) => a.line - b.line || a.column - b.column);
  if (!d.isArrayParent) job.durationMs = d.runMs;
  if (d.isArrayParent) return d;
  // Outcome (docs/workloads.md): SUCCEEDED exits 0; FAILED exits with its exit code, or — without
  // one — was terminated after running (or cancelled before it ran); unfinished jobs use the
  // definition's exit-code model.
  const exitCode = exitCodeOf(e);
  const reason = typeof e.statusReason === 'string' && e.statusReason !== '' ? e.statusReason : null;
  if (status === 'SUCCEEDED') job.exitCode = 0;
  else if (status === 'FAILED') {
    if (exitCode !== null && exitCode > 0) job.exitCode = exitCode;
    else if (d.runMs !== null) job.cancelled = { reason: reason ?? 'Terminated', afterRunningMs: d.runMs };
    else if (!d.hasDeps) job.cancelled = { reason: reason ?? 'Cancelled', afterRunningMs: null };
  }
  return d;
}

/**
 * stoppedAt − startedAt of the last attempt that has both, else of the job; null when it never ran
 * to an end (or the times are unusable, reported).
 */
function runTime(e: Obj, bad: (rel: string, message: string) => void): number | null {
  const attempts = Array.isArray(e.attempts) ? e.attempts : [];
  for (let k = attempts.length - 1; k >= 0; k--) {
    const a = attempts[k];
    if (isObj(a) && typeof a.startedAt === 'number' && typeof a.stoppedAt === 'number') return span(a.startedAt, a.stoppedAt, `attempts[${k}].stoppedAt`, bad);
  }
  if (typeof e.startedAt === 'number' && typeof e.stoppedAt === 'number') return span(e.startedAt, e.stoppedAt, 'stoppedAt', bad);
  return null;
}

function span(startedAt: number, stoppedAt: number, at: string, bad: (rel: string, message: string) => void): number | null {
  if (stoppedAt < startedAt) {
    bad(at, `is before startedAt (${stoppedAt} < ${startedAt})`);
    return null;
  }
  const ms = stoppedAt - startedAt;
  if (!(ms <= MAX_TIME_MS)) {
    bad(at, `the run time (stoppedAt − startedAt) must be at most ${MAX_TIME_SECONDS} s, received ${ms / 1000} s ${TIME_NOTE}`);
    return null;
  }
  return ms;
}

function exitCodeOf(e: Obj): number | null {
  const c = isObj(e.container) ? e.container.exitCode : undefined;
  if (typeof c === 'number' && Number.isInteger(c)) return c;
  const attempts = Array.isArray(e.attempts) ? e.attempts : [];
  const last = attempts[attempts.length - 1];
  const a = isObj(last) && isObj(last.container) ? last.container.exitCode : undefined;
  return typeof a === 'number' && Number.isInteger(a) ? a : null;
}
