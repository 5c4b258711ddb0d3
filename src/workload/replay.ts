// Replays of recorded workloads (CSV, SWF, describe-jobs): the validating pass run when the
// scenario is loaded (every row checked, problems collected, nothing kept), and the stream the
// simulation pulls from, which reads the file again and applies the replay's transformations —
// window, rebase and offset, load scaling, and a cap on the number of jobs.
import type { Rng } from '../engine/random.js';
import { MAX_TIME_MS, MAX_TIME_SECONDS } from '../scenario/time.js';
import type { ReplaySummary, ReplayTransform, ReplayWorkloadSpec, Scenario } from '../scenario/types.js';
import { csvReader } from './csv.js';
import { describeJobsReader } from './describe-jobs.js';
import { catalogOf, Resolver, type Catalog } from './resolve.js';
import { swfReader } from './swf.js';
import { TimeGate, type RowProblem, type TraceReader } from './trace.js';
import type { WorkloadJob, WorkloadStream } from './types.js';

export function openReader(spec: ReplayWorkloadSpec, catalog: Catalog, startTimeMs: number, positions: boolean): TraceReader {
  const resolver = new Resolver(catalog, spec);
  const gate = new TimeGate(spec.transform.window.fromMs, spec.transform.window.toMs);
  switch (spec.type) {
    case 'csv':
      return csvReader(spec, { resolver, gate, startTimeMs });
    case 'swf':
      return swfReader(spec, resolver, gate);
    case 'describe-jobs':
      return describeJobsReader(spec, { resolver, gate, startTimeMs, positions });
  }
}

export interface ScanResult {
  /** Problems of invalid rows, in file order (rows that --skip-invalid may leave out). */
  problems: RowProblem[];
  /** Problems that stopped the reading (a CSV syntax error, a header without a submit-time column, bad JSON). */
  fatal: RowProblem[];
  /** Lines of the rows that were invalid (each listed once). */
  badRows: number;
  summary: ReplaySummary;
  usesDependencies: boolean;
}

/**
 * The validating pass. Reads the rows the replay would read (up to the end of the window, and —
 * when no thinning can drop jobs — only until maxJobs rows are valid), checks every one, and
 * counts. With rebase off, a job that would be submitted before the scenario start is a problem.
 */
export function scanReplay(spec: ReplayWorkloadSpec, catalog: Catalog, startTimeMs: number): ScanResult {
  const reader = openReader(spec, catalog, startTimeMs, true);
  const t = spec.transform;
  const summary: ReplaySummary = {
    rows: 0, jobs: 0, skipped: {}, rejected: 0, outsideWindow: 0, droppedDependencies: 0, firstMs: null, lastMs: null,
  };
  const problems: RowProblem[] = [];
  const keys = new KeySet();
  let usesDependencies = false;
  let badRows = 0;
  const stopAt = t.maxJobs !== null && t.scale >= 1 ? t.maxJobs : Infinity;
  const clock = replayClock(t);
  for (let row = reader.next(); row !== null; row = reader.next()) {
    summary.rows++;
    if (row.kind === 'outside') summary.outsideWindow++;
    else if (row.kind === 'skip') summary.skipped[row.reason] = (summary.skipped[row.reason] ?? 0) + 1;
    else if (row.kind === 'bad') {
      badRows++;
      problems.push(...row.problems);
    } else {
      const job = row.job;
      if (!t.rebase && job.atMs + t.offsetMs < 0) {
        badRows++;
        problems.push({
          line: row.line, column: row.timeColumn || 1,
          message: `submitted ${fmtSeconds(-(job.atMs + t.offsetMs))} before the scenario starts (rebase is off: set rebase: true, a later startTime or offsetSeconds)`,
        });
        continue;
      }
      const at = clock(job.atMs);
      if (at > MAX_TIME_MS) {
        badRows++;
        problems.push({
          line: row.line, column: row.timeColumn || 1,
          message: `submitted ${fmtSeconds(at)} after the scenario starts, beyond the ${MAX_TIME_SECONDS} s limit (10 years): cut the replay with window.to or maxJobs`,
        });
        continue;
      }
      summary.jobs++;
      summary.firstMs ??= job.atMs;
      summary.lastMs = job.atMs;
      for (const k of row.depKeys) {
        usesDependencies = true;
        if (!keys.has(k)) summary.droppedDependencies++;
      }
      if (row.key !== null) keys.add(row.key);
      if (summary.jobs >= stopAt) break;
    }
  }
  // maxJobs may stop the pass early: stop reading (and inflating) the file too.
  reader.close();
  return { problems, fatal: [...reader.fatal], badRows, summary, usesDependencies };
}

/**
 * A trace time on the scenario's clock, the same in both passes: rebased so that window.from (or
 * the first job read) is 0 — with rebase off the trace's own 0 is kept — then offset.
 */
function replayClock(t: ReplayTransform): (traceMs: number) => number {
  let origin: number | null = t.rebase ? t.window.fromMs : 0;
  return (traceMs) => traceMs - (origin ??= traceMs) + t.offsetMs;
}

function fmtSeconds(ms: number): string {
  return `${ms / 1000} s`;
}

/** Keys of the jobs seen so far: SWF job numbers in a bitset, names in a Set. */
class KeySet {
  private bits = new Uint8Array(1 << 12);
  private readonly names = new Set<string | number>();

  add(k: string | number): void {
    if (typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < 1 << 27) {
      const i = k >>> 3;
      if (i >= this.bits.length) {
        const grown = new Uint8Array(Math.max(i + 1, this.bits.length * 2));
        grown.set(this.bits);
        this.bits = grown;
      }
      this.bits[i]! |= 1 << (k & 7);
    } else {
      this.names.add(k);
    }
  }

  has(k: string | number): boolean {
    if (typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < 1 << 27) {
      const i = k >>> 3;
      return i < this.bits.length && (this.bits[i]! & (1 << (k & 7))) !== 0;
    }
    return this.names.has(k);
  }
}

/**
 * The replay as a stream of submissions. Invalid rows (only met when the scenario was loaded with
 * skipInvalid) and rows left out by a rule are passed over; kept jobs are shifted onto the
 * scenario's clock, thinned or replicated by `scale` (stream `arrivals/<name>/scale`), and capped
 * at maxJobs.
 */
export function replayWorkload(spec: ReplayWorkloadSpec, scenario: Scenario, stream: (key: string) => Rng): WorkloadStream {
  const reader = openReader(spec, catalogOf(scenario), Date.parse(scenario.startTime), false);
  const t = spec.transform;
  const scaleRng = t.scale !== 1 ? stream(`${spec.name}/scale`) : null;
  const whole = Math.floor(t.scale);
  const frac = t.scale - whole;
  /** Copies made of each named job (replication), for dependencies between copies. */
  const copies = spec.usesDependencies && t.scale > 1 ? new Map<string, number>() : null;
  const queue: WorkloadJob[] = [];
  const clock = replayClock(t);
  let emitted = 0;
  let done = false;

  const pull = (): boolean => {
    for (let row = reader.next(); row !== null; row = reader.next()) {
      if (row.kind !== 'job') continue;
      const job = row.job;
      job.atMs = clock(job.atMs);
      // Rows the validating pass refused (kept out with skipInvalid): before the start, past the limit.
      if (job.atMs < 0 || job.atMs > MAX_TIME_MS) continue;
      let n = 1;
      if (scaleRng) {
        if (t.scale < 1) n = scaleRng() < t.scale ? 1 : 0;
        else n = whole + (frac > 0 && scaleRng() < frac ? 1 : 0);
      }
      if (n === 0) continue;
      queue.push(job);
      for (let r = 1; r < n; r++) {
        queue.push({
          ...job,
          jobName: job.jobName === null ? null : `${job.jobName}-r${r}`,
          dependsOn: job.dependsOn.map((d) => ((copies?.get(d) ?? 1) > r ? `${d}-r${r}` : d)),
        });
      }
      if (copies && job.jobName !== null) copies.set(job.jobName, n);
      return true;
    }
    return false;
  };

  return {
    namePrefix: spec.jobNamePrefix,
    usesDependencies: spec.usesDependencies,
    close() {
      done = true;
      queue.length = 0;
      reader.close();
    },
    next(): WorkloadJob | null {
      if (done) return null;
      if ((t.maxJobs !== null && emitted >= t.maxJobs) || (queue.length === 0 && !pull())) {
        done = true;
        reader.close();
        return null;
      }
      emitted++;
      return queue.shift()!;
    },
  };
}
