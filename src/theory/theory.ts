// Theory side by side (docs/model.md, "Queueing theory"; summary.json `theory`): for a run of a
// queue batchsim recognises, what the formulas predict next to what the run measured, each
// simulated figure with its 95 % confidence interval — by batch means within one run, or over
// independent runs (seeds) with theoryOverSeeds.
import type { RunResult } from '../sim/run-result.js';
import { roundTo } from '../util/round.js';
import { WARM_UP_SHARE, batchMeans, tInterval, type Interval, type SimulatedQueue } from './batch-means.js';
import { allenCunneen, cosmetatos, mmc, pollaczekKhinchine, type Prediction } from './formulas.js';
import { recogniseQueue, type QueueModel } from './recognise.js';

export interface Theory {
  /** Kendall notation: M/M/1, M/M/c, M/D/1, M/D/c, M/G/1 or M/G/c. */
  model: string;
  /** How the predictions were computed, and whether they are exact for the model. */
  method: string;
  exact: boolean;
  jobQueue: string;
  /** Servers: one-job slots. */
  c: number;
  /** λ, per second. */
  arrivalRatePerSecond: number;
  /** Mean run time m (seconds), μ = 1/m, and the run time's squared coefficient of variation. */
  serviceMeanSeconds: number;
  serviceRatePerSecond: number;
  serviceScv: number;
  /** ρ = λ·m/c. */
  utilisation: number;
  meanWaitSeconds: number;
  probabilityOfWait: number;
  meanQueueLength: number;
  /** What the run measured, with intervals; null when it is too short to measure anything. */
  simulated: SimulatedQueue | null;
}

/** What summary.json says of theory: the comparison, or why the scenario is not a model batchsim recognises. */
export interface TheoryResult {
  theory: Theory | null;
  /** The first condition the scenario does not meet (docs/model.md), when `theory` is null. */
  reason: string | null;
}

/** The formulas' predictions for a recognised queue. */
export function predict(m: QueueModel): Prediction {
  const { c, lambda, service } = m;
  if (service.kind === 'exponential') return mmc(c, lambda, service.meanSeconds);
  if (c === 1) return pollaczekKhinchine(lambda, service.meanSeconds, service.scv);
  if (service.kind === 'deterministic') return cosmetatos(c, lambda, service.meanSeconds);
  return allenCunneen(c, lambda, service.meanSeconds, service.scv);
}

const round = (x: number, digits = 6) => roundTo(x, digits);
const roundInterval = (i: Interval): Interval => ({ mean: round(i.mean), low: i.low === null ? null : round(i.low), high: i.high === null ? null : round(i.high) });

function roundSimulated(s: SimulatedQueue | null): SimulatedQueue | null {
  if (!s) return null;
  return {
    ...s,
    windowSeconds: [round(s.windowSeconds[0], 3), round(s.windowSeconds[1], 3)],
    meanWaitSeconds: roundInterval(s.meanWaitSeconds),
    probabilityOfWait: roundInterval(s.probabilityOfWait),
    meanQueueLength: roundInterval(s.meanQueueLength),
    utilisation: roundInterval(s.utilisation),
  };
}

function theoryFor(m: QueueModel, simulated: SimulatedQueue | null): Theory {
  const p = predict(m);
  return {
    model: m.model,
    method: p.method,
    exact: p.exact,
    jobQueue: m.jobQueue,
    c: m.c,
    arrivalRatePerSecond: round(m.lambda, 9),
    serviceMeanSeconds: round(m.service.meanSeconds),
    serviceRatePerSecond: round(1 / m.service.meanSeconds, 9),
    serviceScv: round(m.service.scv),
    utilisation: round(p.utilisation),
    meanWaitSeconds: round(p.meanWaitSeconds),
    probabilityOfWait: round(p.probabilityOfWait),
    meanQueueLength: round(p.meanQueueLength),
    simulated: roundSimulated(simulated),
  };
}

/** The theory of a finished run (summary.json), or why there is none. */
export function theoryOf(sim: RunResult): TheoryResult {
  const r = recogniseQueue(sim.scenario);
  if (r.model === null) return { theory: null, reason: r.reason };
  return { theory: theoryFor(r.model, batchMeans(sim, r.model.c)), reason: null };
}

/**
 * The theory of several runs of one scenario on different seeds (`batchsim check --seeds N`): the
 * predictions, and each simulated figure's interval over the runs — independent replications,
 * each run's steady-state estimate one observation. Null when the runs have no theory (or are not
 * runs of one model), or fewer than two measured anything.
 */
export function theoryOverSeeds(theories: readonly (Theory | null)[]): Theory | null {
  const list = theories.filter((t): t is Theory => t !== null);
  if (list.length < 2 || list.length !== theories.length) return null;
  const first = list[0];
  const same = list.every((t) => t.model === first.model && t.c === first.c && t.arrivalRatePerSecond === first.arrivalRatePerSecond && t.serviceMeanSeconds === first.serviceMeanSeconds && t.serviceScv === first.serviceScv);
  const runs = list.map((t) => t.simulated).filter((s): s is SimulatedQueue => s !== null);
  if (!same || runs.length < 2) return null;
  const over = (f: (s: SimulatedQueue) => Interval, hi = Infinity) => tInterval(runs.map((s) => f(s).mean), 0, hi);
  const simulated: SimulatedQueue = {
    method: `independent replications (${runs.length} seeds; in each, the first ${100 * WARM_UP_SHARE} % of arrivals discarded as warm-up)`,
    confidenceLevel: runs[0].confidenceLevel,
    jobs: runs.reduce((n, s) => n + s.jobs, 0),
    warmUpJobs: runs.reduce((n, s) => n + s.warmUpJobs, 0),
    batches: runs.length,
    windowSeconds: [Math.min(...runs.map((s) => s.windowSeconds[0])), Math.max(...runs.map((s) => s.windowSeconds[1]))],
    meanWaitSeconds: over((s) => s.meanWaitSeconds),
    probabilityOfWait: over((s) => s.probabilityOfWait, 1),
    meanQueueLength: over((s) => s.meanQueueLength),
    utilisation: over((s) => s.utilisation, 1),
  };
  return { ...first, simulated: roundSimulated(simulated) };
}
