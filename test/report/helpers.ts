// Scenarios and helpers for the report tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateRecorded, type RecordOptions } from '../../src/metrics/recorder.js';
import { writeReport, type WrittenRun } from '../../src/report/write-run.js';
import type { Scenario } from '../../src/scenario/types.js';
import { definition, job, managedCe, queue, scenario } from '../helpers/build.js';

/**
 * Two job queues on two environments, an array job, a dependency and a job no instance type can
 * hold (a blocked queue head): every chart has something to draw, the job-state chart two panels.
 */
export function twoQueueScenario(): Scenario {
  const work = definition('work', 2, 2048, 300, { simulation: { duration: { distribution: 'exponential', mean: 300 }, exitCode: 0, exitCodes: [], speedupByFamily: {}, checkpointSeconds: null, memory: null, imagePullFailureProbability: 0 } });
  const big = definition('big', 2, 2_000_000, 60);
  return scenario({
    name: 'two-queues',
    seed: 9,
    computeEnvironments: [managedCe('ce-a', ['c5.large', 'c5.xlarge'], { maxvCpus: 16 }), managedCe('ce-b', ['m5.large'], { maxvCpus: 8 })],
    jobQueues: [queue('high', 10, ['ce-a']), queue('low', 1, ['ce-b', 'ce-a'])],
    jobDefinitions: [work, big],
    jobs: [
      job('prep', 'high', work, 0),
      job('fan', 'high', work, 0, { arraySize: 60, dependsOn: [{ job: 0, type: null }] }),
      job('batch', 'low', work, 0, { arraySize: 25, submitAtMs: 600_000 }),
      job('single', 'low', work, 0, { submitAtMs: 1_200_000 }),
      job('too-big', 'low', big, 1, { submitAtMs: 1_800_000 }),
    ],
  });
}

/** Simulates under a recorder and writes the full report (charts included unless `charts: false`). */
export async function writeFullReport(s: Scenario, dir: string, options: RecordOptions & { seed?: number; charts?: boolean } = {}): Promise<WrittenRun> {
  const { sim } = simulateRecorded(s, options);
  return writeReport(sim, dir, { charts: options.charts });
}

/** Every file under `dir` (relative paths, sorted) with its bytes. */
export function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (sub: string) => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else out.set(rel, readFileSync(join(dir, rel)));
    }
  };
  walk('');
  return out;
}
