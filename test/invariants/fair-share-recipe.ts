// The `fairShare` knob of the random-scenario generator: fair-share scheduling policies (spec §7)
// on some queues of a built scenario, honouring the loader's guarantees — a job (or workload mix
// entry) of a fair-share queue has a shareIdentifier, one of a FIFO queue has none; identifiers are
// alphanumeric; shareDistribution entries never overlap (a trailing-* prefix entry and identifiers
// it covers are not both listed); schedulingPriority is 0..9999 and a submission's is its override
// or else its definition's; UpdateJobQueue gives a policy only to a queue that already has one.
import fc from 'fast-check';
import type { ActionSpec, FairsharePolicySpec, Scenario, SchedulingPolicySpec } from '../../src/scenario/types.js';

/** Share identifiers the jobs draw from; `team1..3` are covered by the `team*` entry when a policy lists it. */
export const SHARE_POOL = ['A', 'B', 'C', 'team1', 'team2', 'team3'] as const;
/** shareDistribution entries a policy draws from (pairwise non-overlapping). */
const ENTRY_POOL = ['A', 'B', 'C', 'team*'] as const;
const WEIGHTS = [0.1, 0.25, 0.5, 1, 2, 4];
const PRIORITIES = [0, 1, 5, 9, 100, 9999];

export interface PolicyRecipe {
  decay: number;
  reservation: number;
  entries: { id: number; weight: number }[];
}

export interface FairShareRecipe {
  policies: PolicyRecipe[];
  /** Per queue (modulo): the index of its policy (modulo), or null for FIFO. */
  queuePolicy: (number | null)[];
  /** Per job (and workload mix entry), modulo: its share and its schedulingPriorityOverride (null: the definition's). */
  shares: { share: number; priority: number | null }[];
  /** Per definition (modulo): schedulingPriority, or null (absent). */
  defPriority: (number | null)[];
  updates: { atMs: number; queue: boolean; target: number; policy: number; fairsharePolicy: PolicyRecipe }[];
}

export const policyRecipeArb: fc.Arbitrary<PolicyRecipe> = fc.record({
  decay: fc.oneof(fc.constant(0), fc.constantFrom(1, 30, 60), fc.integer({ min: 1, max: 3600 })),
  reservation: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 99 }) }),
  entries: fc.uniqueArray(fc.record({ id: fc.nat(ENTRY_POOL.length - 1), weight: fc.constantFrom(...WEIGHTS) }), { maxLength: 4, selector: (e) => e.id }),
});

export const fairShareRecipeArb: fc.Arbitrary<FairShareRecipe> = fc.record({
  policies: fc.array(policyRecipeArb, { minLength: 1, maxLength: 2 }),
  queuePolicy: fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.nat(1) }), { minLength: 1, maxLength: 4 }),
  shares: fc.array(
    fc.record({ share: fc.nat(SHARE_POOL.length - 1), priority: fc.oneof(fc.constant(null), fc.constantFrom(...PRIORITIES)) }),
    { minLength: 1, maxLength: 8 },
  ),
  defPriority: fc.array(fc.oneof(fc.constant(null), fc.constantFrom(...PRIORITIES)), { minLength: 1, maxLength: 4 }),
  updates: fc.array(
    fc.record({ atMs: fc.integer({ min: 0, max: 1_500_000 }), queue: fc.boolean(), target: fc.nat(3), policy: fc.nat(1), fairsharePolicy: policyRecipeArb }),
    { maxLength: 2 },
  ),
});

export function fairsharePolicyOf(p: PolicyRecipe): FairsharePolicySpec {
  return {
    shareDecaySeconds: p.decay,
    computeReservation: p.reservation,
    shareDistribution: p.entries.map((e) => ({ shareIdentifier: ENTRY_POOL[e.id], weightFactor: e.weight })),
  };
}

/** The scenario with the recipe's policies on some of its queues, share identifiers on their jobs, and policy updates. */
export function addFairShare(s: Scenario, r: FairShareRecipe): Scenario {
  const schedulingPolicies: SchedulingPolicySpec[] = r.policies.map((p, i) => ({ name: `p${i}`, fairsharePolicy: fairsharePolicyOf(p) }));
  const jobQueues = s.jobQueues.map((q, i) => {
    const pick = r.queuePolicy[i % r.queuePolicy.length];
    return pick === null ? q : { ...q, schedulingPolicy: schedulingPolicies[pick % schedulingPolicies.length].name };
  });
  const fairShare = new Set(jobQueues.filter((q) => q.schedulingPolicy).map((q) => q.jobQueueName));
  const jobDefinitions = s.jobDefinitions.map((d, i) => {
    const p = r.defPriority[i % r.defPriority.length];
    return p === null ? d : { ...d, schedulingPriority: p };
  });
  let n = 0;
  const share = () => r.shares[n++ % r.shares.length];
  const jobs = s.jobs.map((j) => {
    const x = share();
    const priority = x.priority ?? jobDefinitions[j.jobDefinition].schedulingPriority;
    return {
      ...j,
      ...(priority === undefined ? {} : { schedulingPriority: priority }),
      ...(fairShare.has(j.jobQueue) ? { shareIdentifier: SHARE_POOL[x.share] } : {}),
    };
  });
  const workloads = s.workloads.map((w) => {
    if (w.type === 'poisson') return fairShare.has(w.jobQueue) ? { ...w, shareIdentifier: SHARE_POOL[share().share] } : w;
    if (w.type !== 'synthetic') return w;
    return {
      ...w,
      mix: w.mix.map((m) => {
        if (!fairShare.has(m.jobQueue)) return m;
        const x = share();
        return { ...m, shareIdentifier: SHARE_POOL[x.share], ...(x.priority === null ? {} : { schedulingPriority: x.priority }) };
      }),
    };
  });
  const fairShareQueues = [...fairShare];
  const actions: ActionSpec[] = [...s.actions];
  for (const u of r.updates) {
    const policy = schedulingPolicies[u.policy % schedulingPolicies.length].name;
    if (!u.queue) {
      actions.push({ atMs: u.atMs, action: 'UpdateSchedulingPolicy', schedulingPolicy: policy, fairsharePolicy: fairsharePolicyOf(u.fairsharePolicy) });
    } else if (fairShareQueues.length > 0) {
      actions.push({
        atMs: u.atMs, action: 'UpdateJobQueue', jobQueue: fairShareQueues[u.target % fairShareQueues.length],
        state: null, priority: null, computeEnvironmentOrder: null, schedulingPolicy: policy,
      });
    }
  }
  actions.sort((a, b) => a.atMs - b.atMs);
  return { ...s, schedulingPolicies, jobQueues, jobDefinitions, jobs, workloads, actions };
}
