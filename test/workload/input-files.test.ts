// Workload files as untrusted input: only regular files are read (a device or a named pipe is
// refused and said what it is), gzip is inflated as the rows are read — so memory follows what is
// read and a replay capped by maxJobs stops early — a truncated or corrupt gzip file and bytes that
// are not UTF-8 are input problems with the file and line, and no line may grow without bound.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { timed } from '../helpers/problems.js';
import { MAX_JSON_TRACE_BYTES, MAX_JSON_TRACE_TOTAL_BYTES, MAX_LINE_BYTES } from '../../src/workload/bytes.js';
import { RandomStreams } from '../../src/engine/random.js';
import { openScenarioWorkload } from '../../src/workload/open.js';
import { ROOT, jobsOf, load, problemsOf, writeScenario } from './helpers.js';

const POSIX = process.platform !== 'win32';
const HAS_DEV_ZERO = existsSync('/dev/zero');

function run(args: string[], heapMB = 256): { status: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMB}`, ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, CI: '' }, maxBuffer: 1 << 24,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined };
}

const CSV_HEAD = 'submitTime,jobQueue,jobDefinition\n';
const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `${from + i},q,d\n`).join('');

describe('workload files that are not regular files', () => {
  it.runIf(HAS_DEV_ZERO)('refuses /dev/zero as CSV, SWF and describe-jobs, saying it is a character device', () => {
    const file = writeScenario(`  - { type: csv, file: /dev/zero, jobQueue: q, jobDefinition: d }
  - { type: swf, file: /dev/zero, jobQueue: q, jobDefinition: d }
  - { type: describe-jobs, file: /dev/zero, jobQueue: q, jobDefinition: d }`);
    const r = run([...CLI, 'validate', file]);
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(2);
    const line = 'Cannot read the workload file "/dev/zero": it is a character device, not a regular file (looked for /dev/zero)';
    expect(r.stderr.split('\n').filter((l) => l === `✖ ${line}`)).toHaveLength(3);
    expect(r.stderr).not.toContain('directory');
  });

  it.runIf(POSIX)('refuses a named pipe without waiting for a writer', () => {
    const file = writeScenario('  - { type: csv, file: jobs.csv, jobQueue: q, jobDefinition: d }');
    const fifo = join(file, '..', 'jobs.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = run([...CLI, 'validate', file]);
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('✖ Cannot read the workload file "jobs.csv": it is a named pipe (FIFO), not a regular file');
  });
});

describe('gzip workload files', () => {
  const text = CSV_HEAD + rows(3000);

  it('reports a truncated gzip CSV as an input problem naming the file and line', () => {
    const gz = gzipSync(text);
    const file = writeScenario('  - { type: csv, file: cut.csv.gz, jobQueue: q, jobDefinition: d }', { 'cut.csv.gz': gz.subarray(0, gz.length - 40) });
    const problems = problemsOf(file);
    expect(problems).toHaveLength(1);
    const p = problems[0]!;
    expect(p).toMatchObject({ path: 'workloads[0].file', file: 'cut.csv.gz', column: 1 });
    expect(p.line).toBeGreaterThan(1);
    expect(p.message).toBe(`cut.csv.gz line ${p.line}, column 1: the gzip data ends early (the file is truncated); the rest of the file is not read`);
  });

  it('reports a truncated gzip SWF trace the same way, header included', () => {
    const swf = `; Version: 2.2\n; Computer: test\n${Array.from({ length: 3000 }, (_, i) => `${i + 1} ${i} 0 60 1 -1 -1 1 -1 -1 1 1 1 -1 -1 -1 -1 -1`).join('\n')}\n`;
    const gz = gzipSync(swf);
    const file = writeScenario('  - { type: swf, file: cut.swf.gz, jobQueue: q, jobDefinition: d }', { 'cut.swf.gz': gz.subarray(0, Math.floor(gz.length / 2)) });
    const problems = problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^cut\.swf\.gz line \d+: the gzip data ends early \(the file is truncated\); the rest of the file is not read$/);
  });

  it('reports corrupt gzip data as an input problem', () => {
    const gz = Buffer.from(gzipSync(text));
    gz[gz.length - 6]! ^= 0xff; // the CRC-32 in the trailer
    const file = writeScenario('  - { type: csv, file: bad.csv.gz, jobQueue: q, jobDefinition: d }', { 'bad.csv.gz': gz });
    const problems = problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^bad\.csv\.gz line \d+, column 1: the gzip data is corrupt \(incorrect data check\); the rest of the file is not read$/);
  });

  it('reads a describe-jobs file whose gzip is truncated as an input problem', () => {
    const json = JSON.stringify({ jobs: [{ jobName: 'a', jobQueue: 'q', jobDefinition: 'd', createdAt: Date.parse('2026-01-05T00:00:00Z'), status: 'SUCCEEDED' }] });
    const gz = gzipSync(json);
    const file = writeScenario('  - { type: describe-jobs, file: cut.json.gz, jobQueue: q, jobDefinition: d }', { 'cut.json.gz': gz.subarray(0, gz.length - 10) });
    expect(problemsOf(file)).toEqual([{
      path: 'workloads[0].file', file: 'cut.json.gz', line: 1, column: 1,
      message: 'cut.json.gz line 1, column 1: the gzip data ends early (the file is truncated)',
    }]);
  });

  it('still reads multi-member gzip files whole', () => {
    const gz = Buffer.concat([gzipSync(CSV_HEAD + rows(10)), gzipSync(rows(15, 10))]);
    const s = load('  - { type: csv, file: two.csv.gz, jobQueue: q, jobDefinition: d }', { 'two.csv.gz': gz });
    expect(jobsOf(s)).toHaveLength(25);
  });

  it('stops reading a replay that is closed before its end', () => {
    // Large enough to be inflated by the worker rather than at once.
    const big = gzipSync(CSV_HEAD + rows(400_000), { level: 1 });
    const s = load('  - { type: csv, file: big.csv.gz, jobQueue: q, jobDefinition: d }', { 'big.csv.gz': big });
    const stream = openScenarioWorkload(s, 0, new RandomStreams(1));
    expect(stream.next()).not.toBeNull();
    stream.close!();
    expect(stream.next()).toBeNull();
  });

  it('inflates a gzip bomb only as far as maxJobs needs: memory follows what is read', () => {
    // 64 members of 16 MiB of rows each: 1 GiB inflated, about 1 MB on disk.
    const member = gzipSync(Buffer.from(rows(1).repeat((16 << 20) / 6)), { level: 9 });
    const bomb = Buffer.concat([gzipSync(CSV_HEAD), ...Array.from({ length: 64 }, () => member)]);
    const file = writeScenario('  - { type: csv, file: bomb.csv.gz, jobQueue: q, jobDefinition: d, maxJobs: 10 }', { 'bomb.csv.gz': bomb });
    const r = run(['--import', 'tsx', join(ROOT, 'test/workload/fixtures/replay-peak.ts'), file], 512);
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { summary: { rows: number; jobs: number }; pulled: number; peakMB: number };
    expect(out.summary).toMatchObject({ rows: 10, jobs: 10 });
    expect(out.pulled).toBe(10);
    expect(out.peakMB).toBeLessThan(300);
  });
});

describe('text that is not UTF-8, and lines without end', () => {
  it('reports a CSV byte that is not UTF-8 at its line and column', () => {
    const bytes = Buffer.concat([Buffer.from(`${CSV_HEAD}0,q,d\n1,q`), Buffer.from([0xe9]), Buffer.from(',d\n2,q,d\n')]);
    const file = writeScenario('  - { type: csv, file: latin.csv, jobQueue: q, jobDefinition: d }', { 'latin.csv': bytes });
    expect(problemsOf(file)).toEqual([{
      path: 'workloads[0].file', file: 'latin.csv', line: 3, column: 4,
      message: 'latin.csv line 3, column 4: not UTF-8 text: byte 0xE9 is not valid UTF-8 (save the file as UTF-8); the rest of the file is not read',
    }]);
  });

  it('reports an SWF byte that is not UTF-8 at its line', () => {
    const bytes = Buffer.concat([Buffer.from('; Computer: caf'), Buffer.from([0xe9]), Buffer.from('\n1 0 0 60 1 -1 -1 1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n')]);
    const file = writeScenario('  - { type: swf, file: latin.swf, jobQueue: q, jobDefinition: d }', { 'latin.swf': bytes });
    expect(problemsOf(file)).toEqual([{
      path: 'workloads[0].file', file: 'latin.swf', line: 1, column: 16,
      message: 'latin.swf line 1: not UTF-8 text: byte 0xE9 is not valid UTF-8 (save the file as UTF-8); the rest of the file is not read',
    }]);
  });

  it('reports a describe-jobs byte that is not UTF-8 at its line and column', () => {
    const bytes = Buffer.concat([Buffer.from('{"jobs": [\n  {"jobName": "caf'), Buffer.from([0xe9]), Buffer.from('", "createdAt": 0}\n]}\n')]);
    const file = writeScenario('  - { type: describe-jobs, file: latin.json, jobQueue: q, jobDefinition: d }', { 'latin.json': bytes });
    expect(problemsOf(file)).toEqual([{
      path: 'workloads[0].file', file: 'latin.json', line: 2, column: 19,
      message: 'latin.json line 2, column 19: not UTF-8 text: byte 0xE9 is not valid UTF-8 (save the file as UTF-8)',
    }]);
  });

  it('stops at a line longer than the limit instead of holding it in memory', () => {
    const long = Buffer.alloc(MAX_LINE_BYTES + 10, 0x31);
    const swf = writeScenario('  - { type: swf, file: long.swf, jobQueue: q, jobDefinition: d }', { 'long.swf': Buffer.concat([Buffer.from('1 0 0 60 1 -1 -1 1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n'), long]) });
    expect(problemsOf(swf)).toEqual([{
      path: 'workloads[0].file', file: 'long.swf', line: 2, column: 1,
      message: `long.swf line 2: the line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB; the rest of the file is not read`,
    }]);
    const csv = writeScenario('  - { type: csv, file: long.csv, jobQueue: q, jobDefinition: d }', { 'long.csv': Buffer.concat([Buffer.from(`${CSV_HEAD}0,q,d\n`), long]) });
    expect(problemsOf(csv)).toEqual([{
      path: 'workloads[0].file', file: 'long.csv', line: 3, column: 1,
      message: `long.csv line 3, column 1: the line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB; the rest of the file is not read`,
    }]);
  });
});

describe('describe-jobs files, which are read whole', () => {
  const sparse = (path: string, bytes: number) => {
    const fd = openSync(path, 'w');
    ftruncateSync(fd, bytes); // no disk space used
    closeSync(fd);
  };

  it('refuses a file over the limit without reading it', () => {
    const file = writeScenario('  - { type: describe-jobs, file: big.json, jobQueue: q, jobDefinition: d }');
    sparse(join(file, '..', 'big.json'), MAX_JSON_TRACE_BYTES + 1);
    expect(problemsOf(file).map((p) => p.message)).toEqual([
      `big.json line 1, column 1: cannot read the file: it is larger than ${MAX_JSON_TRACE_BYTES / 1024 / 1024} MiB, the limit for a describe-jobs file`,
    ]);
  });

  it('refuses files that together pass the limit, before reading any', () => {
    const n = Math.floor(MAX_JSON_TRACE_TOTAL_BYTES / MAX_JSON_TRACE_BYTES) + 1;
    const names = Array.from({ length: n }, (_, i) => `p${i}.json`);
    const file = writeScenario(`  - { type: describe-jobs, file: [${names.join(', ')}], jobQueue: q, jobDefinition: d }`);
    for (const name of names) sparse(join(file, '..', name), MAX_JSON_TRACE_BYTES);
    const { value: problems, ms } = timed(() => problemsOf(file));
    expect(problems.map((p) => p.message)).toEqual([
      `p0.json line 1, column 1: the describe-jobs files of this workload are larger than ${MAX_JSON_TRACE_TOTAL_BYTES / 1024 / 1024} MiB in all; replay fewer at a time`,
    ]);
    expect(ms).toBeLessThan(2000);
  });
});
