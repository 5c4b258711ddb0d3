// Every time a scenario states is at most MAX_TIME_SECONDS (10 years): far inside the range where
// milliseconds are exact integers, so a run can neither crawl through 1e15 s of empty time nor
// overflow. Each time beyond it is a problem at its path; the command line says so with exit 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TIME_SECONDS } from '../../src/scenario/time.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { loadScenario } from '../../src/scenario/load.js';
import { problemsFrom, problemsOfText } from '../helpers/problems.js';

const problemsFromFile = (file: string) => problemsFrom(() => loadScenario(file));

const NOTE = `(a time in a scenario is at most ${MAX_TIME_SECONDS} s, 10 years)`;
const HUGE = 1e15;

const BASE = {
  computeEnvironments: [
    { computeEnvironmentName: 'ce', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 16, instanceTypes: ['c5'] } },
    { computeEnvironmentName: 'spot', type: 'MANAGED', computeResources: { type: 'SPOT', maxvCpus: 16, instanceTypes: ['c5.large'] } },
  ],
  jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }] }],
  jobDefinitions: [{ jobDefinitionName: 'd', type: 'container', containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 60 } }],
  jobs: [{ jobName: 'a', jobQueue: 'q', jobDefinition: 'd' }],
};

type Doc = Record<string, any>;

function problemsOf(change: (d: Doc) => void) {
  const doc = structuredClone(BASE) as Doc;
  change(doc);
  return problemsOfText(JSON.stringify(doc, null, 2), 'case.json');
}

const cases: { name: string; change: (d: Doc) => void; path: string; message: string }[] = [
  { name: 'submitAt', change: (d) => { d.jobs[0].submitAt = HUGE; }, path: 'jobs[0].submitAt', message: `submitAt must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'a fixed duration', change: (d) => { d.jobDefinitions[0].simulation.duration = 9e15; }, path: 'jobDefinitions[0].simulation.duration', message: `simulation.duration must be between 0 and ${MAX_TIME_SECONDS}, received 9000000000000000 ${NOTE}` },
  { name: 'a uniform range', change: (d) => { d.jobDefinitions[0].simulation.duration = { distribution: 'uniform', min: 1, max: HUGE }; }, path: 'jobDefinitions[0].simulation.duration.max', message: `simulation.duration.max must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'an exponential mean', change: (d) => { d.jobs[0].simulation = { duration: { distribution: 'exponential', mean: HUGE } }; }, path: 'jobs[0].simulation.duration.mean', message: `simulation.duration.mean must be > 0 and ≤ ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'a lognormal median', change: (d) => { d.jobDefinitions[0].simulation.duration = { distribution: 'lognormal', median: HUGE, sigma: 1 }; }, path: 'jobDefinitions[0].simulation.duration.median', message: `simulation.duration.median must be > 0 and ≤ ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'a normal stddev', change: (d) => { d.jobDefinitions[0].simulation.duration = { distribution: 'normal', mean: 60, stddev: HUGE }; }, path: 'jobDefinitions[0].simulation.duration.stddev', message: `simulation.duration.stddev must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'checkpointSeconds', change: (d) => { d.jobDefinitions[0].simulation.checkpointSeconds = HUGE; }, path: 'jobDefinitions[0].simulation.checkpointSeconds', message: `simulation.checkpointSeconds must be > 0 and ≤ ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'timeout.attemptDurationSeconds', change: (d) => { d.jobs[0].timeout = { attemptDurationSeconds: HUGE }; }, path: 'jobs[0].timeout.attemptDurationSeconds', message: `timeout.attemptDurationSeconds must be between 60 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'an action at', change: (d) => { d.actions = [{ at: HUGE, action: 'CancelJob', jobId: 'a', reason: 'x' }]; }, path: 'actions[0].at', message: `at must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'horizonSeconds', change: (d) => { d.settings = { horizonSeconds: HUGE }; }, path: 'settings.horizonSeconds', message: `settings.horizonSeconds must be > 0 and ≤ ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'schedulerCycleSeconds', change: (d) => { d.settings = { schedulerCycleSeconds: HUGE }; }, path: 'settings.schedulerCycleSeconds', message: `settings.schedulerCycleSeconds must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'idleScaleDownSeconds', change: (d) => { d.settings = { idleScaleDownSeconds: HUGE }; }, path: 'settings.idleScaleDownSeconds', message: `settings.idleScaleDownSeconds must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'instanceLaunchSeconds', change: (d) => { d.settings = { instanceLaunchSeconds: { min: 1, max: HUGE } }; }, path: 'settings.instanceLaunchSeconds.max', message: `settings.instanceLaunchSeconds.max must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'fargate.startSeconds', change: (d) => { d.settings = { fargate: { startSeconds: HUGE } }; }, path: 'settings.fargate.startSeconds', message: `settings.fargate.startSeconds must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'a Spot outage', change: (d) => { d.settings = { spot: { pools: [{ instanceType: 'c5.large', outages: [{ from: 0, to: HUGE }] }] } }; }, path: 'settings.spot.pools[0].outages[0].to', message: `settings.spot.pools[0].outages[0].to must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'a Poisson start', change: (d) => { d.workloads = [{ type: 'poisson', jobQueue: 'q', jobDefinition: 'd', meanInterarrivalSeconds: 60, count: 2, startAtSeconds: HUGE }]; }, path: 'workloads[0].startAtSeconds', message: `startAtSeconds must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'a Poisson mean gap', change: (d) => { d.workloads = [{ type: 'poisson', jobQueue: 'q', jobDefinition: 'd', meanInterarrivalSeconds: HUGE, count: 2 }]; }, path: 'workloads[0].meanInterarrivalSeconds', message: `meanInterarrivalSeconds must be > 0 and ≤ ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'a burst', change: (d) => { d.workloads = [{ type: 'synthetic', jobQueue: 'q', jobDefinition: 'd', arrivals: { process: 'bursts', bursts: [{ at: 0, count: 2, spreadSeconds: HUGE }] } }]; }, path: 'workloads[0].arrivals.bursts[0].spreadSeconds', message: `arrivals.bursts[0].spreadSeconds must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'untilSeconds', change: (d) => { d.workloads = [{ type: 'synthetic', jobQueue: 'q', jobDefinition: 'd', arrivals: { process: 'poisson', ratePerHour: 10 }, untilSeconds: HUGE }]; }, path: 'workloads[0].untilSeconds', message: `untilSeconds must be > 0 and ≤ ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
  { name: 'a mix duration', change: (d) => { d.workloads = [{ type: 'synthetic', jobQueue: 'q', jobDefinition: 'd', arrivals: { process: 'batch', count: 2 }, duration: { distribution: 'gamma', shape: 2, scale: HUGE } }]; }, path: 'workloads[0].duration.scale', message: `duration.scale must make a mean (shape × scale) of at most ${MAX_TIME_SECONDS} s, received a mean of ${2 * HUGE} ${NOTE}` },
  { name: 'an empirical duration', change: (d) => { d.workloads = [{ type: 'synthetic', jobQueue: 'q', jobDefinition: 'd', arrivals: { process: 'batch', count: 2 }, duration: { distribution: 'empirical', values: [60, HUGE] } }]; }, path: 'workloads[0].duration.values[1]', message: `duration.values[1] must be between 0 and ${MAX_TIME_SECONDS}, received ${HUGE} ${NOTE}` },
];

describe('times beyond MAX_TIME_SECONDS', () => {
  it('is 10 years', () => {
    expect(MAX_TIME_SECONDS).toBe(10 * 365 * 86_400);
    // Times are kept as integer milliseconds: the limit leaves them far inside the exact range.
    expect(MAX_TIME_SECONDS * 1000 * 1000).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  for (const c of cases) {
    it(`refuses ${c.name}`, () => {
      expect(problemsOf(c.change).map((p) => ({ path: p.path, message: p.message }))).toEqual([{ path: c.path, message: c.message }]);
    });
  }

  it('refuses price-trace times beyond the limit, as seconds and as instants', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-time-'));
    writeFileSync(join(dir, 'prices.csv'), `time,instanceType,price\n0,c5.large,0.03\n400000000,c5.large,0.04\n2040-01-01T00:00:00Z,c5.large,0.05\n`);
    const doc = structuredClone(BASE) as Doc;
    doc.startTime = '2026-01-01T00:00:00Z';
    doc.settings = { spot: { priceTrace: 'prices.csv' } };
    writeFileSync(join(dir, 's.json'), JSON.stringify(doc));
    const problems = problemsFromFile(join(dir, 's.json'));
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [3, 1, `prices.csv line 3, column 1: time must be at most ${MAX_TIME_SECONDS} s after the scenario start, received 400000000 s ${NOTE}`],
      [4, 1, `prices.csv line 4, column 1: time must be at most ${MAX_TIME_SECONDS} s after the scenario start, received ${Date.parse('2040-01-01T00:00:00Z') / 1000 - Date.parse('2026-01-01T00:00:00Z') / 1000} s ${NOTE}`],
    ]);
  });

  it('accepts times up to the limit', () => {
    expect(problemsOf((d) => {
      d.jobs[0].submitAt = MAX_TIME_SECONDS;
      d.settings = { horizonSeconds: MAX_TIME_SECONDS };
      d.jobDefinitions[0].simulation.duration = MAX_TIME_SECONDS;
    })).toEqual([]);
  });

  it('makes `batchsim run` exit 2 at once for submitAt 1e15 and a duration of 9e15, instead of hanging or crashing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-time-'));
    const file = join(dir, 'far.json');
    const doc = structuredClone(BASE) as Doc;
    doc.jobs[0].submitAt = 1e15;
    doc.jobDefinitions[0].simulation.duration = 9e15;
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const r = spawnSync(process.execPath, [...CLI, 'run', file, '--out', join(dir, 'out')], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`✖ simulation.duration must be between 0 and ${MAX_TIME_SECONDS}, received 9000000000000000 ${NOTE}\n  → at jobDefinitions[0].simulation.duration (line `);
    expect(r.stderr).toContain(`✖ submitAt must be between 0 and ${MAX_TIME_SECONDS}, received 1000000000000000 ${NOTE}\n  → at jobs[0].submitAt (line `);
    expect(r.stderr).not.toContain('internal error');
  });
});
