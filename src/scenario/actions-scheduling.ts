// The fair-share side of `actions` (spec §6.7, §7): UpdateSchedulingPolicy, and UpdateJobQueue's
// schedulingPolicyArn. Kept apart from actions.ts, which reads the rest of the actions.
import type { Fields } from './check.js';
import type { JobQueueInfo } from './job-queues.js';
import { resolveReference } from './references.js';
import { readFairsharePolicy, type SchedulingPolicyInfo } from './scheduling-policies.js';
import { UNSUPPORTED } from './unsupported.js';
import type { ActionSpec } from './types.js';

/**
 * UpdateSchedulingPolicy: `arn` names the policy (a name or an ARN) and `fairsharePolicy` replaces
 * the policy's as a whole, defaults included, as the API's request does. It is required here: an
 * update without it would change nothing that batchsim models.
 */
export function readUpdateSchedulingPolicy(f: Fields, atMs: number | undefined, policies: Map<string, SchedulingPolicyInfo>): ActionSpec | undefined {
  f.allow(['at', 'action', 'arn', 'fairsharePolicy'], [], UNSUPPORTED.schedulingPolicy);
  const policy = resolveReference(f, 'arn', 'scheduling-policy', policies);
  const fairsharePolicy = readFairsharePolicy(f, true);
  if (atMs === undefined || !policy || !fairsharePolicy) return undefined;
  return { atMs, action: 'UpdateSchedulingPolicy', schedulingPolicy: policy.name, fairsharePolicy };
}

/**
 * UpdateJobQueue's schedulingPolicyArn: the policy that replaces a fair-share queue's. A FIFO queue
 * can never get one, and a policy can be replaced but not removed (spec §6.7). `ok` is false when
 * something was reported; `schedulingPolicy` is null when the field is absent (keep the policy).
 */
export function readQueuePolicyUpdate(
  f: Fields, queue: { name: string; info: JobQueueInfo } | undefined, policies: Map<string, SchedulingPolicyInfo>,
): { ok: boolean; schedulingPolicy: string | null } {
  const key = 'schedulingPolicyArn';
  if (!f.has(key)) return { ok: true, schedulingPolicy: null };
  if (f.raw(key) === '') {
    f.c.report(f.at(key), `schedulingPolicyArn cannot be removed: a fair-share job queue's scheduling policy can be replaced but not removed (spec §6.7)`);
    return { ok: false, schedulingPolicy: null };
  }
  const policy = resolveReference(f, key, 'scheduling-policy', policies);
  if (!policy) return { ok: false, schedulingPolicy: null };
  if (queue && queue.info.schedulingPolicy === null) {
    f.c.report(f.at(key),
      `UpdateJobQueue cannot give job queue "${queue.name}" a scheduling policy: it was created without schedulingPolicyArn, and a FIFO queue can never get one (spec §6.7)`);
    return { ok: false, schedulingPolicy: null };
  }
  return { ok: queue?.info.schedulingPolicy !== undefined, schedulingPolicy: policy.name };
}
