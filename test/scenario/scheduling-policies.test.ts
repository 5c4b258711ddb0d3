// Fair-share scheduling policies in the scenario file (spec §7, §6.7, §11.2–11.3): the
// schedulingPolicies section, queues that name a policy, share identifiers and scheduling
// priorities on jobs, definitions and workloads, and the two actions.
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { distributionEntry } from '../../src/model/fair-share-queue.js';
import type { FairsharePolicySpec, Scenario } from '../../src/scenario/types.js';
import { brokenFieldTests, problemsOfText, type BrokenFieldCase } from '../helpers/problems.js';

// Cases reach deep into plain JSON, so the document is loosely typed on purpose.
type Doc = Record<string, any>;

const ARN = 'arn:aws:batch:us-east-1:123456789012';

/** A valid scenario with a FIFO queue `q`, fair-share queues `fs` (by name) and `fs2` (by ARN), that each case breaks in one place. */
function base(): Doc {
  return {
    computeEnvironments: [
      { computeEnvironmentName: 'ce', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 256, instanceTypes: ['c5'] } },
    ],
    schedulingPolicies: [
      {
        name: 'teams',
        fairsharePolicy: {
          shareDecaySeconds: 3600, computeReservation: 25,
          shareDistribution: [{ shareIdentifier: 'blue', weightFactor: 0.5 }, { shareIdentifier: 'User*', weightFactor: 2 }, { shareIdentifier: 'red' }],
        },
        tags: { team: 'ml' },
      },
      { name: 'plain' },
    ],
    jobQueues: [
      { jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }] },
      { jobQueueName: 'fs', priority: 2, schedulingPolicyArn: 'teams', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }] },
      { jobQueueName: 'fs2', priority: 3, schedulingPolicyArn: `${ARN}:scheduling-policy/plain`, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }] },
    ],
    jobDefinitions: [
      { jobDefinitionName: 'work', type: 'container', containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 60 } },
      { jobDefinitionName: 'urgent', type: 'container', schedulingPriority: 70, containerProperties: { vcpus: 2, memory: 2048 }, simulation: { duration: 60 } },
    ],
    jobs: [
      { jobName: 'fifo', jobQueue: 'q', jobDefinition: 'work' },
      { jobName: 'shared', jobQueue: 'fs', jobDefinition: 'urgent', shareIdentifier: 'blue', submitAt: 1 },
      { jobName: 'override', jobQueue: `${ARN}:job-queue/fs2`, jobDefinition: 'urgent', shareIdentifier: 'UserA1', schedulingPriorityOverride: 9999, submitAt: 2 },
      { jobName: 'plainjob', jobQueue: 'fs', jobDefinition: 'work', shareIdentifier: 'red', submitAt: 3 },
    ],
    workloads: [
      { type: 'poisson', jobQueue: 'fs', jobDefinition: 'work', shareIdentifier: 'green', meanInterarrivalSeconds: 10, count: 3 },
      {
        type: 'synthetic', name: 'mixed', arrivals: { process: 'batch', count: 4 },
        mix: [
          { weight: 1, jobQueue: 'fs', jobDefinition: 'work', shareIdentifier: 'blue', schedulingPriorityOverride: 5 },
          { weight: 1, jobQueue: 'q', jobDefinition: 'work' },
        ],
      },
    ],
    actions: [
      { at: 100, action: 'UpdateJobQueue', jobQueue: 'fs', schedulingPolicyArn: `${ARN}:scheduling-policy/plain` },
      { at: 200, action: 'UpdateSchedulingPolicy', arn: 'teams', fairsharePolicy: { shareDistribution: [{ shareIdentifier: 'blue', weightFactor: 4 }] } },
    ],
  };
}

const load = (doc: Doc, strict = false): Scenario => parseScenario(JSON.stringify(doc, null, 2), 'case.json', { strict });
const problemsOf = (doc: Doc): Problem[] => problemsOfText(JSON.stringify(doc, null, 2), 'case.json');

describe('a fair-share scenario loads into normalized specs', () => {
  const s = load(base());

  it('reads schedulingPolicies with AWS\'s defaults: 0 s decay, 0 % reservation, weight 1.0, no entries', () => {
    expect(s.schedulingPolicies).toEqual([
      {
        name: 'teams',
        fairsharePolicy: {
          shareDecaySeconds: 3600, computeReservation: 25,
          shareDistribution: [{ shareIdentifier: 'blue', weightFactor: 0.5 }, { shareIdentifier: 'User*', weightFactor: 2 }, { shareIdentifier: 'red', weightFactor: 1 }],
        },
      },
      { name: 'plain', fairsharePolicy: { shareDecaySeconds: 0, computeReservation: 0, shareDistribution: [] } },
    ]);
  });

  it('resolves a queue\'s schedulingPolicyArn, a name or an ARN, to the policy\'s name; null for a FIFO queue', () => {
    expect(s.jobQueues.map((q) => [q.jobQueueName, q.schedulingPolicy])).toEqual([['q', null], ['fs', 'teams'], ['fs2', 'plain']]);
  });

  it('gives definitions their schedulingPriority (default 0)', () => {
    expect(s.jobDefinitions.map((d) => d.schedulingPriority)).toEqual([0, 70]);
  });

  it('gives each job its shareIdentifier (null on a FIFO queue) and schedulingPriority: the override, else the definition\'s, else 0', () => {
    expect(s.jobs.map((j) => [j.jobName, j.jobQueue, j.shareIdentifier, j.schedulingPriority])).toEqual([
      ['fifo', 'q', null, 0],
      ['shared', 'fs', 'blue', 70],
      ['override', 'fs2', 'UserA1', 9999],
      ['plainjob', 'fs', 'red', 0],
    ]);
  });

  it('carries shareIdentifier on a Poisson workload and shareIdentifier and schedulingPriorityOverride on mix entries', () => {
    expect(s.workloads[0]).toMatchObject({ type: 'poisson', jobQueue: 'fs', shareIdentifier: 'green' });
    const mix = s.workloads[1]!.type === 'synthetic' ? s.workloads[1]!.mix : [];
    expect(mix.map((m) => [m.jobQueue, m.shareIdentifier, m.schedulingPriority])).toEqual([['fs', 'blue', 5], ['q', null, undefined]]);
  });

  it('reads UpdateJobQueue(schedulingPolicyArn) and UpdateSchedulingPolicy, whose fairsharePolicy replaces the whole policy', () => {
    expect(s.actions).toEqual([
      { atMs: 100_000, action: 'UpdateJobQueue', jobQueue: 'fs', state: null, priority: null, computeEnvironmentOrder: null, schedulingPolicy: 'plain' },
      {
        atMs: 200_000, action: 'UpdateSchedulingPolicy', schedulingPolicy: 'teams',
        fairsharePolicy: { shareDecaySeconds: 0, computeReservation: 0, shareDistribution: [{ shareIdentifier: 'blue', weightFactor: 4 }] },
      },
    ]);
  });

  it('notes the policy\'s tags like other tags, and a priority override on a FIFO queue, which changes nothing there', () => {
    const doc = base();
    doc.jobs[0].schedulingPriorityOverride = 3;
    doc.workloads[1].mix[1].schedulingPriorityOverride = 4;
    const notices = load(doc).notices ?? [];
    expect(notices.map((n) => n.path)).toEqual(['schedulingPolicies[0].tags', 'jobs[0].schedulingPriorityOverride', 'workloads[1].mix[1].schedulingPriorityOverride']);
    expect(notices[1]!.message).toBe('schedulingPriorityOverride is accepted but changes nothing in the model: job queue "q" has no scheduling policy (FIFO), and a scheduling priority only orders jobs within a share of a fair-share queue');
    expect(() => load(doc, true)).toThrow(/schedulingPriorityOverride is accepted but changes nothing in the model.*\(--strict\)/);
  });
});

type Case = BrokenFieldCase<Doc>;

const entries = (d: Doc, ...list: object[]) => { d.schedulingPolicies[0].fairsharePolicy.shareDistribution = list; };

const cases: Case[] = [
  // --- the schedulingPolicies section --------------------------------------------------------
  {
    name: 'policy without a name',
    breakIt: (d) => { delete d.schedulingPolicies[1].name; },
    // What named it ("plain") is now unknown.
    paths: ['schedulingPolicies[1].name', 'jobQueues[2].schedulingPolicyArn', 'actions[0].schedulingPolicyArn'],
    message: 'name is required (a name of up to 128 letters, digits, hyphens (-) and underscores (_))',
  },
  {
    name: 'policy name with a character AWS refuses',
    breakIt: (d) => { d.schedulingPolicies[1].name = 'plain policy'; },
    paths: ['schedulingPolicies[1].name', 'jobQueues[2].schedulingPolicyArn', 'actions[0].schedulingPolicyArn'],
    message: 'name must be a name of up to 128 letters, digits, hyphens (-) and underscores (_), received "plain policy"',
  },
  {
    name: 'two policies with one name',
    breakIt: (d) => { d.schedulingPolicies[1].name = 'teams'; d.jobQueues[2].schedulingPolicyArn = 'teams'; d.actions[0].schedulingPolicyArn = 'teams'; },
    paths: ['schedulingPolicies[1].name'],
    message: 'Duplicate scheduling policy name "teams" (already used by schedulingPolicies[0])',
  },
  {
    name: 'shareDecaySeconds above one week',
    breakIt: (d) => { d.schedulingPolicies[0].fairsharePolicy.shareDecaySeconds = 604_801; },
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDecaySeconds'],
    message: 'fairsharePolicy.shareDecaySeconds must be between 0 and 604800, received 604801',
  },
  {
    name: 'shareDecaySeconds not a whole number',
    breakIt: (d) => { d.schedulingPolicies[0].fairsharePolicy.shareDecaySeconds = 1.5; },
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDecaySeconds'],
    message: 'fairsharePolicy.shareDecaySeconds must be an integer, received 1.5',
  },
  {
    name: 'computeReservation of 100',
    breakIt: (d) => { d.schedulingPolicies[0].fairsharePolicy.computeReservation = 100; },
    paths: ['schedulingPolicies[0].fairsharePolicy.computeReservation'],
    message: 'fairsharePolicy.computeReservation must be between 0 and 99, received 100',
  },
  {
    name: 'computeReservation below 0',
    breakIt: (d) => { d.schedulingPolicies[0].fairsharePolicy.computeReservation = -1; },
    paths: ['schedulingPolicies[0].fairsharePolicy.computeReservation'],
    message: 'fairsharePolicy.computeReservation must be between 0 and 99, received -1',
  },
  {
    name: 'weightFactor 0',
    breakIt: (d) => entries(d, { shareIdentifier: 'blue', weightFactor: 0 }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[0].weightFactor'],
    message: 'fairsharePolicy.shareDistribution[0].weightFactor must be between 0.0001 and 999.9999, received 0',
  },
  {
    name: 'weightFactor above 999.9999',
    breakIt: (d) => entries(d, { shareIdentifier: 'blue', weightFactor: 1000 }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[0].weightFactor'],
    message: 'fairsharePolicy.shareDistribution[0].weightFactor must be between 0.0001 and 999.9999, received 1000',
  },
  {
    name: 'share identifier with a hyphen (AWS: alphanumeric)',
    breakIt: (d) => entries(d, { shareIdentifier: 'team-a' }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[0].shareIdentifier'],
    message: 'fairsharePolicy.shareDistribution[0].shareIdentifier must be up to 255 letters and digits, optionally followed by a single * (a prefix), received "team-a"',
  },
  {
    name: 'share identifier of 256 characters',
    breakIt: (d) => entries(d, { shareIdentifier: 'a'.repeat(256) }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[0].shareIdentifier'],
    message: `fairsharePolicy.shareDistribution[0].shareIdentifier must be up to 255 letters and digits, optionally followed by a single * (a prefix), received "${'a'.repeat(57)}..."`,
  },
  {
    name: 'a * that is not at the end, and two of them',
    breakIt: (d) => entries(d, { shareIdentifier: 'a*b' }, { shareIdentifier: 'c**' }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[0].shareIdentifier', 'schedulingPolicies[0].fairsharePolicy.shareDistribution[1].shareIdentifier'],
    message: 'fairsharePolicy.shareDistribution[0].shareIdentifier must be up to 255 letters and digits, optionally followed by a single * (a prefix), received "a*b"',
  },
  {
    name: 'an entry without shareIdentifier',
    breakIt: (d) => entries(d, { weightFactor: 2 }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[0].shareIdentifier'],
    message: 'fairsharePolicy.shareDistribution[0].shareIdentifier is required (up to 255 letters and digits, optionally followed by a single * (a prefix))',
  },
  {
    name: 'the same identifier twice',
    breakIt: (d) => entries(d, { shareIdentifier: 'blue' }, { shareIdentifier: 'red' }, { shareIdentifier: 'blue', weightFactor: 3 }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[2].shareIdentifier'],
    message: 'Duplicate shareIdentifier "blue" in shareDistribution (also at shareDistribution[0])',
  },
  {
    name: 'a prefix and an identifier it covers (AWS\'s example, UserA* and UserA1)',
    breakIt: (d) => entries(d, { shareIdentifier: 'UserA*' }, { shareIdentifier: 'UserA1' }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[1].shareIdentifier'],
    message: 'shareIdentifier "UserA1" overlaps "UserA*" at shareDistribution[0]: "UserA*" covers every identifier that starts with "UserA", and the entries of a fair-share policy cannot overlap',
  },
  {
    name: 'an identifier, then a prefix that covers it',
    breakIt: (d) => entries(d, { shareIdentifier: 'UserA1' }, { shareIdentifier: 'red' }, { shareIdentifier: 'User*' }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[2].shareIdentifier'],
    message: 'shareIdentifier "User*" overlaps "UserA1" at shareDistribution[0]: "User*" covers every identifier that starts with "User", and the entries of a fair-share policy cannot overlap',
  },
  {
    name: 'two prefixes, one inside the other',
    breakIt: (d) => entries(d, { shareIdentifier: 'UserA*' }, { shareIdentifier: 'User*' }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[1].shareIdentifier'],
    message: 'shareIdentifier "User*" overlaps "UserA*" at shareDistribution[0]: "User*" covers every identifier that starts with "User", and the entries of a fair-share policy cannot overlap',
  },
  {
    name: 'the same prefix twice',
    breakIt: (d) => entries(d, { shareIdentifier: 'User*' }, { shareIdentifier: 'User*' }),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution[1].shareIdentifier'],
    message: 'Duplicate shareIdentifier "User*" in shareDistribution (also at shareDistribution[0])',
  },
  {
    name: 'more than 500 entries',
    breakIt: (d) => entries(d, ...Array.from({ length: 501 }, (_, i) => ({ shareIdentifier: `s${i}` }))),
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDistribution'],
    message: 'shareDistribution can have at most 500 entries (batchsim\'s bound, as many as a queue can have active share identifiers), received 501',
  },
  {
    name: 'unknown field in fairsharePolicy',
    breakIt: (d) => { d.schedulingPolicies[0].fairsharePolicy.shareDecay = 60; },
    paths: ['schedulingPolicies[0].fairsharePolicy.shareDecay'],
    message: 'Unknown field "shareDecay" (expected one of "shareDecaySeconds", "computeReservation", "shareDistribution")',
  },
  {
    name: 'quotaSharePolicy (SageMaker only)',
    breakIt: (d) => { d.schedulingPolicies[1].quotaSharePolicy = { idleResourceAssignmentStrategy: 'FIFO' }; },
    paths: ['schedulingPolicies[1].quotaSharePolicy'],
    message: 'quotaSharePolicy is for SageMaker training job queues, which are not supported (use fairsharePolicy)',
  },
  // --- queues --------------------------------------------------------------------------------
  {
    name: 'a queue naming a policy that does not exist',
    breakIt: (d) => { d.jobQueues[1].schedulingPolicyArn = 'team'; },
    paths: ['jobQueues[1].schedulingPolicyArn'],
    message: 'Unknown scheduling policy "team" (known: "plain", "teams")',
  },
  {
    name: 'a queue naming a policy by the ARN of something else',
    breakIt: (d) => { d.jobQueues[1].schedulingPolicyArn = `${ARN}:job-queue/teams`; },
    paths: ['jobQueues[1].schedulingPolicyArn'],
    message: `schedulingPolicyArn must be a scheduling policy name or an ARN ending in scheduling-policy/<name>, received "${ARN}:job-queue/teams"`,
  },
  // --- jobs and definitions ------------------------------------------------------------------
  {
    name: 'a job on a fair-share queue without shareIdentifier',
    breakIt: (d) => { delete d.jobs[1].shareIdentifier; },
    paths: ['jobs[1].shareIdentifier'],
    message: 'shareIdentifier is required: job queue "fs" has fair-share scheduling policy "teams", and AWS Batch refuses SubmitJob to it without a shareIdentifier',
  },
  {
    name: 'a job on a FIFO queue with shareIdentifier',
    breakIt: (d) => { d.jobs[0].shareIdentifier = 'blue'; },
    paths: ['jobs[0].shareIdentifier'],
    message: 'shareIdentifier is not allowed: job queue "q" has no scheduling policy (a FIFO queue), and AWS Batch refuses SubmitJob with a shareIdentifier to it',
  },
  {
    name: 'a job whose shareIdentifier is a prefix',
    breakIt: (d) => { d.jobs[1].shareIdentifier = 'User*'; },
    paths: ['jobs[1].shareIdentifier'],
    message: 'shareIdentifier must be a share identifier, not a prefix: a trailing * is only for a scheduling policy\'s shareDistribution, received "User*"',
  },
  {
    name: 'a job whose shareIdentifier has an underscore',
    breakIt: (d) => { d.jobs[1].shareIdentifier = 'team_a'; },
    paths: ['jobs[1].shareIdentifier'],
    message: 'shareIdentifier must be up to 255 letters and digits, received "team_a"',
  },
  {
    name: 'schedulingPriorityOverride above 9999',
    breakIt: (d) => { d.jobs[2].schedulingPriorityOverride = 10_000; },
    paths: ['jobs[2].schedulingPriorityOverride'],
    message: 'schedulingPriorityOverride must be between 0 and 9999, received 10000',
  },
  {
    name: 'schedulingPriorityOverride not a whole number',
    breakIt: (d) => { d.jobs[2].schedulingPriorityOverride = 2.5; },
    paths: ['jobs[2].schedulingPriorityOverride'],
    message: 'schedulingPriorityOverride must be an integer, received 2.5',
  },
  {
    name: 'a definition\'s schedulingPriority below 0',
    breakIt: (d) => { d.jobDefinitions[1].schedulingPriority = -1; },
    paths: ['jobDefinitions[1].schedulingPriority'],
    message: 'schedulingPriority must be between 0 and 9999, received -1',
  },
  {
    name: 'a queue whose policy is unknown: its jobs are not also told about shareIdentifier',
    breakIt: (d) => { d.jobQueues[1].schedulingPolicyArn = 'nope'; delete d.jobs[1].shareIdentifier; },
    paths: ['jobQueues[1].schedulingPolicyArn'],
    message: 'Unknown scheduling policy "nope" (known: "plain", "teams")',
  },
  // --- workloads -----------------------------------------------------------------------------
  {
    name: 'a Poisson workload on a fair-share queue without shareIdentifier',
    breakIt: (d) => { delete d.workloads[0].shareIdentifier; },
    paths: ['workloads[0].shareIdentifier'],
    message: 'shareIdentifier is required: job queue "fs" has fair-share scheduling policy "teams", and AWS Batch refuses SubmitJob to it without a shareIdentifier',
  },
  {
    name: 'a Poisson workload on a FIFO queue with shareIdentifier',
    breakIt: (d) => { d.workloads[0].jobQueue = 'q'; },
    paths: ['workloads[0].shareIdentifier'],
    message: 'shareIdentifier is not allowed: job queue "q" has no scheduling policy (a FIFO queue), and AWS Batch refuses SubmitJob with a shareIdentifier to it',
  },
  {
    name: 'a mix entry on a fair-share queue without shareIdentifier',
    breakIt: (d) => { delete d.workloads[1].mix[0].shareIdentifier; },
    paths: ['workloads[1].mix[0].shareIdentifier'],
    message: 'shareIdentifier is required: job queue "fs" has fair-share scheduling policy "teams", and AWS Batch refuses SubmitJob to it without a shareIdentifier',
  },
  {
    name: 'a mix entry on a FIFO queue with shareIdentifier',
    breakIt: (d) => { d.workloads[1].mix[1].shareIdentifier = 'blue'; },
    paths: ['workloads[1].mix[1].shareIdentifier'],
    message: 'shareIdentifier is not allowed: job queue "q" has no scheduling policy (a FIFO queue), and AWS Batch refuses SubmitJob with a shareIdentifier to it',
  },
  {
    name: 'a mix entry\'s schedulingPriorityOverride out of range',
    breakIt: (d) => { d.workloads[1].mix[0].schedulingPriorityOverride = 10_000; },
    paths: ['workloads[1].mix[0].schedulingPriorityOverride'],
    message: 'mix[0].schedulingPriorityOverride must be between 0 and 9999, received 10000',
  },
  {
    name: 'a single-kind generator on a fair-share queue without shareIdentifier',
    breakIt: (d) => { d.workloads[1] = { type: 'synthetic', name: 'one', arrivals: { process: 'batch', count: 2 }, jobQueue: 'fs2', jobDefinition: 'work' }; },
    paths: ['workloads[1].shareIdentifier'],
    message: 'shareIdentifier is required: job queue "fs2" has fair-share scheduling policy "plain", and AWS Batch refuses SubmitJob to it without a shareIdentifier',
  },
  // --- actions -------------------------------------------------------------------------------
  {
    name: 'UpdateJobQueue giving a FIFO queue a scheduling policy',
    breakIt: (d) => { d.actions[0].jobQueue = 'q'; },
    paths: ['actions[0].schedulingPolicyArn'],
    message: 'UpdateJobQueue cannot give job queue "q" a scheduling policy: it was created without schedulingPolicyArn, and a FIFO queue can never get one (spec §6.7)',
  },
  {
    name: 'UpdateJobQueue removing a queue\'s scheduling policy',
    breakIt: (d) => { d.actions[0].schedulingPolicyArn = ''; },
    paths: ['actions[0].schedulingPolicyArn'],
    message: 'schedulingPolicyArn cannot be removed: a fair-share job queue\'s scheduling policy can be replaced but not removed (spec §6.7)',
  },
  {
    name: 'UpdateJobQueue naming an unknown policy',
    breakIt: (d) => { d.actions[0].schedulingPolicyArn = `${ARN}:scheduling-policy/gone`; },
    paths: ['actions[0].schedulingPolicyArn'],
    message: 'Unknown scheduling policy "gone" (known: "plain", "teams")',
  },
  {
    name: 'UpdateSchedulingPolicy naming an unknown policy',
    breakIt: (d) => { d.actions[1].arn = `${ARN}:scheduling-policy/gone`; },
    paths: ['actions[1].arn'],
    message: 'Unknown scheduling policy "gone" (known: "plain", "teams")',
  },
  {
    name: 'UpdateSchedulingPolicy without arn',
    breakIt: (d) => { delete d.actions[1].arn; },
    paths: ['actions[1].arn'],
    message: 'arn is required (a scheduling policy name or ARN)',
  },
  {
    name: 'UpdateSchedulingPolicy without fairsharePolicy',
    breakIt: (d) => { delete d.actions[1].fairsharePolicy; },
    paths: ['actions[1].fairsharePolicy'],
    message: 'fairsharePolicy is required (a mapping { shareDecaySeconds, computeReservation, shareDistribution })',
  },
  {
    name: 'UpdateSchedulingPolicy with overlapping entries',
    breakIt: (d) => { d.actions[1].fairsharePolicy.shareDistribution = [{ shareIdentifier: 'a*' }, { shareIdentifier: 'ab*' }]; },
    paths: ['actions[1].fairsharePolicy.shareDistribution[1].shareIdentifier'],
    message: 'shareIdentifier "ab*" overlaps "a*" at shareDistribution[0]: "a*" covers every identifier that starts with "a", and the entries of a fair-share policy cannot overlap',
  },
  {
    name: 'UpdateSchedulingPolicy with a weightFactor out of range',
    breakIt: (d) => { d.actions[1].fairsharePolicy.shareDistribution[0].weightFactor = 0.00001; },
    paths: ['actions[1].fairsharePolicy.shareDistribution[0].weightFactor'],
    message: 'fairsharePolicy.shareDistribution[0].weightFactor must be between 0.0001 and 999.9999, received 0.00001',
  },
];

describe('fair-share problems, one broken field at a time', () => {
  brokenFieldTests(base, problemsOf, cases);
});


describe('schedulingPolicies in YAML', () => {
  it('places an overlap at the later entry\'s line', () => {
    const problems = problemsOfText(`
computeEnvironments: [{ computeEnvironmentName: ce, type: MANAGED, computeResources: { type: EC2, maxvCpus: 8, instanceTypes: [c5] } }]
schedulingPolicies:
  - name: p
    fairsharePolicy:
      shareDistribution:
        - { shareIdentifier: "UserA*", weightFactor: 1 }
        - { shareIdentifier: UserA1, weightFactor: 0.5 }
jobs: []
`);
    expect(problems.map((p) => [p.path, p.line])).toEqual([['schedulingPolicies[0].fairsharePolicy.shareDistribution[1].shareIdentifier', 8]]);
  });
});

const policy = (shareDistribution: FairsharePolicySpec['shareDistribution']): FairsharePolicySpec =>
  ({ shareDecaySeconds: 0, computeReservation: 0, shareDistribution });

/** The weightFactor the run gives an identifier's own entry (before a prefix's is split among the identifiers it covers). */
const weightFor = (p: FairsharePolicySpec, id: string) => distributionEntry(p, id)?.weightFactor ?? 1;

describe('the shareDistribution entry of an identifier (distributionEntry)', () => {
  const p = policy([
    { shareIdentifier: 'teamA', weightFactor: 0.5 },
    { shareIdentifier: 'User*', weightFactor: 2 },
    { shareIdentifier: 'blue', weightFactor: 0.125 },
  ]);

  it('gives an identifier its own entry\'s weight', () => {
    expect(weightFor(p, 'teamA')).toBe(0.5);
    expect(weightFor(p, 'blue')).toBe(0.125);
  });

  it('gives an identifier the weight of the prefix entry that covers it (not split among them)', () => {
    expect(weightFor(p, 'UserA1')).toBe(2);
    expect(weightFor(p, 'User')).toBe(2);
    expect(weightFor(p, 'Users7')).toBe(2);
  });

  it('gives 1.0 to identifiers the policy does not list, and matches case-sensitively', () => {
    expect(weightFor(p, 'teamB')).toBe(1);
    expect(weightFor(p, 'team')).toBe(1);
    expect(weightFor(p, 'user1')).toBe(1);
    expect(weightFor(p, 'TeamA')).toBe(1);
    expect(weightFor(policy([]), 'anything')).toBe(1);
  });

  it('prefers an exact entry over a prefix entry listed before it', () => {
    // Not a valid policy (the entries overlap) but the rule stays well defined.
    expect(weightFor(policy([{ shareIdentifier: 'a*', weightFactor: 3 }, { shareIdentifier: 'ab', weightFactor: 4 }]), 'ab')).toBe(4);
  });
});
