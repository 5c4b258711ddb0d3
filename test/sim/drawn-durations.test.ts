// Drawn run times stay within the time limit a scenario may state (MAX_TIME_SECONDS): a heavy-tailed
// distribution could otherwise draw Infinity or a time whose event key overflows.
import { describe, expect, it } from 'vitest';
import { MAX_TIME_MS } from '../../src/scenario/time.js';
import { simulate } from '../../src/sim/simulation.js';
import { definition, fixedFleetCe, job, queue, scenario, slotShape } from '../helpers/build.js';

describe('a drawn run time', () => {
  it('is clamped to MAX_TIME_SECONDS (lognormal, sigma 50)', () => {
    const d = definition('wild', 1, 512, 60);
    d.simulation = { ...d.simulation, duration: { distribution: 'lognormal', median: 60, sigma: 50 } };
    const s = scenario({
      computeEnvironments: [fixedFleetCe('fleet', Array.from({ length: 20 }, () => slotShape(1, 1024)))],
      jobQueues: [queue('q', 1, ['fleet'])],
      jobDefinitions: [d],
      jobs: Array.from({ length: 20 }, (_, i) => job(`j${i}`, 'q', d, 0)),
    });
    const sim = simulate(s, { maxEvents: 10_000 });
    const durations = Array.from({ length: sim.jobs.count }, (_, r) => sim.jobs.duration.data[r]);
    expect(durations.every((ms) => ms >= 0 && ms <= MAX_TIME_MS)).toBe(true);
    // With sigma 50 most draws are astronomically large or small: some hit the cap, and the run
    // ends when the longest job does.
    expect(durations.filter((ms) => ms === MAX_TIME_MS).length).toBeGreaterThan(0);
    expect(sim.endTime).toBeLessThanOrEqual(MAX_TIME_MS + 60_000);
    expect(sim.state().jobsByStatus.SUCCEEDED).toBe(20);
  });
});
