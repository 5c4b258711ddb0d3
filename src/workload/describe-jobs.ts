// `aws batch describe-jobs` output replayed as submissions: each job is submitted at its
// createdAt and runs for its observed run time (stoppedAt − startedAt of its last attempt), with
// its resources, exit code or cancellation, timeout, array size and dependencies. The files are
// small (the API returns at most 100 jobs per call), so they are parsed whole and sorted by
// createdAt; rules in docs/workloads.md.
// Reading the files is in describe-jobs-files.ts, mapping one entry to a job in describe-jobs-job.ts.
import type { DescribeJobsWorkloadSpec } from '../scenario/types.js';
import type { Obj } from '../scenario/check.js';
import { entries } from './describe-jobs-files.js';
import { draft, type DescribeJobsContext, type Draft } from './describe-jobs-job.js';
import type { RowProblem, TraceReader, TraceRow } from './trace.js';

export type { DescribeJobsContext } from './describe-jobs-job.js';

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
