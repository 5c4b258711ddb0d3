// Fair-share scheduling policies in the scenario file (spec §7, §6.7, §11.2–11.3): the
// schedulingPolicies section, queues that name a policy, share identifiers and scheduling
// priorities on jobs, definitions and workloads, and the two actions.
import { describe, expect, it } from 'vitest';
import { weightFor } from '../../src/scenario/scheduling-policies.js';
import type { FairsharePolicySpec } from '../../src/scenario/types.js';

const policy = (shareDistribution: FairsharePolicySpec['shareDistribution']): FairsharePolicySpec =>
  ({ shareDecaySeconds: 0, computeReservation: 0, shareDistribution });

describe('weightFor', () => {
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
