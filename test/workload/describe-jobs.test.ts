// describe-jobs replay: the three file shapes, what each job becomes (times, resources, outcome,
// arrays, dependencies), and broken jobs reported at once with line and column.
import { describe, expect, it } from 'vitest';
import type { DescribeJobsWorkloadSpec } from '../../src/scenario/types.js';
import { jobsOf, load, problemsOf, writeScenario } from './helpers.js';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const dj = (file: string, extra = '') => `  - type: describe-jobs
    file: ${file}
${extra}`;

const ARN = 'arn:aws:batch:us-east-1:123456789012';
/** A describe-jobs page as the AWS CLI prints it (abridged to the fields the replay reads, plus a few it ignores). */
const PAGE = {
  jobs: [
    {
      jobArn: `${ARN}:job/bbbb`, jobName: 'train', jobId: 'bbbb', jobQueue: `${ARN}:job-queue/q`, status: 'FAILED',
      statusReason: 'Essential container in task exited', createdAt: T0 + 60_000, startedAt: T0 + 200_000, stoppedAt: T0 + 500_000,
      jobDefinition: `${ARN}:job-definition/big:9`,
      container: { image: 'x', command: ['run'], exitCode: 2, resourceRequirements: [{ type: 'VCPU', value: '8' }, { type: 'MEMORY', value: '30000' }, { type: 'GPU', value: '1' }] },
      attempts: [
        { container: { exitCode: 137 }, startedAt: T0 + 100_000, stoppedAt: T0 + 150_000, statusReason: 'Host EC2 (instance i-1) terminated.' },
        { container: { exitCode: 2 }, startedAt: T0 + 200_000, stoppedAt: T0 + 500_000 },
      ],
      dependsOn: [{ jobId: 'aaaa', type: null }], timeout: { attemptDurationSeconds: 3600 }, tags: {}, platformCapabilities: ['EC2'],
    },
    {
      jobName: 'prep', jobId: 'aaaa', jobQueue: 'q', status: 'SUCCEEDED', createdAt: T0, startedAt: T0 + 10_000, stoppedAt: T0 + 40_000,
      jobDefinition: 'd:1', container: { vcpus: 2, memory: 3000, exitCode: 0 }, dependsOn: [],
    },
  ],
};

describe('describe-jobs replay', () => {
  it('submits each job at its createdAt with its observed run time, resources, outcome, timeout and dependencies', () => {
    const s = load(dj('jobs.json', '    rebase: false\n'), { 'jobs.json': JSON.stringify(PAGE, null, 2) });
    expect((s.workloads[0] as DescribeJobsWorkloadSpec).summary).toMatchObject({ rows: 2, jobs: 2, droppedDependencies: 0 });
    expect(jobsOf(s)).toEqual([
      {
        atMs: 0, jobName: 'prep', jobQueue: 0, jobDefinition: 0, vcpus: 2, memory: 3000, gpus: 0, durationMs: 30_000, exitCode: 0,
        arraySize: 0, dependsOn: [], attemptDurationSeconds: null, cancelled: null,
      },
      {
        // Sorted by createdAt; run time of the last attempt; revision 9 is not registered, so the latest `big`.
        atMs: 60_000, jobName: 'train', jobQueue: 0, jobDefinition: 2, vcpus: 8, memory: 30_000, gpus: 1, durationMs: 300_000, exitCode: 2,
        arraySize: 0, dependsOn: ['prep'], attemptDurationSeconds: 3600, cancelled: null,
      },
    ]);
  });

  it('reads a bare list of jobs, a list of pages, and several files alike', () => {
    const [train, prep] = PAGE.jobs;
    const one = jobsOf(load(dj('jobs.json'), { 'jobs.json': JSON.stringify(PAGE) }));
    expect(jobsOf(load(dj('list.json'), { 'list.json': JSON.stringify([train, prep]) }))).toEqual(one);
    expect(jobsOf(load(dj('pages.json'), { 'pages.json': JSON.stringify([{ jobs: [train] }, { jobs: [prep] }]) }))).toEqual(one);
    expect(jobsOf(load(dj('[a.json, b.json]'), { 'a.json': JSON.stringify({ jobs: [train] }), 'b.json': JSON.stringify({ jobs: [prep] }) }))).toEqual(one);
  });

  it('replays failures without an exit code as terminations or cancellations, and unfinished jobs with the definition\'s model', () => {
    const jobs = [
      { jobName: 'terminated', jobId: '1', jobQueue: 'q', jobDefinition: 'd', status: 'FAILED', statusReason: 'Terminated by operator', createdAt: T0, startedAt: T0 + 5000, stoppedAt: T0 + 65_000 },
      { jobName: 'cancelled', jobId: '2', jobQueue: 'q', jobDefinition: 'd', status: 'FAILED', statusReason: 'Cancelled by operator', createdAt: T0 + 1000 },
      { jobName: 'orphan', jobId: '3', jobQueue: 'q', jobDefinition: 'd', status: 'FAILED', statusReason: 'Dependent Job failed', createdAt: T0 + 2000, dependsOn: [{ jobId: 'gone' }] },
      { jobName: 'waiting', jobId: '4', jobQueue: 'q', jobDefinition: 'd', status: 'FAILED', statusReason: 'Dependent Job failed', createdAt: T0 + 3000, dependsOn: [{ jobId: '1' }] },
      { jobName: 'running', jobId: '5', jobQueue: 'q', jobDefinition: 'd', status: 'RUNNING', createdAt: T0 + 4000, startedAt: T0 + 9000 },
    ];
    const s = load(dj('f.json'), { 'f.json': JSON.stringify({ jobs }) });
    expect((s.workloads[0] as DescribeJobsWorkloadSpec).summary.droppedDependencies).toBe(1);
    expect(jobsOf(s).map((j) => [j.jobName, j.durationMs, j.exitCode, j.cancelled, j.dependsOn])).toEqual([
      ['terminated', 60_000, null, { reason: 'Terminated by operator', afterRunningMs: 60_000 }, []],
      ['cancelled', null, null, { reason: 'Cancelled by operator', afterRunningMs: null }, []],
      ['orphan', null, null, { reason: 'Dependent Job failed', afterRunningMs: null }, []],
      // Its dependency is replayed (and fails again): the simulation fails it the same way.
      ['waiting', null, null, null, ['terminated']],
      ['running', null, null, null, []],
    ]);
  });

  it('replays an array parent with its size and its listed children\'s mean run time; renames repeated job names', () => {
    const jobs = [
      { jobName: 'shard', jobId: 'p1', jobQueue: 'q', jobDefinition: 'd', status: 'SUCCEEDED', createdAt: T0, arrayProperties: { size: 3, statusSummary: { SUCCEEDED: 3 } } },
      { jobName: 'shard', jobId: 'p1:0', createdAt: T0, startedAt: T0 + 1000, stoppedAt: T0 + 11_000, status: 'SUCCEEDED', arrayProperties: { index: 0 } },
      { jobName: 'shard', jobId: 'p1:1', createdAt: T0, startedAt: T0 + 1000, stoppedAt: T0 + 31_000, status: 'SUCCEEDED', arrayProperties: { index: 1 } },
      { jobName: 'shard', jobId: 'f00dfeed-0000', jobQueue: 'q', jobDefinition: 'd', status: 'SUCCEEDED', createdAt: T0 + 5000, startedAt: T0 + 6000, stoppedAt: T0 + 7000, dependsOn: [{ jobId: 'p1' }] },
    ];
    const s = load(dj('a.json'), { 'a.json': JSON.stringify({ jobs }) });
    expect((s.workloads[0] as DescribeJobsWorkloadSpec).summary).toMatchObject({ rows: 4, jobs: 2, skipped: { 'array child (replayed through its parent)': 2 } });
    expect(jobsOf(s).map((j) => [j.jobName, j.arraySize, j.durationMs, j.exitCode, j.dependsOn])).toEqual([
      ['shard', 3, 20_000, null, []],
      ['shard-f00dfeed', 0, 1000, 0, ['shard']],
    ]);
  });

  it('reports every broken job at once, with the JSON line and column of the field', () => {
    const text = `{
  "jobs": [
    { "jobName": "ok", "jobId": "1", "jobQueue": "q", "jobDefinition": "d", "status": "SUCCEEDED", "createdAt": ${T0} },
    {
      "jobName": "no good",
      "jobId": "2",
      "jobQueue": "missing",
      "jobDefinition": "d",
      "status": "DONE",
      "createdAt": "yesterday",
      "container": { "vcpus": 1.5, "memory": 2 }
    },
    { "jobId": "3", "jobQueue": "q", "jobDefinition": "d", "createdAt": ${T0},
      "startedAt": ${T0 + 10}, "stoppedAt": ${T0}, "timeout": { "attemptDurationSeconds": 30 } },
    { "jobId": "4#main", "nodeProperties": {}, "createdAt": ${T0} },
    7
  ]
}`;
    const problems = problemsOf(writeScenario(dj('bad.json'), { 'bad.json': text }));
    expect(problems.map((p) => [p.file, p.line, p.column, p.message])).toEqual([
      ['bad.json', 5, 18, 'bad.json line 5, column 18: jobs[1].jobName: must be up to 128 letters, digits, hyphens and underscores, starting with a letter or digit, received a name with a character that is not allowed at character 3'],
      ['bad.json', 7, 19, expect.stringMatching(/^bad\.json line 7, column 19: jobs\[1\]\.jobQueue: unknown job queue \(map other names/)],
      ['bad.json', 9, 17, 'bad.json line 9, column 17: jobs[1].status: must be one of SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED, received text (4 characters)'],
      ['bad.json', 10, 20, 'bad.json line 10, column 20: jobs[1].createdAt: must be Unix epoch milliseconds (an integer ≥ 0), received text (9 characters)'],
      ['bad.json', 11, 31, 'bad.json line 11, column 31: jobs[1].container.vcpus: must be a whole number on EC2, received 1.5'],
      ['bad.json', 11, 46, 'bad.json line 11, column 46: jobs[1].container.memory: must be an integer ≥ 4 (MiB), received 2'],
      ['bad.json', 14, 48, `bad.json line 14, column 48: jobs[2].stoppedAt: is before startedAt (${T0} < ${T0 + 10})`],
      ['bad.json', 14, 102, 'bad.json line 14, column 102: jobs[2].timeout.attemptDurationSeconds: must be an integer ≥ 60, received 30'],
      ['bad.json', 15, 5, 'bad.json line 15, column 5: jobs[3]: multi-node parallel jobs are not replayed (submit them in jobs)'],
      ['bad.json', 16, 5, 'bad.json line 16, column 5: jobs[4]: must be a job (a mapping from describe-jobs output)'],
    ]);
  });

  it('reports JSON syntax errors with their position', () => {
    const [p] = problemsOf(writeScenario(dj('x.json'), { 'x.json': '{ "jobs": [\n  { "jobName": "a", }\n] }' }));
    expect(p).toMatchObject({ file: 'x.json', line: 2 });
    expect(p!.message).toMatch(/^x\.json line 2, column \d+: JSON syntax error/);
  });
});
