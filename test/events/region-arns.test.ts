// ARNs follow settings.region and its partition: a rule written with a GovCloud account's queue
// ARN (account number aside) matches that run's events, and Step Functions results carry the
// same ARNs.
import { describe, expect, it } from 'vitest';
import { Arns, partitionOf } from '../../src/model/arns.js';
import { recordedSimulation } from '../../src/metrics/recorder.js';
import { eventEnvelopes } from '../../src/report/events.js';
import { countRuleMatches } from '../../src/events/rule-matches.js';
import { parseScenario } from '../../src/scenario/load.js';
import { JobNames } from '../../src/sim/naming.js';

const scenario = (region: string) => `
name: gov
settings: { region: ${region} }
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 4, instanceTypes: [c5.large] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - jobDefinitionName: w
    type: container
    containerProperties: { vcpus: 1, memory: 1024 }
    simulation: { duration: 60, exitCode: 1 }
jobs:
  - { jobName: a, jobQueue: q, jobDefinition: w }
eventRules:
  - Name: failed-gov
    EventPattern: { detail: { status: [FAILED], jobQueue: ["arn:aws-us-gov:batch:us-gov-west-1:123456789012:job-queue/q"] } }
`;

function envelopes(region: string) {
  const s = parseScenario(scenario(region), 'gov.yaml');
  const { sim, recorder } = recordedSimulation(s, { events: true });
  sim.run();
  return { s, list: [...eventEnvelopes(sim, new JobNames(sim), recorder.events!)] };
}

describe('ARNs in the run’s Region', () => {
  it('knows the partitions', () => {
    expect([partitionOf('us-east-1'), partitionOf('us-gov-west-1'), partitionOf('cn-north-1')]).toEqual(['aws', 'aws-us-gov', 'aws-cn']);
    expect(new Arns('us-gov-east-1').jobArn('x')).toBe('arn:aws-us-gov:batch:us-gov-east-1:123456789012:job/x');
    expect(new Arns('us-east-1').executionArn('m', 'e')).toBe('arn:aws:states:us-east-1:123456789012:execution:m:e');
  });

  it('writes GovCloud ARNs and region for a us-gov-west-1 run, which a GovCloud rule matches', () => {
    const { s, list } = envelopes('us-gov-west-1');
    const failed = list.filter((e) => (e.detail as { status: string }).status === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ region: 'us-gov-west-1', detail: { jobQueue: 'arn:aws-us-gov:batch:us-gov-west-1:123456789012:job-queue/q' } });
    expect((failed[0].resources as string[])[0]).toMatch(/^arn:aws-us-gov:batch:us-gov-west-1:123456789012:job\//);
    expect(countRuleMatches(s.eventRules!, list)[0].matches).toBe(1);
  });

  it('the same rule matches nothing in us-east-1, whose queue ARN differs', () => {
    const { s, list } = envelopes('us-east-1');
    expect(list.some((e) => (e.detail as { jobQueue: string }).jobQueue === 'arn:aws:batch:us-east-1:123456789012:job-queue/q')).toBe(true);
    expect(countRuleMatches(s.eventRules!, list)[0].matches).toBe(0);
  });
});
