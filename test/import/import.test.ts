// batchsim import, source by source: describe-* output (one merged file, or one file per command),
// a CloudFormation template in YAML, `cdk synth` output, a Terraform plan and a Terraform state —
// and the same account written three ways importing to the same scenario.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportPlan } from '../../src/import/index.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { DESCRIBE_SPLIT, SAME, fixture, imported } from './fixtures.js';

const notices = (plan: ImportPlan) => plan.notices.map((n) => `${n.where}: ${n.message}`);
const defs = (s: Scenario) => s.jobDefinitions.map((d) => `${d.jobDefinitionName}:${d.revision}`);

describe('batchsim import', () => {
  it('imports one AWS Batch account from a CloudFormation template, a Terraform plan and describe-* output to the same scenario', () => {
    const scenarios = SAME.map((source) => loadScenario(imported([source]).file));
    const account = (s: Scenario) => ({ ce: s.computeEnvironments, q: s.jobQueues, sp: s.schedulingPolicies, jd: s.jobDefinitions });
    expect(account(scenarios[1]!)).toEqual(account(scenarios[0]!));
    expect(account(scenarios[2]!)).toEqual(account(scenarios[0]!));
    // …and that scenario is the account: three environments, three queues, a fair-share policy, three definitions.
    const s = scenarios[0]!;
    expect(s.computeEnvironments.map((c) => [c.computeEnvironmentName, c.computeResources?.type, c.computeResources?.maxvCpus])).toEqual([
      ['fargate-ce', 'FARGATE', 32], ['ondemand-ce', 'EC2', 64], ['spot-ce', 'SPOT', 256],
    ]);
    expect(s.computeEnvironments[2]!.computeResources).toMatchObject({ allocationStrategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED', requestedInstanceTypes: ['c5', 'm5'] });
    expect(s.jobQueues.map((q) => [q.jobQueueName, q.priority, q.computeEnvironmentOrder, q.schedulingPolicy])).toEqual([
      ['HighPriority', 10, ['ondemand-ce', 'spot-ce'], null], ['fargate', 5, ['fargate-ce'], null], ['research', 1, ['spot-ce'], 'research-share'],
    ]);
    expect(s.jobQueues[0]!.jobStateTimeLimitActions).toHaveLength(1);
    expect(s.schedulingPolicies).toEqual([{
      name: 'research-share',
      fairsharePolicy: { shareDecaySeconds: 3600, computeReservation: 10, shareDistribution: [{ shareIdentifier: 'teamA*', weightFactor: 0.5 }, { shareIdentifier: 'teamB', weightFactor: 1 }] },
    }]);
    expect(s.jobDefinitions.map((d) => [d.jobDefinitionName, d.image, d.vcpus, d.memory, d.platformCapabilities[0], d.attemptDurationSeconds])).toEqual([
      ['align', 'public.ecr.aws/biocontainers/bwa:0.7.17', 4, 8192, 'EC2', null],
      ['fetch', '123456789012.dkr.ecr.us-east-1.amazonaws.com/fetch:1.4', 1, 2048, 'EC2', 600],
      ['report', 'public.ecr.aws/docker/library/python:3.12-slim', 0.5, 1024, 'FARGATE', null],
    ]);
    expect(s.jobDefinitions[1]!.retryStrategy).toEqual({ attempts: 3, evaluateOnExit: [{ onStatusReason: 'Host EC2*', action: 'RETRY' }, { onReason: '*', action: 'EXIT' }] });
    expect(s.jobDefinitions[0]!.schedulingPriority).toBe(50);
  });

  it('lists what each source holds that batchsim does not model, by resource', () => {
    const [cfn, tf, cli] = SAME.map((source) => notices(imported([source]).plan));
    expect(cfn).toContain('AWS::Batch::ComputeEnvironment SpotCE: not modelled by batchsim, left out: computeResources.instanceRole, computeResources.securityGroupIds, computeResources.subnets, computeResources.tags, serviceRole');
    expect(cfn).toContain(': 1 resource is not AWS Batch and not imported: AWS::IAM::Role (BatchServiceRole)');
    expect(cfn).toContain('AWS::Batch::JobQueue DebugQueue: not imported: its Condition "IsDev" is false (with the parameter values used)');
    expect(tf).toContain('aws_batch_job_definition.fetch: not modelled by batchsim, left out: containerProperties.command, parameters, propagateTags');
    expect(cli).toContain('computeEnvironments[1] "spot-ce": desiredvCpus left out: it is the scaling state at the time of the description, not configuration (the simulation starts from minvCpus)');
    expect(cli).toContain('jobDefinitions[2] "report:1": not modelled by batchsim, left out: containerProperties.command, containerProperties.executionRoleArn, containerProperties.fargatePlatformConfiguration, containerProperties.networkConfiguration, containerProperties.runtimePlatform.operatingSystemFamily, propagateTags');
  });

  it('imports an environment of Inferentia types: the accelerator note is passed on, the type is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-import-inf-'));
    const source = join(dir, 'describe.json');
    writeFileSync(source, JSON.stringify({
      computeEnvironments: [{
        computeEnvironmentName: 'inference', type: 'MANAGED', state: 'ENABLED', status: 'VALID',
        computeResources: { type: 'EC2', minvCpus: 0, maxvCpus: 64, instanceTypes: ['inf2'], subnets: ['subnet-1'] },
      }],
    }));
    const { plan, file } = imported([source]);
    expect(loadScenario(file).computeEnvironments[0]!.computeResources?.requestedInstanceTypes).toEqual(['inf2']);
    const said = notices(plan);
    expect(said).toContainEqual(expect.stringMatching(/^computeEnvironments\[0\] "inference": computeResources\.instanceTypes\[0\]: "inf2" has .*accelerators, which a job cannot reserve/));
    expect(said).toContain('computeEnvironments[0] "inference": not modelled by batchsim, left out: computeResources.subnets');
  });

  it('imports describe-* output given as one file per command: revisions kept, INACTIVE marked, statuses understood', () => {
    const { plan, file } = imported(DESCRIBE_SPLIT);
    const s = loadScenario(file);
    expect(s.computeEnvironments.map((c) => [c.computeEnvironmentName, c.state])).toEqual([['C4OnDemand', 'ENABLED'], ['M4Spot', 'ENABLED'], ['R4Broken', 'DISABLED']]);
    expect(s.computeEnvironments[1]!.computeResources).toMatchObject({ type: 'SPOT', bidPercentage: 20, allocationStrategy: 'SPOT_CAPACITY_OPTIMIZED' });
    // A DISABLED state is kept as it is; an INVALID environment is imported DISABLED (above).
    expect(s.jobQueues.map((q) => [q.jobQueueName, q.state, q.schedulingPolicy])).toEqual([
      ['HighPriority', 'ENABLED', null], ['LowPriority', 'ENABLED', 'TeamShare'], ['MemoryHeavy', 'DISABLED', null],
    ]);
    expect(defs(s)).toEqual(['sleep60:5', 'sleep60:6', 'sleep60:7', 'stress-mem:2']);
    expect(s.jobDefinitions.map((d) => d.memory)).toEqual([512, 256, 128, 4096]);
    const text = notices(plan);
    expect(text).toContain('computeEnvironments[2] "R4Broken": its status is INVALID (statusReason: "CLIENT_ERROR - The instance profile ecsInstanceRoleR4 does not exist"): imported with state DISABLED, as AWS Batch cannot use it (set state ENABLED to simulate it as if it worked)');
    expect(text).toContain('computeEnvironments[3] "P3Retired": not imported: its status is DELETING (statusReason: "ComputeEnvironment is being deleted")');
    expect(text).toContain('jobQueues[3] "GpuLegacy": not imported: none of its compute environments is among the imported ones');
    expect(text).toContain(': 2 job definition revisions are INACTIVE (deregistered): kept with status INACTIVE, so jobs cannot be submitted with them (sleep60:5, sleep60:6)');
    // The placeholder of a definition with a 300 s timeout runs half of it, not into it.
    expect(plan.profile.entries.get('stress-mem')).toEqual({ placeholder: true, duration: 150 });
    expect(plan.profile.entries.get('sleep60')).toEqual({ placeholder: true, duration: 300 });
  });

  it('imports a cdk synth template: logical ids for unnamed resources, GetAtt ARNs resolved, CDK metadata and non-Batch resources noted', () => {
    const { plan, file } = imported([fixture('cdk', 'BatchStack.template.json')]);
    const s = loadScenario(file);
    expect(s.computeEnvironments.map((c) => c.computeEnvironmentName)).toEqual(['GpuSpotEnv9D4F2B61', 'OnDemandEnv3A5C1E7B']);
    expect(s.jobQueues.map((q) => [q.jobQueueName, q.computeEnvironmentOrder])).toEqual([['JobQueueEE3AD499', ['OnDemandEnv3A5C1E7B']], ['gpu-training', ['GpuSpotEnv9D4F2B61']]]);
    expect(s.jobDefinitions.map((d) => [d.jobDefinitionName, d.gpus, d.image])).toEqual([
      ['JobDef5A6B7C8D', 0, '123456789012.dkr.ecr.us-east-1.amazonaws.com/cdk-hnb659fds-container-assets-123456789012-us-east-1:5f1c0d2e8b7a6c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d'],
      ['train', 1, 'public.ecr.aws/deep-learning-containers/pytorch-training:2.3.0-gpu-py311'],
    ]);
    const text = notices(plan);
    expect(text).toContain('AWS::Batch::ComputeEnvironment OnDemandEnv3A5C1E7B: no ComputeEnvironmentName: named after its logical id, "OnDemandEnv3A5C1E7B" (AWS would generate a name)');
    expect(text.find((n) => n.includes('not AWS Batch'))).toMatch(/11 resources are not AWS Batch and not imported: .*AWS::CDK::Metadata \(CDKMetadata\)/);
    expect(text).toContain('AWS::Batch::ComputeEnvironment OnDemandEnv3A5C1E7B: not modelled by batchsim, left out: computeResources.instanceRole, computeResources.securityGroupIds, computeResources.subnets, computeResources.updateToLatestImageVersion, replaceComputeEnvironment');
  });

  it('imports a Terraform state with a child module, the older compute_environments list and known ARNs', () => {
    const { plan, file } = imported([fixture('terraform-state', 'terraform-state.json')]);
    const s = loadScenario(file);
    expect(s.jobQueues.map((q) => [q.jobQueueName, q.computeEnvironmentOrder, q.schedulingPolicy])).toEqual([
      ['tf-fair-share-queue', ['test_environment_2'], 'example'], ['tf-test-batch-job-queue', ['test_environment_1', 'test_environment_2'], null],
    ]);
    expect(defs(s)).toEqual(['tf_test_batch_job_definition:3', 'tf_test_fargate:1']);
    expect(s.jobDefinitions[0]!.retryStrategy).toEqual({ attempts: 2, evaluateOnExit: [{ onStatusReason: 'Host EC2*', action: 'RETRY' }] });
    expect(s.schedulingPolicies![0]!.fairsharePolicy.shareDistribution.map((e) => e.shareIdentifier)).toEqual(['A1*', 'A2']);
    expect(notices(plan)).toContain(': 2 resources are not AWS Batch (or are data sources) and not imported: data.aws_iam_policy_document, aws_iam_role');
  });

  it('reads a plan without planned_values from its resource_changes alike', () => {
    const plan = JSON.parse(readFileSync(SAME[1]!, 'utf8'));
    delete plan.planned_values;
    const source = join(mkdtempSync(join(tmpdir(), 'batchsim-plan-')), 'changes-only.json');
    writeFileSync(source, JSON.stringify(plan));
    const account = (s: Scenario) => [s.computeEnvironments, s.jobQueues, s.schedulingPolicies, s.jobDefinitions];
    expect(account(loadScenario(imported([source]).file))).toEqual(account(loadScenario(imported([SAME[1]!]).file)));
  });

  it('merges sources of one account and keeps a resource given twice once', () => {
    const { plan, file } = imported([fixture('same-account', 'describe-all.json'), fixture('same-account', 'describe-all.json')]);
    expect(loadScenario(file).computeEnvironments).toHaveLength(3);
    expect(notices(plan)).toContain('computeEnvironments[0] "ondemand-ce": the same as computeEnvironments[0] "ondemand-ce" (' + fixture('same-account', 'describe-all.json') + '): imported once');
  });

  it('writes an example workload, in a comment, that runs on the account when a scenario includes it', () => {
    const { file } = imported([SAME[0]!]);
    const text = readFileSync(file, 'utf8');
    const example = text.split('\n').filter((l) => l.startsWith('#   ')).map((l) => l.slice(4)).join('\n');
    expect(example).toContain('include: [account.yaml]');
    const run = join(file, '..', 'my-run.yaml');
    writeFileSync(run, example + '\n');
    const s = loadScenario(run);
    expect(s.jobs.map((j) => [j.jobName, j.jobQueue])).toEqual([['align-example', 'HighPriority'], ['fetch-example', 'HighPriority'], ['report-example', 'fargate']]);
  });
});
