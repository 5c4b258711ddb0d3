// Fair share in metrics.csv (issue 11): per fair-share job queue and share identifier, the vCPUs
// the share's jobs hold (ShareRunningVcpus) and its decayed vCPU-seconds H (ShareUsage, the
// quantity the scheduler orders shares by; src/model/share-usage.ts). Both are read from the
// queue itself (RunnableQueue.shares), so they are the scheduler's own numbers, not a
// reconstruction.
//
// When to read: a share's vCPUs, and the slope of its H, change only when one of its jobs starts
// or stops holding vCPUs (enters or leaves STARTING/RUNNING). The recorder calls `beforeChange`
// just before the queue learns of such a change at t (boundary b = ⌈t/P⌉), so the queue still
// shows every earlier change and nothing later. The state at the boundary p of the previous
// change (after everything up to t_p) is final by then, and so is the state at b − 1 (nothing of
// the queue changed in between): both are read now. b itself is read at the next change, or at
// the end. So each datapoint is exact, and between two datapoints more than one period apart no
// job of the queue started or stopped holding.
//
// Over such a quiet stretch ShareRunningVcpus stays put, but ShareUsage relaxes exponentially
// towards τ · vCPUs; a straight line through two far-apart datapoints would misdraw it. So the
// stretch is also read every quarter of the decay window τ (at most MAX_BETWEEN times: after ten
// windows H is within e^−10 of where it settles), keeping a line through the datapoints close to
// the curve at a cost bounded per change, not per period of idle time.
//
// A policy change (UpdateSchedulingPolicy, UpdateJobQueue naming another policy) brings the
// queue's usage up to its time u and decays it with the new window from there; the queue cannot
// tell H before u any more. So a reading for a timestamp before u taken after u keeps its
// ShareRunningVcpus (unchanged across the stretch) and leaves out its ShareUsage: fewer
// datapoints near such a change, none of them wrong. The actions' times come from the scenario.
import type { JobQueue } from '../model/job-queue.js';
import { holdsResources } from '../model/jobs.js';
import { decayWindowSeconds } from '../model/share-usage.js';
import type { Scenario } from '../scenario/types.js';
import { asWritten, type Points } from '../util/sparse-series.js';

/** Whether the scenario has a fair-share job queue (jobs.csv's shareIdentifier column, the share metrics and chart). */
export function hasFairShareQueue(scenario: Scenario): boolean {
  return scenario.jobQueues.some((q) => !!q.schedulingPolicy);
}

/** Whether a transition changes what its job holds (and so its share's vCPUs and the slope of its usage). */
export function changesHold(from: number, to: number): boolean {
  return holdsResources(from) !== holdsResources(to);
}

/** When a fair-share queue's policy may change, and the shortest decay window it may have (seconds). */
export interface PolicyTimeline {
  /** Times (ms) of the actions that may change the queue's policy or its window, ascending. */
  changesMs: number[];
  windowSeconds: number;
}

/**
 * The queue's policy history as far as the scenario tells it: the actions that may change it
 * (every UpdateSchedulingPolicy of a policy it may use, every UpdateJobQueue giving it one) and
 * the shortest of those policies' windows (the readings are spaced by it: closer than needed
 * for a longer window, never too far apart).
 */
export function policyTimeline(scenario: Scenario, queueName: string): PolicyTimeline {
  const spec = scenario.jobQueues.find((q) => q.jobQueueName === queueName);
  const names = new Set<string>(spec?.schedulingPolicy ? [spec.schedulingPolicy] : []);
  const changesMs: number[] = [];
  for (const a of scenario.actions) {
    if (a.action === 'UpdateJobQueue' && a.jobQueue === queueName && a.schedulingPolicy) {
      names.add(a.schedulingPolicy);
      changesMs.push(a.atMs);
    }
  }
  const windows: number[] = [];
  for (const p of scenario.schedulingPolicies ?? []) if (names.has(p.name)) windows.push(decayWindowSeconds(p.fairsharePolicy.shareDecaySeconds));
  for (const a of scenario.actions) {
    if (a.action === 'UpdateSchedulingPolicy' && names.has(a.schedulingPolicy)) {
      windows.push(decayWindowSeconds(a.fairsharePolicy.shareDecaySeconds));
      changesMs.push(a.atMs);
    }
  }
  return { changesMs: changesMs.sort((x, y) => x - y), windowSeconds: windows.length > 0 ? Math.min(...windows) : decayWindowSeconds(0) };
}

/** Readings between two changes, at most: ten decay windows at a quarter window each. */
const MAX_BETWEEN = 40;

/** A gauge's readings, ascending; a run of equal values is kept as its first and last reading. */
class Readings implements Points {
  k: number[] = [];
  v: number[] = [];

  push(k: number, value: number): void {
    const v = asWritten(value);
    const n = this.k.length;
    if (n >= 2 && this.v[n - 1] === v && this.v[n - 2] === v) {
      this.k[n - 1] = k;
      return;
    }
    this.k.push(k);
    this.v.push(v);
  }

  copy(): Readings {
    const c = new Readings();
    c.k = [...this.k];
    c.v = [...this.v];
    return c;
  }
}

interface Track {
  shareIdentifier: string;
  vcpus: Readings;
  usage: Readings;
}

/** A share's two series, as metrics.csv writes them. */
export interface ShareSeries {
  shareIdentifier: string;
  vcpus: Points;
  usage: Points;
}

/** The share readings of one fair-share job queue. */
export class ShareSampler {
  /** Boundary of the latest change, not yet read (−1: none yet). */
  private pending = -1;
  private tracks: Track[] = [];

  constructor(
    private readonly queue: JobQueue,
    private readonly periodMs: number,
    private readonly policy: PolicyTimeline,
  ) {}

  /** A job of the queue is about to start or stop holding vCPUs at `timeMs` (the queue not told yet). */
  beforeChange(timeMs: number): void {
    const b = Math.ceil(timeMs / this.periodMs);
    if (this.pending === b) return;
    if (this.pending >= 0) this.readStretch(this.tracks, this.pending, b - 1, timeMs);
    this.pending = b;
  }

  /**
   * Each share's series up to the last timestamp (`last` ≥ the boundary of every change), the
   * queue as it stands at the end of the run (`endMs`) giving the readings after the last change.
   * Can be called more than once: what was recorded is not changed.
   */
  series(last: number, endMs: number): ShareSeries[] {
    const tracks = this.tracks.map((t) => ({ shareIdentifier: t.shareIdentifier, vcpus: t.vcpus.copy(), usage: t.usage.copy() }));
    this.readStretch(tracks, Math.max(0, this.pending), last, endMs);
    return tracks.map((t) => ({ shareIdentifier: t.shareIdentifier, vcpus: clip(t.vcpus, last), usage: clip(t.usage, last) }));
  }

  /**
   * Reads at `from`, every quarter decay window after it, and at `to` (≥ from), at `nowMs`:
   * nothing of the queue changed in between.
   */
  private readStretch(tracks: Track[], from: number, to: number, nowMs: number): void {
    this.read(tracks, from, nowMs);
    if (to <= from) return;
    const step = Math.max(1, Math.ceil((this.policy.windowSeconds * 1000) / 4 / this.periodMs));
    for (let j = 1, k = from + step; j <= MAX_BETWEEN && k < to; j++, k += step) this.read(tracks, k, nowMs);
    this.read(tracks, to, nowMs);
  }

  private read(tracks: Track[], k: number, nowMs: number): void {
    const atMs = k * this.periodMs;
    // The queue's usage is exact for `atMs` unless its policy changed after it, by now (see above).
    const usageKnown = !this.policy.changesMs.some((u) => u > atMs && u <= nowMs);
    const states = this.queue.runnable.shares!(atMs);
    for (let i = 0; i < states.length; i++) {
      const s = states[i];
      let t = tracks[i];
      if (t === undefined || t.shareIdentifier !== s.shareIdentifier) {
        t = tracks.find((x) => x.shareIdentifier === s.shareIdentifier) ?? this.newTrack(tracks, s.shareIdentifier, k);
      }
      t.vcpus.push(k, s.vcpus);
      if (usageKnown) t.usage.push(k, s.usage);
    }
  }

  /** A share first seen at k: before its first job it held nothing and had used nothing. */
  private newTrack(tracks: Track[], shareIdentifier: string, k: number): Track {
    const t: Track = { shareIdentifier, vcpus: new Readings(), usage: new Readings() };
    for (const x of k - 1 > 0 ? [0, k - 1] : k > 0 ? [0] : []) {
      t.vcpus.push(x, 0);
      t.usage.push(x, 0);
    }
    tracks.push(t);
    return t;
  }

}

function clip(r: Readings, last: number): Points {
  let n = r.k.length;
  while (n > 0 && r.k[n - 1] > last) n--;
  return { k: r.k.slice(0, n), v: r.v.slice(0, n) };
}
