// The simulated side of a recognised queue, from one run: steady-state mean wait, P(wait), mean
// number waiting and utilisation, each with a 95 % confidence interval by non-overlapping batch
// means (Law, Simulation Modeling and Analysis, 5th ed. (2015), §9.5.3): the first WARM_UP_SHARE
// of the arrivals is discarded (the run starts empty, not in steady state), the rest is cut into
// BATCHES batches, and the batch averages — nearly independent when a batch spans many
// relaxation times — give a Student-t interval with BATCHES − 1 degrees of freedom.
//
// Waits and P(wait) are per job, batched by arrival order. The number waiting and the busy slots
// are time averages, batched by equal stretches of time over the same window, integrated exactly
// from the job and attempt records. O(jobs + attempts), once, after the run.
import { AttemptOutcome } from '../model/attempts.js';
import { holdsResources } from '../model/jobs.js';
import type { RunResult } from '../sim/run-result.js';
import { estimate } from '../util/stats.js';

export const WARM_UP_SHARE = 0.1;
export const BATCHES = 20;
/** Fewer jobs per batch than this and no interval is given (the batches would be correlated). */
export const MIN_BATCH_JOBS = 10;
export const CONFIDENCE = 0.95;

/** A simulated figure: its point estimate and 95 % interval (null when the run is too short for one). */
export interface Interval {
  mean: number;
  low: number | null;
  high: number | null;
}

export interface SimulatedQueue {
  /** How the intervals were made: batch means within this run, or independent replications (seeds). */
  method: string;
  confidenceLevel: number;
  /** Jobs whose waits were measured, and the arrivals before them left out as warm-up. */
  jobs: number;
  warmUpJobs: number;
  /** Batches (batch means) or seeds (replications). */
  batches: number;
  /** The measured stretch of time (seconds since t = 0): from the first measured arrival to the first arrival after the last batch. */
  windowSeconds: [number, number];
  meanWaitSeconds: Interval;
  probabilityOfWait: Interval;
  meanQueueLength: Interval;
  utilisation: Interval;
}

/** Mean and Student-t interval of `xs` at CONFIDENCE; bounds clipped to [lo, hi] (a probability stays in [0, 1]). */
export function tInterval(xs: readonly number[], lo = 0, hi = Infinity): Interval {
  // The planner's 95 % t interval (util/stats.ts); CONFIDENCE is that level.
  const e = estimate(xs);
  if (xs.length < 2) return { mean: e.mean, low: null, high: null };
  return { mean: e.mean, low: Math.max(lo, e.low), high: Math.min(hi, e.high) };
}

/**
 * Batch means over the run of a recognised queue (rows 0 … n − 1 are its jobs in arrival order:
 * one Poisson workload, nothing else submitted) with `c` slots. Null when fewer than two jobs
 * could be measured.
 */
export function batchMeans(sim: RunResult, c: number): SimulatedQueue | null {
  const { jobs, attempts } = sim;
  const created = jobs.createdAt.data;
  const started = jobs.firstStartedAt.data;
  // Jobs measured: those up to the first that never started (a horizon or a stall cut the run).
  let n = 0;
  while (n < jobs.count && started[n] >= 0) n++;
  const warmUp = Math.floor(n * WARM_UP_SHARE);
  // Each batch needs its end: the arrival after its last job.
  const perBatch = Math.floor((n - warmUp - 1) / BATCHES);
  const batches = perBatch >= MIN_BATCH_JOBS ? BATCHES : 1;
  const size = batches > 1 ? perBatch : n - warmUp - 1;
  if (size < 1) return null;
  const measured = batches * size;
  const t0 = created[warmUp];
  const t1 = created[warmUp + measured];
  // All measured arrivals in one millisecond: no stretch of time to average over.
  if (!(t1 > t0)) return null;

  const waitByBatch = new Float64Array(batches);
  const waitedByBatch = new Float64Array(batches);
  for (let j = warmUp; j < warmUp + measured; j++) {
    const b = Math.floor((j - warmUp) / size);
    const w = started[j] - created[j];
    waitByBatch[b] += w / 1000;
    if (w > 0) waitedByBatch[b]++;
  }

  // Time averages over equal stretches of [t0, t1): each stretch of a job waiting or of a slot
  // busy adds its overlap with every batch it touches.
  const span = t1 - t0;
  const width = span / batches;
  const waiting = new Float64Array(batches);
  const busy = new Float64Array(batches);
  const add = (into: Float64Array, from: number, to: number) => {
    const a = Math.max(from, t0);
    const z = Math.min(to, t1);
    if (!(z > a)) return;
    for (let b = Math.min(batches - 1, Math.floor((a - t0) / width)); b < batches; b++) {
      const lo = t0 + b * width;
      const hi = b === batches - 1 ? t1 : lo + width;
      if (lo >= z) break;
      into[b] += Math.min(z, hi) - Math.max(a, lo);
    }
  };
  for (let j = 0; j < jobs.count; j++) {
    if (created[j] >= t1) break;
    add(waiting, created[j], started[j] >= 0 ? started[j] : sim.endTime);
  }
  const unfinished = new Set<number>();
  const placed = attempts.placedAt.data;
  const stopped = attempts.stoppedAt.data;
  const outcome = attempts.outcome.data;
  for (let a = 0; a < attempts.count; a++) {
    add(busy, placed[a], stopped[a]);
    if (outcome[a] === AttemptOutcome.UNFINISHED) unfinished.add(attempts.job.data[a]);
  }
  // Attempts still under way where a paused run stands are not in the log yet.
  for (let j = 0; j < jobs.count; j++) {
    if (holdsResources(jobs.status.data[j]) && jobs.instance.data[j] >= 0 && !unfinished.has(j)) add(busy, jobs.placedAt.data[j], sim.endTime);
  }

  const perJob = (sums: Float64Array) => Array.from(sums, (x) => x / size);
  const perTime = (areas: Float64Array, scale: number) => Array.from(areas, (x, b) => x / ((b === batches - 1 ? t1 - (t0 + b * width) : width) * scale));
  return {
    method: batches > 1 ? `batch means (${batches} batches of ${size} jobs, first ${warmUp} arrivals discarded as warm-up)` : 'too few jobs for batch means: point estimates only',
    confidenceLevel: CONFIDENCE,
    jobs: measured,
    warmUpJobs: warmUp,
    batches,
    windowSeconds: [t0 / 1000, t1 / 1000],
    meanWaitSeconds: tInterval(perJob(waitByBatch)),
    probabilityOfWait: tInterval(perJob(waitedByBatch), 0, 1),
    meanQueueLength: tInterval(perTime(waiting, 1)),
    utilisation: tInterval(perTime(busy, c), 0, 1),
  };
}
