// CSV replay: default columns, the columns mapping, times, queue and definition references, the
// shipped export, and broken rows reported all at once with line and column.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CsvWorkloadSpec } from '../../src/scenario/types.js';
import { FAIR_BASE, SCENARIO_DATA, jobsOf, load, problemsOf, writeScenario } from './helpers.js';

const csv = (file: string, extra = '') => `  - type: csv
    file: ${file}
${extra}`;

describe('CSV replay', () => {
  it('reads the default columns', () => {
    const text = [
      'submitTime,jobName,jobQueue,jobDefinition,vcpus,memory,gpus,duration,exitCode,arraySize,dependsOn,shareIdentifier,timeout',
      '0,prep,fs,d:1,2,4096,,90.5,0,,,teamA,600',
      '2026-01-05T00:01:00Z,fan,arn:aws:batch:us-east-1:123456789012:job-queue/q2,big,,,,,,50,prep,,',
      '75,last,q,d,1,,,,3,,prep;fan,,',
    ].join('\n');
    // prep goes to a fair-share queue, which needs its shareIdentifier; the others to FIFO ones.
    const s = load(csv('jobs.csv'), { 'jobs.csv': text }, {}, FAIR_BASE);
    const w = s.workloads[0] as CsvWorkloadSpec;
    expect(w).toMatchObject({ name: 'jobs.csv', jobNamePrefix: 'jobs-', usesDependencies: true });
    expect(w.summary).toMatchObject({ rows: 3, jobs: 3, rejected: 0, droppedDependencies: 0 });
    expect(jobsOf(s)).toEqual([
      {
        atMs: 0, jobName: 'prep', jobQueue: 3, jobDefinition: 0, vcpus: 2, memory: 4096, gpus: 0, durationMs: 90_500, exitCode: 0, arraySize: 0,
        dependsOn: [], attemptDurationSeconds: 600, cancelled: null, shareIdentifier: 'teamA',
      },
      {
        // ISO time, relative to startTime; an ARN queue; the definition's resources; no duration (the definition's).
        atMs: 60_000, jobName: 'fan', jobQueue: 1, jobDefinition: 2, vcpus: 4, memory: 8192, gpus: 0, durationMs: null, exitCode: null, arraySize: 50,
        dependsOn: ['prep'], attemptDurationSeconds: null, cancelled: null,
      },
      {
        // `d` without a revision is the latest (revision 2).
        atMs: 75_000, jobName: 'last', jobQueue: 0, jobDefinition: 1, vcpus: 1, memory: 2048, gpus: 0, durationMs: null, exitCode: 3, arraySize: 0,
        dependsOn: ['prep', 'fan'], attemptDurationSeconds: null, cancelled: null,
      },
    ]);
  });

  it('maps other exports with columns, jobQueueMap and jobDefinitionMap; matches headers loosely', () => {
    const text = [
      'Job ID;Name;Queue;Definition;CPUs;RAM (MiB);Created (ms);Run ms;Exit',
      'j-1;a;prod;etl:3;2;3000;1000;60000;0',
      'j-2;;prod;etl:4;4;;2500;;1',
    ].join('\r\n') + '\r\n';
    const s = load(csv('export.csv', `    delimiter: ";"
    timeUnit: milliseconds
    columns: { submitTime: "created_ms", jobName: Name, jobQueue: queue, jobDefinition: Definition, vcpus: CPUs, memory: "RAM (MiB)", duration: "Run ms", exitCode: 9 }
    jobQueueMap: { prod: q2 }
    jobDefinitionMap: { "etl:3": "d:1", etl: big }
`), { 'export.csv': text });
    const jobs = jobsOf(s);
    expect(jobs.map((j) => [j.atMs, j.jobName, j.jobQueue, j.jobDefinition, j.vcpus, j.memory, j.durationMs, j.exitCode])).toEqual([
      [0, 'a', 1, 0, 2, 3000, 60_000, 0], // rebased: the first job at t = 0
      [1500, null, 1, 2, 4, 8192, null, 1],
    ]);
    expect((s.workloads[0] as CsvWorkloadSpec).jobNamePrefix).toBe('export-');
  });

  it('reads gzip-compressed exports', () => {
    const text = 'submitTime,jobName\n0,a\n5,b\n';
    const s = load(csv('e.csv.gz', '    jobQueue: q\n    jobDefinition: d\n'), { 'e.csv.gz': gzipSync(text) });
    expect(jobsOf(s).map((j) => [j.atMs, j.jobName])).toEqual([[0, 'a'], [5000, 'b']]);
  });

  it('reads files without a header through field numbers', () => {
    const s = load(csv('raw.csv', `    header: false
    jobQueue: q
    jobDefinition: big
    columns: { submitTime: 2, duration: 3 }
`), { 'raw.csv': 'x,10,30\ny,20,40\n' });
    // Rebased (the default): the first job at t = 0.
    expect(jobsOf(s).map((j) => [j.atMs, j.durationMs, j.jobDefinition])).toEqual([[0, 30_000, 2], [10_000, 40_000, 2]]);
  });

  it('replays the shipped export: 200 rows, 24 pipelines, failures, an old queue name mapped', () => {
    // Every row has a shareIdentifier (etl, analysts): the queues are fair-share ones.
    const s = load(csv(join(SCENARIO_DATA, 'batch-export.csv'), '    jobQueueMap: { legacy-adhoc: fs2, etl-high: fs, etl-low: fs2 }\n    jobDefinitionMap: { ingest: d, transform: big, report: d, ad-hoc: d }\n'), {}, {}, FAIR_BASE);
    const w = s.workloads[0] as CsvWorkloadSpec;
    expect(w.summary).toMatchObject({ rows: 200, jobs: 200, rejected: 0, droppedDependencies: 0, firstMs: 90_000 });
    const jobs = jobsOf(s);
    expect(jobs.filter((j) => j.exitCode !== 0).map((j) => j.jobName)).toEqual(['transform-03-2', 'transform-09-4', 'adhoc-23', 'adhoc-07', 'transform-17-1']);
    expect(jobs.find((j) => j.jobName === 'report-05')!.dependsOn).toHaveLength(5);
    expect(new Set(jobs.map((j) => `${j.jobQueue} ${j.shareIdentifier}`))).toEqual(new Set(['3 etl', '4 analysts']));
  });

  it('reports every bad row at once, each problem with its line and column', () => {
    const text = [
      'submitTime,jobName,jobQueue,jobDefinition,vcpus,memory,duration,exitCode,arraySize,dependsOn', // 1
      '0,ok,q,d,1,512,10,0,,', // 2
      '5,bad name!,nowhere,d,x,,10,,1,', // 3
      '', // 4 (blank)
      '"7","multi', // 5
      'line",q,d,2,,10,0,,', // 6: a quoted name across lines 5–6
      '3,late,q,d,1,,10,,,', // 7: earlier than line 5
      '9,fargate,q,fd,1,,,,,', // 8: Fargate definition on an EC2 queue
      '10,x,q,d,1,2,-5,256,,a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p;q;r;s;t;u', // 9
      '11,short,q', // 10
      '2026-01-05T00:00:30,local,q,d,1,,,,,', // 11: no zone
    ].join('\n');
    const problems = problemsOf(writeScenario(csv('bad.csv'), { 'bad.csv': text }));
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [3, 2, 'bad.csv line 3, column 2: jobName must be up to 128 letters, digits, hyphens and underscores, starting with a letter or digit, received a name with a character that is not allowed at character 4'],
      [3, 3, expect.stringMatching(/^bad\.csv line 3, column 3: jobQueue: unknown job queue \(map other names to the scenario's queues with jobQueueMap\); known: "fq", "q", "q2"$/)],
      [3, 5, 'bad.csv line 3, column 5: vcpus must be a number, received text (1 character)'],
      [3, 9, 'bad.csv line 3, column 9: arraySize must be 0 or empty (not an array job) or an integer between 2 and 10000, received 1'],
      [5, 2, 'bad.csv line 5, column 2: jobName must be up to 128 letters, digits, hyphens and underscores, starting with a letter or digit, received a name with a character that is not allowed at character 6'],
      [7, 1, 'bad.csv line 7, column 1: submitTime is earlier than the submit time on line 5: rows must be in order of submission (sort the file by submit time)'],
      [8, 4, 'bad.csv line 8, column 4: jobDefinition: job definition "fd:1" requires FARGATE but job queue "q" has EC2 compute environments'],
      [9, 6, 'bad.csv line 9, column 6: memory must be an integer ≥ 4 (MiB), received 2'],
      [9, 7, 'bad.csv line 9, column 7: duration must be ≥ 0 (seconds), received -5'],
      [9, 8, 'bad.csv line 9, column 8: exitCode must be an integer between 0 and 255, received 256'],
      [9, 10, 'bad.csv line 9, column 10: dependsOn lists 21 jobs; a job cannot have more than 20 dependencies'],
      [10, 4, 'bad.csv line 10, column 4: expected 10 fields (as in the header), received 3'],
      [11, 1, 'bad.csv line 11, column 1: submitTime must be seconds ≥ 0 or an ISO-8601 instant such as 2026-01-05T06:00:00Z, received a local time (add a zone such as Z: a local time is not reproducible)'],
    ]);
    expect(new Set(problems.map((p) => `${p.path}|${p.file}`))).toEqual(new Set(['workloads[0].file|bad.csv']));
  });

  it('with skipInvalid leaves the bad rows out and lists them', () => {
    const text = 'submitTime,jobName,vcpus\n0,a,1\n5,b,zero\n6,c,2\n7,d,-1\n';
    const s = load(csv('s.csv', '    jobQueue: q\n    jobDefinition: d\n'), { 's.csv': text }, { skipInvalid: true });
    expect(s.rejectedRows).toEqual([
      { file: 's.csv', line: 3, column: 3, message: 'vcpus must be a number, received text (4 characters)' },
      { file: 's.csv', line: 5, column: 3, message: 'vcpus must be a number > 0, received -1' },
    ]);
    expect((s.workloads[0] as CsvWorkloadSpec).summary).toMatchObject({ rows: 4, jobs: 2, rejected: 2 });
    expect(jobsOf(s).map((j) => j.jobName)).toEqual(['a', 'c']);
    // Without the option the scenario has no rejectedRows (and a good file loads either way).
    expect('rejectedRows' in load(csv('s.csv', '    jobQueue: q\n    jobDefinition: d\n'), { 's.csv': 'submitTime\n0\n' })).toBe(false);
    expect(load(csv('s.csv', '    jobQueue: q\n    jobDefinition: d\n'), { 's.csv': 'submitTime\n0\n' }, { skipInvalid: true }).rejectedRows).toEqual([]);
  });

  it('stops at a CSV syntax error and reports it even with skipInvalid', () => {
    const text = 'submitTime,jobName\n0,a\n1,"b"c\n2,d\n';
    for (const skipInvalid of [false, true]) {
      const problems = problemsOf(writeScenario(csv('q.csv', '    jobQueue: q\n    jobDefinition: d\n'), { 'q.csv': text }), { skipInvalid });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ line: 3, column: 1, file: 'q.csv' });
      expect(problems[0]!.message).toMatch(/^q\.csv line 3, column 1: not valid CSV: a quoted field is followed by something other than a delimiter or a line end \(the rest of the file is not read\)$/);
    }
  });

  it('needs a submit-time column, a queue and a definition', () => {
    const problems = problemsOf(writeScenario(
      `${csv('a.csv')}  - type: csv\n    file: b.csv\n    jobQueue: q\n  - type: csv\n    file: c.csv\n    columns: { submitTime: when }\n    jobQueue: q\n    jobDefinition: d\n  - type: csv\n    file: empty.csv\n    jobQueue: q\n    jobDefinition: d\n`,
      { 'a.csv': 'jobName,duration\nx,1\n', 'b.csv': 'submitTime\n0\n', 'c.csv': 'submitTime\n0\n', 'empty.csv': '' },
    ));
    expect(problems.map((p) => p.message)).toEqual([
      'a.csv line 1, column 3: no submit-time column: the header (2 fields) needs a "submitTime" column, or map one with columns.submitTime',
      'b.csv line 1, column 2: no job definition: the file has no "jobDefinition" column and the workload gives no default jobDefinition',
      'c.csv line 1, column 2: columns.submitTime names "when", which is not in the header (1 field)',
      'empty.csv line 1, column 1: the file is empty (expected a header line, then one row per job)',
    ]);
  });
});
