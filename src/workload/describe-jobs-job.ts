// One describe-jobs entry mapped to a trace job (a Draft): its queue, definition, resources, array
// size, dependencies, timeout and observed run time and outcome, with a problem per bad field.
import { TIME_NOTE } from '../scenario/check.js';
import { LIMITS } from '../scenario/defaults.js';
import { MAX_TIME_MS, MAX_TIME_SECONDS } from '../scenario/time.js';
import { isObj, type Obj } from '../scenario/check.js';
import type { Entry } from './describe-jobs-files.js';
import { isError, keptShare, platformMismatch, rowShareRule, type Resolver } from './resolve.js';
import {
  JOB_NAME, MAX_TRACE_MS, checkResources, emptyJob, jsonShown, nameShown, shareIdentifierShown, type ResourceCells, type RowProblem, type TimeGate,
} from './trace.js';

const STATUSES = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'];

export interface Draft {
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

export function draft(entry: Entry, ctx: DescribeJobsContext): Draft {
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
    bad('', 'multi-node parallel jobs are not replayed (submit them in jobs)');
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
  // Fair share (spec §7.2): the identifier is required on a fair-share queue (dropped on a FIFO one,
  // which would refuse it); schedulingPriority (the job's, from its definition or override) orders
  // it within its share.
  const share = str('shareIdentifier');
  const shareWrong = share === undefined ? undefined : shareIdentifierShown(share);
  if (shareWrong) bad('shareIdentifier', shareWrong);
  else if (share !== undefined) job.shareIdentifier = keptShare(q, share);
  const rule = isError(q) || shareWrong || (share === undefined && e.shareIdentifier !== undefined && e.shareIdentifier !== null)
    ? undefined : rowShareRule(q, share !== undefined);
  if (rule) bad(share === undefined ? '' : 'shareIdentifier', share === undefined ? `shareIdentifier ${rule}` : rule);
  const priority = e.schedulingPriority;
  if (priority !== undefined && priority !== null) {
    if (typeof priority === 'number' && Number.isInteger(priority) && priority >= 0 && priority <= LIMITS.schedulingPriorityMax) job.schedulingPriority = priority;
    else bad('schedulingPriority', `must be an integer between 0 and ${LIMITS.schedulingPriorityMax}, received ${jsonShown(priority)}`);
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
