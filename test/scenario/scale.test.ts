// A large scenario is checked in time (and memory) proportional to its size: cross-references
// between jobs, actions, queues and job definitions are looked up, not searched, and a problem
// lists a few of the jobs it concerns rather than all of them. A 2 MB file once took minutes.
// Times are measured against reading the same text, so the bounds hold on any machine.
import { describe, expect, it } from 'vitest';
import { readSource } from '../../src/scenario/source.js';
import { problemsOfText } from '../helpers/problems.js';

/** Enough entries that a quadratic check costs several times the (linear) reading. */
const N = 20_000;
/** Where a quadratic search was in the problem path, fewer entries already show it. */
const SMALL = 5_000;

function base(extra: object): string {
  return JSON.stringify({
    computeEnvironments: [{ computeEnvironmentName: 'ce', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 16, instanceTypes: ['c5'] } }],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }] }],
    jobDefinitions: [{ jobDefinitionName: 'd', type: 'container', containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 60 } }],
    ...extra,
  });
}

const jobs = (n: number, f: (i: number) => object = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ jobName: `j${i}`, jobQueue: 'q', jobDefinition: 'd', ...f(i) }));

/**
 * Problems, and the time checking took beyond reading the text: reading (the yaml library, about a
 * second per MB) is linear; what follows must be too, so it is bounded by a multiple of it.
 */
function check(text: string): { problems: ReturnType<typeof problemsOfText>; ms: number } {
  let t = performance.now();
  readSource(text, true);
  const read = performance.now() - t;
  t = performance.now();
  const problems = problemsOfText(text, 'big.json');
  return { problems, ms: (performance.now() - t) / (read + 500) };
}

describe('large scenarios', () => {
  it('reports unknown dependencies without sorting every job name again for each', () => {
    const { problems, ms } = check(base({ jobs: jobs(SMALL, () => ({ dependsOn: [{ jobId: 'nowhere' }] })) }));
    expect(problems).toHaveLength(SMALL);
    expect(problems[0]!.message).toMatch(/^Unknown job "nowhere": jobId must be the jobName of another job in this file \(known: "j0", "j1", "j10", /);
    expect(ms).toBeLessThan(1.5);
  });

  it('resolves actions to jobs by name, known or not', () => {
    const known = check(base({ jobs: jobs(N), actions: Array.from({ length: N }, (_, i) => ({ at: 10, action: 'CancelJob', jobId: `j${i}`, reason: 'x' })) }));
    expect(known.problems).toEqual([]);
    expect(known.ms).toBeLessThan(1.5);
    const unknown = check(base({ jobs: jobs(SMALL), actions: Array.from({ length: SMALL }, (_, i) => ({ at: 10, action: 'CancelJob', jobId: `zz${i}`, reason: 'x' })) }));
    expect(unknown.problems).toHaveLength(SMALL);
    expect(unknown.ms).toBeLessThan(1.5);
  });

  it('checks each job\'s queue state against the queue\'s changes by bisection', () => {
    const actions = Array.from({ length: N }, (_, i) => ({ at: i, action: 'UpdateJobQueue', jobQueue: 'q', state: i % 2 ? 'ENABLED' : 'DISABLED' }));
    const { problems, ms } = check(base({ jobs: jobs(N, (i) => ({ submitAt: i + 0.5 })), actions }));
    // A job submitted just after a DISABLED change (even i) is refused; after an ENABLED one it is not.
    expect(problems).toHaveLength(N / 2);
    expect(problems[0]!.message).toBe('Job queue "q" is DISABLED at 0.5 s (set by actions[0] at 0 s), and AWS Batch refuses SubmitJob to a disabled queue');
    expect(ms).toBeLessThan(1.5);
  });

  it('registers many revisions of one job definition and finds them by number', () => {
    const defs = Array.from({ length: N }, () => ({ jobDefinitionName: 'd', type: 'container', containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 60 } }));
    const { problems, ms } = check(base({ jobDefinitions: defs, jobs: jobs(N, (i) => ({ jobDefinition: `d:${i + 1}` })) }));
    expect(problems).toEqual([]);
    expect(ms).toBeLessThan(1.5);
  });

  it('names a few of the jobs an ambiguous jobId could mean, not all of them', () => {
    const n = 5000;
    const { problems, ms } = check(base({ jobs: Array.from({ length: n }, () => ({ jobName: 'a', jobQueue: 'q', jobDefinition: 'd', dependsOn: [{ jobId: 'a' }] })) }));
    expect(problems).toHaveLength(n);
    expect(problems[1]!.message).toBe(`Ambiguous jobId "a": ${n - 1} jobs have this jobName (jobs[0], jobs[2], jobs[3], jobs[4], jobs[5], … ${n - 6} more); give them distinct names`);
    expect(ms).toBeLessThan(1.5);
  });
});
