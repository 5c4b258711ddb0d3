// What fair share measures (spec §7, §17; docs/model.md "Fair share"): per share identifier of a
// queue, the vCPUs its jobs hold now and their usage over time, decayed exponentially with the
// policy's window, so a share that ran a lot recently waits behind one that did not.
//
//   H(t)   = ∫ r(x) · e^{−(t−x)/τ} dx      decayed vCPU-seconds (τ = shareDecaySeconds, 0 → 600 s)
//   key(t) = weight · (H(t) + τ · r(t))    the share with the lowest key is served first
//
// τ · r counts the vCPUs a share holds now as if it had held them for a whole window (what H
// tends to when r stays put), so what one cycle dispatches counts at once: two shares starting
// together split the room by their weights instead of the first taking it all. In steady state
// H = τ · r̄, so long-run vCPUs per share go as 1 / weight.

/** The window AWS uses when shareDecaySeconds is 0 (API FairsharePolicy, 2026 text). */
export const MIN_DECAY_SECONDS = 600;
/** A queue can have at most this many active share identifiers (API SubmitJob, CreateJobQueue). */
export const MAX_ACTIVE_SHARES = 500;

/** The decay window τ in seconds for a policy's shareDecaySeconds. */
export function decayWindowSeconds(shareDecaySeconds: number): number {
  return shareDecaySeconds > 0 ? shareDecaySeconds : MIN_DECAY_SECONDS;
}

/** H after `seconds` more with `vcpus` held all along, from `h`. */
export function decayed(h: number, vcpus: number, seconds: number, tau: number): number {
  if (seconds <= 0) return h;
  const keep = Math.exp(-seconds / tau);
  return h * keep + vcpus * tau * (1 - keep);
}

/** key = weight · (H + τ · r): what shares are ordered by (lowest first). */
export function shareKey(weight: number, usage: number, vcpus: number, tau: number): number {
  return weight * (usage + tau * vcpus);
}

/** One share identifier of one fair-share queue. */
export class ShareAccount {
  /** vCPUs its jobs hold now (STARTING or RUNNING). */
  vcpus = 0;
  /** Decayed vCPU-seconds at `at` (ms). */
  private h = 0;
  private at = 0;
  /** Jobs of the share not yet terminal (SUBMITTED … RUNNING): the share is active while any is. */
  openJobs = 0;
  /** When its last open job ended (ms), or −1: it stays active for the decay window after that. */
  idleSince = -1;

  constructor(readonly shareIdentifier: string, readonly index: number) {}

  /** Decayed vCPU-seconds at `now` (ms). */
  usage(now: number, tau: number): number {
    return decayed(this.h, this.vcpus, (now - this.at) / 1000, tau);
  }

  /** The share's jobs start or stop holding `delta` vCPUs at `now`. */
  hold(delta: number, now: number, tau: number): void {
    this.advance(now, tau);
    this.vcpus += delta;
    // Float sums of whole and quarter vCPUs can leave −1e−15 behind.
    if (Math.abs(this.vcpus) < 1e-9) this.vcpus = 0;
  }

  /** The window changed (UpdateSchedulingPolicy): what was used so far decays with the new one from now. */
  advance(now: number, tau: number): void {
    if (now <= this.at) return;
    this.h = this.usage(now, tau);
    this.at = now;
  }

  /** Active (spec §7.3): jobs open, or the last one ended less than a window ago. */
  active(now: number, tau: number): boolean {
    return this.openJobs > 0 || (this.idleSince >= 0 && now - this.idleSince < tau * 1000);
  }

  /** The share's selection key with this weight at `now` (lowest is served first). */
  key(now: number, tau: number, weight: number): number {
    return shareKey(weight, this.usage(now, tau), this.vcpus, tau);
  }
}
