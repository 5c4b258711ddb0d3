// Known answers for fair-share queues (spec §7; the model in docs/model.md "Fair share"), worked
// out by hand. Every scenario uses one UNMANAGED slot (no launch latency), no image pull, a 10 s
// scheduler cycle, and the 600 s window of shareDecaySeconds 0 (τ = 600). A share's key is
// w · (H + τ·r): H its decayed vCPU-seconds, r the vCPUs it holds, w its weight; lowest first.
// c(d) = 600·(1 − e^{−d/600}) is what one vCPU held for d seconds leaves in H at its end.
import { describe, expect, it } from 'vitest';
import { runYaml, type Run } from './helpers.js';

const SETTINGS = 'settings: { schedulerCycleSeconds: 10, imagePullSeconds: 0, cachedImageStartSeconds: 0 }';
const slot = (vcpus: number) => `
computeEnvironments:
  - computeEnvironmentName: fleet
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot, vcpus: ${vcpus}, memory: 16384, count: 1 }] }`;
const queue = (policy: string | null) => `
jobQueues:
  - { jobQueueName: q, priority: 1, ${policy ? `schedulingPolicyArn: ${policy}, ` : ''}computeEnvironmentOrder: [{ order: 1, computeEnvironment: fleet }] }`;

/** Child indices of array `name` that started at `t` seconds. */
function startedAt(run: Run, name: string, size: number, t: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < size; i++) if (run.job(`${name}:${i}`).startedAt === t) out.push(i);
  return out;
}

describe('two shares on one fleet, weights 1 (A) and 0.5 (B)', () => {
  const yaml = (extra = '', morePolicies = '') => `
name: fair-share-weights
${SETTINGS}
schedulingPolicies:
  - name: teams
    fairsharePolicy: { shareDecaySeconds: 0, shareDistribution: [{ shareIdentifier: B, weightFactor: 0.5 }] }
${morePolicies}
${slot(6)}
${queue('teams')}
jobDefinitions:
  - { jobDefinitionName: work, type: container, containerProperties: { vcpus: 1, memory: 512 }, simulation: { duration: 100 } }
jobs:
  - { jobName: a, jobQueue: q, jobDefinition: work, shareIdentifier: A, arrayProperties: { size: 10 } }
  - { jobName: b, jobQueue: q, jobDefinition: work, shareIdentifier: B, arrayProperties: { size: 10 } }
${extra}`;

  it('splits each wave 1 : 2 by weight, the first share to tie going first', () => {
    // t=0, six 1-vCPU slots, both shares at H = 0. Each start adds w·τ = 600 to A's key, 300 to
    // B's. Keys (A, B): (0, 0) tie → A (a was submitted first); (600, 0) → B; (600, 300) → B;
    // (600, 600) tie → A; (1200, 600) → B; (1200, 900) → B. Wave 1: a:0–1, b:0–3.
    // t=100 all six end. H_A = 2·c(100) = 184.2, H_B = 4·c(100) = 368.4, so the keys are 184.2 and
    // 0.5 · 368.4 = 184.2 — a tie again, and the same sequence: a:2–3, b:4–7.
    // t=200: B has only b:8–9 left; the sequence A, B, B, then A for the rest: a:4–7, b:8–9.
    // t=300: a:8–9. The run ends at 400.
    const run = runYaml(yaml());
    expect(startedAt(run, 'a', 10, 0)).toEqual([0, 1]);
    expect(startedAt(run, 'b', 10, 0)).toEqual([0, 1, 2, 3]);
    expect(startedAt(run, 'a', 10, 100)).toEqual([2, 3]);
    expect(startedAt(run, 'b', 10, 100)).toEqual([4, 5, 6, 7]);
    expect(startedAt(run, 'a', 10, 200)).toEqual([4, 5, 6, 7]);
    expect(startedAt(run, 'b', 10, 200)).toEqual([8, 9]);
    expect(startedAt(run, 'a', 10, 300)).toEqual([8, 9]);
    expect(run.endTime).toBe(400);
  });

  it('follows UpdateSchedulingPolicy from the moment it is made', () => {
    // At t=100 the weights become A 0.5, B 1 (before the cycle at 100: actions come first). Keys
    // 0.5·H_A = 0.5·184.2 = 92.1 and H_B = 368.4; a start adds 300 to A's key, 600 to B's. In
    // order: A (92.1 → 392.1), B (368.4 → 968.4), A (→ 692.1), A (→ 992.1), B (968.4 → 1568.4),
    // A (992.1 → 1292.1): wave 2 is four of A's, two of B's.
    const run = runYaml(yaml(`actions:
  - { at: 100, action: UpdateSchedulingPolicy, arn: teams, fairsharePolicy: { shareDecaySeconds: 0, shareDistribution: [{ shareIdentifier: A, weightFactor: 0.5 }] } }`));
    expect(startedAt(run, 'a', 10, 100)).toEqual([2, 3, 4, 5]);
    expect(startedAt(run, 'b', 10, 100)).toEqual([4, 5]);
  });

  it('follows UpdateJobQueue giving the queue another policy, keeping the usage so far', () => {
    // The same weights as above, from a second policy the queue is switched to at t=100.
    const run = runYaml(yaml(`actions:
  - { at: 100, action: UpdateJobQueue, jobQueue: q, schedulingPolicyArn: "arn:aws:batch:us-east-1:123456789012:scheduling-policy/swapped" }`, `  - name: swapped
    fairsharePolicy: { shareDecaySeconds: 0, shareDistribution: [{ shareIdentifier: A, weightFactor: 0.5 }] }`));
    expect(startedAt(run, 'a', 10, 100)).toEqual([2, 3, 4, 5]);
    expect(startedAt(run, 'b', 10, 100)).toEqual([4, 5]);
  });
});

describe('a compute reservation keeps room for a share that arrives late', () => {
  it('holds back (50/100)^active of the fleet, and gives the late share what it frees', () => {
    // 8 vCPUs, computeReservation 50. t=0: only A is active: 8·(1 − 0.5) = 4 vCPUs for the queue:
    // a:0–3 start, a:4–9 wait with 4 vCPUs free. t=300: b is submitted, 2 shares are active:
    // 8·(1 − 0.25) = 6, so two more start — B's (H_B = 0 < H_A): b:0–1.
    // t=1000 a:0–3 end. H_A = 4·c(1000) = 1946.7, key 1946.7; H_B = 2·c(700) = 826.3, key
    // 826.3 + 600·2 = 2026.3. A, then B (2026.3 < 2546.7), then A (2546.7 < 2626.3), then B:
    // a:4, b:2, a:5, b:3 — 6 vCPUs held again. t=1300 b:0–1 end, B has no job waiting: a:6–7.
    // t=2000 a:4–5 and b:2–3 end: a:8–9 (B is still active: its last job ended < 600 s ago).
    const run = runYaml(`
name: fair-share-reservation
${SETTINGS}
schedulingPolicies:
  - name: teams
    fairsharePolicy: { shareDecaySeconds: 0, computeReservation: 50 }
${slot(8)}
${queue('teams')}
jobDefinitions:
  - { jobDefinitionName: work, type: container, containerProperties: { vcpus: 1, memory: 512 }, simulation: { duration: 1000 } }
jobs:
  - { jobName: a, jobQueue: q, jobDefinition: work, shareIdentifier: A, arrayProperties: { size: 10 } }
  - { jobName: b, jobQueue: q, jobDefinition: work, shareIdentifier: B, submitAt: 300, arrayProperties: { size: 4 } }
`);
    expect(startedAt(run, 'a', 10, 0)).toEqual([0, 1, 2, 3]);
    expect(startedAt(run, 'b', 4, 300)).toEqual([0, 1]);
    expect(startedAt(run, 'a', 10, 1000)).toEqual([4, 5]);
    expect(startedAt(run, 'b', 4, 1000)).toEqual([2, 3]);
    expect(startedAt(run, 'a', 10, 1300)).toEqual([6, 7]);
    expect(startedAt(run, 'a', 10, 2000)).toEqual([8, 9]);
    expect(run.endTime).toBe(3000);
  });
});

describe('schedulingPriority orders jobs within a share, not across shares', () => {
  const yaml = (fairShare: boolean) => `
name: fair-share-priority
${SETTINGS}
${fairShare ? `schedulingPolicies:
  - name: teams
    fairsharePolicy: { shareDecaySeconds: 0 }` : ''}
${slot(2)}
${queue(fairShare ? 'teams' : null)}
jobDefinitions:
  - { jobDefinitionName: work, type: container, containerProperties: { vcpus: 2, memory: 512 }, simulation: { duration: 100 } }
  - { jobDefinitionName: urgent, type: container, schedulingPriority: 9, containerProperties: { vcpus: 2, memory: 512 }, simulation: { duration: 100 } }
jobs:
  - { jobName: a1, jobQueue: q, jobDefinition: work, ${fairShare ? 'shareIdentifier: A, ' : ''}submitAt: 0 }
  - { jobName: a-low, jobQueue: q, jobDefinition: work, ${fairShare ? 'shareIdentifier: A, ' : ''}schedulingPriorityOverride: 1, submitAt: 1 }
  - { jobName: a-high, jobQueue: q, jobDefinition: urgent, ${fairShare ? 'shareIdentifier: A, ' : ''}submitAt: 2 }
  - { jobName: b1, jobQueue: q, jobDefinition: work, ${fairShare ? 'shareIdentifier: B, ' : ''}submitAt: 3 }
`;

  it('runs the share with less usage first, then the higher priority inside a share', () => {
    // One job at a time. t=0: a1 (alone). t=100: B (H = 0) before A (H_A = 2·c(100) = 184.2),
    // whatever a-high's priority: b1. t=200: H_A = 184.2·e^{−1/6} = 155.9 < H_B = 184.2: A, and
    // in A the definition's schedulingPriority 9 before the override 1: a-high, then a-low at 300.
    const run = runYaml(yaml(true));
    expect(['a1', 'b1', 'a-high', 'a-low'].map((n) => run.job(n).startedAt)).toEqual([0, 100, 200, 300]);
  });

  it('is ignored by a FIFO queue (submission order)', () => {
    const run = runYaml(yaml(false));
    expect(['a1', 'a-low', 'a-high', 'b1'].map((n) => run.job(n).startedAt)).toEqual([0, 100, 200, 300]);
  });
});

describe('the 500-active-share limit of a queue', () => {
  it('refuses the submission that would add a 501st active share, not one of an active share', () => {
    const jobs = Array.from({ length: 501 }, (_, i) => `  - { jobName: j${i}, jobQueue: q, jobDefinition: work, shareIdentifier: s${i} }`);
    jobs.push('  - { jobName: again, jobQueue: q, jobDefinition: work, shareIdentifier: s7 }');
    const run = runYaml(`
name: fair-share-limit
${SETTINGS}
schedulingPolicies:
  - { name: teams, fairsharePolicy: { shareDecaySeconds: 0 } }
${slot(64)}
${queue('teams')}
jobDefinitions:
  - { jobDefinitionName: work, type: container, containerProperties: { vcpus: 1, memory: 16 }, simulation: { duration: 60 } }
jobs:
${jobs.join('\n')}
`);
    expect(run.job('j499').status).toBe('SUCCEEDED');
    expect(run.job('j500')).toMatchObject({ status: 'FAILED', reason: 'SubmitJob refused: job queue q already has 500 active share identifiers', startedAt: null });
    expect(run.job('again').status).toBe('SUCCEEDED');
  });
});

describe('a trailing-* prefix entry', () => {
  it('splits its weight among the active identifiers it covers: the same run as weight N·w for each', () => {
    const yaml = (distribution: string) => `
name: fair-share-prefix
${SETTINGS}
schedulingPolicies:
  - name: teams
    fairsharePolicy: { shareDecaySeconds: 0, shareDistribution: ${distribution} }
${slot(12)}
${queue('teams')}
jobDefinitions:
  - { jobDefinitionName: work, type: container, containerProperties: { vcpus: 1, memory: 16 }, simulation: { duration: 100 } }
jobs:
  - { jobName: t1, jobQueue: q, jobDefinition: work, shareIdentifier: team1, arrayProperties: { size: 30 } }
  - { jobName: t2, jobQueue: q, jobDefinition: work, shareIdentifier: team2, arrayProperties: { size: 30 } }
  - { jobName: o, jobQueue: q, jobDefinition: work, shareIdentifier: other, arrayProperties: { size: 60 } }
`;
    const prefix = runYaml(yaml('[{ shareIdentifier: "team*", weightFactor: 1 }]'));
    const explicit = runYaml(yaml('[{ shareIdentifier: team1, weightFactor: 2 }, { shareIdentifier: team2, weightFactor: 2 }]'));
    const plain = runYaml(yaml('[]'));
    const starts = (run: Run) => [...run.jobs.keys()].filter((n) => n.includes(':')).map((n) => `${n}@${run.job(n).startedAt}`);
    expect(starts(prefix)).toEqual(starts(explicit));
    // …and the prefix does change the run (all weights 1 would not give "other" half the fleet).
    expect(starts(prefix)).not.toEqual(starts(plain));
    // While all three have work, "other" (weight 1) holds half of the 12 vCPUs: 6 of the first wave.
    expect(startedAt(prefix, 'o', 60, 0)).toHaveLength(6);
  });
});
