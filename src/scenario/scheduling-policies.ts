// `schedulingPolicies`: CreateSchedulingPolicy requests (spec §7.1), the fair-share policies that
// job queues name in schedulingPolicyArn, and what the rest of batchsim asks of a policy.
import type { FairsharePolicySpec } from './types.js';

/**
 * The weightFactor a policy gives `shareIdentifier`: its own entry's, else that of the prefix entry
 * (`UserA*`) that covers it, else 1.0, AWS's default for identifiers not listed (API ShareAttributes).
 * Entries of a valid policy never overlap, so at most one entry matches. How a prefix's weight is
 * shared among the identifiers it covers (spec §7.1) is the scheduler's business, not this.
 */
export function weightFor(policy: FairsharePolicySpec, shareIdentifier: string): number {
  let prefix: number | undefined;
  for (const e of policy.shareDistribution) {
    if (e.shareIdentifier === shareIdentifier) return e.weightFactor;
    if (prefix === undefined && e.shareIdentifier.endsWith('*') && shareIdentifier.startsWith(e.shareIdentifier.slice(0, -1))) prefix = e.weightFactor;
  }
  return prefix ?? 1;
}
