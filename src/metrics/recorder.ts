// What a run records as it goes for metrics.csv and events.jsonl (issue #5, DESIGN §4): the
// Simulation's tables keep only each job's latest state, so the history that the metric series
// and the EventBridge events need is caught by the `onTransition` / `onQueueBlocked` listeners.
//
// Memory stays bounded by the run's activity, not its job count or its length: per job queue and
// metrics period in which something happened, a handful of counters (differences of the state
// counts, how many jobs entered each state, duration sums); an empty period costs nothing. The event log (only with `events`) is one compact typed row
// per transition; the envelopes are built after the run, when the job ids are known.
import { JobKind, JobStatus, countsAsJob } from '../model/jobs.js';
import type { RunResult } from '../sim/run-result.js';
import { Simulation, type SimulateOptions, type TransitionListener } from '../sim/simulation.js';
import { bothListeners } from '../sim/context.js';
import type { Scenario } from '../scenario/types.js';
import { ShareSampler, changesHold, policyTimeline } from './share-metrics.js';

/** Number of job states (JobStatus 0‥6). */
export const STATES = 7;

/** Duration metrics: which stretch of a job's life each one measures (docs/outputs.md). */
export const DurationKind = { SUBMITTED_TO_RUNNABLE: 0, RUNNABLE_TO_STARTING: 1, STARTING_TO_RUNNING: 2, RUNNING_TO_STOPPED: 3 } as const;
export const DURATIONS = 4;

/** Event-log code of a "Batch Job Queue Blocked" entry (job states use 0‥6). */
export const BLOCKED = 7;

/** metrics.csv's period when none is asked for (--metrics-period). */
export const DEFAULT_METRICS_PERIOD_SECONDS = 60;

export interface RecordOptions {
  /** Period of metrics.csv, seconds (a whole number ≥ 1). Default 60. */
  metricsPeriodSeconds?: number;
  /** Keep the transition log that events.jsonl is written from (and EventBridge rules are matched against). Default false. */
  events?: boolean;
  /** Write events.jsonl from that log (false: keep it for rules only). Default true. */
  eventsFile?: boolean;
  /**
   * Leave the children of array jobs with more than this many children out of the event log
   * (their parent's events stay, with `arrayProperties.statusSummary`). Default: keep all.
   * 0 leaves every child out.
   */
  eventsArrayChildLimit?: number;
}

/**
 * Counters of the periods in which something happened, one row of `width` numbers per period index
 * (or boundary index), created on first use: a run's memory and metrics.csv grow with its activity,
 * not with empty simulated time. Transitions arrive in time order, so the last row used is cached.
 */
export class PeriodTable {
  private readonly rows = new Map<number, Float64Array>();
  private lastKey = -1;
  private lastRow: Float64Array | null = null;

  constructor(readonly width: number) {}

  /** The row of period (or boundary) `k`, zeros when new. */
  row(k: number): Float64Array {
    if (k === this.lastKey) return this.lastRow!;
    let r = this.rows.get(k);
    if (!r) {
      r = new Float64Array(this.width);
      this.rows.set(k, r);
    }
    this.lastKey = k;
    this.lastRow = r;
    return r;
  }

  /** The row of `k` if anything was counted there. */
  get(k: number): Float64Array | undefined {
    return this.rows.get(k);
  }

  /** Indices with a row, ascending. */
  keys(): number[] {
    return [...this.rows.keys()].sort((a, b) => a - b);
  }
}

const int32 = (n: number) => new Int32Array(n);
const float64 = (n: number) => new Float64Array(n);

/** Columns of QueueCounters.boundary: Δ of jobs in each state (0‥6), then Δ of RUNNABLE vCPUs. */
export const RUNNABLE_VCPUS = STATES;
/** Columns of QueueCounters.period: jobs entered per state (0‥6), then per duration kind its sum, count and maximum. */
export const DUR_SUM = STATES;
export const DUR_COUNT = STATES + DURATIONS;
export const DUR_MAX = STATES + 2 * DURATIONS;

/** Per job queue: counters by period, only for periods in which something happened. */
class QueueCounters {
  /** At boundary k (the state after everything up to t_k): Δ of each state's count, Δ of RUNNABLE vCPUs (prefix sums give the gauges). */
  readonly boundary = new PeriodTable(STATES + 1);
  /** During period k, [t_k, t_k+1): jobs that entered each state; duration sums, counts and maxima (seconds). */
  readonly period = new PeriodTable(STATES + 3 * DURATIONS);
}

/** One row per recorded transition (or blocked-queue report), in the order they happened. */
export class EventLog {
  count = 0;
  row = new Int32Array(1024);
  /** New status (0‥6) or BLOCKED. */
  code = new Uint8Array(1024);
  time = new Float64Array(1024);
  /** Transitions: the row's reason id (Simulation.reasons) after the change; BLOCKED: an id in `blockedReasons`. */
  reason = new Int32Array(1024);
  /** Attempts that had ended by then (AttemptLog.count), for DescribeJobs' `attempts` list. */
  attemptsEnded = new Int32Array(1024);
  /** statusSummary of an array parent at each of its own transitions, by log index. */
  readonly parentSummaries = new Map<number, Int32Array>();
  readonly blockedReasons: string[] = [];
  private readonly blockedIds = new Map<string, number>();

  add(row: number, code: number, time: number, reason: number, attemptsEnded: number): number {
    const i = this.count++;
    if (i >= this.row.length) {
      const n = this.row.length * 2;
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(n);
        b.set(a);
        return b;
      };
      this.row = grow(this.row, int32);
      this.code = grow(this.code, (k) => new Uint8Array(k));
      this.time = grow(this.time, float64);
      this.reason = grow(this.reason, int32);
      this.attemptsEnded = grow(this.attemptsEnded, int32);
    }
    this.row[i] = row;
    this.code[i] = code;
    this.time[i] = time;
    this.reason[i] = reason;
    this.attemptsEnded[i] = attemptsEnded;
    return i;
  }

  blockedReasonId(reason: string): number {
    let id = this.blockedIds.get(reason);
    if (id === undefined) {
      id = this.blockedReasons.length;
      this.blockedReasons.push(reason);
      this.blockedIds.set(reason, id);
    }
    return id;
  }
}

/**
 * Listens to one Simulation. Create it, pass `hooks()` to the Simulation, `attach` the
 * Simulation, run it; then metrics.ts and events.ts read what was recorded.
 */
export class RunRecorder {
  readonly periodMs: number;
  readonly events: EventLog | null;
  /** Whether the report writes events.jsonl from `events`. */
  readonly eventsFile: boolean;
  private sim: RunResult | null = null;
  private readonly queues: QueueCounters[] = [];
  /** Per job queue, its share readings (fair-share queues), or null; null for a run without fair share. */
  private shareSamplers: (ShareSampler | null)[] | null = null;
  /** When each row entered its current state (ms), for the duration metrics. */
  private enteredAt = new Float64Array(1024);
  private readonly childLimit: number;
  /** Transitions seen (the initial SUBMITTED of every row included). */
  transitions = 0;
  /** Time of the last transition, ms. */
  lastTransitionAt = 0;

  constructor(options: RecordOptions = {}) {
    const period = options.metricsPeriodSeconds ?? DEFAULT_METRICS_PERIOD_SECONDS;
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`the metrics period must be a whole number of seconds ≥ 1, received ${period}`);
    this.periodMs = period * 1000;
    this.events = options.events ? new EventLog() : null;
    this.eventsFile = options.events === true && options.eventsFile !== false;
    this.childLimit = options.eventsArrayChildLimit ?? Infinity;
  }

  get periodSeconds(): number {
    return this.periodMs / 1000;
  }

  attach(sim: RunResult): void {
    this.sim = sim;
    for (let q = 0; q < sim.jobQueues.length; q++) this.queues.push(new QueueCounters());
    const samplers = sim.jobQueues.map((queue) => (queue.runnable.shares ? new ShareSampler(queue, this.periodMs, policyTimeline(sim.scenario, queue.name)) : null));
    if (samplers.some((s) => s !== null)) this.shareSamplers = samplers;
  }

  hooks(): Pick<SimulateOptions, 'onTransition' | 'onQueueBlocked'> {
    return {
      onTransition: (row, from, to, timeMs) => this.transition(row, from, to, timeMs),
      onQueueBlocked: this.events ? (_q, row, reason, timeMs) => this.blocked(row, reason, timeMs) : undefined,
    };
  }

  /** Counters of queue `q` (metrics.ts). */
  counters(q: number): QueueCounters {
    return this.queues[q];
  }

  /** Share readings of queue `q` (metrics.ts), or null for a FIFO queue. */
  shares(q: number): ShareSampler | null {
    return this.shareSamplers?.[q] ?? null;
  }

  private transition(row: number, from: number, to: number, timeMs: number): void {
    this.transitions++;
    this.lastTransitionAt = timeMs;
    const sim = this.sim!;
    const jobs = sim.jobs;
    const kind = jobs.kind.data[row];
    if (this.events) this.logTransition(sim, row, kind, from, to, timeMs);
    // The queue's fair-share state is read before the queue hears of this change (its listener
    // runs after this one): share-metrics.ts says why that makes every reading exact.
    if (this.shareSamplers !== null && changesHold(from, to)) this.shareSamplers[sim.templates[jobs.template.data[row]].queue]?.beforeChange(timeMs);
    // Metrics count jobs as summary.json does: array children yes, array parents no. A child
    // exists from its createdAt, which is set when its parent spawns it (jobs.csv): the row's
    // placeholder SUBMITTED from the parent's submission is not counted; at the child's first
    // real transition its SUBMITTED stretch [createdAt, now) is entered after the fact (usually
    // empty). Children never spawned by the end are added by metrics.ts.
    // …and a multi-node job once, by its MULTINODE row: its nodes are parts of it.
    if (!countsAsJob(kind)) return;
    const child = kind === JobKind.ARRAY_CHILD;
    if (child && from === -1) return;
    const q = this.queues[sim.templates[jobs.template.data[row]].queue];
    const P = this.periodMs;
    const boundary = Math.ceil(timeMs / P);
    const period = Math.floor(timeMs / P);
    if (child && from === JobStatus.SUBMITTED) {
      const created = jobs.createdAt.data[row];
      q.boundary.row(Math.ceil(created / P))[JobStatus.SUBMITTED]++;
      q.period.row(Math.floor(created / P))[JobStatus.SUBMITTED]++;
    }
    const diff = q.boundary.row(boundary);
    diff[to]++;
    if (from >= 0) diff[from]--;
    if (from === JobStatus.RUNNABLE || to === JobStatus.RUNNABLE) {
      const vcpus = sim.shapes.shapes[jobs.shape.data[row]].vcpus;
      if (to === JobStatus.RUNNABLE) diff[RUNNABLE_VCPUS] += vcpus;
      if (from === JobStatus.RUNNABLE) diff[RUNNABLE_VCPUS] -= vcpus;
    }
    const counts = q.period.row(period);
    counts[to]++;

    if (row >= this.enteredAt.length) {
      let n = this.enteredAt.length * 2;
      while (n <= row) n *= 2;
      const next = new Float64Array(n);
      next.set(this.enteredAt);
      this.enteredAt = next;
    }
    let kindOfDuration = -1;
    let since = 0;
    if (to === JobStatus.RUNNABLE && (from === JobStatus.SUBMITTED || from === JobStatus.PENDING)) {
      kindOfDuration = DurationKind.SUBMITTED_TO_RUNNABLE;
      since = jobs.createdAt.data[row];
    } else if (from === JobStatus.RUNNABLE && to === JobStatus.STARTING) {
      kindOfDuration = DurationKind.RUNNABLE_TO_STARTING;
      since = this.enteredAt[row];
    } else if (from === JobStatus.STARTING && to === JobStatus.RUNNING) {
      kindOfDuration = DurationKind.STARTING_TO_RUNNING;
      since = this.enteredAt[row];
    } else if (from === JobStatus.RUNNING) {
      kindOfDuration = DurationKind.RUNNING_TO_STOPPED;
      since = this.enteredAt[row];
    }
    if (kindOfDuration >= 0) {
      const seconds = (timeMs - since) / 1000;
      counts[DUR_SUM + kindOfDuration] += seconds;
      counts[DUR_COUNT + kindOfDuration]++;
      if (seconds > counts[DUR_MAX + kindOfDuration]) counts[DUR_MAX + kindOfDuration] = seconds;
    }
    this.enteredAt[row] = timeMs;
  }

  private logTransition(sim: RunResult, row: number, kind: number, from: number, to: number, timeMs: number): void {
    // EventBridge has no event for the initial submission (spec §14.1).
    if (from === -1) return;
    if (kind === JobKind.ARRAY_CHILD && sim.arrays.get(sim.jobs.parent.data[row])!.size > this.childLimit) return;
    const i = this.events!.add(row, to, timeMs, sim.jobs.reason.data[row], sim.attempts.count);
    if (kind === JobKind.ARRAY_PARENT) this.events!.parentSummaries.set(i, Int32Array.from(sim.arrays.get(row)!.statusSummary));
  }

  private blocked(row: number, reason: string, timeMs: number): void {
    const log = this.events!;
    log.add(row, BLOCKED, timeMs, log.blockedReasonId(reason), this.sim!.attempts.count);
  }
}

/** What a recorded run may be given besides what to record: another seed, one more listener, a wrapped policy (--trace). */
export type RecordedRunOptions = RecordOptions & Pick<SimulateOptions, 'seed' | 'onTransition' | 'schedulingPolicy'>;

/** Runs under a recorder (sims run this way can be written with metrics.csv and events.jsonl). */
export interface RecordedRun {
  sim: Simulation;
  recorder: RunRecorder;
}

const recorders = new WeakMap<RunResult, RunRecorder>();

/** The recorder a Simulation ran under (via simulateRecorded), if any. */
export function recorderOf(sim: RunResult): RunRecorder | undefined {
  return recorders.get(sim);
}

/**
 * simulate() with a RunRecorder listening. `onTransition` (e.g. a progress bar) is called too.
 */
export function simulateRecorded(scenario: Scenario, options: RecordedRunOptions = {}): RecordedRun {
  const recorded = recordedSimulation(scenario, options);
  recorded.sim.run();
  return recorded;
}

/** A Simulation with a RunRecorder listening, not yet run: drive it step by step (advanceTo) or run() it. */
export function recordedSimulation(scenario: Scenario, options: RecordedRunOptions = {}): RecordedRun {
  const recorder = new RunRecorder(options);
  const hooks = recorder.hooks();
  const onTransition = bothListeners(hooks.onTransition, options.onTransition);
  const sim = new Simulation(scenario, { seed: options.seed, onTransition, onQueueBlocked: hooks.onQueueBlocked, schedulingPolicy: options.schedulingPolicy });
  recorder.attach(sim);
  recorders.set(sim, recorder);
  return { sim, recorder };
}
