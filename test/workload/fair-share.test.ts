// Fair share in workloads (spec §7.2): generators put shareIdentifier and schedulingPriority on the
// jobs they hand out; replayed rows (CSV, describe-jobs, SWF) follow SubmitJob's rule against the
// queue each row resolves to — shareIdentifier required on a fair-share queue — as row problems
// that --skip-invalid can leave out.
import { describe, expect, it } from 'vitest';
import { FAIR_BASE, jobsOf, load, problemsOf, writeScenario } from './helpers.js';

const T0 = Date.parse('2026-01-05T00:00:00Z');
const fair = (workloads: string, files: Record<string, string> = {}) => writeScenario(workloads, files, FAIR_BASE);
const REQUIRED = 'is required: job queue "fs" has fair-share scheduling policy "teams", and AWS Batch refuses SubmitJob to it without a shareIdentifier';

describe('generated jobs carry their fair-share fields', () => {
  it('a Poisson workload gives every job its shareIdentifier', () => {
    const s = load('  - { type: poisson, jobQueue: fs, jobDefinition: d, shareIdentifier: teamA, meanInterarrivalSeconds: 5, count: 3 }', {}, {}, FAIR_BASE);
    const jobs = jobsOf(s);
    expect(jobs.map((j) => [j.jobQueue, j.shareIdentifier, j.schedulingPriority])).toEqual([[3, 'teamA', undefined], [3, 'teamA', undefined], [3, 'teamA', undefined]]);
  });

  it('a synthetic mix gives each job its entry\'s shareIdentifier and schedulingPriorityOverride, none on FIFO entries', () => {
    const s = load(`  - type: synthetic
    name: mixed
    arrivals: { process: batch, count: 40 }
    mix:
      - { weight: 1, jobQueue: fs, jobDefinition: d, shareIdentifier: teamA, schedulingPriorityOverride: 9 }
      - { weight: 1, jobQueue: fs2, jobDefinition: d, shareIdentifier: UserB7 }
      - { weight: 1, jobQueue: q, jobDefinition: d }
`, {}, {}, FAIR_BASE);
    const seen = new Set(jobsOf(s).map((j) => `${j.jobQueue} ${j.shareIdentifier} ${j.schedulingPriority}`));
    expect(seen).toEqual(new Set(['3 teamA 9', '4 UserB7 undefined', '0 undefined undefined']));
  });
});

describe('CSV replay on fair-share queues', () => {
  const csv = (extra = '') => `  - type: csv
    file: jobs.csv
    jobDefinition: d
${extra}`;

  it('carries each row\'s shareIdentifier to its job, at load and at run time alike', () => {
    const s = load(csv(), { 'jobs.csv': 'submitTime,jobName,jobQueue,shareIdentifier\n0,a,fs,teamA\n1,b,fs2,UserB7\n2,c,q,\n' }, {}, FAIR_BASE);
    expect(jobsOf(s).map((j) => [j.jobName, j.jobQueue, j.shareIdentifier])).toEqual([['a', 3, 'teamA'], ['b', 4, 'UserB7'], ['c', 0, undefined]]);
  });

  it('drops the identifier of a row that goes to a FIFO queue (SubmitJob would refuse it), so one trace replays onto either kind of queue', () => {
    const s = load(csv(), { 'jobs.csv': 'submitTime,jobName,jobQueue,shareIdentifier\n0,a,fs,teamA\n1,b,q,teamA\n' }, {}, FAIR_BASE);
    expect(jobsOf(s).map((j) => [j.jobName, j.jobQueue, j.shareIdentifier])).toEqual([['a', 3, 'teamA'], ['b', 0, undefined]]);
  });

  it('reports a row without shareIdentifier on a fair-share queue, and an identifier that is not alphanumeric, at the cell', () => {
    const problems = problemsOf(fair(csv(), { 'jobs.csv': 'submitTime,jobName,jobQueue,shareIdentifier\n0,a,fs,\n1,b,q,teamA\n2,c,fs,team-a\n' }));
    expect(problems.map((p) => [p.path, p.file, p.line, p.column, p.message])).toEqual([
      ['workloads[0].file', 'jobs.csv', 2, 4, `jobs.csv line 2, column 4: shareIdentifier ${REQUIRED}`],
      ['workloads[0].file', 'jobs.csv', 4, 4, 'jobs.csv line 4, column 4: shareIdentifier must be up to 255 letters and digits, received a name with a character that is not allowed at character 5'],
    ]);
  });

  it('says so when the file has no shareIdentifier column for a fair-share queue', () => {
    const problems = problemsOf(fair(csv(), { 'jobs.csv': 'submitTime,jobName,jobQueue\n0,a,fs\n' }));
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 3, `jobs.csv line 2, column 3: shareIdentifier ${REQUIRED} (the file has no shareIdentifier column: add one, or map one with columns.shareIdentifier)`],
    ]);
  });

  it('with --skip-invalid leaves those rows out and lists them', () => {
    const s = load(csv(), { 'jobs.csv': 'submitTime,jobName,jobQueue,shareIdentifier\n0,a,fs,\n1,b,q,teamA\n2,c,fs,teamA\n3,d,q,\n' }, { skipInvalid: true }, FAIR_BASE);
    expect(s.rejectedRows).toEqual([
      { file: 'jobs.csv', line: 2, column: 4, message: `shareIdentifier ${REQUIRED}` },
    ]);
    expect(jobsOf(s).map((j) => j.jobName)).toEqual(['b', 'c', 'd']);
  });
});

describe('describe-jobs replay on fair-share queues', () => {
  const job = (over: Record<string, unknown>) => ({ jobName: 'j', jobId: 'id', jobQueue: 'fs', jobDefinition: 'd:1', status: 'SUCCEEDED', createdAt: T0, ...over });
  const dj = '  - { type: describe-jobs, file: jobs.json, rebase: false }';

  it('carries shareIdentifier and schedulingPriority to the job', () => {
    const file = JSON.stringify({ jobs: [job({ shareIdentifier: 'teamA', schedulingPriority: 40 }), job({ jobId: 'id2', jobName: 'k', jobQueue: 'q' })] });
    const s = load(dj, { 'jobs.json': file }, {}, FAIR_BASE);
    expect(jobsOf(s).map((j) => [j.jobName, j.jobQueue, j.shareIdentifier, j.schedulingPriority])).toEqual([['j', 3, 'teamA', 40], ['k', 0, undefined, undefined]]);
  });

  it('reports a missing shareIdentifier and a schedulingPriority out of range, at the job or the field', () => {
    const file = `{ "jobs": [
  ${JSON.stringify(job({}))},
  ${JSON.stringify(job({ jobId: 'c', shareIdentifier: 'teamA', schedulingPriority: 10000 }))}
] }`;
    const problems = problemsOf(fair(dj, { 'jobs.json': file }));
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, `jobs.json line 2, column 3: jobs[0]: shareIdentifier ${REQUIRED}`],
      [3, expect.stringMatching(/^jobs\.json line 3, column \d+: jobs\[1\]\.schedulingPriority: must be an integer between 0 and 9999, received 10000$/)],
    ]);
  });
});

describe('SWF replay on fair-share queues', () => {
  const line = (...f: number[]) => f.map(String).join(' ');
  const trace = [
    line(1, 0, 5, 100, 4, -1, -1, 4, -1, -1, 1, 7, 3, -1, -1, -1, -1, -1),
    line(2, 10, 5, 50, 2, -1, -1, 2, -1, -1, 1, -1, 3, -1, -1, -1, -1, -1), // user −1
  ].join('\n') + '\n';
  const swf = (queue: string, extra = '') => `  - type: swf
    file: t.swf
    jobQueue: ${queue}
    jobDefinition: d:1
${extra}`;

  it('gives jobs shareIdentifier user<id> or group<id>', () => {
    const byUser = jobsOf(load(swf('fs', '    shareIdentifierFrom: user\n'), { 't.swf': trace.split('\n')[0]! + '\n' }, {}, FAIR_BASE));
    expect(byUser.map((j) => j.shareIdentifier)).toEqual(['user7']);
    const byGroup = jobsOf(load(swf('fs', '    shareIdentifierFrom: group\n'), { 't.swf': trace }, {}, FAIR_BASE));
    expect(byGroup.map((j) => [j.jobQueue, j.shareIdentifier])).toEqual([[3, 'group3'], [3, 'group3']]);
  });

  it('reports a job whose user id is −1 on a fair-share queue, at field 12', () => {
    const problems = problemsOf(fair(swf('fs', '    shareIdentifierFrom: user\n'), { 't.swf': trace }));
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 12, `t.swf line 2: field 12 (user id): shareIdentifier ${REQUIRED} (the user id is −1)`],
    ]);
  });

  it('refuses shareIdentifierFrom none into a fair-share queue, at the workload', () => {
    expect(problemsOf(fair(swf('q', '    jobQueueMap: { "1": fs }\n'), { 't.swf': trace })).map((p) => [p.path, p.message])).toEqual([[
      'workloads[0].shareIdentifierFrom',
      'Job queue "fs" has fair-share scheduling policy "teams", which needs a shareIdentifier on every job: set shareIdentifierFrom to user or group (SWF fields 12 and 13)',
    ]]);
  });

  it('reports a Fargate queue and a fair-share queue without shareIdentifierFrom together', () => {
    expect(problemsOf(fair(swf('q', '    jobQueueMap: { "1": fs, "2": fq }\n'), { 't.swf': trace })).map((p) => [p.path, p.message])).toEqual([
      ['workloads[0].shareIdentifierFrom', 'Job queue "fs" has fair-share scheduling policy "teams", which needs a shareIdentifier on every job: set shareIdentifierFrom to user or group (SWF fields 12 and 13)'],
      ['workloads[0].jobQueue', 'SWF replays need EC2 job queues (processor counts do not map onto Fargate\'s fixed sizes); job queue "fq" is Fargate'],
    ]);
  });
});
