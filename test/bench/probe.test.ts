// The bench's engine/probe ratio (issue 9) is only a fair figure if the probe is the same queue as
// the engine's M/M/c case: the same jobs, the same run times, the same FIFO dispatch. It is: it
// draws the engine's random numbers, so both end at the same millisecond with the same total wait.
import { describe, expect, it } from 'vitest';
import { CASES, MMC90 } from '../../bench/cases.js';
import { mmcProbe } from '../../bench/probe.js';
import type { PoissonWorkloadSpec } from '../../src/scenario/types.js';
import { simulate } from '../../src/sim/simulation.js';

describe('the bench probe', () => {
  it.each([7, 11])('is the engine’s M/M/c sample path (seed %i, 20,000 jobs)', (seed) => {
    const scenario = CASES.mmc90.build();
    const w = scenario.workloads[0] as PoissonWorkloadSpec;
    w.count = 20_000;
    const sim = simulate(scenario, { seed });
    let totalWaitMs = 0;
    for (let r = 0; r < sim.jobs.count; r++) totalWaitMs += sim.jobs.startedAt.data[r] - sim.jobs.runnableAt.data[r];
    const probe = mmcProbe(MMC90.servers, w.meanInterarrivalSeconds, MMC90.meanServiceSeconds, w.count, seed);
    expect(sim.jobs.count).toBe(20_000);
    expect(probe.endMs).toBe(sim.endTime);
    expect(probe.totalWaitMs).toBe(totalWaitMs);
    // Not a degenerate queue: at ρ = 0.9 most jobs wait.
    expect(probe.meanWaitSeconds).toBeGreaterThan(10);
  });
});
