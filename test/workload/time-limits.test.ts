// Times in workloads stay within MAX_TIME_SECONDS (10 years) of the scenario start: replayed submit
// times (after rebase and offset), run times and timeouts are row problems beyond it, transform
// offsets and windows are bounded, and generators end their streams at the limit and clamp their
// draws instead of producing times or sizes the engine cannot handle.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/scenario/defaults.js';
import { MAX_TIME_MS, MAX_TIME_SECONDS } from '../../src/scenario/time.js';
import { loadScenario } from '../../src/scenario/load.js';
import { timed } from '../helpers/problems.js';
import { jobsOf, load, problemsOf, writeScenario } from './helpers.js';

const NOTE = `(a time in a scenario is at most ${MAX_TIME_SECONDS} s, 10 years)`;
const HEAD = 'submitTime,jobQueue,jobDefinition,duration,timeout\n';
const csv = (extra = '') => `  - { type: csv, file: t.csv, jobQueue: q, jobDefinition: d${extra} }`;
const swfLine = (n: number, submit: string, run: string, requested = '-1') => `${n} ${submit} 0 ${run} 1 -1 -1 1 ${requested} -1 1 1 1 -1 -1 -1 -1 -1`;

describe('replayed times', () => {
  it('refuses CSV submit times, run times and timeouts beyond the limit, at their line and column', () => {
    const file = writeScenario(csv(), {
      't.csv': `${HEAD}0,q,d,60,\n5,q,d,1e12,\n6,q,d,60,1e12\n7,q,d,60,\n1e400,q,d,60,\n400000000,q,d,60,\n`,
    });
    expect(problemsOf(file).map((p) => [p.line, p.column, p.message.replace(/^t\.csv line \d+, column \d+: /, '')])).toEqual([
      [3, 4, `duration must be at most ${MAX_TIME_SECONDS} (seconds), received 1000000000000 ${NOTE}`],
      [4, 5, `timeout must be at most ${MAX_TIME_SECONDS} (seconds), received 1000000000000 ${NOTE}`],
      [6, 1, 'submitTime must be at most 8640000000000 seconds, received 1e400 (the range of dates)'],
      [7, 1, `submitted 400000000 s after the scenario starts, beyond the ${MAX_TIME_SECONDS} s limit (10 years): cut the replay with window.to or maxJobs`],
    ]);
  });

  it('counts the offset and the rebase when checking a submit time', () => {
    const ok = writeScenario(csv(', offsetSeconds: 100'), { 't.csv': `${HEAD}1700000000,q,d,60,\n1700000100,q,d,60,\n` });
    expect(jobsOf(loadScenario(ok)).map((j) => j.atMs)).toEqual([100_000, 200_000]);
    const late = writeScenario(csv(`, offsetSeconds: ${MAX_TIME_SECONDS - 50}`), { 't.csv': `${HEAD}1700000000,q,d,60,\n1700000100,q,d,60,\n` });
    expect(problemsOf(late).map((p) => [p.line, p.message])).toEqual([
      [3, `t.csv line 3, column 1: submitted ${MAX_TIME_SECONDS + 50} s after the scenario starts, beyond the ${MAX_TIME_SECONDS} s limit (10 years): cut the replay with window.to or maxJobs`],
    ]);
  });

  it('bounds offsetSeconds and window bounds', () => {
    const file = writeScenario(`  - { type: csv, file: t.csv, jobQueue: q, jobDefinition: d, offsetSeconds: 1e15 }
  - { type: csv, name: w2, file: t.csv, jobQueue: q, jobDefinition: d, window: { from: 1e300 } }`, { 't.csv': `${HEAD}0,q,d,60,\n` });
    expect(problemsOf(file).map((p) => [p.path, p.message])).toEqual([
      ['workloads[0].offsetSeconds', `offsetSeconds must be between 0 and ${MAX_TIME_SECONDS}, received 1000000000000000 ${NOTE}`],
      ['workloads[1].window.from', 'window.from must be a number of seconds between -8640000000000 and 8640000000000 (the range of dates) or an ISO-8601 instant, received 1e+300'],
    ]);
  });

  it('bounds the load factor, whose copies of each row are made at once', () => {
    const file = writeScenario(csv(', scale: 1e9'), { 't.csv': `${HEAD}0,q,d,60,\n` });
    expect(problemsOf(file).map((p) => [p.path, p.message])).toEqual([
      ['workloads[0].scale', 'scale must be > 0 and ≤ 1000, received 1000000000 (each row becomes at most 1001 jobs)'],
    ]);
  });

  it('refuses SWF run times, requested times and submit times beyond the limit', () => {
    const file = writeScenario('  - { type: swf, file: t.swf, jobQueue: q, jobDefinition: d, useRequestedTimeAsTimeout: true }', {
      't.swf': [swfLine(1, '0', '60'), swfLine(2, '1', '400000000'), swfLine(3, '2', '60', '400000000'), swfLine(4, '1e300', '60')].join('\n'),
    });
    expect(problemsOf(file).map((p) => p.message)).toEqual([
      `t.swf line 2: field 4 (run time) must be at most ${MAX_TIME_SECONDS} s, received 400000000 ${NOTE}`,
      `t.swf line 3: field 9 (requested time) must be at most ${MAX_TIME_SECONDS} s, received 400000000 ${NOTE}`,
      't.swf line 4: field 2 (submit time) must be at most 8640000000000 s, received 1e300 (the range of dates)',
    ]);
  });

  it('refuses describe-jobs run times beyond the limit and createdAt beyond the range of dates', () => {
    const start = Date.parse('2026-01-05T00:00:00Z');
    const jobs = [
      { jobName: 'a', jobQueue: 'q', jobDefinition: 'd', status: 'SUCCEEDED', createdAt: start, startedAt: start, stoppedAt: start + (MAX_TIME_SECONDS + 1) * 1000 },
      { jobName: 'b', jobQueue: 'q', jobDefinition: 'd', status: 'SUCCEEDED', createdAt: 1e300 },
    ];
    const file = writeScenario('  - { type: describe-jobs, file: j.json, jobQueue: q, jobDefinition: d }', { 'j.json': JSON.stringify({ jobs }, null, 2) });
    expect(problemsOf(file).map((p) => p.message.replace(/^j\.json line \d+, column \d+: /, ''))).toEqual([
      `jobs[0].stoppedAt: the run time (stoppedAt − startedAt) must be at most ${MAX_TIME_SECONDS} s, received ${MAX_TIME_SECONDS + 1} s ${NOTE}`,
      'jobs[1].createdAt: must be Unix epoch milliseconds (an integer ≥ 0) within the range of dates, received 1e+300',
    ]);
  });
});

describe('generated times and sizes', () => {
  const gen = (body: string) => `  - type: synthetic\n    name: g\n    jobQueue: q\n    jobDefinition: d\n${body}`;

  it('ends a diurnal process whose rate is too small to produce a job within the limit', () => {
    const rates = [1e-300, ...Array(23).fill(0)].join(', ');
    const s = load(gen(`    count: 5\n    arrivals: { process: diurnal, ratePerHourByHour: [${rates}] }\n`));
    const { value: jobs, ms } = timed(() => jobsOf(s));
    expect(jobs).toEqual([]);
    expect(ms).toBeLessThan(2000);
  });

  it('ends Poisson arrivals at the limit', () => {
    const s = load(gen(`    count: 200\n    arrivals: { process: poisson, meanInterarrivalSeconds: ${MAX_TIME_SECONDS / 10} }\n`));
    const jobs = jobsOf(s);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.length).toBeLessThan(200);
    expect(Math.max(...jobs.map((j) => j.atMs))).toBeLessThanOrEqual(MAX_TIME_MS);
    const shorthand = load(`  - { type: poisson, jobQueue: q, jobDefinition: d, count: 200, meanInterarrivalSeconds: ${MAX_TIME_SECONDS / 10} }`);
    const fromShorthand = jobsOf(shorthand);
    expect(fromShorthand.length).toBeLessThan(200);
    expect(Math.max(...fromShorthand.map((j) => j.atMs))).toBeLessThanOrEqual(MAX_TIME_MS);
  });

  it('clamps drawn durations and sizes to their limits', () => {
    const s = load(gen(`    arrivals: { process: batch, count: 400 }
    duration: { distribution: lognormal, median: 60, sigma: 400 }
    vcpus: { distribution: lognormal, median: 2, sigma: 400 }
    memory: { distribution: lognormal, median: 2048, sigma: 400 }
    gpus: { distribution: lognormal, median: 1, sigma: 400 }
`));
    const jobs = jobsOf(s);
    expect(jobs).toHaveLength(400);
    // With sigma 400 about half the draws are beyond the limits (some overflow to Infinity); each is clamped.
    expect(jobs.filter((j) => j.durationMs === MAX_TIME_MS).length).toBeGreaterThan(100);
    for (const j of jobs) {
      expect(Number.isInteger(j.durationMs)).toBe(true);
      expect(j.durationMs!).toBeLessThanOrEqual(MAX_TIME_MS);
      expect(j.vcpus).toBeLessThanOrEqual(LIMITS.vcpusMax);
      expect(j.memory).toBeLessThanOrEqual(LIMITS.memoryMiBMax);
      expect(j.gpus).toBeLessThanOrEqual(LIMITS.gpusMax);
    }
  });
});
