// `batchsim import` end to end, as a user runs it: every fixture imports, validates and runs; a
// re-import after an infrastructure change keeps the profile file's entries; a file batchsim did
// not write is never overwritten; bad input is reported at its file, line and column, exit 2, with
// nothing written.
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchsim } from '../helpers/cli.js';
import { DESCRIBE_SPLIT, SAME, fixture } from './fixtures.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'batchsim-import-cli-'));

const SOURCES: [string, string[]][] = [
  ['a CloudFormation template (YAML)', [SAME[0]!]],
  ['a Terraform plan', [SAME[1]!]],
  ['merged describe-* output', [SAME[2]!]],
  ['describe-* output, one file per command', DESCRIBE_SPLIT],
  ['cdk synth output', [fixture('cdk', 'BatchStack.template.json')]],
  ['a Terraform state with a child module', [fixture('terraform-state', 'terraform-state.json')]],
];

describe('batchsim import (command line)', () => {
  it.each(SOURCES)('imports %s to a scenario that validates and runs', (_what, sources) => {
    const out = join(tmp(), 'account.yaml');
    const imported = batchsim('import', ...sources, '--out', out);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/^Imported \d+ compute environments?, /);
    const valid = batchsim('validate', out);
    expect(valid.status).toBe(0);
    expect(valid.stdout).toMatch(/: valid \(\d+ compute environments, \d+ job queues, \d+ job definitions, 0 job submissions, 0 workloads\)/);
    expect(valid.stdout).toContain('Placeholder run times');
    const run = batchsim('run', out, '--out', join(out, '..', 'report'), '--no-charts');
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, '..', 'report', 'summary.json'), 'utf8')).jobs.total).toBe(0);
  });

  it('runs the example workload of the closing comment, which includes the account', () => {
    const out = join(tmp(), 'account.yaml');
    expect(batchsim('import', ...DESCRIBE_SPLIT, '--out', out).status).toBe(0);
    const example = readFileSync(out, 'utf8').split('\n').filter((l) => l.startsWith('#   ')).map((l) => l.slice(4)).join('\n');
    const run = join(out, '..', 'my-run.yaml');
    writeFileSync(run, `${example}\n`);
    const r = batchsim('run', run, '--out', join(out, '..', 'report'), '--no-charts', '--json');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.jobs.total).toBe(2);
    expect(summary.jobs.byStatus.SUCCEEDED).toBe(2);
    // The placeholder profiles ran: sleep60 for 300 s, stress-mem for half its 300 s timeout.
    const jobs = readFileSync(join(out, '..', 'report', 'jobs.csv'), 'utf8');
    expect(jobs).toContain('sleep60:7');
  });

  it('keeps the profile file\'s entries and comments on a re-import after an infrastructure change', () => {
    const dir = tmp();
    const out = join(dir, 'account.yaml');
    const profile = join(dir, 'account.profile.yaml');
    const template = join(dir, 'stack.yaml');
    const original = readFileSync(SAME[0]!, 'utf8');
    writeFileSync(template, original);
    expect(batchsim('import', template, '--out', out).status).toBe(0);
    // The user measures fetch and says so in the profile file.
    const measured = readFileSync(profile, 'utf8').replace(
      /  fetch:\n    placeholder: true.*\n    duration: 300\n/,
      '  fetch: # measured in March\n    duration: { distribution: lognormal, median: 420, sigma: 0.3 }\n    exitCodes: [{ exitCode: 0, weight: 95 }, { exitCode: 1, weight: 5 }]\n');
    expect(measured).toContain('measured in March');
    writeFileSync(profile, measured);
    // The infrastructure changes: align is gone, merge is new.
    const changed = original
      .replace(/\n  AlignJob:[\s\S]*?\n  ReportJob:/, '\n  ReportJob:')
      .replace('\nOutputs:', '\n  MergeJob:\n    Type: AWS::Batch::JobDefinition\n    Properties:\n      JobDefinitionName: merge\n      Type: container\n      ContainerProperties: { Image: merge:1, Vcpus: 2, Memory: 4096 }\n\nOutputs:');
    writeFileSync(template, changed);
    const again = batchsim('import', template, '--out', out);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('1 placeholder profile added: merge; 2 kept');
    expect(again.stdout).toContain('kept the profiles of 1 job definition the account no longer has: align');
    const text = readFileSync(profile, 'utf8');
    expect(text).toContain('  fetch: # measured in March\n    duration: { distribution: lognormal, median: 420, sigma: 0.3 }\n');
    expect(text).toMatch(/  align:\n    placeholder: true.*\n    duration: 300\n/);
    expect(text).toMatch(/  merge:\n    placeholder: true.*\n    duration: 300\n/);
    expect(readFileSync(out, 'utf8')).not.toContain('jobDefinitionName: align');
    const valid = batchsim('validate', out);
    expect(valid.status).toBe(0);
    expect(valid.stdout).toContain('Placeholder run times (2: profiles.report, profiles.merge)');
    expect(valid.stdout).toContain('Profiles no job definition takes (1: profiles.align)');
  });

  it('refuses to overwrite a file batchsim import did not write (exit 2), and a symbolic link, leaving them as they were', () => {
    const dir = tmp();
    const out = join(dir, 'account.yaml');
    const mine = 'name: mine\n# my own scenario\n';
    writeFileSync(out, mine);
    const r = batchsim('import', SAME[0]!, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`'${out}' exists and was not written by batchsim import (it has no x-batchsim-import key); batchsim will not overwrite it`);
    expect(readFileSync(out, 'utf8')).toBe(mine);
    expect(existsSync(join(dir, 'account.profile.yaml'))).toBe(false);
    const link = join(dir, 'link.yaml');
    symlinkSync(out, link);
    const l = batchsim('import', SAME[0]!, '--out', link);
    expect(l.status).toBe(2);
    expect(l.stderr).toContain('is a symbolic link');
    expect(readFileSync(out, 'utf8')).toBe(mine);
  });

  it('replaces a file an earlier import wrote, and writes JSON for a .json --out', () => {
    const dir = tmp();
    const out = join(dir, 'account.json');
    expect(batchsim('import', SAME[1]!, '--out', out).status).toBe(0);
    expect(batchsim('import', SAME[2]!, '--out', out).status).toBe(0);
    const data = JSON.parse(readFileSync(out, 'utf8'));
    expect(data['x-batchsim-import'].sources).toEqual([SAME[2]]);
    expect(data.include).toEqual(['account.profile.yaml']);
    expect(batchsim('validate', out).status).toBe(0);
  });

  it('reports bad input at its file, line and column, exits 2, and writes nothing', () => {
    const dir = tmp();
    const out = join(dir, 'account.yaml');
    const broken = join(dir, 'describe.json');
    writeFileSync(broken, readFileSync(SAME[2]!, 'utf8').replace('"maxvCpus": 64', '"maxvCpus": "64"'));
    const r = batchsim('import', broken, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('✖ computeEnvironments[0] "ondemand-ce": computeResources.maxvCpus must be an integer ≥ 0, received "64"');
    expect(r.stderr).toMatch(new RegExp(`→ at computeEnvironments\\[0\\]\\.computeResources\\.maxvCpus \\(${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line 16, column 29\\)`));
    const badJson = join(dir, 'plan.json');
    writeFileSync(badJson, readFileSync(SAME[1]!, 'utf8').replace('"format_version": "1.2",', '"format_version": "1.2"'));
    const j = batchsim('import', badJson, '--out', out);
    expect(j.status).toBe(2);
    expect(j.stderr).toMatch(/JSON syntax error: .*\n {2}→ at .*plan\.json line 3, column 3\)?/);
    const unknown = join(dir, 'other.yaml');
    writeFileSync(unknown, 'name: a-scenario\njobs: []\n');
    const u = batchsim('import', unknown, '--out', out);
    expect(u.status).toBe(2);
    expect(u.stderr).toContain('Cannot tell what this source is (top-level keys "name", "jobs")');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'account.profile.yaml'))).toBe(false);
    const p = batchsim('import', SAME[0]!, '--out', out, '--parameter', 'Environment');
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('--parameter must be KEY=VALUE, received "Environment"');
  });

  it('reports Terraform container_properties that are not JSON at the attribute', () => {
    const dir = tmp();
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, readFileSync(SAME[1]!, 'utf8').replace('"container_properties": "{\\"command\\":[\\"fetch.sh\\"', '"container_properties": "{\\"command\\":[\\"fetch.sh\\",,'));
    const r = batchsim('import', plan, '--out', join(dir, 'account.yaml'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/✖ container_properties is not valid JSON: .*\n {2}→ at planned_values\.root_module\.resources\[8\]\.values\.container_properties \(.*plan\.json line \d+, column \d+\)/);
  });
});
