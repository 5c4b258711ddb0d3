// Little's law on a run's own records (docs/outputs.md, summary.json `littlesLaw`): the
// time-average number of RUNNABLE jobs L over [0, end] against λ·W, the rate at which jobs
// entered RUNNABLE times the mean time they spent there before leaving it.
//
// L is the exact integral of metrics.csv's RunnableJobs gauge (summed over the job queues), built
// from the job and attempt records as docs/outputs.md says to rebuild that gauge: a job is
// RUNNABLE from its runnableAt, and after a retry from the end of the attempt before, to the next
// attempt's placedAt (or its cancellation, or the end of the run). W averages the stretches that
// ended. On a run in which every job left RUNNABLE the two agree to rounding (it is the
// sample-path form of the law); jobs still RUNNABLE at the end — blocked, or cut off by a
// horizon — count in L for the time they waited so far but not in W, and make the difference.
import { AttemptOutcome } from '../model/attempts.js';
import { JobKind, JobStatus, countsAsJob, holdsResources } from '../model/jobs.js';
import type { RunResult } from '../sim/run-result.js';
import { roundTo } from '../util/round.js';

export interface LittlesLaw {
  /** The window [0, end of the run], seconds. */
  windowSeconds: number;
  /** L: time-average number of RUNNABLE jobs over the window. */
  meanRunnableJobs: number;
  /** Times a job entered RUNNABLE (once, plus once per retry). */
  runnableEntries: number;
  /** λ = runnableEntries / windowSeconds. */
  arrivalRatePerSecond: number;
  /** W: mean time in RUNNABLE of the stretches that ended, seconds. */
  meanRunnableWaitSeconds: number;
  lambdaW: number;
  /** (L − λW) / L; 0 when both are 0. */
  relativeDifference: number;
  /** Jobs still RUNNABLE at the end (their waits are unfinished, so not in W). */
  stillRunnable: number;
}


export function littlesLaw(sim: RunResult): LittlesLaw {
  const { jobs, attempts } = sim;
  const end = sim.endTime;
  // Typed arrays read once: this runs over every row and attempt of a million-job run.
  const kind = jobs.kind.data;
  const status = jobs.status.data;
  const runnableAt = jobs.runnableAt.data;
  const stoppedAt = jobs.stoppedAt.data;
  const placedAt = jobs.placedAt.data;
  const attemptJob = attempts.job.data;
  const attemptPlaced = attempts.placedAt.data;
  const attemptStopped = attempts.stoppedAt.data;
  const outcome = attempts.outcome.data;
  // When each counted job last became RUNNABLE (ms), −1 while it never did.
  const since = new Float64Array(jobs.count).fill(-1);
  for (let r = 0; r < jobs.count; r++) if (countsAsJob(kind[r])) since[r] = runnableAt[r];
  // A multi-node job is counted once, by its row; its main node's attempts are its attempts.
  const owner = (row: number): number => {
    if (kind[row] !== JobKind.NODE) return row;
    const mnp = sim.multiNodes.get(jobs.parent.data[row]);
    return mnp && mnp.mainRow === row ? mnp.parent : -1;
  };
  let total = 0; // ms × jobs, every stretch (open ones to the end)
  let ended = 0; // ms, stretches that ended
  let entries = 0;
  let endedCount = 0;
  const unfinished = new Set<number>();
  for (let a = 0; a < attempts.count; a++) {
    const r = owner(attemptJob[a]);
    if (r < 0) continue;
    const placed = attemptPlaced[a];
    const from = since[r];
    if (from >= 0 && placed >= from) {
      ended += placed - from;
      endedCount++;
    }
    since[r] = attemptStopped[a];
    if (outcome[a] === AttemptOutcome.UNFINISHED) unfinished.add(r);
  }
  let still = 0;
  for (let r = 0; r < jobs.count; r++) {
    const from = since[r];
    if (from < 0) continue;
    const st = status[r];
    if (st === JobStatus.RUNNABLE) {
      total += end - from;
      entries++;
      still++;
    } else if (st === JobStatus.SUCCEEDED || st === JobStatus.FAILED) {
      // Cancelled while waiting for a retry (the last attempt's own end is no stretch).
      if (stoppedAt[r] > from) {
        ended += stoppedAt[r] - from;
        endedCount++;
      }
    } else if (holdsResources(st) && !unfinished.has(r) && placedAt[r] >= from) {
      // Placed, its attempt not logged yet (a paused run).
      ended += placedAt[r] - from;
      endedCount++;
    }
  }
  total += ended;
  entries += endedCount;
  const T = end / 1000;
  const L = T > 0 ? total / 1000 / T : 0;
  const lambda = T > 0 ? entries / T : 0;
  const W = endedCount > 0 ? ended / 1000 / endedCount : 0;
  const lambdaW = lambda * W;
  return {
    windowSeconds: T,
    meanRunnableJobs: roundTo(L, 6),
    runnableEntries: entries,
    arrivalRatePerSecond: roundTo(lambda, 9),
    meanRunnableWaitSeconds: roundTo(W, 6),
    lambdaW: roundTo(lambdaW, 6),
    relativeDifference: L > 0 ? roundTo((L - lambdaW) / L, 9) : 0,
    stillRunnable: still,
  };
}
