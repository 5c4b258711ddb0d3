// The benchmark workloads of docs/performance.md, built as normalized scenarios.
import { loadScenario } from '../src/scenario/load.js';
import type { PoissonWorkloadSpec, Scenario } from '../src/scenario/types.js';
import { definition, job, managedCe, queue, scenario } from '../test/helpers/build.js';

/** An M/M/c queue at ρ = 0.9 (c = 10, mean service 60 s): the engine case the probe mirrors. */
export const MMC90 = { servers: 10, meanServiceSeconds: 60, rho: 0.9, jobs: 1_000_000 };
export const MMC90_INTERARRIVAL = MMC90.meanServiceSeconds / (MMC90.rho * MMC90.servers);

export const CASES: Record<string, { describe: string; build: () => Scenario; full?: boolean }> = {
  realrun: {
    describe: 'issue 9 goal 1: 100 arrays × 10,000 (1,000,000 jobs), 3 queues, Spot (market and forced interruptions) spilling to on-demand, retries on Host EC2*, 2 % failures — a whole `batchsim run` with every output',
    full: true,
    build: () => {
      const retry = { attempts: 3, evaluateOnExit: [{ onStatusReason: 'Host EC2*', action: 'RETRY' as const }, { onReason: '*', action: 'EXIT' as const }] };
      const defs = [definition('small', 1, 1024, 60), definition('medium', 2, 3072, 90), definition('large', 4, 7168, 120)].map((d) => ({
        ...d,
        retryStrategy: retry,
        simulation: {
          ...d.simulation,
          duration: { distribution: 'lognormal' as const, median: d.simulation.duration.distribution === 'fixed' ? d.simulation.duration.value : 60, sigma: 0.4 },
          exitCodes: [{ exitCode: 0, weight: 98 }, { exitCode: 1, weight: 2 }],
        },
      }));
      const queues = [queue('high', 100, ['spot', 'ondemand']), queue('normal', 50, ['spot', 'ondemand']), queue('low', 10, ['spot', 'ondemand'])];
      const jobs = Array.from({ length: 100 }, (_, i) =>
        job(`array-${i}`, queues[i % 3].jobQueueName, defs[i % 3], i % 3, { arraySize: 10_000, submitAtMs: i * 60_000, retryStrategy: retry, simulation: defs[i % 3].simulation }),
      );
      const s = scenario({
        name: 'bench-realrun',
        computeEnvironments: [
          managedCe('spot', ['c5', 'm5'], { type: 'SPOT', maxvCpus: 2048, allocationStrategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED' }),
          managedCe('ondemand', ['c5', 'm5', 'r5'], { maxvCpus: 2048, allocationStrategy: 'BEST_FIT_PROGRESSIVE' }),
        ],
        jobQueues: queues,
        jobDefinitions: defs,
        jobs,
        // Forced reclaims of 20 Spot instances every half hour, on top of the market's own.
        actions: Array.from({ length: 20 }, (_, i) => ({
          atMs: (i + 1) * 1_800_000, action: 'InterruptSpotInstances' as const, instanceId: null, instanceType: null, computeEnvironment: 'spot', count: 20,
        })),
      });
      // A busy Spot market: the advisor's highest band for every pool (25 % a month).
      s.settings = { ...s.settings, spot: { ...s.settings.spot, defaultBand: '>20%', interruptionRateByBand: { ...s.settings.spot.interruptionRateByBand } } };
      for (const ce of s.computeEnvironments) {
        if (ce.computeResources?.type === 'SPOT') s.settings.spot.pools = ce.computeResources.instanceTypes.map((t) => ({ instanceType: t.instanceType, savingsPct: null, monthlyInterruptionRate: 0.25, maxInstances: null, outages: [] }));
      }
      return s;
    },
  },
  mmc90: {
    describe: 'M/M/c, c = 10, ρ = 0.9, 1,000,000 jobs, instant dispatch (simulate only; compared with the bare-heap probe)',
    build: () => {
      const s = loadScenario('scenarios/mmc-teaching.yaml');
      const w = s.workloads[0] as PoissonWorkloadSpec;
      w.count = MMC90.jobs;
      w.meanInterarrivalSeconds = MMC90_INTERARRIVAL;
      return s;
    },
  },
  mmc: {
    describe: 'M/M/c teaching queue, c = 10, ρ = 0.8, 1,000,000 Poisson arrivals',
    build: () => {
      const s = loadScenario('scenarios/mmc-teaching.yaml');
      (s.workloads[0] as PoissonWorkloadSpec).count = 1_000_000;
      return s;
    },
  },
  pipeline: {
    describe: 'AWS docs pipeline JobA–JobE at full size (20,012 jobs, 10,000-child N_TO_N arrays)',
    build: () => loadScenario('scenarios/aws-docs-pipeline.yaml'),
  },
  arrays: {
    describe: '100 arrays × 10,000 children (1,000,000 jobs) over 3 queues and 2 CEs',
    build: () => arraysScenario(100),
  },
  arrays10m: {
    describe: 'the same at 1,000 arrays × 10,000 children (10,000,000 jobs): memory and per-job time at scale',
    build: () => arraysScenario(1000),
  },
};

/** `arrays` arrays of 10,000 children over 3 queues of different priority and 2 managed environments. */
function arraysScenario(arrays: number): Scenario {
  const defs = [definition('small', 1, 1024, 60), definition('medium', 2, 3072, 90), definition('large', 4, 7168, 120)];
  for (const d of defs) d.simulation.duration = { distribution: 'lognormal', median: d.simulation.duration.distribution === 'fixed' ? d.simulation.duration.value : 60, sigma: 0.4 };
  const queues = [queue('high', 100, ['ce-a', 'ce-b']), queue('normal', 50, ['ce-a', 'ce-b']), queue('low', 10, ['ce-b', 'ce-a'])];
  const jobs = Array.from({ length: arrays }, (_, i) =>
    job(`array-${i}`, queues[i % 3].jobQueueName, defs[i % 3], i % 3, { arraySize: 10_000, submitAtMs: i * 60_000 }),
  );
  return scenario({
    name: 'bench-arrays',
    computeEnvironments: [
      managedCe('ce-a', ['c5', 'm5'], { maxvCpus: 4096, allocationStrategy: 'BEST_FIT_PROGRESSIVE' }),
      managedCe('ce-b', ['c5', 'm5', 'r5'], { maxvCpus: 2048 }),
    ],
    jobQueues: queues,
    jobDefinitions: defs,
    jobs,
  });
}
