// `include:` and `profiles:` — a scenario made of several files, merged before it is checked;
// problems in an included file carry that file's name, line and column and the path as that file
// writes it; cycles are refused; a profile gives a job definition without its own simulation block
// its run times; a placeholder profile is a notice (an error under --strict).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_NOTICE } from '../../src/scenario/simulation.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Problem } from '../../src/scenario/errors.js';
import { problemsFrom } from '../helpers/problems.js';
import { batchsim } from '../helpers/cli.js';

const ACCOUNT = `computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 16, instanceTypes: [c5] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 2, memory: 2048 }
  - jobDefinitionName: other
    type: container
    containerProperties: { vcpus: 1, memory: 1024 }
`;

/** A directory holding `files` (name → text); returns its path. */
function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'batchsim-include-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}

const located = (p: Problem) => ({ path: p.path, file: p.file, line: p.line, column: p.column });

describe('include and profiles', () => {
  it('merges an included account with the including file\'s jobs, and gives each definition its profile', () => {
    const d = dir({
      'account.yaml': `include: [account.profile.yaml]\n${ACCOUNT}`,
      'account.profile.yaml': 'profiles:\n  work: { duration: 120 }\n  other: { duration: { distribution: exponential, mean: 30 }, exitCode: 3 }\n',
      'run.yaml': 'name: run\ninclude: [account.yaml]\njobs:\n  - { jobName: a, jobQueue: q, jobDefinition: work }\n  - { jobName: b, jobQueue: q, jobDefinition: other }\n',
    });
    const s = loadScenario(join(d, 'run.yaml'));
    expect(s.name).toBe('run');
    expect(s.computeEnvironments.map((c) => c.computeEnvironmentName)).toEqual(['ce']);
    expect(s.jobs.map((j) => s.jobDefinitions[j.jobDefinition]!.jobDefinitionName)).toEqual(['work', 'other']);
    expect(s.jobDefinitions[0]!.simulation.duration).toEqual({ distribution: 'fixed', value: 120 });
    expect(s.jobDefinitions[1]!.simulation).toMatchObject({ duration: { distribution: 'exponential', mean: 30 }, exitCode: 3 });
  });

  it('lists an included file\'s entries before the including file\'s own, so a definition registered again there is the later revision', () => {
    const d = dir({
      'account.yaml': `${ACCOUNT}profiles:\n  work: { duration: 10 }\n  other: { duration: 10 }\n`,
      'run.yaml': 'include: [account.yaml]\njobDefinitions:\n  - { jobDefinitionName: work, type: container, containerProperties: { vcpus: 4, memory: 4096 }, simulation: { duration: 99 } }\n',
    });
    const s = loadScenario(join(d, 'run.yaml'));
    expect(s.jobDefinitions.map((x) => `${x.jobDefinitionName}:${x.revision}:${x.vcpus}`)).toEqual(['work:1:2', 'other:1:1', 'work:2:4']);
    expect(s.jobDefinitions[2]!.simulation.duration).toEqual({ distribution: 'fixed', value: 99 });
  });

  it('lets the including file\'s profile win, and notes a profile no definition takes', () => {
    const d = dir({
      'account.yaml': `include: [account.profile.yaml]\n${ACCOUNT}`,
      'account.profile.yaml': 'profiles:\n  work: { duration: 120 }\n  other: { duration: 5 }\n  gone: { duration: 1 }\n',
      'run.yaml': 'include: [account.yaml]\nprofiles:\n  work: { duration: 7 }\n',
    });
    const s = loadScenario(join(d, 'run.yaml'));
    expect(s.jobDefinitions[0]!.simulation.duration).toEqual({ distribution: 'fixed', value: 7 });
    expect(s.notices).toEqual([{
      path: 'profiles.gone',
      message: 'profile "gone" names no job definition of this scenario, so it changes nothing (batchsim import keeps profiles of definitions that are gone, for when they come back)',
    }]);
  });

  it('reports a problem in an included file at that file\'s line and column, with the path as that file writes it', () => {
    const d = dir({
      'account.yaml': `include: [profiles/account.profile.yaml]\n${ACCOUNT.replace('maxvCpus: 16', 'maxvCpus: -16')}`,
      'profiles/account.profile.yaml': 'profiles:\n  work: { duration: 120 }\n  other:\n    duration: { distribution: weibull }\n',
      'run.yaml': 'include: [account.yaml]\njobs:\n  - { jobName: a, jobQueue: nope, jobDefinition: work }\n',
    });
    const problems = problemsFrom(() => loadScenario(join(d, 'run.yaml')));
    expect(problems.map(located)).toEqual([
      { path: 'jobs[0].jobQueue', file: undefined, line: 3, column: 29 },
      { path: 'computeEnvironments[0].computeResources.maxvCpus', file: 'account.yaml', line: 5, column: 46 },
      { path: 'profiles.other.duration.distribution', file: 'profiles/account.profile.yaml', line: 4, column: 31 },
    ]);
    expect(problems[2]!.message).toBe('simulation.duration.distribution must be one of fixed, uniform, exponential, lognormal, normal, received "weibull"');
  });

  it('places an entry by its own file\'s index when the merged list is longer', () => {
    const d = dir({
      'account.yaml': `${ACCOUNT}profiles: { work: { duration: 1 }, other: { duration: 1 } }\n`,
      'run.yaml': 'include: [account.yaml]\njobDefinitions:\n  - { jobDefinitionName: late, type: container, containerProperties: { vcpus: 0, memory: 1024 }, simulation: { duration: 1 } }\n',
    });
    const problems = problemsFrom(() => loadScenario(join(d, 'run.yaml')));
    expect(problems.map(located)).toEqual([{ path: 'jobDefinitions[0].containerProperties.vcpus', file: undefined, line: 3, column: 79 }]);
  });

  it('refuses a cycle, a missing file, and what an included file may not give', () => {
    const d = dir({
      'a.yaml': `include: [b.yaml]\n${ACCOUNT}`,
      'b.yaml': 'include: [a.yaml, missing.yaml]\nseed: 3\nsettings: { backfill: true }\n',
    });
    const problems = problemsFrom(() => loadScenario(join(d, 'a.yaml')));
    // The scenario file's own problems first, then each included file's by position.
    expect(problems.map((p) => [p.file, p.path, p.message])).toEqual([
      [undefined, 'jobDefinitions[0].simulation', 'simulation is required (a mapping with at least duration)'],
      [undefined, 'jobDefinitions[1].simulation', 'simulation is required (a mapping with at least duration)'],
      ['b.yaml', 'include[0]', 'include cycle: a.yaml → b.yaml → a.yaml (a file cannot include itself, directly or through others)'],
      ['b.yaml', 'include[1]', 'Cannot include "missing.yaml": no such file'],
      ['b.yaml', 'seed', '"seed" cannot be given in an included file: an included file gives computeEnvironments, jobQueues, schedulingPolicies, jobDefinitions, jobs, actions, profiles, include (and x-… keys); the scenario file that includes it gives the rest'],
      ['b.yaml', 'settings', '"settings" cannot be given in an included file: an included file gives computeEnvironments, jobQueues, schedulingPolicies, jobDefinitions, jobs, actions, profiles, include (and x-… keys); the scenario file that includes it gives the rest'],
    ]);
    expect(problems[2]!.line).toBe(1);
  });

  it('reads a file two others include once', () => {
    const d = dir({
      'shared.yaml': 'profiles: { work: { duration: 1 }, other: { duration: 2 } }\n',
      'account.yaml': `include: [shared.yaml]\n${ACCOUNT}`,
      'run.yaml': 'include: [shared.yaml, account.yaml]\n',
    });
    expect(loadScenario(join(d, 'run.yaml')).jobDefinitions.map((x) => x.simulation.duration)).toEqual([
      { distribution: 'fixed', value: 1 }, { distribution: 'fixed', value: 2 },
    ]);
  });

  it('notes a placeholder profile, and refuses it under --strict at its place in the profile file', () => {
    const d = dir({
      'account.yaml': `include: [account.profile.yaml]\n${ACCOUNT}`,
      'account.profile.yaml': 'profiles:\n  work: { duration: 120 }\n  other:\n    placeholder: true\n    duration: 300\n',
    });
    const file = join(d, 'account.yaml');
    expect(loadScenario(file).notices).toEqual([{ path: 'profiles.other.placeholder', message: PLACEHOLDER_NOTICE }]);
    const strict = problemsFrom(() => loadScenario(file, { strict: true }));
    expect(strict.map(located)).toEqual([{ path: 'profiles.other.placeholder', file: 'account.profile.yaml', line: 4, column: 5 }]);
    expect(strict[0]!.message).toBe(`${PLACEHOLDER_NOTICE} (--strict)`);
    // On a job's own simulation block, placeholder means nothing: it is an unknown field there.
    const onJob = problemsFrom(() => loadScenario(join(dir({
      'account.yaml': `include: [account.profile.yaml]\n${ACCOUNT}jobs:\n  - { jobName: a, jobQueue: q, jobDefinition: work, simulation: { placeholder: true } }\n`,
      'account.profile.yaml': 'profiles: { work: { duration: 1 }, other: { duration: 1 } }\n',
    }), 'account.yaml')));
    expect(onJob.map((p) => p.path)).toEqual(['jobs[0].simulation.placeholder']);
  });

  it('lists placeholders on their own line in validate, and fails validate --strict with exit 2', () => {
    const d = dir({
      'account.yaml': `include: [account.profile.yaml]\n${ACCOUNT}`,
      'account.profile.yaml': 'profiles:\n  work: { placeholder: true, duration: 300 }\n  other: { duration: 5 }\n  gone: { duration: 1 }\n',
    });
    const ok = batchsim('validate', join(d, 'account.yaml'));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Placeholder run times (1: profiles.work)');
    expect(ok.stdout).toContain('Profiles no job definition takes (1: profiles.gone)');
    expect(ok.stdout).not.toContain('Accepted but not simulated');
    const strict = batchsim('validate', '--strict', join(d, 'account.yaml'));
    expect(strict.status).toBe(2);
    expect(strict.stderr).toContain('→ at profiles.work.placeholder (account.profile.yaml line 2, column 11)');
  });
});
