// Reading describe-jobs files: each file parsed whole (with node positions when validating) and
// its jobs listed as entries, from `{ "jobs": [...] }`, a bare list of jobs, or a list of pages.
import { readSource, type Position } from '../scenario/source.js';
import type { DescribeJobsWorkloadSpec } from '../scenario/types.js';
import { statSync } from 'node:fs';
import { formatMiB } from '../scenario/files.js';
import { MAX_JSON_TRACE_TOTAL_BYTES, TraceInputError, readText } from './bytes.js';
import type { RowProblem } from './trace.js';
import { isObj, type Obj } from '../scenario/check.js';


export interface Entry {
  file: string;
  path: string;
  value: unknown;
  /** Position of the entry and of the nodes below it (by JSON path), when known. */
  pos: (path: string) => Position | undefined;
  order: number;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // unreadable: readText says why
  }
}

/**
 * Reads every file: syntax errors are fatal problems (that file contributes no jobs). All files
 * are held at once, so together they may not pass MAX_JSON_TRACE_TOTAL_BYTES (checked on their
 * sizes before any is read, and on the inflated text as it is read).
 */
export function entries(spec: DescribeJobsWorkloadSpec, positions: boolean, fatal: RowProblem[]): Entry[] {
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
