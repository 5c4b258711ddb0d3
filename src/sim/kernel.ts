// The event loop of a run (DESIGN §1, after Batsim): a clock, the event queue, and a table from
// event kind to its handler (its phase is in event-kinds.ts). It knows when the run's work has
// ended, when the run has stopped making progress, and when the horizon cuts it — not what any
// event means. The parts of the run register their handlers; the kernel calls them in order.
import { EventQueue } from '../engine/event-queue.js';
import { PHASE_OF, TRAITS_OF, Trait } from './event-kinds.js';

export type Handler = (arg: number) => void;

/** The run handled more events than SimulateOptions.maxEvents allowed (a livelock, in a test). */
export class EventBudgetExceeded extends Error {
  constructor(readonly events: number, readonly timeMs: number) {
    super(`the run handled more than ${events} events (simulated time ${timeMs / 1000} s): it is not making progress`);
  }
}

/** Why a run was stopped for making no progress (summary.json `stalled`). */
export interface StallReport {
  atMs: number;
  waitingJobs: number;
  reason: string;
}

/** Job counts the lifecycle keeps up to date, for the end-of-work and stall rules. */
export class Progress {
  /** Jobs (rows) not yet in a terminal state. */
  openJobs = 0;
  /** Jobs PENDING (waiting on dependencies). */
  pendingJobs = 0;
  /** Jobs STARTING or RUNNING. */
  activeJobs = 0;
  /** Changes of any kind so far — job states, and instances launched, ready or terminated: the run's end moves only when this does. */
  changes = 0;
  /** The last time a job was created or changed state. */
  lastProgress = 0;
}

export class Kernel {
  now = 0;
  /** Phase of the event being handled (a cycle requested after the cycle phase goes to the next slot). */
  phase = 0;
  /** Time of the last event that changed something; the run's end. */
  endTime = 0;
  eventsProcessed = 0;
  stalled: StallReport | null = null;
  /** The horizon cut the run with work left. */
  cut = false;
  readonly progress = new Progress();
  private readonly events = new EventQueue();
  private readonly handlers: Handler[] = [];
  private readonly skipped: (Handler | undefined)[] = [];
  /** Input events (submissions, workload arrivals, API calls) still queued. */
  private pendingInputs = 0;
  /** Other queued events that may unblock waiting jobs later (market moves, time-limit wake-ups). */
  private pendingTimers = 0;
  /** Queued events of the kinds dropped once the work has ended (Trait.DroppedAfterWork). */
  private pendingSkippable = 0;
  private ended = false;

  constructor(
    private readonly horizonMs: number,
    private readonly maxEvents: number,
    private readonly stallMs: number,
  ) {}

  /** Registers the handler of an event kind; `onSkipped` runs instead once the work has ended, for kinds skipped then. */
  on(kind: number, handler: Handler, onSkipped?: Handler): void {
    this.handlers[kind] = handler;
    this.skipped[kind] = onSkipped;
  }

  push(at: number, kind: number, arg: number): void {
    const traits = TRAITS_OF[kind];
    if (traits & Trait.Input) this.pendingInputs++;
    else if (traits & Trait.Timer) this.pendingTimers++;
    if (traits & Trait.DroppedAfterWork) this.pendingSkippable++;
    this.events.push(at, PHASE_OF[kind], kind, arg);
  }

  /** Every job is terminal and nothing more will be submitted or called. */
  workDone(): boolean {
    return this.progress.openJobs === 0 && this.pendingInputs === 0;
  }

  /**
   * Nothing that matters is scheduled: every queued event would be dropped as it came (the work
   * has ended, or nothing can make progress). A run driven in steps is then only waiting for input.
   */
  get idle(): boolean {
    return this.events.size === this.pendingSkippable && (this.workDone() || this.noProgressBy(this.now));
  }

  /**
   * Handles every event up to and including `untilMs` (in (time, phase, sequence) order) and
   * returns whether the run goes on. After the work, Spot notices and market moves of idle
   * capacity, cycles and stale timers neither happen nor keep the run (and its bill) going.
   * With a finite `untilMs` the run does not end when the queue runs dry (whoever drives it may
   * submit more: see `idle`) and the clock stands at `untilMs`; with Infinity it does.
   */
  advanceTo(untilMs: number): boolean {
    const ev = this.events;
    while (!this.ended) {
      if (ev.size === 0) {
        if (untilMs !== Infinity) return this.standAt(untilMs);
        this.ended = true;
        break;
      }
      if (ev.peekTime() > untilMs) return this.standAt(untilMs);
      ev.pop();
      if (++this.eventsProcessed > this.maxEvents) throw new EventBudgetExceeded(this.maxEvents, ev.time);
      const kind = ev.kind;
      const traits = TRAITS_OF[kind];
      if (traits & Trait.Input) this.pendingInputs--;
      else if (traits & Trait.Timer) this.pendingTimers--;
      // Events that no longer matter once the work has ended — or once nothing can make progress
      // any more — are dropped: a Spot notice drawn for some far-off day neither bills idle
      // capacity until then nor dates the run's end.
      if (traits & Trait.DroppedAfterWork) {
        this.pendingSkippable--;
        if (this.workDone() || this.noProgressBy(ev.time)) {
          // A cycle still wanted then is the mark of a run going round without progress (launch,
          // idle out, launch again): the run is stopped, and says so.
          if (traits & Trait.StallEvidence && !this.workDone()) this.stall(ev.time);
          this.skipped[kind]?.(ev.arg);
          continue;
        }
      }
      if (ev.time > this.horizonMs) {
        this.cut = true;
        this.ended = true;
        this.endTime = this.horizonMs;
        this.now = this.horizonMs;
        break;
      }
      this.now = ev.time;
      this.phase = ev.phase;
      const before = this.progress.changes;
      this.handlers[kind](ev.arg);
      if (this.progress.changes !== before) this.endTime = this.now;
    }
    return false;
  }

  /** Paused at `untilMs` with nothing due before it: the clock stands there. */
  private standAt(untilMs: number): boolean {
    if (untilMs > this.now) this.now = Math.min(untilMs, this.horizonMs);
    return true;
  }

  /**
   * The general guard against runs that go on without progress: jobs wait, none is running,
   * nothing is to come from outside or from the market, and no job has changed state for longer
   * than any launch-and-scale-in round could take (the stall window). Nothing can then make
   * progress: from that time cycles, Spot notices and market moves are dropped (instances still
   * scale in), and the waiting jobs stay RUNNABLE with their blocked reasons.
   */
  private noProgressBy(t: number): boolean {
    const p = this.progress;
    return p.openJobs > 0 && p.activeJobs === 0 && this.pendingInputs === 0 && this.pendingTimers === 0 && t - p.lastProgress > this.stallMs;
  }

  /** Records that the run was going round without progress at `t` (summary.json `stalled`). */
  private stall(t: number): void {
    if (this.stalled) return;
    const p = this.progress;
    this.stalled = {
      atMs: t,
      waitingJobs: p.openJobs,
      reason: `no job changed state for ${Math.round((t - p.lastProgress) / 1000)} s with none running and nothing left to submit, yet the scheduler kept acting`,
    };
  }

}
