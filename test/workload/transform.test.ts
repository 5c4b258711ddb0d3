// What any replay can do to its trace: a window, rebase and offset, load scaling by thinning or
// replication, and a cap on the number of jobs.
import { describe, expect, it } from 'vitest';
import type { ReplayWorkloadSpec } from '../../src/scenario/types.js';
import { jobsOf, load, namesOf, problemsOf, writeScenario } from './helpers.js';

/** 100 jobs a minute apart (t = 0, 60, …, 5940 s), each waiting for the one before. */
const CHAIN = ['submitTime,jobName,dependsOn', ...Array.from({ length: 100 }, (_, i) => `${i * 60},j${i},${i > 0 ? `j${i - 1}` : ''}`)].join('\n');
const replay = (extra: string) => load(`  - type: csv
    file: chain.csv
    jobQueue: q
    jobDefinition: d
${extra}`, { 'chain.csv': CHAIN });

describe('replay transformations', () => {
  it('keeps a window of the trace\'s clock and rebases it so the window starts at t = 0', () => {
    const s = replay('    window: { from: 600, to: 1200 }\n');
    const jobs = jobsOf(s);
    expect(jobs.map((j) => j.jobName)).toEqual(['j10', 'j11', 'j12', 'j13', 'j14', 'j15', 'j16', 'j17', 'j18', 'j19']);
    expect(jobs.map((j) => j.atMs)).toEqual([0, 60, 120, 180, 240, 300, 360, 420, 480, 540].map((x) => x * 1000));
    // j10 waited for j9, which is outside the window: that dependency is dropped. Reading stops at
    // the first row at or after window.to (j20), so 20 rows are read.
    expect((s.workloads[0] as ReplayWorkloadSpec).summary).toMatchObject({ rows: 20, jobs: 10, outsideWindow: 10, droppedDependencies: 1 });
  });

  it('takes window bounds as ISO-8601 instants', () => {
    // startTime is 2026-01-05T00:00:00Z: the CSV's seconds are measured from it.
    const jobs = jobsOf(replay('    window: { from: "2026-01-05T01:00:00Z" }\n'));
    expect(jobs[0]).toMatchObject({ jobName: 'j60', atMs: 0 });
    expect(jobs).toHaveLength(40);
  });

  it('offsets the replay, or keeps the trace clock with rebase: false', () => {
    expect(jobsOf(replay('    window: { from: 600 }\n    offsetSeconds: 30\n'))[0]).toMatchObject({ jobName: 'j10', atMs: 30_000 });
    expect(jobsOf(replay('    window: { from: 600 }\n    rebase: false\n'))[0]).toMatchObject({ jobName: 'j10', atMs: 600_000 });
    expect(jobsOf(replay('    window: { from: 600 }\n    rebase: false\n    offsetSeconds: -600\n'))[0]).toMatchObject({ jobName: 'j10', atMs: 0 });
  });

  it('refuses jobs that rebase: false would submit before the scenario starts', () => {
    const problems = problemsOf(writeScenario(`  - type: csv
    file: c.csv
    jobQueue: q
    jobDefinition: d
    rebase: false
`, { 'c.csv': 'submitTime,jobName\n2026-01-04T23:59:00Z,early\n2026-01-05T00:00:00Z,ok\n' }));
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 1, 'c.csv line 2, column 1: submitted 60 s before the scenario starts (rebase is off: set rebase: true, a later startTime or offsetSeconds)'],
    ]);
  });

  it('caps the number of jobs', () => {
    const s = replay('    maxJobs: 7\n');
    expect(jobsOf(s).map((j) => j.jobName)).toEqual(['j0', 'j1', 'j2', 'j3', 'j4', 'j5', 'j6']);
    // Without thinning, the validating pass stops reading once maxJobs rows are good.
    expect((s.workloads[0] as ReplayWorkloadSpec).summary).toMatchObject({ rows: 7, jobs: 7 });
  });

  it('thins by scale < 1: each job kept with that probability, the same ones for the same seed', () => {
    const s = replay('    scale: 0.3\n');
    const a = jobsOf(s);
    expect(a.length).toBeGreaterThan(15);
    expect(a.length).toBeLessThan(45);
    expect(jobsOf(s)).toEqual(a);
    expect(jobsOf(s, 0, 99)).not.toEqual(a);
    // Times are the trace's (rebased to its first job, thinned out or not, so scaled and unscaled
    // replays share one clock); a dependency on a thinned-out job names a job never submitted.
    const kept = new Set(a.map((j) => j.jobName));
    expect(a.every((j) => j.atMs === Number(j.jobName!.slice(1)) * 60_000)).toBe(true);
    expect(a.some((j) => j.dependsOn.length > 0 && !kept.has(j.dependsOn[0]!))).toBe(true);
  });

  it('replicates by scale > 1: floor(k) or floor(k) + 1 copies, suffixed -r1, -r2, waiting for their own copies', () => {
    const s = replay('    scale: 2.5\n');
    const jobs = jobsOf(s);
    expect(jobs.length).toBeGreaterThan(220);
    expect(jobs.length).toBeLessThan(280);
    const byName = new Map(jobs.map((j) => [j.jobName, j]));
    for (let i = 0; i < 100; i++) {
      expect(byName.has(`j${i}`) && byName.has(`j${i}-r1`)).toBe(true);
      const copy2 = byName.get(`j${i}-r2`);
      if (copy2 && i > 0) expect(copy2.dependsOn).toEqual([byName.has(`j${i - 1}-r2`) ? `j${i - 1}-r2` : `j${i - 1}`]);
    }
    expect(byName.get('j5-r1')).toMatchObject({ atMs: 300_000, dependsOn: ['j4-r1'] });
    // Copies come right after their original, so times never go backwards.
    expect(jobs.every((j, k) => k === 0 || j.atMs >= jobs[k - 1]!.atMs)).toBe(true);
    expect(jobsOf(s)).toEqual(jobs);
  });

  it('applies maxJobs after scaling', () => {
    const s = replay('    scale: 3\n    maxJobs: 5\n');
    expect(namesOf(s, jobsOf(s))).toEqual(['j0', 'j0-r1', 'j0-r2', 'j1', 'j1-r1']);
  });

  it('checks the transformation fields', () => {
    const problems = problemsOf(writeScenario(`  - type: csv
    file: chain.csv
    jobQueue: q
    jobDefinition: d
    window: { from: 100, to: 50 }
    scale: 0
    maxJobs: 1.5
    offsetSeconds: -5
`, { 'chain.csv': CHAIN }));
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['workloads[0].window.to', 'window.to must be later than window.from'],
      ['workloads[0].scale', 'scale must be > 0, received 0'],
      ['workloads[0].maxJobs', 'maxJobs must be an integer, received 1.5'],
      ['workloads[0].offsetSeconds', 'offsetSeconds must be ≥ 0, received -5'],
    ]);
  });
});
