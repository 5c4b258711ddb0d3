// Fields AWS accepts that change nothing in the model (networking, roles, tags, launch templates,
// …): listed once, grouped, as notices by `validate` and `run`; `--strict` makes each an error at
// its place. Features AWS Batch has and batchsim does not simulate are refused, saying so.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNotices } from '../../src/cli/format.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { batchsim } from '../helpers/cli.js';

const WITH_EXTRAS = `
name: extras
computeEnvironments:
  - computeEnvironmentName: ce-a
    type: MANAGED
    serviceRole: arn:aws:iam::123456789012:role/AWSBatchServiceRole
    tags: { team: ml }
    computeResources:
      type: EC2
      maxvCpus: 16
      instanceTypes: [c5]
      subnets: [subnet-1]
      securityGroupIds: [sg-1]
      instanceRole: ecsInstanceRole
      launchTemplate: { launchTemplateName: lt }
  - computeEnvironmentName: ce-b
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 16, instanceTypes: [m5], subnets: [subnet-2], securityGroupIds: [sg-2] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce-a }, { order: 2, computeEnvironment: ce-b }] }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 1, memory: 1024, command: [echo, hi], jobRoleArn: arn:aws:iam::123456789012:role/job }
    simulation: { duration: 60 }
jobs:
  - { jobName: one, jobQueue: q, jobDefinition: work }
`;

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-notices-'));
  const f = join(dir, 'extras.yaml');
  writeFileSync(f, text);
  return f;
}

describe('fields accepted but not simulated', () => {
  it('are kept on the scenario as notices, in file order, without positions', () => {
    const s = parseScenario(WITH_EXTRAS, 'extras.yaml');
    expect(s.notices!.map((n) => n.path)).toEqual([
      'computeEnvironments[0].serviceRole', 'computeEnvironments[0].tags',
      'computeEnvironments[0].computeResources.subnets', 'computeEnvironments[0].computeResources.securityGroupIds',
      'computeEnvironments[0].computeResources.instanceRole', 'computeEnvironments[0].computeResources.launchTemplate',
      'computeEnvironments[1].computeResources.subnets', 'computeEnvironments[1].computeResources.securityGroupIds',
      'jobDefinitions[0].containerProperties.command', 'jobDefinitions[0].containerProperties.jobRoleArn',
    ]);
    expect(s.notices!.every((n) => n.line === undefined)).toBe(true);
  });

  it('are listed once, grouped by where they are', () => {
    const s = parseScenario(WITH_EXTRAS, 'extras.yaml');
    expect(formatNotices(s.notices!)).toEqual([
      'Accepted but not simulated (10 fields: they change nothing in the model; --strict refuses them):',
      '  computeEnvironments[*]: serviceRole, tags',
      '  computeEnvironments[*].computeResources: subnets (2), securityGroupIds (2), instanceRole, launchTemplate',
      '  jobDefinitions[*].containerProperties: command, jobRoleArn',
    ]);
    expect(formatNotices([])).toEqual([]);
  });

  it('show a notice that says more than "not simulated" with its message, once per kind of place', () => {
    const trn = '"trn1" has AWS Trainium accelerators, which a job cannot reserve';
    expect(formatNotices([
      { path: 'computeEnvironments[0].serviceRole', message: 'serviceRole is accepted but not simulated: it changes nothing in the model' },
      { path: 'computeEnvironments[0].computeResources.instanceTypes[2]', message: trn },
      { path: 'computeEnvironments[1].computeResources.instanceTypes[0]', message: trn },
    ])).toEqual([
      'Accepted but not simulated (1 field: it changes nothing in the model; --strict refuses it):',
      '  computeEnvironments[*]: serviceRole',
      'Notes (2; --strict refuses them):',
      `  computeEnvironments[*].computeResources.instanceTypes[*] (2): ${trn}`,
    ]);
  });

  it('are refused one by one, with their lines, under --strict', () => {
    let caught: unknown;
    try {
      parseScenario(WITH_EXTRAS, 'extras.yaml', { strict: true });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    const problems = (caught as ScenarioError).problems;
    expect(problems).toHaveLength(10);
    expect(problems[0]).toMatchObject({ path: 'computeEnvironments[0].serviceRole', line: 6, message: 'serviceRole is accepted but not simulated: it changes nothing in the model (--strict)' });
  });

  it('are printed by validate and run, and make validate --strict exit 2', () => {
    const f = file(WITH_EXTRAS);
    const v = batchsim('validate', f);
    expect(v.status).toBe(0);
    expect(v.stdout).toContain('  computeEnvironments[*].computeResources: subnets (2), securityGroupIds (2), instanceRole, launchTemplate\n');
    const r = batchsim('run', f, '--out', join(mkdtempSync(join(tmpdir(), 'batchsim-notices-out-')), 'r'), '--no-charts');
    expect(r.status).toBe(0);
    expect(r.stdout.match(/Accepted but not simulated/g)).toHaveLength(1);
    const strict = batchsim('validate', f, '--strict');
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/^Invalid scenario file '.*extras\.yaml': 10 problems/);
    expect(strict.stderr).toContain('→ at computeEnvironments[1].computeResources.subnets (line 18, column 71)');
  });

  it('are not the user’s own x- keys, which pass silently even under --strict', () => {
    const withAnchors = `x-defaults: &d { vcpus: 1 }\n${WITH_EXTRAS}`;
    expect(parseScenario(withAnchors, 'x.yaml').notices!.map((n) => n.path)).not.toContain('x-defaults');
    expect(() => parseScenario(withAnchors.replace(/ {4}serviceRole.*\n {4}tags.*\n/, ''), 'x.yaml', { strict: true })).toThrow(/subnets is accepted/);
    const strictProblems = (() => {
      try {
        parseScenario(withAnchors, 'x.yaml', { strict: true });
      } catch (e) {
        return (e as ScenarioError).problems.map((p) => p.path);
      }
      return [];
    })();
    expect(strictProblems).not.toContain('x-defaults');
  });

  it('leave a scenario that gives none without a notice', () => {
    const plain = WITH_EXTRAS.replace(/ {4}serviceRole.*\n {4}tags.*\n/, '').replace(/ {6}subnets.*\n {6}securityGroupIds.*\n {6}instanceRole.*\n {6}launchTemplate.*\n/, '')
      .replace(', subnets: [subnet-2], securityGroupIds: [sg-2]', '').replace(', command: [echo, hi], jobRoleArn: arn:aws:iam::123456789012:role/job', '');
    expect(parseScenario(plain, 'plain.yaml').notices).toBeUndefined();
  });

  it('are not the unsupported features, which are refused', () => {
    const eks = WITH_EXTRAS.replace('    type: container\n', '    type: container\n    eksProperties: { podProperties: {} }\n');
    expect(() => parseScenario(eks, 'eks.yaml')).toThrow(/EKS jobs are not supported/);
    expect(() => parseScenario(`${WITH_EXTRAS}serviceJobs: []\n`, 'sm.yaml')).toThrow(/SageMaker service jobs \(SubmitServiceJob\) are not supported/);
    expect(() => parseScenario(`${WITH_EXTRAS}consumableResources: []\n`, 'cr.yaml')).toThrow(/consumable resources \(CreateConsumableResource\) are not supported/);
  });
});
