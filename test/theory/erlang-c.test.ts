// Theory checks (DESIGN §6): scenarios/mmc-teaching.yaml is an M/M/c queue built from Batch parts
// (c single-job slots, Poisson arrivals, exponential run times, dispatch the instant a slot frees,
// containers start at once). Its mean wait in RUNNABLE must match Erlang C, Little's law must hold
// for the time-average number waiting, and the slots must be busy a fraction ρ of the time.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { registeredMemoryMiB } from '../../src/market/catalog.js';
import { slots } from '../../src/model/instances.js';
import { JobKind, JobStatus } from '../../src/model/jobs.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { PoissonWorkloadSpec } from '../../src/scenario/types.js';
import { simulate, type Simulation } from '../../src/sim/simulation.js';
import { JobNames } from '../../src/sim/naming.js';
import { summarize } from '../../src/metrics/summary.js';

const MMC = fileURLToPath(new URL('../../scenarios/mmc-teaching.yaml', import.meta.url));

/** Erlang C: probability that an arrival waits, for c servers and offered load a = λ/μ < c. */
function erlangC(c: number, a: number): number {
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

describe('M/M/c through batchsim (scenarios/mmc-teaching.yaml)', () => {
  const scenario = loadScenario(MMC);
  const workload = scenario.workloads[0] as PoissonWorkloadSpec;
  const def = scenario.jobDefinitions[workload.jobDefinition];
  const duration = def.simulation.duration;
  if (duration.distribution !== 'exponential') throw new Error('mmc-teaching: expected exponential run times');

  // Parameters from the scenario itself.
  const lambda = 1 / workload.meanInterarrivalSeconds; // per second
  const mu = 1 / duration.mean;
  const settings = scenario.settings;
  const c = scenario.computeEnvironments.reduce((n, ce) => n + ce.fleet.reduce((m, shape) => m + slots(
    shape.vcpus, registeredMemoryMiB(shape.memoryMiB, settings.registeredMemoryFraction, settings.agentReservedMemoryMiB), shape.gpus,
    def.vcpus, def.memory, def.gpus,
  ), 0), 0);
  const a = lambda / mu;
  const rho = a / c;
  const pWait = erlangC(c, a);
  const wq = pWait / (c * mu - lambda);

  // One run with the scenario's own seed. Integrate the number of jobs in RUNNABLE over time from
  // the transition stream.
  let runnable = 0;
  let lastT = 0;
  let area = 0; // job·ms in RUNNABLE, whole run
  let sim: Simulation;
  let jobs: Simulation['jobs'];
  let n = 0;
  let endMs = 0;
  beforeAll(() => {
    sim = simulate(scenario, {
      onTransition: (_row, from, to, timeMs) => {
        area += runnable * (timeMs - lastT);
        lastT = timeMs;
        if (to === JobStatus.RUNNABLE) runnable++;
        if (from === JobStatus.RUNNABLE) runnable--;
      },
    });
    jobs = sim.jobs;
    n = jobs.count;
    endMs = sim.endTime;
  });

  it('is the textbook case: c = 10, λ = 1/7.5 s, μ = 1/60 s, ρ = 0.8, at least 100,000 jobs, instant dispatch', () => {
    expect(c).toBe(10);
    expect(lambda).toBeCloseTo(1 / 7.5, 12);
    expect(mu).toBeCloseTo(1 / 60, 12);
    expect(rho).toBeCloseTo(0.8, 12);
    expect(workload.count).toBeGreaterThanOrEqual(100_000);
    expect(n).toBe(workload.count);
    expect(settings.schedulerCycleSeconds).toBe(0);
    expect(settings.imagePullSeconds).toBe(0);
    expect(settings.cachedImageStartSeconds).toBe(0);
    expect(runnable, 'nobody left waiting at the end').toBe(0);
    let plain = 0;
    for (let r = 0; r < n; r++) if (jobs.kind.data[r] === JobKind.JOB && jobs.status.data[r] === JobStatus.SUCCEEDED) plain++;
    expect(plain, 'every job an ordinary job that succeeded').toBe(n);
  });

  it('has the mean wait (createdAt → first startedAt) of Erlang C within 5%', () => {
    let sum = 0;
    let waited = 0;
    for (let r = 0; r < n; r++) {
      const w = jobs.firstStartedAt.data[r] - jobs.createdAt.data[r];
      sum += w;
      if (w > 0) waited++;
    }
    const meanWait = sum / n / 1000;
    expect(Math.abs(meanWait - wq) / wq, `mean wait ${meanWait.toFixed(3)} s vs Erlang C ${wq.toFixed(3)} s (P_wait ${pWait.toFixed(4)})`).toBeLessThan(0.05);
    // The share of jobs that waited at all is Erlang C's P_wait itself.
    expect(Math.abs(waited / n - pWait) / pWait, `P(wait) ${(waited / n).toFixed(4)} vs ${pWait.toFixed(4)}`).toBeLessThan(0.05);
    // summary.json reports the same mean (rounded to the millisecond).
    const summary = summarize(sim, new JobNames(sim));
    expect(summary.waitSeconds.mean).toBeCloseTo(meanWait, 3);
  });

  it("obeys Little's law L_q = λ W_q in a steady-state window within 2%", () => {
    // Re-integrate RUNNABLE over [t1, t2] from per-job waiting intervals (createdAt → first start);
    // the transition-stream total must agree with them exactly.
    const t1 = endMs * 0.1;
    const t2 = endMs * 0.9;
    let windowArea = 0;
    let totalArea = 0;
    let arrivals = 0;
    let waitSum = 0;
    for (let r = 0; r < n; r++) {
      const from = jobs.createdAt.data[r];
      const to = jobs.firstStartedAt.data[r];
      totalArea += to - from;
      windowArea += Math.max(0, Math.min(to, t2) - Math.max(from, t1));
      if (from >= t1 && from < t2) {
        arrivals++;
        waitSum += to - from;
      }
    }
    expect(area, 'time in RUNNABLE from transitions = Σ waits').toBe(totalArea);
    const lq = windowArea / (t2 - t1);
    const lambdaObs = arrivals / (t2 - t1); // per ms
    const w = waitSum / arrivals; // ms
    expect(Math.abs(lq - lambdaObs * w) / lq, `L_q ${lq.toFixed(4)} vs λW ${(lambdaObs * w).toFixed(4)}`).toBeLessThan(0.02);
    // And over the whole run, from the transition stream alone.
    const lqAll = area / endMs;
    const wAll = totalArea / n;
    expect(Math.abs(lqAll - (n / endMs) * wAll) / lqAll).toBeLessThan(0.02);
    // Both near the theoretical L_q = λ W_q (same 5% as the wait itself).
    expect(Math.abs(lqAll - lambda * wq) / (lambda * wq)).toBeLessThan(0.05);
  });

  it('keeps the slots busy a fraction ρ of the time within 2%', () => {
    let busy = 0;
    for (let r = 0; r < n; r++) busy += jobs.stoppedAt.data[r] - jobs.firstStartedAt.data[r];
    const utilisation = busy / (c * endMs);
    expect(Math.abs(utilisation - rho) / rho, `utilisation ${utilisation.toFixed(4)} vs ρ ${rho}`).toBeLessThan(0.02);
    const summary = summarize(sim, new JobNames(sim));
    expect(summary.vcpuUtilisation).toBeCloseTo(utilisation, 3);
    // The observed arrival rate matches λ as well.
    let lastArrival = 0;
    for (let r = 0; r < n; r++) lastArrival = Math.max(lastArrival, jobs.createdAt.data[r]);
    expect(Math.abs(n / (lastArrival / 1000) - lambda) / lambda).toBeLessThan(0.02);
  });
});
