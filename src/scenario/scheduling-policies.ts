// `schedulingPolicies`: CreateSchedulingPolicy requests (spec §7.1), the fair-share policies that
// job queues name in schedulingPolicyArn; and the fair-share rules of SubmitJob (spec §7.2,
// §11.3) that scenario jobs, generators and replayed traces share.
import { describe, fields, type Checker, type Fields } from './check.js';
import { LIMITS } from './defaults.js';
import { RESOURCE_NAME, RESOURCE_NAME_RULE, SHARE_ENTRY, SHARE_ENTRY_RULE, SHARE_IDENTIFIER, SHARE_IDENTIFIER_RULE } from './names.js';
import { UNSUPPORTED } from './unsupported.js';
import type { FairsharePolicySpec, SchedulingPolicySpec } from './types.js';

/** What queues and actions need to know about a policy, kept even when its fairsharePolicy has problems. */
export interface SchedulingPolicyInfo {
  index: number;
}

const KNOWN = ['name', 'fairsharePolicy'];
/** `arn` is in describe-scheduling-policies output, so a pasted policy reads too. */
const IGNORED = ['tags', 'arn'];
const FAIRSHARE_FIELDS = ['shareDecaySeconds', 'computeReservation', 'shareDistribution'];

export function readSchedulingPolicies(c: Checker, items: unknown[]): { specs: SchedulingPolicySpec[]; byName: Map<string, SchedulingPolicyInfo> } {
  const specs: SchedulingPolicySpec[] = [];
  const byName = new Map<string, SchedulingPolicyInfo>();
  items.forEach((item, i) => {
    const f = fields(c, item, `schedulingPolicies[${i}]`);
    if (!f) return;
    f.allow(KNOWN, IGNORED, UNSUPPORTED.schedulingPolicy);
    const name = f.string('name', { required: true, pattern: RESOURCE_NAME, rule: RESOURCE_NAME_RULE });
    const fairsharePolicy = readFairsharePolicy(f, false);
    if (name === undefined) return;
    const previous = byName.get(name);
    if (previous) {
      c.report(f.at('name'), `Duplicate scheduling policy name "${name}" (already used by schedulingPolicies[${previous.index}])`);
      return;
    }
    byName.set(name, { index: i });
    if (fairsharePolicy) specs.push({ name, fairsharePolicy });
  });
  return { specs, byName };
}

/**
 * `fairsharePolicy` of CreateSchedulingPolicy (optional there: absent means AWS's defaults) or of
 * UpdateSchedulingPolicy (`required`), with the defaults filled in; undefined when it has problems.
 */
export function readFairsharePolicy(f: Fields, required: boolean): FairsharePolicySpec | undefined {
  const p = f.object('fairsharePolicy', { required, what: 'a mapping { shareDecaySeconds, computeReservation, shareDistribution }' });
  if (!p) return f.has('fairsharePolicy') || required ? undefined : { shareDecaySeconds: 0, computeReservation: 0, shareDistribution: [] };
  p.allow(FAIRSHARE_FIELDS);
  const before = p.c.problems.length;
  const shareDecaySeconds = p.number('shareDecaySeconds', { integer: true, min: 0, max: LIMITS.shareDecaySecondsMax }) ?? 0;
  const computeReservation = p.number('computeReservation', { integer: true, min: 0, max: LIMITS.computeReservationMax }) ?? 0;
  const shareDistribution = readShareDistribution(p);
  if (p.c.problems.length > before || !shareDistribution) return undefined;
  return { shareDecaySeconds, computeReservation, shareDistribution };
}

function readShareDistribution(p: Fields): FairsharePolicySpec['shareDistribution'] | undefined {
  const list = p.list('shareDistribution');
  if (!list) return p.has('shareDistribution') ? undefined : [];
  const path = p.at('shareDistribution');
  if (list.length > LIMITS.shareDistributionMax) {
    // Not read further: comparing every pair of a huge list would take long for nothing.
    p.c.report(path, `shareDistribution can have at most ${LIMITS.shareDistributionMax} entries (batchsim's bound, as many as a queue can have active share identifiers), received ${list.length}`);
    return undefined;
  }
  const out: FairsharePolicySpec['shareDistribution'] = [];
  const kept: { id: string; j: number }[] = [];
  list.forEach((item, j) => {
    const e = fields(p.c, item, `${path}[${j}]`);
    if (!e) return;
    e.allow(['shareIdentifier', 'weightFactor']);
    const id = e.string('shareIdentifier', { required: true, pattern: SHARE_ENTRY, rule: SHARE_ENTRY_RULE });
    // AWS's range for the Float (API ShareAttributes); absent: 1.0, the weight of identifiers not listed.
    const weightFactor = e.number('weightFactor', { min: LIMITS.weightFactorMin, max: LIMITS.weightFactorMax }) ?? 1;
    if (id === undefined) return;
    const other = kept.find((k) => overlap(k.id, id));
    if (other) {
      const at = `shareDistribution[${other.j}]`;
      p.c.report(e.at('shareIdentifier'), other.id === id
        ? `Duplicate shareIdentifier ${describe(id)} in shareDistribution (also at ${at})`
        : `shareIdentifier ${describe(id)} overlaps ${describe(other.id)} at ${at}: ${coverage(other.id, id)}, and the entries of a fair-share policy cannot overlap`);
      return;
    }
    kept.push({ id, j });
    out.push({ shareIdentifier: id, weightFactor });
  });
  return out;
}

/** The prefix of a `*` entry, or null for an exact one. */
function prefixOf(entry: string): string | null {
  return entry.endsWith('*') ? entry.slice(0, -1) : null;
}

/** Some identifier would match both entries (API ShareAttributes: `UserA*` and `UserA1` overlap). */
function overlap(a: string, b: string): boolean {
  const pa = prefixOf(a);
  const pb = prefixOf(b);
  if (pa === null && pb === null) return a === b;
  if (pa !== null && pb !== null) return pa.startsWith(pb) || pb.startsWith(pa);
  return pa !== null ? b.startsWith(pa) : a.startsWith(pb!);
}

/** Why two overlapping entries overlap, said of the one that covers the other. */
function coverage(a: string, b: string): string {
  const pa = prefixOf(a);
  const pb = prefixOf(b);
  const wider = pa !== null && (pb === null || pb.startsWith(pa)) ? a : b;
  return `${describe(wider)} covers every identifier that starts with ${describe(prefixOf(wider)!)}`;
}

// --- SubmitJob's side (spec §7.2, §11.3) ------------------------------------------------------

/**
 * The shareIdentifier rule of SubmitJob: required on a fair-share queue, refused on a FIFO one.
 * `policy` is the queue's scheduling policy, null for FIFO, undefined when its schedulingPolicyArn
 * could not be resolved (reported there; nothing is said here). Says what is wrong after the
 * field's name ("shareIdentifier is required: …"), or undefined.
 */
export function shareRule(queue: string, policy: string | null | undefined, given: boolean): string | undefined {
  if (policy === undefined) return undefined;
  if (policy !== null && !given) {
    return `is required: job queue "${queue}" has fair-share scheduling policy "${policy}", and AWS Batch refuses SubmitJob to it without a shareIdentifier`;
  }
  if (policy === null && given) {
    return `is not allowed: job queue "${queue}" has no scheduling policy (a FIFO queue), and AWS Batch refuses SubmitJob with a shareIdentifier to it`;
  }
  return undefined;
}

/** A submitted job's shareIdentifier: the identifier rule, and what a trailing `*` means. */
export function shareIdentifierProblem(value: string): string | undefined {
  if (SHARE_IDENTIFIER.test(value)) return undefined;
  if (SHARE_ENTRY.test(value)) return `must be a share identifier, not a prefix: a trailing * is only for a scheduling policy's shareDistribution`;
  return `must be ${SHARE_IDENTIFIER_RULE}`;
}

/**
 * SubmitJob's `shareIdentifier` (a job, a Poisson workload, a mix entry), checked against the
 * queue it goes to when that is known. Returns the identifier, or null when none is given or it
 * is invalid (reported).
 */
export function readShareIdentifier(f: Fields, queue: { name: string; info: { schedulingPolicy: string | null | undefined } } | undefined): string | null {
  const key = 'shareIdentifier';
  const v = f.raw(key);
  let share: string | null = null;
  if (v !== undefined) {
    const why = typeof v === 'string' ? shareIdentifierProblem(v) : `must be ${SHARE_IDENTIFIER_RULE}`;
    if (why === undefined) share = v as string;
    else f.c.report(f.at(key), `shareIdentifier ${why}, received ${describe(v)}`);
  }
  const rule = queue && shareRule(queue.name, queue.info.schedulingPolicy, v !== undefined);
  if (rule) f.c.report(f.at(key), `shareIdentifier ${rule}`);
  return share;
}

/**
 * `key` (a definition's schedulingPriority, a submission's schedulingPriorityOverride): 0..9999,
 * higher first within a share (spec §7.2). On a FIFO queue it changes nothing: noted, not refused.
 */
export function readSchedulingPriority(
  f: Fields, key: string, queue?: { name: string; info: { schedulingPolicy: string | null | undefined } },
): number | undefined {
  const v = f.number(key, { integer: true, min: 0, max: LIMITS.schedulingPriorityMax });
  if (v !== undefined && queue && queue.info.schedulingPolicy === null) {
    f.c.notice(f.at(key),
      `${key} is accepted but changes nothing in the model: job queue "${queue.name}" has no scheduling policy (FIFO), and a scheduling priority only orders jobs within a share of a fair-share queue`);
  }
  return v;
}
