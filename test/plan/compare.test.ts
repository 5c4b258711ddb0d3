// compare runs scenarios one after another on one seed and keeps only what its callback returns
// (by default each run's summary), so no run's job table outlives its turn.
import { describe, expect, it } from 'vitest';
import { compare, runSummary } from '../../src/plan/compare.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/sim/simulation.js';
import { summarize } from '../../src/metrics/summary.js';
import { JobNames } from '../../src/sim/naming.js';

describe('compare', () => {
  const files = ['scenarios/spot-vs-ondemand/gpu-ondemand.yaml', 'scenarios/spot-vs-ondemand/gpu-spot.yaml'];

  it('gives each scenario the first one’s seed by default and returns summaries in order', async () => {
    const scenarios = files.map((f) => loadScenario(f));
    const { seed, results } = await compare(scenarios);
    expect(seed).toBe(scenarios[0].seed);
    expect(results.map((s) => s.scenario)).toEqual(scenarios.map((s) => s.name));
    expect(results.every((s) => s.seed === seed)).toBe(true);
    const direct = simulate(scenarios[1], { seed });
    expect(results[1]).toEqual(summarize(direct, new JobNames(direct)));
  });

  it('runs one scenario at a time, in order, with the given seed', async () => {
    const scenarios = files.map((f) => loadScenario(f));
    const log: string[] = [];
    const { results } = await compare(scenarios, 5, async (s, seed) => {
      log.push(`start ${s.name}`);
      await Promise.resolve();
      log.push(`end ${s.name}`);
      return runSummary(s, { seed }).seed;
    });
    expect(results).toEqual([5, 5]);
    expect(log).toEqual([`start ${scenarios[0].name}`, `end ${scenarios[0].name}`, `start ${scenarios[1].name}`, `end ${scenarios[1].name}`]);
  });
});
