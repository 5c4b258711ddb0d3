// Job definition revisions as describe-job-definitions output gives them: stated revisions (not
// from 1, not contiguous, newest first), jobDefinitionArn, status INACTIVE; and how SubmitJob
// resolves a name, name:revision or ARN against them.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { problemsOfText } from '../helpers/problems.js';

const ACCOUNT = `
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 16, instanceTypes: [c5] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
`;

/** Pasted describe-job-definitions output: revision 7 first, then the deregistered 6 and 5. */
const PASTED = `${ACCOUNT}
jobDefinitions:
  - jobDefinitionName: sleep60
    jobDefinitionArn: arn:aws:batch:us-east-1:012345678910:job-definition/sleep60:7
    revision: 7
    status: ACTIVE
    type: container
    containerProperties: { image: busybox, vcpus: 1, memory: 128 }
    simulation: { duration: 60 }
  - jobDefinitionName: sleep60
    jobDefinitionArn: arn:aws:batch:us-east-1:012345678910:job-definition/sleep60:6
    revision: 6
    status: INACTIVE
    type: container
    containerProperties: { image: busybox, vcpus: 1, memory: 256 }
    simulation: { duration: 60 }
  - jobDefinitionName: other
    type: container
    containerProperties: { vcpus: 1, memory: 128 }
    simulation: { duration: 5 }
  - jobDefinitionName: sleep60
    jobDefinitionArn: arn:aws:batch:us-east-1:012345678910:job-definition/sleep60:5
    status: INACTIVE
    type: container
    containerProperties: { image: busybox, vcpus: 2, memory: 512 }
    simulation: { duration: 60 }
`;

const withJobs = (jobs: string) => `${PASTED}\njobs:\n${jobs}`;

describe('job definition revisions from describe output', () => {
  it('accepts revision 7 as it is pasted, revisions from the ARN, and lists each name in ascending revision order', () => {
    const s = parseScenario(PASTED, 'pasted.yaml');
    expect(s.jobDefinitions.map((d) => `${d.jobDefinitionName}:${d.revision}`)).toEqual(['sleep60:5', 'sleep60:6', 'other:1', 'sleep60:7']);
    expect(s.jobDefinitions.map((d) => d.memory)).toEqual([512, 256, 128, 128]);
    // status and jobDefinitionArn are understood now: no "accepted but not simulated" notices for them.
    expect(s.notices).toBeUndefined();
  });

  it('submits a bare name with the latest ACTIVE revision, and name:revision or an ARN with that revision', () => {
    const s = parseScenario(withJobs(`
  - { jobName: bare, jobQueue: q, jobDefinition: sleep60 }
  - { jobName: seven, jobQueue: q, jobDefinition: "sleep60:7" }
  - { jobName: arn, jobQueue: q, jobDefinition: "arn:aws:batch:us-east-1:012345678910:job-definition/sleep60:7" }
`), 'jobs.yaml');
    const revisionOf = (j: { jobDefinition: number }) => s.jobDefinitions[j.jobDefinition]!.revision;
    expect(s.jobs.map(revisionOf)).toEqual([7, 7, 7]);
  });

  it('refuses SubmitJob with an INACTIVE revision, and a bare name whose revisions are all INACTIVE', () => {
    const problems = problemsOfText(withJobs(`
  - { jobName: old, jobQueue: q, jobDefinition: "sleep60:6" }
  - { jobName: missing, jobQueue: q, jobDefinition: "sleep60:4" }
`));
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['jobs[0].jobDefinition', 'Job definition "sleep60:6" is INACTIVE (deregistered), and AWS Batch refuses SubmitJob with an inactive job definition'],
      ['jobs[1].jobDefinition', 'Job definition "sleep60" has no revision 4 (registered: 5, 6, 7)'],
    ]);
    const allInactive = `${ACCOUNT}
jobDefinitions:
  - { jobDefinitionName: gone, revision: 3, status: INACTIVE, type: container, containerProperties: { vcpus: 1, memory: 128 }, simulation: { duration: 1 } }
jobs:
  - { jobName: a, jobQueue: q, jobDefinition: gone }
`;
    expect(problemsOfText(allInactive).map((p) => p.message)).toEqual([
      'Job definition "gone" has no ACTIVE revision (3 are INACTIVE), and AWS Batch submits a name without a revision to its latest active one',
    ]);
  });

  it('numbers an entry without a revision after the highest so far, as RegisterJobDefinition does', () => {
    const s = parseScenario(`${ACCOUNT}
jobDefinitions:
  - { jobDefinitionName: d, revision: 4, type: container, containerProperties: { vcpus: 1, memory: 128 }, simulation: { duration: 1 } }
  - { jobDefinitionName: d, type: container, containerProperties: { vcpus: 2, memory: 128 }, simulation: { duration: 1 } }
`, 'next.yaml');
    expect(s.jobDefinitions.map((d) => d.revision)).toEqual([4, 5]);
  });

  it('refuses a revision registered twice, an ARN of another name, and a revision that disagrees with the ARN', () => {
    const problems = problemsOfText(`${ACCOUNT}
jobDefinitions:
  - { jobDefinitionName: d, revision: 2, type: container, containerProperties: { vcpus: 1, memory: 128 }, simulation: { duration: 1 } }
  - { jobDefinitionName: d, revision: 2, type: container, containerProperties: { vcpus: 1, memory: 128 }, simulation: { duration: 1 } }
  - { jobDefinitionName: d, jobDefinitionArn: "arn:aws:batch:us-east-1:1:job-definition/e:3", type: container, containerProperties: { vcpus: 1, memory: 128 }, simulation: { duration: 1 } }
  - { jobDefinitionName: d, revision: 9, jobDefinitionArn: "arn:aws:batch:us-east-1:1:job-definition/d:8", type: container, containerProperties: { vcpus: 1, memory: 128 }, simulation: { duration: 1 } }
  - { jobDefinitionName: d, revision: 0, type: container, containerProperties: { vcpus: 1, memory: 128 }, simulation: { duration: 1 } }
`);
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['jobDefinitions[1].revision', 'Job definition "d" revision 2 is registered twice (also jobDefinitions[0]); each revision of a name is registered once'],
      ['jobDefinitions[2].jobDefinitionArn', 'jobDefinitionArn names job definition "e", but jobDefinitionName is "d"'],
      ['jobDefinitions[3].revision', 'revision 9 disagrees with jobDefinitionArn, which ends in :8'],
      ['jobDefinitions[4].revision', 'revision must be ≥ 1, received 0'],
    ]);
  });
});
