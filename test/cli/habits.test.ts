// What a new user tries first: usage without a command, -h, a mistyped number, a misspelt option,
// and validate --json for tools.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BROKEN_SCENARIO, CLI, ROOT, SMALL_SCENARIO, batchsim } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'batchsim-habits-'));
const small = join(dir, 'small.yaml');
writeFileSync(small, SMALL_SCENARIO);

describe('CLI habits', () => {
  it('`batchsim` alone prints its usage, with the exit codes, and exits 0', () => {
    const r = batchsim();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Commands:');
    expect(r.stdout).toContain('batchsim check <scenario>');
    expect(r.stdout).toMatch(/Exit codes: 0 .*\n?.*1 .*2 bad input/s);
  });

  it('-h is --help, for the program and for a command', () => {
    expect(batchsim('-h').stdout).toBe(batchsim('--help').stdout);
    const run = batchsim('run', '-h');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('batchsim run <scenario>');
    expect(run.stdout).toBe(batchsim('run', '--help').stdout);
  });

  it('a number option given something else names what was typed', () => {
    const seed = batchsim('run', small, '--seed', 'abc');
    expect(seed.status).toBe(2);
    expect(seed.stderr.trim()).toBe('batchsim: --seed must be an integer, received "abc"');
    expect(batchsim('run', small, '--seed', '1.5').stderr.trim()).toBe('batchsim: --seed must be an integer, received "1.5"');
    const workers = batchsim('compare', small, '--workers', 'two');
    expect(workers.status).toBe(2);
    expect(workers.stderr.trim()).toBe('batchsim: --workers must be a number, received "two"');
    expect(batchsim('check', small, '--seeds', '').stderr.trim()).toBe('batchsim: --seeds must be a number, received ""');
  });

  it('names each unknown option once, as the user spelt it', () => {
    const r = batchsim('run', small, '--out-dir', 'x', '--fooBar', '3');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('batchsim: unknown options --out-dir, --fooBar (see batchsim <command> --help)');
    expect(r.stderr).not.toContain('outDir');
    const extra = batchsim('validate', small, 'extra.yaml');
    expect(extra.status).toBe(2);
    expect(extra.stderr.trim()).toBe('batchsim: unexpected argument extra.yaml (see batchsim <command> --help)');
  });

  it('validate --json: the result as JSON, or the problems as JSON on stderr with exit 2', () => {
    const ok = batchsim('validate', small, '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ file: small, valid: true, name: 'small', computeEnvironments: 1, jobQueues: 1, jobDefinitions: 1, jobs: 2, notices: [] });
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, BROKEN_SCENARIO);
    const bad = batchsim('validate', broken, '--json');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    const { error } = JSON.parse(bad.stderr);
    expect(error.kind).toBe('input');
    expect(error.problems.length).toBeGreaterThan(0);
    for (const p of error.problems) expect(p).toMatchObject({ file: broken, line: expect.any(Number), column: expect.any(Number), path: expect.any(String) });
  });

  it('`-` reads the scenario from standard input; its problems name <stdin> with line and column', () => {
    const run = (input: string, ...args: string[]) => spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, CI: '' } });
    const ok = run(SMALL_SCENARIO, 'validate', '-');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^<stdin>: valid \(1 compute environments/);
    const out = join(dir, 'from-stdin');
    const r = run(SMALL_SCENARIO, 'run', '-', '--out', out, '--no-charts', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).jobs.total).toBe(21);
    const bad = run('name: x\ncomputeEnvironments: 3\n', 'validate', '-');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Invalid scenario file '<stdin>': 1 problem");
    expect(bad.stderr).toContain('→ at computeEnvironments (line 2, column 22)');
  });

  it('stops quietly when the reader of its output goes away (batchsim … | head)', () => {
    // `true` reads nothing and exits long before batchsim (a Node process) writes: its write meets a closed pipe.
    const r = spawnSync('bash', ['-c', `${process.execPath} ${CLI.join(' ')} validate scenarios/alarms-and-rules.yaml | true; echo "status \${PIPESTATUS[0]}"`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.stdout.trim()).toBe('status 0');
  });

  it('validate counts the sections only some scenarios have', () => {
    const v = batchsim('validate', 'scenarios/alarms-and-rules.yaml');
    expect(v.stdout.split('\n')[0]).toBe('scenarios/alarms-and-rules.yaml: valid (2 compute environments, 1 job queues, 1 job definitions, 0 job submissions, 1 workloads, 1 alarms, 1 event rules, 2 expectations)');
  });
});
