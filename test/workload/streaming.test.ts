// Replays stream: the LCG 2005 log (188,041 jobs, gzip) is checked when the scenario loads and
// read again while it runs, without its rows ever being held in memory. Measured in a child
// process so that the figures are this replay's alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_LCG, LCG, LCG_NOTE, ROOT } from './helpers.js';

interface Figures {
  summary: { rows: number; jobs: number };
  jobs: number;
  loadSeconds: number;
  simulateSeconds: number;
  start: { rssMB: number; heapMB: number };
  afterLoad: { rssMB: number; heapMB: number };
  afterSimulate: { rssMB: number; heapMB: number };
  peakAfterLoadMB: number;
  peakMB: number;
}

describe('streaming replay of lcg-2005.swf.gz', () => {
  it.runIf(HAS_LCG)(`loads and simulates 188,041 jobs with flat memory${LCG_NOTE}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-lcg-'));
    const scenario = join(dir, 'lcg.yaml');
    writeFileSync(scenario, `name: lcg-2005
computeEnvironments:
  - computeEnvironmentName: grid
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 4096, instanceTypes: [c5] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: grid }] }
jobDefinitions:
  - jobDefinitionName: grid-job
    type: container
    containerProperties: { vcpus: 1, memory: 1024 }
    simulation: { duration: 60 }
workloads:
  - { type: swf, file: ${JSON.stringify(LCG)}, jobQueue: q, jobDefinition: grid-job }
`);
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'test/workload/fixtures/lcg-memory.ts'), scenario], {
      cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const f = JSON.parse(r.stdout) as Figures;
    console.log(
      `lcg-2005.swf.gz, 188,041 jobs: load ${f.loadSeconds.toFixed(2)} s (heap ${f.start.heapMB.toFixed(1)} → ${f.afterLoad.heapMB.toFixed(1)} MB, ` +
        `RSS ${f.start.rssMB.toFixed(0)} → ${f.afterLoad.rssMB.toFixed(0)} MB, peak ${f.peakAfterLoadMB.toFixed(0)} MB); simulate ${f.simulateSeconds.toFixed(2)} s ` +
        `(RSS ${f.afterSimulate.rssMB.toFixed(0)} MB, peak ${f.peakMB.toFixed(0)} MB)`,
    );
    expect(f.summary).toMatchObject({ rows: 188_041, jobs: 188_041 });
    expect(f.jobs).toBe(188_041);
    // The validating pass keeps no rows: the heap after it is what it was before.
    expect(f.afterLoad.heapMB - f.start.heapMB).toBeLessThan(16);
    // The inflated file (21 MB) is the largest thing the load holds; nothing grows with the rows.
    expect(f.peakAfterLoadMB - f.start.rssMB).toBeLessThan(150);
    // The whole run — the simulation's own per-job state included — stays well under 400 MB.
    expect(f.peakMB - f.start.rssMB).toBeLessThan(400);
  });
});
