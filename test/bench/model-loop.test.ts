// The bench's model loop (issue 9) stands for the least work the engine could do per M/M/c job
// while it records what it records: so it must do all of that work, not less. It does: run on the
// mmc90 queue it ends at the engine's last millisecond after as many events, and leaves every
// column of the job table and the attempt log as the engine leaves them.
import { describe, expect, it } from 'vitest';
import { CASES, MMC90 } from '../../bench/cases.js';
import { mmcModelLoop } from '../../bench/model-loop.js';
import type { PoissonWorkloadSpec } from '../../src/scenario/types.js';
import { simulate } from '../../src/sim/simulation.js';

type Columns = Record<string, unknown>;
/** Each typed-array column of a table (a Column's `data`), cut to the rows in use. */
function columns(table: Columns, rows: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [name, value] of Object.entries(table)) {
    const data = (value as { data?: unknown } | null)?.data;
    if (ArrayBuffer.isView(data)) out.set(name, Array.from((data as Float64Array).subarray(0, rows)));
  }
  return out;
}

describe('the bench model loop', () => {
  it.each([7, 11])('does the engine’s per-job work on its M/M/c queue (seed %i, 20,000 jobs)', (seed) => {
    const scenario = CASES.mmc90.build();
    const w = scenario.workloads[0] as PoissonWorkloadSpec;
    w.count = 20_000;
    const sim = simulate(scenario, { seed });
    const loop = mmcModelLoop(MMC90.servers, w.meanInterarrivalSeconds, MMC90.meanServiceSeconds, w.count, seed);
    expect(loop.endMs).toBe(sim.endTime);
    expect(loop.events).toBe(sim.eventsProcessed);
    expect(loop.table.count).toBe(sim.jobs.count);
    expect(loop.attempts.count).toBe(sim.attempts.count);
    const engineJobs = columns(sim.jobs as unknown as Columns, sim.jobs.count);
    const loopJobs = columns(loop.table as unknown as Columns, loop.table.count);
    expect([...loopJobs.keys()]).toEqual([...engineJobs.keys()]);
    expect(engineJobs.size).toBeGreaterThan(20);
    for (const [name, values] of engineJobs) expect(loopJobs.get(name), `jobs.${name}`).toEqual(values);
    const engineAttempts = columns(sim.attempts as unknown as Columns, sim.attempts.count);
    const loopAttempts = columns(loop.attempts as unknown as Columns, loop.attempts.count);
    expect(engineAttempts.size).toBeGreaterThan(8);
    for (const [name, values] of engineAttempts) expect(loopAttempts.get(name), `attempts.${name}`).toEqual(values);
    // The reasons the two intern are the same strings.
    expect(sim.reasons.values[sim.attempts.reason.data[0]]).toBe('Essential container in task exited');
  });
});
