// The benchmark workloads of docs/performance.md, built as normalized scenarios.
import { loadScenario } from '../src/scenario/load.js';
import type { PoissonWorkloadSpec, Scenario } from '../src/scenario/types.js';
import { definition, job, managedCe, queue, scenario } from '../test/helpers/build.js';

export const CASES: Record<string, { describe: string; build: () => Scenario }> = {
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
    build: () => {
      const defs = [definition('small', 1, 1024, 60), definition('medium', 2, 3072, 90), definition('large', 4, 7168, 120)];
      for (const d of defs) d.simulation.duration = { distribution: 'lognormal', median: d.simulation.duration.distribution === 'fixed' ? d.simulation.duration.value : 60, sigma: 0.4 };
      const queues = [queue('high', 100, ['ce-a', 'ce-b']), queue('normal', 50, ['ce-a', 'ce-b']), queue('low', 10, ['ce-b', 'ce-a'])];
      const jobs = Array.from({ length: 100 }, (_, i) =>
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
    },
  },
};
