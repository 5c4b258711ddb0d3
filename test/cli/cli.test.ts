// The command line as a user meets it: exit codes, what is printed, what is written.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROKEN_SCENARIO as BROKEN, CLI, SMALL_SCENARIO, batchsim } from '../helpers/cli.js';

const SMALL = SMALL_SCENARIO;


function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-cli-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('batchsim validate', () => {
  it('accepts the shipped scenarios', () => {
    for (const f of readdirSync('scenarios').filter((f) => f.endsWith('.yaml'))) {
      const r = batchsim('validate', join('scenarios', f));
      expect(r.stderr, f).toBe('');
      expect(r.status, f).toBe(0);
      expect(r.stdout).toContain('valid');
    }
  });

  it('reports every problem with its path, exit code 2 and no stack trace', () => {
    const r = batchsim('validate', tempFile('broken.yaml', BROKEN));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/2 problems/);
    expect(r.stderr).toContain('Unknown compute environment "ce-spot"');
    expect(r.stderr).toContain('jobQueues[0].computeEnvironmentOrder[0].computeEnvironment');
    expect(r.stderr).toContain('jobs[0].arrayProperties.size');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });

  it('says so plainly when the file does not exist', () => {
    const r = batchsim('validate', 'no/such/file.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no/such/file.yaml');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('batchsim run', () => {
  it('writes the report files and prints a readable summary', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'batchsim-out-')), 'report');
    const r = batchsim('run', tempFile('small.yaml', SMALL), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.batchsim-report', 'attempts.csv', 'charts', 'instances.csv', 'jobs.csv', 'metrics.csv', 'report.html', 'scenario.json', 'summary.json']);
    expect(r.stdout).toMatch(/makespan/);
    expect(r.stdout).toMatch(/21 SUCCEEDED/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.jobs.total).toBe(21);
    expect(summary.seed).toBe(5);
    // header + 1 job + 1 array parent + 20 children
    expect(readFileSync(join(out, 'jobs.csv'), 'utf8').trim().split('\n')).toHaveLength(23);
  });

  it('--json prints summary.json; --seed overrides the scenario seed and changes the run', () => {
    const file = tempFile('small.yaml', SMALL);
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-out-'));
    const a = JSON.parse(execFileSync(process.execPath, [...CLI, 'run', file, '--out', join(dir, 'a'), '--json'], { encoding: 'utf8' }));
    const b = JSON.parse(execFileSync(process.execPath, [...CLI, 'run', file, '--out', join(dir, 'b'), '--json', '--seed', '6'], { encoding: 'utf8' }));
    expect(a.seed).toBe(5);
    expect(b.seed).toBe(6);
    expect(a.makespanSeconds).not.toBe(b.makespanSeconds);
  });

  it('refuses a report path it cannot write with exit code 2 and leaves nothing behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-out-'));
    writeFileSync(join(dir, 'file'), 'x');
    const r = batchsim('run', tempFile('small.yaml', SMALL), '--out', join(dir, 'file', 'report'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot write the report');
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('rejects an unknown command with exit code 2', () => {
    const r = batchsim('frobnicate');
    expect(r.status).toBe(2);
  });
});

describe('writeRun', () => {
  it('leaves an earlier report untouched when writing a new one fails', async () => {
    const { simulate } = await import('../../src/sim/simulation.js');
    const { parseScenario } = await import('../../src/scenario/load.js');
    const { writeRun } = await import('../../src/report/write-run.js');
    const parent = mkdtempSync(join(tmpdir(), 'batchsim-atomic-'));
    const out = join(parent, 'report');
    const sim = simulate(parseScenario(SMALL, 'small.yaml'));
    writeRun(sim, out);
    const before = readFileSync(join(out, 'jobs.csv'), 'utf8');
    // Break the run so that writing instances.csv throws halfway through the report.
    sim.instances[0].billedSeconds = () => {
      throw new Error('boom');
    };
    expect(() => writeRun(sim, out)).toThrow('boom');
    expect(readFileSync(join(out, 'jobs.csv'), 'utf8')).toBe(before);
    expect(readdirSync(parent)).toEqual(['report']);
    expect(existsSync(join(out, 'instances.csv'))).toBe(true);
  });
});
