// summary.json's `executions` (docs/outputs.md): a run's Step Functions executions by status,
// how long those that stopped ran, and the first of them one by one. Present only for a scenario
// with executions, so other runs' summaries stay as they were.
import { quantileSorted } from 'd3-array';
import { EXECUTION_STATUSES, type ExecutionsResult } from '../stepfunctions/records.js';
import { roundTo } from '../util/round.js';

/** Executions listed one by one in summary.json (and the report); the rest are in executions.csv. */
const SHOWN = 50;

export interface ExecutionsSummary {
  total: number;
  byStatus: Record<string, number>;
  /** startAt → stop of the executions that stopped (SUCCEEDED, FAILED, TIMED_OUT, ABORTED). */
  durationSeconds: { count: number; mean: number; p50: number; p95: number; max: number };
  /** States entered, all executions together. */
  statesEntered: number;
  shown: { name: string; stateMachine: string; status: string; startSeconds: number; stopSeconds: number | null; error: string }[];
}

export function summarizeExecutions(result: ExecutionsResult): ExecutionsSummary {
  const byStatus: Record<string, number> = Object.fromEntries(EXECUTION_STATUSES.map((s) => [s, 0]));
  const durations: number[] = [];
  let statesEntered = 0;
  for (const r of result.records) {
    byStatus[r.status]++;
    statesEntered += r.entries.length;
    if (r.stopMs >= 0) durations.push((r.stopMs - r.startAtMs) / 1000);
  }
  durations.sort((a, b) => a - b);
  const q = (p: number) => (durations.length === 0 ? 0 : roundTo(quantileSorted(durations, p) ?? 0, 3));
  const sum = durations.reduce((s, d) => s + d, 0);
  return {
    total: result.records.length,
    byStatus,
    durationSeconds: {
      count: durations.length, mean: durations.length ? roundTo(sum / durations.length, 3) : 0, p50: q(0.5), p95: q(0.95),
      max: durations.length ? durations[durations.length - 1]! : 0,
    },
    statesEntered,
    shown: result.records.slice(0, SHOWN).map((r) => ({
      name: r.name, stateMachine: r.stateMachine, status: r.status, startSeconds: r.startAtMs / 1000, stopSeconds: r.stopMs >= 0 ? r.stopMs / 1000 : null, error: r.error,
    })),
  };
}
