// Independent replications of an M/M/c queue run through batchsim, and the statistics to compare
// them with queueing theory (test/theory/erlang-c.test.ts; DESIGN §6: "statistical checks hold
// for any seeds: independent replications and confidence intervals, never one lucky seed").
//
// The queue is scenarios/mmc-teaching.yaml with its slot count c, arrival rate and job count
// changed: c single-job slots (an UNMANAGED environment), Poisson arrivals, exponential run times,
// dispatch the instant a slot frees (schedulerCycleSeconds 0) and containers that start at once.
// Each replication is one run with its own seed, measured from the live transition stream (no
// files written), over a steady-state window: from the arrival of job `warmUp` (the empty start
// is cut off) to the last arrival (after it the queue drains, which is not steady state).
import { fileURLToPath } from 'node:url';
import { JobStatus } from '../../src/model/jobs.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { PoissonWorkloadSpec, Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/sim/simulation.js';

export const MMC_TEACHING = fileURLToPath(new URL('../../scenarios/mmc-teaching.yaml', import.meta.url));

/** Erlang C: probability that an arrival waits, for c servers and offered load a = λ/μ < c. */
export function erlangC(c: number, a: number): number {
  // Σ_{k<c} a^k/k! and a^c/c!, built up term by term (no factorial overflow for large c).
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term * (c / (c - a));
  return top / (sum + top);
}

/** What M/M/c theory says for c servers, arrival rate λ and service rate μ (per second). */
export interface MmcTheory {
  c: number;
  lambda: number;
  mu: number;
  rho: number;
  /** P(an arrival waits), Erlang C. */
  pWait: number;
  /** Mean wait in queue, seconds: P(wait) / (cμ − λ). */
  meanWait: number;
}

export function mmcTheory(c: number, lambda: number, mu: number): MmcTheory {
  const a = lambda / mu;
  if (a >= c) throw new Error(`M/M/${c} with offered load ${a} is unstable`);
  const pWait = erlangC(c, a);
  return { c, lambda, mu, rho: a / c, pWait, meanWait: pWait / (c * mu - lambda) };
}

/** The teaching scenario and the M/M/c it claims to be (c from its fleet, λ and μ from its workload). */
export function teachingScenario(): { scenario: Scenario; theory: MmcTheory; workload: PoissonWorkloadSpec } {
  const scenario = loadScenario(MMC_TEACHING);
  const workload = scenario.workloads[0] as PoissonWorkloadSpec;
  const def = scenario.jobDefinitions[workload.jobDefinition];
  const duration = def.simulation.duration;
  if (duration.distribution !== 'exponential') throw new Error('mmc-teaching: expected exponential run times');
  // One job per slot: every slot has exactly the job's vCPUs (memory is not what limits it).
  let c = 0;
  for (const ce of scenario.computeEnvironments) {
    for (const shape of ce.fleet) {
      if (shape.vcpus !== def.vcpus || shape.gpus !== 0) throw new Error(`mmc-teaching: slot ${shape.instanceType} is not one job wide`);
      c++;
    }
  }
  return { scenario, theory: mmcTheory(c, 1 / workload.meanInterarrivalSeconds, 1 / duration.mean), workload };
}

/** The teaching scenario with c slots, utilisation ρ (same μ) and `jobs` arrivals. */
export function mmcScenario(c: number, rho: number, jobs: number): { scenario: Scenario; theory: MmcTheory } {
  const { scenario: base, theory: t } = teachingScenario();
  const ce = base.computeEnvironments[0];
  const lambda = rho * c * t.mu;
  const workload: PoissonWorkloadSpec = { ...(base.workloads[0] as PoissonWorkloadSpec), meanInterarrivalSeconds: 1 / lambda, count: jobs };
  const scenario: Scenario = {
    ...base,
    computeEnvironments: [{ ...ce, fleet: Array.from({ length: c }, () => ce.fleet[0]) }],
    workloads: [workload],
  };
  return { scenario, theory: mmcTheory(c, lambda, t.mu) };
}

/** One replication's measurements over its steady-state window. */
export interface Replication {
  /** Mean wait (submission → STARTING), seconds, of the jobs that arrived in the window. */
  meanWait: number;
  /** Share of those jobs that waited at all. */
  pWait: number;
  /**
   * Little's law residual L_q − λ̂ Ŵ_q (jobs): the time-average number waiting over the window
   * (integrated from the transition stream) minus the window's arrival rate × their mean wait
   * (from each job's own times). Zero in expectation in steady state.
   */
  littleResidual: number;
  /** Time-average share of the c slots busy (STARTING or RUNNING) over the window. */
  utilisation: number;
  /** Jobs measured (arrived in the window). */
  measured: number;
  /** Whether every job ended SUCCEEDED after one attempt on a slot. */
  allSucceeded: boolean;
}

/** Runs `scenario` once with `seed` and measures the window from arrival number `warmUp` on. */
export function replicate(scenario: Scenario, c: number, seed: number, warmUp: number): Replication {
  const n = (scenario.workloads[0] as PoissonWorkloadSpec).count;
  if (warmUp >= n - 1) throw new Error(`warm-up ${warmUp} leaves no window in ${n} jobs`);
  const S = JobStatus;
  const created = new Float64Array(n);
  const arrival = new Int32Array(n); // arrival number of each row
  let arrivals = 0;
  let waiting = 0; // submitted, not yet placed
  let busy = 0; // STARTING or RUNNING
  let open = false;
  let t1 = 0;
  let t2 = 0;
  let lastT = 0;
  let waitingArea = 0; // job·ms in the window
  let busyArea = 0;
  let waitSum = 0; // ms, over jobs that arrived in the window
  let waited = 0;
  let measured = 0;
  let succeeded = 0;
  let placements = 0;
  simulate(scenario, {
    seed,
    onTransition: (row, from, to, t) => {
      if (open) {
        waitingArea += waiting * (t - lastT);
        busyArea += busy * (t - lastT);
        lastT = t;
      }
      if (to === S.SUBMITTED) {
        created[row] = t;
        arrival[row] = arrivals;
        if (arrivals === warmUp) {
          open = true;
          t1 = lastT = t;
        } else if (arrivals === n - 1) {
          open = false;
          t2 = t;
        }
        arrivals++;
        waiting++;
      } else if (to === S.STARTING) {
        placements++;
        waiting--;
        busy++;
        const k = arrival[row];
        if (k >= warmUp && k < n - 1) {
          const w = t - created[row];
          waitSum += w;
          if (w > 0) waited++;
          measured++;
        }
      } else if (from === S.STARTING || from === S.RUNNING) {
        if (to === S.RUNNING) return;
        busy--;
        if (to === S.SUCCEEDED) succeeded++;
      }
    },
  });
  const span = t2 - t1;
  return {
    meanWait: waitSum / measured / 1000,
    pWait: waited / measured,
    littleResidual: (waitingArea - waitSum) / span,
    utilisation: busyArea / (c * span),
    measured,
    allSucceeded: arrivals === n && succeeded === n && placements === n,
  };
}

/** `count` replications with seeds base, base + 1, …. */
export function replications(scenario: Scenario, c: number, seedBase: number, count: number, warmUp: number): Replication[] {
  return Array.from({ length: count }, (_, i) => replicate(scenario, c, seedBase + i, warmUp));
}

export interface Interval { mean: number; low: number; high: number; halfWidth: number }

/** Student-t interval mean ± t · s/√n of independent observations, for a given t quantile. */
export function tInterval(xs: number[], t: number): Interval {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const halfWidth = t * Math.sqrt(variance / n);
  return { mean, low: mean - halfWidth, high: mean + halfWidth, halfWidth };
}
