// The RUNNABLE jobs of a fair-share job queue in dispatch order (spec §7.3): the share with the
// lowest weighted usage first (share-usage.ts), inside it the highest schedulingPriority, then
// retried jobs (most recently re-queued first), then submission order. The queue also keeps the
// policy's compute reservation: while shares are active, (computeReservation/100)^active of the
// queue's maximum vCPUs is held back for shares not yet active, so a late share finds room.
import type { FairsharePolicySpec } from '../scenario/types.js';
import { holdsResources, isTerminal } from './jobs.js';
import { RangeHeap } from './range-heap.js';
import type { RunnableQueue, ShareState } from './runnable-queue.js';
import { MAX_ACTIVE_SHARES, ShareAccount, decayWindowSeconds, shareKey } from './share-usage.js';
import { SUBMIT_REFUSED } from './status-reasons.js';

/** What the queue reads of the run: each row's submission and size, the clock, the queue's capacity. */
export interface FairShareRows {
  /** Template of the row (what its submission shares: shareIdentifier, schedulingPriority). */
  template(row: number): number;
  shareIdentifier(template: number): string;
  schedulingPriority(template: number): number;
  vcpus(row: number): number;
  /** Whether the row still waits (RUNNABLE): placed by backfill or cancelled rows are passed over. */
  waiting(row: number): boolean;
  /** Whether the queue takes submissions (a DISABLED queue refuses them: they never count for a share). */
  enabled(): boolean;
  readonly now: number;
  /** Σ maxvCpus of the queue's compute environments now (an UNMANAGED one counts its fleet's vCPUs). */
  maxVcpus(): number;
}

/** The entry of a shareDistribution that applies to an identifier: exact, else the trailing-`*` prefix; null: weight 1. */
export function distributionEntry(policy: FairsharePolicySpec, shareIdentifier: string): { shareIdentifier: string; weightFactor: number } | null {
  let prefix: { shareIdentifier: string; weightFactor: number } | null = null;
  for (const e of policy.shareDistribution) {
    if (e.shareIdentifier === shareIdentifier) return e;
    if (e.shareIdentifier.endsWith('*') && shareIdentifier.startsWith(e.shareIdentifier.slice(0, -1))) prefix = e;
  }
  return prefix;
}

interface Share {
  account: ShareAccount;
  runnable: RangeHeap;
  /** Its distribution entry's weightFactor (1 when none applies). */
  weightFactor: number;
  /** When a prefix entry applies, that entry's index in `prefixes` (its weight is split among its active identifiers); else −1. */
  prefix: number;
}

export class FairShareRunnableQueue implements RunnableQueue {
  private policy: FairsharePolicySpec;
  private tau: number;
  private readonly all: Share[] = [];
  private readonly byIdentifier = new Map<string, Share>();
  /** Share of each template seen (−1: not looked up yet). */
  private readonly templateShare: number[] = [];
  /** Prefix entries of the policy, in shareDistribution order. */
  private prefixes: string[] = [];
  /** Re-queued jobs so far: a retried job's order key, most recent first. */
  private requeued = 0;
  /** The share peek() chose, which shift() takes from. */
  private chosen: Share | null = null;
  /** vCPUs the queue's jobs hold now. */
  private held = 0;
  /** New jobs refused for the active-share limit, until they are recorded FAILED. */
  private readonly refused = new Set<number>();
  size = 0;

  constructor(policy: FairsharePolicySpec, private readonly rows: FairShareRows) {
    this.policy = policy;
    this.tau = decayWindowSeconds(policy.shareDecaySeconds);
    this.applyWeights();
  }

  /** UpdateSchedulingPolicy, or UpdateJobQueue naming another policy: new weights, window and reservation from now. */
  setPolicy(policy: FairsharePolicySpec): void {
    const now = this.rows.now;
    for (const s of this.all) s.account.advance(now, this.tau);
    this.policy = policy;
    this.tau = decayWindowSeconds(policy.shareDecaySeconds);
    this.applyWeights();
  }

  pushRange(first: number, last: number, createdAt: number): void {
    const share = this.shareOf(first);
    share.runnable.push(-this.rows.schedulingPriority(this.rows.template(first)), createdAt, first, last);
    this.size += last - first + 1;
  }

  pushFront(row: number): void {
    // A retried job goes to the front of its share (spec §6.5): ahead of the jobs of its priority.
    const share = this.shareOf(row);
    share.runnable.push(-this.rows.schedulingPriority(this.rows.template(row)), -1 - this.requeued++, row, row);
    this.size++;
  }

  /**
   * The head: the first job of the waiting share with the lowest key (ties: the earlier head job),
   * or −1 when none waits — or when starting it would take the queue into the compute reservation
   * (a queue holding nothing may always start its head, or a reservation larger than any room
   * left would hold it forever).
   */
  peek(): number {
    this.chosen = null;
    const now = this.rows.now;
    const counts = this.prefixCounts(now);
    let best: Share | null = null;
    let bestKey = Infinity;
    for (const s of this.all) {
      // Rows placed from behind the head (backfill) or cancelled leave here, not at the cycle.
      while (s.runnable.size > 0 && !this.rows.waiting(s.runnable.peek())) {
        s.runnable.shift();
        this.size--;
      }
      if (s.runnable.size === 0) continue;
      const key = s.account.key(now, this.tau, this.weightOf(s, counts));
      if (best === null || key < bestKey || (key === bestKey && this.headBefore(s, best))) {
        best = s;
        bestKey = key;
      }
    }
    if (best === null) return -1;
    this.chosen = best;
    const row = best.runnable.peek();
    if (this.held > 0 && this.held + this.rows.vcpus(row) > this.cap(now)) return -1;
    return row;
  }

  shift(): void {
    const share = this.chosen ?? (this.peek(), this.chosen);
    if (share === null) return;
    share.runnable.shift();
    this.size--;
    this.chosen = null;
  }

  /**
   * Waiting runs in the order the shares' keys give now, each share's in its own order, up to what
   * the reservation lets the queue hold: scale-out buys no instances for jobs that could not start.
   */
  forEachRun(visit: (first: number, last: number) => boolean): void {
    const now = this.rows.now;
    const counts = this.prefixCounts(now);
    const waiting = this.all.filter((s) => s.runnable.size > 0);
    const keys = new Map(waiting.map((s) => [s, s.account.key(now, this.tau, this.weightOf(s, counts))]));
    waiting.sort((a, b) => keys.get(a)! - keys.get(b)! || (this.headBefore(a, b) ? -1 : 1));
    let room = this.cap(now) - this.held;
    // The first job may go when the queue holds nothing, whatever the reservation (see peek()).
    let oneFree = this.held === 0;
    let going = true;
    for (const s of waiting) {
      s.runnable.forEachRun((first, last) => {
        const vcpus = this.rows.vcpus(first);
        let fit = Math.floor(room / vcpus);
        if (fit <= 0 && oneFree) fit = 1;
        oneFree = false;
        if (fit <= 0) return (going = false);
        const end = Math.min(last, first + fit - 1);
        room -= (end - first + 1) * vcpus;
        going = visit(first, end);
        return going && end === last;
      });
      if (!going) return;
    }
  }

  /** A job of this queue changed state: what its share holds and whether it is open follow. */
  transition(row: number, from: number, to: number): void {
    const now = this.rows.now;
    if (from === -1) {
      // A new job: SubmitJob refuses it when the queue is DISABLED, or when its share would be one
      // active share too many (spec §7.1); a refused job never makes its share active.
      const share = this.shareOf(row);
      if (!this.rows.enabled() || (!share.account.active(now, this.tau) && this.activeShares(now) >= MAX_ACTIVE_SHARES)) {
        this.refused.add(row);
        return;
      }
      share.account.openJobs++;
      return;
    }
    if (this.refused.size > 0 && this.refused.has(row)) {
      if (isTerminal(to)) this.refused.delete(row);
      return;
    }
    const a = this.shareOf(row).account;
    const holds = holdsResources(to);
    if (holdsResources(from) !== holds) {
      const v = holds ? this.rows.vcpus(row) : -this.rows.vcpus(row);
      a.hold(v, now, this.tau);
      this.held += v;
      if (Math.abs(this.held) < 1e-9) this.held = 0;
    }
    if (isTerminal(to) && !isTerminal(from) && --a.openJobs === 0) a.idleSince = now;
  }

  /** Why SubmitJob refuses this new job for its share (the active-share limit), or null; a DISABLED queue's own refusal comes first (lifecycle). */
  refusal(row: number, queueName: string): string | null {
    return this.refused.has(row) ? `${SUBMIT_REFUSED} job queue ${queueName} already has ${MAX_ACTIVE_SHARES} active share identifiers` : null;
  }

  /**
   * The shares as they stand at `now` (reports), in the order they first had a job: `now` may be
   * later than the last job state change (usage decays meanwhile), never earlier.
   */
  shares(now: number): ShareState[] {
    const counts = this.prefixCounts(now);
    return this.all.map((s) => {
      const weightFactor = this.weightOf(s, counts);
      const usage = s.account.usage(now, this.tau);
      const vcpus = s.account.vcpus;
      return { shareIdentifier: s.account.shareIdentifier, weightFactor, usage, vcpus, key: shareKey(weightFactor, usage, vcpus, this.tau), active: s.account.active(now, this.tau) };
    });
  }

  /** vCPUs the queue's jobs may hold now: all but the reservation for shares not yet active. */
  private cap(now: number): number {
    const reserved = Math.pow(this.policy.computeReservation / 100, this.activeShares(now));
    return this.rows.maxVcpus() * (1 - reserved);
  }

  private activeShares(now: number): number {
    let active = 0;
    for (const s of this.all) if (s.account.active(now, this.tau)) active++;
    return active;
  }

  private shareOf(row: number): Share {
    const t = this.rows.template(row);
    const known = this.templateShare[t];
    if (known !== undefined && known >= 0) return this.all[known];
    const id = this.rows.shareIdentifier(t);
    let share = this.byIdentifier.get(id);
    if (!share) {
      share = { account: new ShareAccount(id, this.all.length), runnable: new RangeHeap(), weightFactor: 1, prefix: -1 };
      this.weigh(share);
      this.all.push(share);
      this.byIdentifier.set(id, share);
    }
    while (this.templateShare.length <= t) this.templateShare.push(-1);
    this.templateShare[t] = share.account.index;
    return share;
  }

  private applyWeights(): void {
    this.prefixes = this.policy.shareDistribution.filter((e) => e.shareIdentifier.endsWith('*')).map((e) => e.shareIdentifier);
    for (const s of this.all) this.weigh(s);
  }

  private weigh(share: Share): void {
    const entry = distributionEntry(this.policy, share.account.shareIdentifier);
    share.weightFactor = entry?.weightFactor ?? 1;
    share.prefix = entry && entry.shareIdentifier !== share.account.shareIdentifier ? this.prefixes.indexOf(entry.shareIdentifier) : -1;
  }

  /**
   * A prefix entry's weight is split among the active identifiers it covers (2023 user guide: N
   * identifiers under `UserA*` at weight w each get weight N·w), so the prefix as a whole gets
   * one entry's share. Counts of active identifiers per prefix entry, at `now`.
   */
  private prefixCounts(now: number): number[] {
    const counts = this.prefixes.map(() => 0);
    if (counts.length === 0) return counts;
    for (const s of this.all) if (s.prefix >= 0 && s.account.active(now, this.tau)) counts[s.prefix]++;
    return counts;
  }

  private weightOf(share: Share, prefixCounts: number[]): number {
    return share.prefix >= 0 ? share.weightFactor * Math.max(1, prefixCounts[share.prefix]) : share.weightFactor;
  }

  /** Whether a's head job comes before b's: re-queued first, then submitted earlier, then by row. */
  private headBefore(a: Share, b: Share): boolean {
    const ka = a.runnable.firstKey2;
    const kb = b.runnable.firstKey2;
    return ka < kb || (ka === kb && a.runnable.peek() < b.runnable.peek());
  }
}
