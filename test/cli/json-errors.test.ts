// Errors in --json mode (run, compare): one line of JSON on stderr, stdout empty, exit code 2 for
// input errors (with every problem's path, file, line and column for a bad scenario), 1 for bugs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorJson, errorText, exitCodeOf, wantsJson } from '../../src/cli/errors.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { BROKEN_SCENARIO, SMALL_SCENARIO, batchsim } from '../helpers/cli.js';

/** The broken scenario from its `name:` line, so the line numbers below count from there. */
const BROKEN = BROKEN_SCENARIO.trimStart();


function files(): { dir: string; broken: string; small: string } {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-json-errors-'));
  writeFileSync(join(dir, 'broken.yaml'), BROKEN);
  writeFileSync(join(dir, 'small.yaml'), SMALL_SCENARIO);
  return { dir, broken: join(dir, 'broken.yaml'), small: join(dir, 'small.yaml') };
}

/** stderr as the one JSON line it must be. */
function errorOf(r: { stdout: string; stderr: string }): Record<string, any> {
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const parsed = JSON.parse(lines[0]);
  expect(Object.keys(parsed)).toEqual(['error']);
  return parsed.error;
}

describe('--json errors', () => {
  it('run: a bad scenario is {"error": {kind: "input", problems: [...]}} with exit code 2', () => {
    const { broken } = files();
    const r = batchsim('run', broken, '--json');
    expect(r.status).toBe(2);
    const e = errorOf(r);
    expect(e.kind).toBe('input');
    expect(e.message).toBe(`Invalid scenario file '${broken}': 2 problems`);
    expect(e.file).toBe(broken);
    expect(e.problems).toEqual([
      expect.objectContaining({ path: 'jobQueues[0].computeEnvironmentOrder[0].computeEnvironment', file: broken, line: 7 }),
      expect.objectContaining({ path: 'jobs[0].arrayProperties.size', file: broken, line: 14 }),
    ]);
    for (const p of e.problems) {
      expect(typeof p.message).toBe('string');
      expect(typeof p.column).toBe('number');
    }
  });

  it('compare: the same, for any of its scenarios', () => {
    const { broken, small } = files();
    const r = batchsim('compare', small, broken, '--json');
    expect(r.status).toBe(2);
    expect(errorOf(r).problems).toHaveLength(2);
  });

  it('bad options, a report path batchsim will not replace, an unknown option: kind "input", exit code 2', () => {
    const { dir, small } = files();
    const period = batchsim('run', small, '--json', '--metrics-period', '0.5', '--out', join(dir, 'r'));
    expect(period.status).toBe(2);
    expect(errorOf(period)).toEqual({ kind: 'input', message: '--metrics-period must be a whole number of seconds ≥ 1, received 0.5' });
    // compare --out DIR writes DIR/small, here someone's directory.
    mkdirSync(join(dir, 'out', 'small'), { recursive: true });
    writeFileSync(join(dir, 'out', 'small', 'a.txt'), 'x');
    const out = batchsim('compare', small, '--json', '--out', join(dir, 'out'));
    expect(out.status).toBe(2);
    expect(errorOf(out).message).toContain('is not a batchsim report');
    const unknown = batchsim('run', small, '--json', '--frobnicate');
    expect(unknown.status).toBe(2);
    expect(errorOf(unknown).message).toContain('frobnicate');
  });

  it('--no-json (the last switch wins) and no switch: plain text as before', () => {
    const { broken } = files();
    for (const args of [[], ['--json', '--no-json']]) {
      const r = batchsim('run', broken, ...args);
      expect(r.status).toBe(2);
      expect(r.stderr.startsWith(`Invalid scenario file '${broken}': 2 problems\n✖ `)).toBe(true);
    }
  });
});

describe('errorJson / errorText', () => {
  it('a bug is kind "internal" with its stack, exit code 1; a ScenarioError problem without a position has nulls', () => {
    const bug = new TypeError('x is undefined');
    expect(errorJson(bug)).toEqual({ kind: 'internal', message: 'x is undefined', stack: bug.stack });
    expect(exitCodeOf(bug)).toBe(1);
    expect(errorText(bug).text).toContain('internal error');
    const e = new ScenarioError('s.yaml', [{ path: 'name', message: 'bad' }]);
    expect(errorJson(e)).toEqual({ kind: 'input', message: "Invalid scenario file 's.yaml': 1 problem", file: 's.yaml', problems: [{ message: 'bad', path: 'name', file: 's.yaml', line: null, column: null }] });
    expect(exitCodeOf(e)).toBe(2);
  });

  it('wantsJson reads the raw switches', () => {
    expect(wantsJson(['run', 'a.yaml', '--json'])).toBe(true);
    expect(wantsJson(['run', '--json=false'])).toBe(false);
    expect(wantsJson(['run', '--json', 'false'])).toBe(false);
    expect(wantsJson(['run', '--json', '--no-json'])).toBe(false);
    expect(wantsJson(['run', '--', '--json'])).toBe(false);
  });
});
