// Workloads through the command line, as a new user meets them: the shipped scenarios, broken
// traces (exit 2, every bad row with file, line and column) and --skip-invalid (exit 0 and
// rejected-rows.csv beside the report).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchsim } from '../helpers/cli.js';
import { writeScenario } from './helpers.js';

const outDir = () => join(mkdtempSync(join(tmpdir(), 'batchsim-wl-out-')), 'report');

const BROKEN_CSV = [
  'submitTime,jobName,vcpus,memory,duration',
  '0,first,1,1024,30',
  '10,second,two,1024,30',
  '20,third,1,1024,-4',
  '30,fourth,1,1024,30',
].join('\n');

const BROKEN_SWF = [
  '; Acknowledge: Somebody',
  '1 0 -1 30 1 -1 -1 1 -1 -1 1 1 1 -1 -1 -1 -1 -1',
  '2 5 -1 x 1 -1 -1 1 -1 -1 1 1 1 -1 -1 -1 -1 -1',
  '3 9 -1 30 1 -1 -1 1 -1 -1 9 1 1 -1 -1 -1 -1 -1',
].join('\n');

const BROKEN_JSON = JSON.stringify({
  jobs: [
    { jobName: 'ok', jobId: 'a', jobQueue: 'q', jobDefinition: 'd', status: 'SUCCEEDED', createdAt: 1767571200000, startedAt: 1767571201000, stoppedAt: 1767571231000 },
    { jobName: 'broken', jobId: 'b', jobQueue: 'q', jobDefinition: 'd', status: 'SUCCEEDED', createdAt: -5 },
  ],
}, null, 2);

const WORKLOADS = `  - { type: csv, file: jobs.csv, jobQueue: q, jobDefinition: d }
  - { type: swf, file: trace.swf, jobQueue: q, jobDefinition: d }
  - { type: describe-jobs, file: jobs.json }
`;
const FILES = { 'jobs.csv': BROKEN_CSV, 'trace.swf': BROKEN_SWF, 'jobs.json': BROKEN_JSON };

describe('batchsim with broken traces', () => {
  it('run reports every bad row of every trace with file, line and column, exit code 2', () => {
    const r = batchsim('run', writeScenario(WORKLOADS, FILES), '--out', outDir());
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/: 5 problems\n/);
    expect(r.stderr).toContain('✖ jobs.csv line 3, column 3: vcpus must be a number, received text (3 characters)\n  → at workloads[0].file (jobs.csv line 3, column 3)');
    expect(r.stderr).toContain('✖ jobs.csv line 4, column 5: duration must be ≥ 0 (seconds), received -4');
    expect(r.stderr).toContain('✖ trace.swf line 3: field 4 (run time) must be a number (−1 for unknown), received text (1 character)\n  → at workloads[1].file (trace.swf line 3, column 4)');
    expect(r.stderr).toContain('✖ trace.swf line 4: field 11 (status) must be');
    expect(r.stderr).toContain('✖ jobs.json line 19, column 20: jobs[1].createdAt: must be Unix epoch milliseconds (an integer ≥ 0), received -5');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });

  it('run --skip-invalid leaves them out, writes rejected-rows.csv and exits 0', () => {
    const out = outDir();
    const r = batchsim('run', writeScenario(WORKLOADS, FILES), '--out', out, '--skip-invalid');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Workload jobs.csv (csv jobs.csv): 4 rows → 2 jobs; 2 invalid rows skipped');
    expect(r.stdout).toContain('Workload trace.swf (swf trace.swf): 3 rows → 1 jobs; 2 invalid rows skipped');
    expect(r.stdout).toContain('  Trace: SWF log (Parallel Workloads Archive, https://www.cs.huji.ac.il/labs/parallel/workload/); Acknowledge: Somebody');
    expect(r.stdout).toContain(`5 invalid rows skipped (--skip-invalid): see ${join(out, 'rejected-rows.csv')}`);
    expect(readFileSync(join(out, 'rejected-rows.csv'), 'utf8')).toBe([
      'file,line,column,message',
      'jobs.csv,3,3,"vcpus must be a number, received text (3 characters)"',
      'jobs.csv,4,5,"duration must be ≥ 0 (seconds), received -4"',
      'trace.swf,3,4,"field 4 (run time) must be a number (−1 for unknown), received text (1 character)"',
      'trace.swf,4,11,"field 11 (status) must be 1 (completed), 0 (failed), 5 (cancelled), 2–4 (partial executions) or −1, received 9"',
      'jobs.json,19,20,"jobs[1].createdAt: must be Unix epoch milliseconds (an integer ≥ 0), received -5"',
      '',
    ].join('\n'));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { jobs: { total: number } };
    expect(summary.jobs.total).toBe(4);
  });

  it('run --skip-invalid writes no rejection report when every row is good', () => {
    const out = outDir();
    const r = batchsim('run', writeScenario('  - { type: csv, file: ok.csv, jobQueue: q, jobDefinition: d }\n', { 'ok.csv': 'submitTime\n0\n5\n' }), '--out', out, '--skip-invalid', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).jobs.total).toBe(2);
    expect(r.stderr).toBe('Workload ok.csv (csv ok.csv): 2 rows → 2 jobs\n');
    expect(existsSync(join(out, 'rejected-rows.csv'))).toBe(false);
  });

  it('compare --skip-invalid writes each scenario\'s rejections beside its report', () => {
    const out = mkdtempSync(join(tmpdir(), 'batchsim-wl-cmp-'));
    const a = writeScenario(WORKLOADS, FILES);
    const b = writeScenario(WORKLOADS, FILES, (readFileSync(a, 'utf8').split('\nworkloads:')[0] ?? '').replace('name: wl', 'name: wl-b'));
    const r = batchsim('compare', a, b, '--out', out, '--skip-invalid');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'wl', 'rejected-rows.csv'), 'utf8')).toEqual(readFileSync(join(out, 'wl-b', 'rejected-rows.csv'), 'utf8'));
  });
});

describe('the shipped workload scenarios', () => {
  it('hpc2n-replay.yaml replays the HPC2N log and credits it', () => {
    const r = batchsim('run', 'scenarios/hpc2n-replay.yaml', '--out', outDir());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Workload hpc2n (swf data/hpc2n-2002.swf): 3,170 rows → 3,145 jobs; 25 left out (run time −1: 25)');
    expect(r.stdout).toContain('Trace: HPC2N - High Performance Computing Center North, Sweden, Linux cluster (Seth) (Parallel Workloads Archive, https://www.cs.huji.ac.il/labs/parallel/workload/); Acknowledge: Ake Sandgren');
    expect(r.stdout).toMatch(/jobs\s+3145: 3145 SUCCEEDED/);
  });

  it('csv-replay.yaml replays the export, failures included', () => {
    const r = batchsim('run', 'scenarios/csv-replay.yaml', '--out', outDir(), '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('Workload etl-day (csv data/batch-export.csv): 200 rows → 200 jobs\n');
    const summary = JSON.parse(r.stdout) as { jobs: { byStatus: Record<string, number> } };
    // 3 failed transforms, the 3 reports waiting for them, 2 failed ad-hoc jobs.
    expect(summary.jobs.byStatus.FAILED).toBe(8);
  });

  it('diurnal-spot.yaml generates the same day for the same seed', () => {
    const a = batchsim('run', 'scenarios/diurnal-spot.yaml', '--out', outDir(), '--json');
    const b = batchsim('run', 'scenarios/diurnal-spot.yaml', '--out', outDir(), '--json');
    expect(a.status).toBe(0);
    const sa = JSON.parse(a.stdout) as { jobs: { total: number }; cost: { byPurchaseOption: Record<string, number> } };
    expect(sa.jobs.total).toBeGreaterThan(6000);
    expect(Object.keys(sa.cost.byPurchaseOption).sort()).toEqual(['ON_DEMAND', 'SPOT']);
    expect(b.stdout).toBe(a.stdout);
  });

  it('validate lists each replay\'s rows and jobs', () => {
    const r = batchsim('validate', 'scenarios/hpc2n-replay.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 workloads)\nWorkload hpc2n (swf data/hpc2n-2002.swf): 3,170 rows → 3,145 jobs');
  });
});
