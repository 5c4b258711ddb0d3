// attempts.csv written by a worker thread (writeAttemptsAside, which `batchsim run` uses for a long
// table while it writes the other files) is byte for byte the table the main thread writes — job
// ids, costs and escaping included — and a failed write reports the file system's error.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKGROUND_ROWS, writeAttemptsAside } from '../../src/report/attempts-table.js';
import { writeReport } from '../../src/report/write-run.js';
import { writeAttemptsCsv } from '../../src/report/tables.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { PoissonWorkloadSpec } from '../../src/scenario/types.js';
import { JobNames } from '../../src/sim/naming.js';
import { simulate } from '../../src/sim/simulation.js';

const dir = mkdtempSync(join(tmpdir(), 'batchsim-attempts-aside-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('attempts.csv from a worker thread', () => {
  // Retries and Spot reclaims; Fargate tasks (an instance per attempt); multi-node nodes (`#n` ids); arrays (`:i` ids).
  it.each(['retry-heavy.yaml', 'fargate-etl.yaml', 'mpi-multinode.yaml', 'aws-docs-pipeline.yaml'])('%s: the same bytes as on the main thread', async (name) => {
    const sim = simulate(loadScenario(`scenarios/${name}`));
    expect(sim.attempts.count).toBeGreaterThan(0);
    const here = join(dir, `${name}.here.csv`);
    const aside = join(dir, `${name}.aside.csv`);
    writeAttemptsCsv(here, sim, new JobNames(sim));
    await writeAttemptsAside(aside, sim).done;
    expect(readFileSync(aside).equals(readFileSync(here))).toBe(true);
  }, 60_000);

  it('a write that fails rejects with the error and its code', async () => {
    const sim = simulate(loadScenario('scenarios/retry-heavy.yaml'));
    await expect(writeAttemptsAside(join(dir, 'no-such-dir', 'attempts.csv'), sim).done).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);

  it(`a report of a run with ${BACKGROUND_ROWS.toLocaleString('en-US')}+ attempts writes it aside, the same bytes`, async () => {
    const scenario = loadScenario('scenarios/mmc-teaching.yaml');
    (scenario.workloads[0] as PoissonWorkloadSpec).count = BACKGROUND_ROWS;
    const sim = simulate(scenario);
    expect(sim.attempts.count).toBeGreaterThanOrEqual(BACKGROUND_ROWS);
    const out = join(dir, 'report');
    await writeReport(sim, out, { charts: false });
    const here = join(dir, 'mmc.here.csv');
    writeAttemptsCsv(here, sim, new JobNames(sim));
    expect(readFileSync(join(out, 'attempts.csv')).equals(readFileSync(here))).toBe(true);
  }, 120_000);
});
