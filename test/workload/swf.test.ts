// SWF replay: the shared traces (row counts, headers, field mapping of given lines), the −1 rules,
// status and mapping options, gzip, and broken rows reported all at once with line and field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SwfWorkloadSpec } from '../../src/scenario/types.js';
import { HAS_LCG, LCG, LCG_NOTE, SCENARIO_DATA, jobsOf, load, problemsOf, writeScenario } from './helpers.js';

const HPC2N = join(SCENARIO_DATA, 'hpc2n-2002.swf');
const NASA = join(SCENARIO_DATA, 'nasa-ipsc-1993-excerpt.swf');

const swf = (file: string, extra = '') => `  - type: swf
    file: ${file}
    jobQueue: q
    jobDefinition: d:1
${extra}`;

/** An SWF line from its 18 fields. */
const line = (...f: (number | string)[]) => f.map(String).join(' ');
const HEADER = '; Version: 2.2\n; Acknowledge: Test Donor\n; UnixStartTime: 1767571200\n; Queue: 1 batch\n; Queue: 2 debug\n; Partition: 1 main\n;\n';

describe('SWF replay of the shared traces', () => {
  it('reads the NASA iPSC/860 excerpt: 228 jobs, its header and its credit', () => {
    const s = load(swf(NASA));
    const w = s.workloads[0] as SwfWorkloadSpec;
    expect(w.summary).toMatchObject({ rows: 228, jobs: 228, skipped: {}, rejected: 0 });
    expect(w.header).toMatchObject({
      version: '2.2', computer: 'Intel iPSC/860', installation: 'NASA Ames Research Center', acknowledge: 'Bill Nitzberg',
      unixStartTime: 749458803, maxJobs: 42264, maxNodes: 128, queues: { 0: 'interactive', 1: 'batch' },
    });
    expect(w.header.information).toContain('http://www.cs.huji.ac.il/labs/parallel/workload/');
    const jobs = jobsOf(s);
    expect(jobs).toHaveLength(228);
    // Line 29: job 1, submitted at 0, ran 1451 s on 128 processors, status unknown (−1).
    expect(jobs[0]).toMatchObject({ atMs: 0, jobName: 'job-1', vcpus: 128, memory: 128 * 1024, durationMs: 1_451_000, exitCode: null, cancelled: null });
  });

  it('reads HPC2N: 3,170 job lines (the 3,171st line is blank), 25 without a run time left out', () => {
    const s = load(swf(HPC2N));
    const w = s.workloads[0] as SwfWorkloadSpec;
    expect(w.summary).toEqual({
      rows: 3170, jobs: 3145, skipped: { 'run time −1': 25 }, rejected: 0, outsideWindow: 0, droppedDependencies: 0, firstMs: 0, lastMs: 4_950_011_000,
    });
    expect(w.header).toMatchObject({
      acknowledge: 'Ake Sandgren', installation: 'HPC2N - High Performance Computing Center North, Sweden', computer: 'Linux cluster (Seth)',
      unixStartTime: 1027839845, timeZoneString: 'Europe/Stockholm', maxProcs: 240, queues: { 1: '[fque:1]' }, partitions: { 1: 'DEFAULT', 2: 'ALL' },
      notes: ['uses MAUI scheduler'],
    });
    expect(jobsOf(s)).toHaveLength(3145);
  });

  it('maps the fields of given HPC2N lines', () => {
    const s = load(swf(HPC2N, '    useRequestedTimeAsTimeout: true\n'));
    const byName = new Map(jobsOf(s).map((j) => [j.jobName, j]));
    // Line 27: job 4, submit 179350, run 143967, 2 processors, no memory, completed, requested 144000 s.
    expect(byName.get('job-4')).toMatchObject({
      atMs: 179_350_000, vcpus: 2, memory: 2048, gpus: 0, durationMs: 143_967_000, exitCode: 0, attemptDurationSeconds: 144_000, dependsOn: [],
    });
    // Line 2043: job 5414, 36 processors using 25600 KB each → 900 MiB.
    expect(byName.get('job-5414')).toMatchObject({ atMs: 3_801_279_000, vcpus: 36, memory: 900, durationMs: 26_614_000 });
    // Line 155: job 184 requested 819200 KB per processor on 16 processors → 12800 MiB.
    expect(byName.get('job-184')).toMatchObject({ vcpus: 16, memory: 12_800 });
    // Line 3077: job 7047 had 18 processors, requested 972800 KB and used 57344 KB per processor.
    expect(byName.get('job-7047')).toMatchObject({ vcpus: 18, memory: 17_100 });
    expect(jobsOf(load(swf(HPC2N, '    memoryFrom: used\n'))).find((j) => j.jobName === 'job-7047')).toMatchObject({ memory: 1008 });
    // Line 34: job 16 has run time −1: left out by default.
    expect(byName.has('job-16')).toBe(false);
  });

  it('takes an ISO window through the header\'s UnixStartTime (2002-07-28T07:04:05Z)', () => {
    const s = load(swf(HPC2N, '    window: { from: "2002-08-01T00:00:00Z", to: "2002-08-08T00:00:00Z" }\n'));
    const from = (Date.parse('2002-08-01T00:00:00Z') / 1000 - 1027839845) * 1000;
    const w = s.workloads[0] as SwfWorkloadSpec;
    expect(w.transform.window).toEqual({ fromMs: from, toMs: from + 7 * 86_400_000 });
    expect(w.summary.firstMs!).toBeGreaterThanOrEqual(from);
    expect(w.summary.lastMs!).toBeLessThan(from + 7 * 86_400_000);
    const jobs = jobsOf(s);
    expect(jobs.length).toBe(w.summary.jobs);
    // Rebased: the window's start is t = 0.
    expect(jobs[0]!.atMs).toBe(w.summary.firstMs! - from);
  });

  it('applies the run-time −1 rules: skip, the definition\'s duration, or the requested time', () => {
    const definition = jobsOf(load(swf(HPC2N, '    unknownRunTime: definition\n')));
    expect(definition).toHaveLength(3170);
    expect(definition.find((j) => j.jobName === 'job-16')).toMatchObject({ durationMs: null, exitCode: null });
    const requested = jobsOf(load(swf(HPC2N, '    unknownRunTime: requested\n')));
    expect(requested.find((j) => j.jobName === 'job-16')).toMatchObject({ durationMs: 345_600_000 });
  });

  it.runIf(HAS_LCG)(`reads the LCG 2005 log from gzip: 188,041 jobs, credit to Hui Li${LCG_NOTE}`, () => {
    const s = load(swf(LCG));
    const w = s.workloads[0] as SwfWorkloadSpec;
    expect(w.summary).toMatchObject({ rows: 188_041, jobs: 188_041, skipped: {}, rejected: 0 });
    expect(w.header).toMatchObject({ acknowledge: 'Hui Li', installation: 'LCG grid', maxJobs: 188_041 });
    expect(Object.keys(w.header.partitions)).toHaveLength(170);
    let n = 0;
    let last = -1;
    const stream = jobsOf(load(swf(LCG, '    maxJobs: 1000\n')));
    for (const j of stream) {
      expect(j.atMs).toBeGreaterThanOrEqual(last);
      last = j.atMs;
      n++;
    }
    expect(n).toBe(1000);
    // Line 1 of the log: job 1, 83 s on one processor.
    expect(stream[0]).toMatchObject({ jobName: 'job-1', atMs: 0, vcpus: 1, durationMs: 83_000 });
  });
});

describe('SWF rules', () => {
  const trace = HEADER + [
    line(1, 0, 5, 100, 4, -1, 2048, 4, 30, -1, 1, 7, 3, 2, 1, 1, -1, -1), // completed, queue 1
    line(2, 10, 5, 50, -1, -1, -1, 2, -1, -1, 0, 8, 3, 1, 2, 1, 1, 5), // failed, requested processors, after job 1
    line(3, 20, 5, 30, 1, -1, -1, 1, 600, -1, 5, 7, 3, 1, -1, 2, -1, -1), // cancelled after running 30 s, partition 2
    line(4, 30, 5, -1, 1, -1, -1, 1, 600, -1, 5, 7, 3, 1, -1, -1, 99, -1), // cancelled before it ran, after job 99 (not in the trace)
    line(5, 40, 5, 10, -1, -1, -1, -1, 600, -1, 1, 7, 3, 1, -1, -1, -1, -1), // no processors known: left out
    line(6, -1, 5, 10, 1, -1, -1, 1, 600, -1, 1, 7, 3, 1, -1, -1, -1, -1), // no submit time: left out
  ].join('\n') + '\n';

  it('maps status, processors, memory, timeout, queues by number and by header name, and dependencies', () => {
    // Share identifiers (shareIdentifierFrom) need fair-share queues: test/scenario/scheduling-policies.test.ts.
    const s = load(swf('t.swf', `    vcpusPerProcessor: 2
    memoryPerVcpuMiB: 512
    useRequestedTimeAsTimeout: true
    jobQueueMap: { debug: q2 }
    partitionMap: { "2": q2 }
    jobDefinitionMap: { "2": big }
`), { 't.swf': trace });
    const w = s.workloads[0] as SwfWorkloadSpec;
    expect(w.summary).toMatchObject({ rows: 6, jobs: 4, skipped: { 'processors −1': 1, 'submit time −1': 1 }, droppedDependencies: 1 });
    expect(w.usesDependencies).toBe(true);
    const jobs = jobsOf(s);
    expect(jobs.map((j) => j.jobName)).toEqual(['job-1', 'job-2', 'job-3', 'job-4']);
    expect(jobs[0]).toMatchObject({
      jobQueue: 0, jobDefinition: 2, vcpus: 8, memory: 4 * 2048 / 1024 * 1, durationMs: 100_000, exitCode: 0, attemptDurationSeconds: 60,
    });
    expect(jobs.every((j) => j.shareIdentifier === undefined)).toBe(true);
    // Requested processors when allocated is −1; no memory: memoryPerVcpuMiB × vCPUs; queue 2 is "debug" → q2.
    expect(jobs[1]).toMatchObject({ jobQueue: 1, jobDefinition: 0, vcpus: 4, memory: 2048, exitCode: 1, attemptDurationSeconds: null, dependsOn: ['job-1'] });
    expect(jobs[2]).toMatchObject({ jobQueue: 1, cancelled: { reason: 'Cancelled (SWF status 5)', afterRunningMs: 30_000 }, exitCode: null });
    expect(jobs[3]).toMatchObject({ jobQueue: 0, cancelled: { reason: 'Cancelled (SWF status 5)', afterRunningMs: null }, dependsOn: ['job-99'] });
  });

  it('reads gzip files the same as plain ones', () => {
    const plain = jobsOf(load(swf('t.swf'), { 't.swf': trace }));
    const gz = jobsOf(load(swf('t.swf.gz'), { 't.swf.gz': gzipSync(trace) }));
    expect(gz).toEqual(plain);
    const nasa = readFileSync(NASA);
    expect(jobsOf(load(swf('n.swf.gz'), { 'n.swf.gz': gzipSync(nasa) }))).toEqual(jobsOf(load(swf(NASA))));
  });

  it('names the jobs with jobNamePrefix', () => {
    const jobs = jobsOf(load(swf('t.swf', '    jobNamePrefix: hpc-\n'), { 't.swf': trace }));
    expect(jobs[1]!.jobName).toBe('hpc-2');
    expect(jobs[1]!.dependsOn).toEqual(['hpc-1']);
  });

  it('reports every broken row at once, with its line and field', () => {
    const broken = HEADER + [
      line(1, 0, 5, 100, 4, -1, -1, 4, 30, -1, 1, 7, 3, 2, 1, 1, -1, -1), // line 8: fine
      line(2, 10, 5, 'abc', 4, -1, -1, 4, 30, -1, 1, 7, 3, 2, 1, 1, -1, -1), // line 9: run time not a number
      '3 20 5 30 1', // line 10: 5 fields
      '', // line 11: blank
      line(4, 5, 5, 30, 1.5, -1, -1, 1, 600, -1, 7, 7, 3, 1, -1, -1, -1, -1), // line 12: earlier than line 9, 1.5 processors, status 7
      '; a comment in the middle', // line 13
      line(5, 30, 5, -2, 1, -1, -1, 1, 600, -1, 1, 7, 3, 1, 3, -1, -1, -1), // line 14: run time −2
    ].join('\n') + '\n';
    const problems = problemsOf(writeScenario(swf('b.swf'), { 'b.swf': broken }));
    expect(problems.map((p) => [p.file, p.line, p.column, p.path])).toEqual([
      ['b.swf', 9, 4, 'workloads[0].file'],
      ['b.swf', 10, 6, 'workloads[0].file'],
      ['b.swf', 12, 5, 'workloads[0].file'],
      ['b.swf', 12, 11, 'workloads[0].file'],
      ['b.swf', 14, 4, 'workloads[0].file'],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      'b.swf line 9: field 4 (run time) must be a number (−1 for unknown), received text (3 characters)',
      'b.swf line 10: expected 18 whitespace-separated fields (SWF), received 5',
      'b.swf line 12: field 5 (allocated processors) must be an integer ≥ 0 or −1, received 1.5',
      'b.swf line 12: field 11 (status) must be 1 (completed), 0 (failed), 5 (cancelled), 2–4 (partial executions) or −1, received 7',
      'b.swf line 14: field 4 (run time) must be a number of seconds ≥ 0 or −1 (unknown), received -2',
    ]);
  });

  it('reports rows out of submission order', () => {
    const t = HEADER + [line(1, 50, 5, 10, 1, -1, -1, 1, 60, -1, 1, 1, 1, 1, 1, 1, -1, -1), line(2, 40, 5, 10, 1, -1, -1, 1, 60, -1, 1, 1, 1, 1, 1, 1, -1, -1)].join('\n');
    const [p] = problemsOf(writeScenario(swf('o.swf'), { 'o.swf': t }));
    expect(p).toMatchObject({ line: 9, column: 2, message: 'o.swf line 9: field 2 (submit time) is earlier than the submit time on line 8: rows must be in order of submission (sort the file by submit time)' });
  });

  it('checks the spec: required queue and definition, mapping keys, Fargate, missing files', () => {
    const t = HEADER + line(1, 0, 5, 10, 1, -1, -1, 1, 60, -1, 1, 1, 1, 1, 1, 1, -1, -1);
    const problems = problemsOf(writeScenario(`  - type: swf
    file: t.swf
    jobQueueMap: { nightly: q }
  - type: swf
    file: t.swf
    name: fargate
    jobQueue: fq
    jobDefinition: fd
  - type: swf
    file: missing.swf
    jobQueue: q
    jobDefinition: d
`, { 't.swf': t }));
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['workloads[0].jobQueue', 'jobQueue is required (the job queue SWF jobs go to unless jobQueueMap or partitionMap says otherwise)'],
      ['workloads[0].jobDefinition', 'jobDefinition is required (the job definition of the replayed jobs (retry strategy, image, speedups))'],
      ['workloads[0].jobQueueMap.nightly', '"nightly" is not an SWF queue number nor a queue name from the trace\'s header (1 batch, 2 debug)'],
      ['workloads[1].jobQueue', 'SWF replays need EC2 job queues (processor counts do not map onto Fargate\'s fixed sizes); job queue "fq" is Fargate'],
      ['workloads[1].jobDefinition', 'SWF replays need EC2 job definitions; job definition "fd:1" is Fargate'],
      ['workloads[2].file', expect.stringMatching(/^Cannot read the workload file "missing.swf": no such file \(looked for .*missing.swf\)$/)],
    ]);
  });
});
