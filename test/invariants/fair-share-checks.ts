// Fair share recomputed from the output CSVs and the scenario only (docs/model.md "Fair share"),
// never from the engine's state: which policy a queue had when (its schedulingPolicyArn, then
// UpdateSchedulingPolicy / UpdateJobQueue actions), each share's decayed usage H from attempts.csv,
// which shares were active from jobs.csv, and the two checks fair-share-gangs.test.ts runs:
// the compute reservation (any scenario) and the order shares are served in (scenarios where one
// job runs at a time, fair-share-order.ts).
import { expect } from 'vitest';
import type { FairsharePolicySpec, Scenario } from '../../src/scenario/types.js';
import { ms, type CsvRow, type RunFiles } from './run-files.js';

/** The window AWS uses when shareDecaySeconds is 0 (docs/model.md). */
const MIN_WINDOW_SECONDS = 600;
const windowSeconds = (p: FairsharePolicySpec) => (p.shareDecaySeconds > 0 ? p.shareDecaySeconds : MIN_WINDOW_SECONDS);

/** The policies a queue had, from when (ms): its own, then each update that reached it. */
export type PolicyTimeline = { fromMs: number; policy: FairsharePolicySpec }[];

export function policyTimeline(s: Scenario, queueName: string): PolicyTimeline | null {
  const q = s.jobQueues.find((x) => x.jobQueueName === queueName)!;
  if (!q.schedulingPolicy) return null;
  const specs = new Map((s.schedulingPolicies ?? []).map((p) => [p.name, p.fairsharePolicy]));
  let current = q.schedulingPolicy;
  const out: PolicyTimeline = [{ fromMs: 0, policy: specs.get(current)! }];
  for (const a of s.actions) {
    if (a.action === 'UpdateSchedulingPolicy') {
      specs.set(a.schedulingPolicy, a.fairsharePolicy);
      if (a.schedulingPolicy === current) out.push({ fromMs: a.atMs, policy: a.fairsharePolicy });
    } else if (a.action === 'UpdateJobQueue' && a.jobQueue === queueName && a.schedulingPolicy) {
      current = a.schedulingPolicy;
      out.push({ fromMs: a.atMs, policy: specs.get(current)! });
    }
  }
  return out;
}

/** The policy in force at t (an update at t applies: actions come before the scheduler cycle). */
export function policyAt(timeline: PolicyTimeline, t: number): FairsharePolicySpec {
  let p = timeline[0].policy;
  for (const x of timeline) if (x.fromMs <= t) p = x.policy;
  return p;
}

export interface Held { from: number; to: number; vcpus: number }

/**
 * H(t) of one share: Σ vcpus · e^{−(t−x)/τ} dx over what it held before t, integrated piece by
 * piece between every start, end and policy change (τ changes with the policy; what was used so
 * far decays with the new window from the update on).
 */
export function usageAt(held: Held[], t: number, timeline: PolicyTimeline): number {
  const points = new Set<number>([0, t]);
  for (const h of held) for (const x of [h.from, h.to]) if (x < t) points.add(x);
  for (const x of timeline) if (x.fromMs < t) points.add(x.fromMs);
  const sorted = [...points].sort((a, b) => a - b);
  let h = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [a, b] = [sorted[i], sorted[i + 1]];
    let r = 0;
    for (const x of held) if (x.from <= a && a < x.to) r += x.vcpus;
    const tau = windowSeconds(policyAt(timeline, a));
    const keep = Math.exp(-(b - a) / 1000 / tau);
    h = h * keep + r * tau * (1 - keep);
  }
  return h;
}

/** Rows of a queue that count for its shares (nodes do not: their MULTINODE row does). */
export function shareRows(jobs: CsvRow[], queueName: string): CsvRow[] {
  return jobs.filter((j) => j.jobQueue === queueName && j.kind !== 'NODE');
}

/**
 * Share identifiers active at t (spec §7.3): one of its jobs created and not ended a window before
 * t (SUBMITTED … RUNNING, or its last job ended less than τ ago).
 */
export function activeShares(rows: CsvRow[], t: number, timeline: PolicyTimeline): Set<string> {
  const tauMs = windowSeconds(policyAt(timeline, t)) * 1000;
  const out = new Set<string>();
  for (const j of rows) {
    const stopped = ms(j.stoppedAt);
    if (ms(j.createdAt)! <= t && (stopped === null || t < stopped + tauMs)) out.add(j.shareIdentifier);
  }
  return out;
}

/** The shareDistribution entry that gives an identifier its weight: its own, else a covering prefix; null: weight 1. */
function entryOf(policy: FairsharePolicySpec, id: string): { shareIdentifier: string; weightFactor: number } | null {
  const own = policy.shareDistribution.find((e) => e.shareIdentifier === id);
  if (own) return own;
  return policy.shareDistribution.find((e) => e.shareIdentifier.endsWith('*') && id.startsWith(e.shareIdentifier.slice(0, -1))) ?? null;
}

/** A share's weight at t: its entry's weightFactor, × the active identifiers sharing a prefix entry (at least 1). */
export function weightAt(policy: FairsharePolicySpec, id: string, active: Set<string>): number {
  const e = entryOf(policy, id);
  if (!e) return 1;
  if (e.shareIdentifier === id) return e.weightFactor;
  let n = 0;
  for (const other of active) if (entryOf(policy, other) === e) n++;
  return e.weightFactor * Math.max(1, n);
}

/** The vCPUs a queue's job holds over each attempt: a job's attempt rows, a multi-node job over its main node's attempts (the job's vCPUs). */
export function heldByQueue(s: Scenario, files: RunFiles, queueName: string): (Held & { jobId: string; share: string })[] {
  const rows = new Map(files.jobs.map((j) => [j.jobId, j]));
  const out: (Held & { jobId: string; share: string })[] = [];
  for (const a of files.attempts) {
    const row = rows.get(a.jobId)!;
    if (row.jobQueue !== queueName) continue;
    let job = row;
    let vcpus = Number(a.vcpus);
    if (row.kind === 'NODE') {
      job = rows.get(a.jobId.slice(0, a.jobId.indexOf('#')))!;
      const spec = s.jobs.find((x) => x.jobName === job.jobName)!.nodeProperties!;
      if (!a.jobId.endsWith(`#${spec.mainNode}`)) continue;
      vcpus = Number(job.vcpus);
    }
    out.push({ from: ms(a.placedAt)!, to: ms(a.stoppedAt)!, vcpus, jobId: job.jobId, share: job.shareIdentifier });
  }
  return out;
}

/** Σ maxvCpus of a queue's environments (an UNMANAGED one: its fleet's vCPUs). */
export function queueMaxVcpus(s: Scenario, queueName: string): number {
  const q = s.jobQueues.find((x) => x.jobQueueName === queueName)!;
  let max = 0;
  for (const name of q.computeEnvironmentOrder) {
    const ce = s.computeEnvironments.find((c) => c.computeEnvironmentName === name)!;
    max += ce.computeResources ? ce.computeResources.maxvCpus : ce.fleet.reduce((n, x) => n + x.vcpus, 0);
  }
  return max;
}

/**
 * The compute reservation (docs/model.md): at every instant the queue starts jobs, what its jobs
 * hold afterwards is at most maxVcpus × (1 − (computeReservation/100)^active) — unless it held
 * nothing before and started just one job then (a queue holding nothing may always start its
 * head). What ends at that instant is counted as ended first (and an attempt that also began
 * then is left out), active shares as of the instant.
 * Returns how many start instants were checked with the reservation below the queue's maximum.
 */
export function checkReservation(s: Scenario, files: RunFiles): number {
  let binding = 0;
  for (const q of s.jobQueues) {
    const timeline = policyTimeline(s, q.jobQueueName);
    if (!timeline) continue;
    const rows = shareRows(files.jobs, q.jobQueueName);
    const held = heldByQueue(s, files, q.jobQueueName);
    const max = queueMaxVcpus(s, q.jobQueueName);
    for (const t of [...new Set(held.map((h) => h.from))].sort((a, b) => a - b)) {
      const before = held.filter((h) => h.from < t && h.to > t).reduce((n, h) => n + h.vcpus, 0);
      // An attempt placed and ended at this one instant (an image that failed to pull at once)
      // holds nothing afterwards; which came first among the instant's starts the files cannot
      // tell, so it is left out.
      const starting = held.filter((h) => h.from === t && h.to > t);
      if (starting.length === 0) continue;
      const after = before + starting.reduce((n, h) => n + h.vcpus, 0);
      const policy = policyAt(timeline, t);
      const active = activeShares(rows, t, timeline).size;
      const cap = max * (1 - (policy.computeReservation / 100) ** active);
      if (cap < max) binding++;
      if (before === 0 && starting.length === 1) continue;
      expect(after, `queue ${q.jobQueueName} at ${t / 1000} s: held ${before} + started ${starting.map((h) => `${h.jobId} (${h.vcpus})`).join(', ')} `
        + `> ${max} × (1 − (${policy.computeReservation}/100)^${active}) = ${cap}`).toBeLessThanOrEqual(cap + 1e-9);
    }
  }
  return binding;
}
