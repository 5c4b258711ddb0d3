// Scenarios and helpers for the report tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulateRecorded, type RecordOptions } from '../../src/metrics/recorder.js';
import { writeReport, type WrittenRun } from '../../src/report/write-run.js';
import type { JobSubmission, Scenario } from '../../src/scenario/types.js';
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

/**
 * Fair share next to FIFO: queue `teams` (weights A 1, B 0.5, `lab*` 2 split among its active
 * identifiers; 13 share identifiers, more than the chart draws on their own, one of them an
 * array job), queue `batch` (two shares, its own policy) and the FIFO queue `plain`, on one
 * managed environment.
 */
export function fairShareScenario(): Scenario {
  const work = definition('work', 2, 2048, 240);
  const short = definition('short', 1, 1024, 90);
  const jobs: JobSubmission[] = [];
  for (let i = 0; i < 12; i++) jobs.push(job(`a${i}`, 'teams', work, 0, { shareIdentifier: 'A', submitAtMs: i * 30_000 }));
  for (let i = 0; i < 12; i++) jobs.push(job(`b${i}`, 'teams', work, 0, { shareIdentifier: 'B' }));
  for (let l = 1; l <= 11; l++) jobs.push(job(`lab${l}`, 'teams', short, 1, { shareIdentifier: `lab${l}`, submitAtMs: 600_000 + l * 20_000 }));
  jobs.push(job('sweep', 'teams', short, 1, { shareIdentifier: 'lab1', arraySize: 8, submitAtMs: 900_000 }));
  for (let i = 0; i < 6; i++) jobs.push(job(`x${i}`, 'batch', short, 1, { shareIdentifier: i % 2 ? 'nightly' : 'adhoc', submitAtMs: 300_000 + i * 45_000 }));
  for (let i = 0; i < 4; i++) jobs.push(job(`p${i}`, 'plain', work, 0, { submitAtMs: 120_000 * i }));
  return scenario({
    name: 'fair-share',
    seed: 4,
    computeEnvironments: [managedCe('ce', ['c5.large', 'c5.xlarge', 'c5.2xlarge'], { maxvCpus: 16 })],
    jobQueues: [
      { ...queue('teams', 10, ['ce']), schedulingPolicy: 'teams-policy' },
      { ...queue('batch', 5, ['ce']), schedulingPolicy: 'batch-policy' },
      queue('plain', 1, ['ce']),
    ],
    schedulingPolicies: [
      {
        name: 'teams-policy',
        fairsharePolicy: {
          shareDecaySeconds: 900, computeReservation: 25,
          shareDistribution: [{ shareIdentifier: 'A', weightFactor: 1 }, { shareIdentifier: 'B', weightFactor: 0.5 }, { shareIdentifier: 'lab*', weightFactor: 2 }],
        },
      },
      { name: 'batch-policy', fairsharePolicy: { shareDecaySeconds: 0, computeReservation: 0, shareDistribution: [] } },
    ],
    jobDefinitions: [work, short],
    jobs,
  });
}
