// `batchsim check` as a CI pipeline uses it: expectations that pass and fail (exit 0 / 1), a JUnit
// file read back by an XML parser, a baseline stored and then broken by a change to the fleet,
// golden outputs naming the first differing row, and bad input (exit 2, nothing written).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convert } from 'xmlbuilder2';
import { SMALL_SCENARIO, batchsim } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'batchsim-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const EXPECT = `expect:
  - { metric: jobs.byStatus.FAILED, equals: 0 }
  - { metric: makespanSeconds, atMost: 1, probability: 0.5 }
  - { job: fan, status: SUCCEEDED, stoppedAtMost: 100000 }
`;

interface JUnitCase { '@name': string; failure?: { '@message': string } }

describe('batchsim check', () => {
  it('passes what holds, fails what does not (exit 1), and writes JUnit XML a parser reads', () => {
    const scenario = file('small.yaml', SMALL_SCENARIO + EXPECT);
    const junit = join(dir, 'junit.xml');
    const r = batchsim('check', scenario, '--seeds', '3', '--junit', junit);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✔ expect[0] jobs.byStatus.FAILED = 0 [seed 5]');
    expect(r.stdout).toContain('✖ expect[1] makespanSeconds ≤ 1 [3 seeds, p ≥ 0.5]');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('6 passed, 1 failed');
    const doc = convert(readFileSync(junit, 'utf8'), { format: 'object' }) as unknown as {
      testsuites: { '@tests': string; '@failures': string; testsuite: { '@name': string; testcase: JUnitCase[] } };
    };
    expect(doc.testsuites['@tests']).toBe('7');
    expect(doc.testsuites['@failures']).toBe('1');
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c) => c['@name'])).toContain('expect[2] job fan SUCCEEDED, stopped ≤ 100000 s [seed 7]');
    const failed = cases.filter((c) => c.failure);
    expect(failed).toHaveLength(1);
    expect(failed[0].failure!['@message']).toMatch(/^makespanSeconds ≤ 1 held on 0 of 3 seeds/);
  });

  it('exits 0 when every expectation holds; --expect replaces the scenario section', () => {
    const scenario = file('small2.yaml', SMALL_SCENARIO + EXPECT);
    const expectations = file('ok.yaml', 'expect:\n  - { metric: jobs.total, equals: 21 }\n  - { metric: cost.byComputeEnvironment.ce, atLeast: 0.000001 }\n');
    const r = batchsim('check', scenario, '--expect', expectations, '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ seeds: [5], passed: 2, failed: 0 });
  });

  it('stores a baseline, holds it, and fails naming what moved when the fleet changes', () => {
    const base = join(dir, 'baseline');
    const scenario = file('fleet.yaml', SMALL_SCENARIO);
    const stored = batchsim('check', scenario, '--seeds', '2', '--baseline', base, '--update-baseline');
    expect(stored.status).toBe(0);
    expect(stored.stdout).toContain(`stored baseline of 2 seeds in ${base}`);
    expect(batchsim('check', scenario, '--seeds', '2', '--baseline', base).status).toBe(0);
    const smaller = file('fleet.yaml', SMALL_SCENARIO.replace('maxvCpus: 16', 'maxvCpus: 2'));
    const r = batchsim('check', smaller, '--seeds', '2', '--baseline', base, '--tolerance', '5%');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✖ baseline \[seed 5\]: \d+ metrics moved beyond 5 % of the baseline/);
    expect(r.stdout).toMatch(/\n {4}makespanSeconds: [\d.]+ → [\d.]+ \(\+[\d.]+ %\)/);
  });

  it('compares golden CSV outputs byte for byte and names the first differing row', () => {
    const golden = join(dir, 'golden');
    const scenario = file('gold.yaml', SMALL_SCENARIO);
    expect(batchsim('check', scenario, '--golden', golden, '--update-golden').status).toBe(0);
    expect(existsSync(join(golden, 'seed-5', 'jobs.csv'))).toBe(true);
    expect(batchsim('check', scenario, '--golden', golden).status).toBe(0);
    const r = batchsim('check', file('gold.yaml', SMALL_SCENARIO.replace('mean: 120', 'mean: 121')), '--golden', golden);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\n {4}jobs\.csv line \d+: expected ".*", the run wrote ".*"/);
  });

  it('refuses bad input with exit 2 and its place, and never replaces a file it did not write', () => {
    const scenario = file('bad.yaml', SMALL_SCENARIO);
    const wrong = file('wrong.yaml', 'expect:\n  - { metric: makespan, atMost: 3 }\n');
    const r = batchsim('check', scenario, '--expect', wrong);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Invalid expectations file '${wrong}': 1 problem`);
    expect(r.stderr).toContain('→ at expect[0].metric (line 2, column 15)');

    const mine = file('mine.xml', '<report>mine</report>\n');
    const j = batchsim('check', file('exp.yaml', SMALL_SCENARIO + EXPECT), '--junit', mine);
    expect(j.status).toBe(2);
    expect(j.stderr).toContain('is not a JUnit file batchsim wrote');
    expect(readFileSync(mine, 'utf8')).toBe('<report>mine</report>\n');

    const missing = batchsim('check', scenario, '--baseline', join(dir, 'none'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no baseline for seed 5');

    const nothing = batchsim('check', scenario);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('nothing to check');
  });

  it('keeps golden outputs and a baseline apart, refuses a baseline target before running, and reports an unwritable --junit (exit 2)', () => {
    const scenario = file('apart.yaml', SMALL_SCENARIO);
    const golden = join(dir, 'golden-apart');
    expect(batchsim('check', scenario, '--golden', golden, '--update-golden').status).toBe(0);
    for (const baseline of [golden, join(golden, 'inner')]) {
      const r = batchsim('check', scenario, '--golden', golden, '--baseline', baseline, '--update-baseline');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('need directories apart');
      expect(existsSync(join(golden, 'seed-5', 'jobs.csv'))).toBe(true);
    }

    const theirs = join(dir, 'theirs');
    mkdirSync(theirs);
    writeFileSync(join(theirs, 'notes.txt'), 'mine\n');
    const refused = batchsim('check', file('exp2.yaml', SMALL_SCENARIO + EXPECT), '--baseline', theirs, '--update-baseline');
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(readFileSync(join(theirs, 'notes.txt'), 'utf8')).toBe('mine\n');

    const unwritable = batchsim('check', file('exp3.yaml', SMALL_SCENARIO + EXPECT), '--junit', join(dir, 'no-such-dir', 'j.xml'));
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toContain('cannot write the JUnit file');
    expect(unwritable.stderr).not.toContain('    at ');
  });
});
