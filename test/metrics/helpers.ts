// Helpers for the metrics, events and report tests: run a scenario under a RunRecorder, write its
// report directory, read it back; and an independent reconstruction of every job's state history
// from jobs.csv and attempts.csv alone (what a user checking metrics.csv by hand would do).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateRecorded, type RecordOptions } from '../../src/metrics/recorder.js';
import type { Summary } from '../../src/metrics/summary.js';
import { writeRun } from '../../src/report/write-run.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { Simulation } from '../../src/sim/simulation.js';
import { readCsv, type CsvRow } from '../invariants/random-scenario.js';

export interface Transition { row: number; from: number; to: number; timeMs: number }

export interface WrittenFiles {
  sim: Simulation;
  transitions: Transition[];
  summary: Summary;
  jobs: CsvRow[];
  attempts: CsvRow[];
  instances: CsvRow[];
  metrics: CsvRow[];
  /** events.jsonl parsed, when recorded. */
  events: Record<string, unknown>[];
  bytes: Map<string, Buffer>;
}

export function tempDir(prefix = 'batchsim-report-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Simulates with a recorder, writes the report (no charts) into a temporary directory, reads it back. */
export function runAndRead(scenario: Scenario, options: RecordOptions & { seed?: number } = {}): WrittenFiles {
  const transitions: Transition[] = [];
  const { sim } = simulateRecorded(scenario, { ...options, onTransition: (row, from, to, timeMs) => transitions.push({ row, from, to, timeMs }) });
  const root = tempDir();
  try {
    const dir = join(root, 'run');
    const written = writeRun(sim, dir);
    const bytes = new Map<string, Buffer>();
    for (const f of written.files) bytes.set(f, readFileSync(join(dir, f)));
    const text = (f: string) => bytes.get(f)!.toString('utf8');
    return {
      sim,
      transitions,
      summary: JSON.parse(text('summary.json')) as Summary,
      jobs: readCsv(text('jobs.csv')),
      attempts: readCsv(text('attempts.csv')),
      instances: readCsv(text('instances.csv')),
      metrics: readCsv(text('metrics.csv')),
      events: bytes.has('events.jsonl') ? text('events.jsonl').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [],
      bytes,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export type StateName = 'SUBMITTED_OR_PENDING' | 'RUNNABLE' | 'STARTING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface Stretch { queue: string; state: StateName; from: number; to: number; vcpus: number }

const sec = (cell: string | undefined): number | null => (cell === undefined || cell === '' ? null : Number(cell));

/**
 * Each job's states over time, from jobs.csv and attempts.csv: [createdAt, runnableAt) waiting
 * (SUBMITTED or PENDING: the CSVs do not tell them apart), RUNNABLE until its first attempt was
 * placed, each attempt STARTING from placedAt and RUNNING from startedAt to stoppedAt, RUNNABLE
 * again between attempts, and its final status from stoppedAt. Array parents are left out.
 * Needs every attempt to have ended (no job STARTING or RUNNING when the run stopped).
 */
export function reconstruct(jobs: CsvRow[], attempts: CsvRow[]): Stretch[] {
  const byJob = new Map<string, CsvRow[]>();
  for (const a of attempts) {
    let list = byJob.get(a.jobId);
    if (!list) byJob.set(a.jobId, (list = []));
    list.push(a);
  }
  const out: Stretch[] = [];
  for (const j of jobs) {
    if (j.kind === 'ARRAY_PARENT') continue;
    if (j.status === 'STARTING' || j.status === 'RUNNING') throw new Error(`job ${j.jobId} still ${j.status}: attempts.csv cannot tell when it was placed`);
    const queue = j.jobQueue;
    const created = sec(j.createdAt)!;
    const runnable = sec(j.runnableAt);
    const stopped = sec(j.stoppedAt);
    const push = (state: StateName, from: number, to: number | null) => {
      const end = to ?? Infinity;
      if (end > from) out.push({ queue, state, from, to: end, vcpus: Number(j.vcpus) });
    };
    const list = (byJob.get(j.jobId) ?? []).sort((a, b) => Number(a.attempt) - Number(b.attempt));
    push('SUBMITTED_OR_PENDING', created, runnable ?? stopped);
    let free = runnable; // when the job last became RUNNABLE
    for (const a of list) {
      const placed = sec(a.placedAt)!;
      const started = sec(a.startedAt);
      const ended = sec(a.stoppedAt)!;
      if (free !== null) push('RUNNABLE', free, placed);
      push('STARTING', placed, started ?? ended);
      if (started !== null) push('RUNNING', started, ended);
      free = ended;
    }
    if (j.status === 'SUCCEEDED' || j.status === 'FAILED') {
      if (free !== null) push('RUNNABLE', free, stopped);
      push(j.status, stopped!, null);
    } else if (j.status === 'RUNNABLE') {
      push('RUNNABLE', free!, null);
    }
  }
  return out;
}

/** Jobs per queue and state at time t (seconds): stretches with from ≤ t < to; `<queue>/vcpus:<state>` sums their vCPUs. */
export function countAt(stretches: Stretch[], t: number): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
  for (const s of stretches) {
    if (s.from <= t && t < s.to) {
      add(`${s.queue}/${s.state}`, 1);
      add(`${s.queue}/vcpus:${s.state}`, s.vcpus);
    }
  }
  return counts;
}

/** metrics.csv as series: (metric, dimension, statistic) → timestamp → value. */
export function seriesOf(rows: CsvRow[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const key = `${r.namespace}|${r.metricName}|${r.dimensionName}=${r.dimensionValue}|${r.statistic}`;
    let s = out.get(key);
    if (!s) out.set(key, (s = new Map()));
    s.set(r.timestamp, Number(r.value));
  }
  return out;
}
