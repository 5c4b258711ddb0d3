// One run of a scenario: the event loop that drives the Batch model (jobs, arrays, queues,
// compute environments) through the scheduler's decisions, with the Fleet keeping the instances.
// Handlers here apply state changes; what to place where and what to launch is decided in
// src/scheduler, what capacity costs and when Spot takes it back in src/market.
import { EventQueue } from '../engine/event-queue.js';
import { Phase } from '../engine/phases.js';
import { KeyedStream } from '../engine/keyed-random.js';
import { RandomStreams, sample, type Rng } from '../engine/random.js';
import { fargate, ON_DEMAND, spot, type PurchaseOption } from '../market/purchase-options.js';
import { SpotMarket } from '../market/spot-market.js';
import { ArrayState } from '../model/arrays.js';
import { AttemptLog, AttemptOutcome, NO_EXIT_CODE } from '../model/attempts.js';
import { ComputeEnvironment, type InstanceOffer } from '../model/compute-environment.js';
import type { Instance } from '../model/instances.js';
import { JobQueue } from '../model/job-queue.js';
import { JobKind, JobStatus, JobTable, NO_EXIT_OVERRIDE, StringTable, isTerminal, type JobTemplate } from '../model/jobs.js';
import { shouldRetry } from '../model/retry.js';
import { ShapeTable } from '../model/shapes.js';
import {
  FARGATE_SPOT_INTERRUPTED, StatusReason, hostTerminated, insufficientCapacity, reasonCode, timeLimitCancelled,
} from '../model/status-reasons.js';
import { allocationStrategy } from '../scheduler/allocation.js';
import { PlaceOutcome, Scheduler } from '../scheduler/scheduler.js';
import type { ActionSpec, ComputeEnvironmentSpec, Scenario } from '../scenario/types.js';
import { EventKind, INPUT_KINDS, PHASE_OF, SKIPPED_AFTER_WORK } from './event-kinds.js';
import { Fleet } from './fleet.js';
import { openScenarioWorkload } from '../workload/open.js';
import type { WorkloadJob, WorkloadStream } from '../workload/types.js';

/** Receives every job state change as it happens (events and metrics subscribe here). */
export interface TransitionListener {
  (row: number, from: number, to: number, timeMs: number): void;
}

/**
 * Receives a queue's head job each time it is newly reported blocked with a non-empty reason
 * (events.jsonl "Batch Job Queue Blocked", issue #5).
 */
export interface QueueBlockedListener {
  (queueIndex: number, row: number, reason: string, timeMs: number): void;
}

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  onTransition?: TransitionListener;
  /** Report hook (issue #5): see QueueBlockedListener. */
  onQueueBlocked?: QueueBlockedListener;
  /**
   * A bound on events handled; past it the run throws EventBudgetExceeded. Tests over random
   * scenarios set it (so many events per job) so that a livelock fails a property instead of
   * hanging the suite.
   */
  maxEvents?: number;
}

/** The run handled more events than SimulateOptions.maxEvents allowed (a livelock, in a test). */
export class EventBudgetExceeded extends Error {
  constructor(readonly events: number, readonly timeMs: number) {
    super(`the run handled more than ${events} events (simulated time ${timeMs / 1000} s): it is not making progress`);
  }
}

type JobCall = Extract<ActionSpec, { action: 'CancelJob' | 'TerminateJob' }>;

interface WorkloadCursor {
  stream: WorkloadStream;
  /** The submission due next (already pulled from the stream). */
  pending: WorkloadJob | null;
  /** Template per (queue, definition) seen in this stream. */
  templates: Map<string, number>;
  /** jobName → row, for dependencies between the stream's jobs. */
  rows: Map<string, number>;
  emitted: number;
}

const CANCEL = 1;
const TERMINATE = 2;
/** Exit codes of a container stopped by SIGTERM / SIGKILL (timeouts end in SIGKILL, spec §17). */
const SIGTERM_EXIT = 143;
const SIGKILL_EXIT = 137;

export class Simulation {
  readonly seed: number;
  readonly jobs = new JobTable();
  readonly attempts = new AttemptLog();
  readonly templates: JobTemplate[] = [];
  readonly shapes = new ShapeTable();
  readonly reasons = new StringTable();
  readonly computeEnvironments: ComputeEnvironment[];
  readonly jobQueues: JobQueue[];
  readonly arrays = new Map<number, ArrayState>();
  readonly market: SpotMarket;
  readonly fleet: Fleet;
  /** Row of each scenario submission (Scenario.jobs index), −1 until submitted. */
  readonly submissionRow: Int32Array;
  /** Scenario.jobs index of each template, −1 for workload streams. */
  readonly templateSubmission: number[] = [];
  /** Names of workload rows (others are named by their template). */
  readonly rowNames = new Map<number, string>();
  /** Plain dependencies of workload rows, by row. */
  readonly workloadDeps = new Map<number, number[]>();
  /** Time of the last event that changed something; the run's end. */
  endTime = 0;
  /**
   * Set when the run was stopped because nothing could make progress any more (no job running,
   * nothing to come, jobs still waiting): when, and why. Null for a run that ended on its own.
   */
  stalled: { atMs: number; waitingJobs: number; reason: string } | null = null;
  /** Events handled (benchmarks report events per second). */
  eventsProcessed = 0;

  private readonly events = new EventQueue();
  private readonly streams: RandomStreams;
  /** Run times, keyed by (row, 0): a job's identity, whatever fleet it lands on. */
  private readonly durations: KeyedStream;
  /** Exit codes, keyed by (row, attempt). */
  private readonly failures: KeyedStream;
  private readonly scheduler: Scheduler;
  /** Plain dependents (rows) of each row that others wait on. */
  private readonly dependents = new Map<number, number[]>();
  private readonly workloads: WorkloadCursor[] = [];
  /** Submitted rows (not children) awaiting their first evaluation at the next cycle. */
  private submitted: number[] = [];
  /** Rows that reached a terminal state whose dependents have not been resolved yet. */
  private finished: number[] = [];
  /** CancelJob/TerminateJob calls made since the last cycle, carried out at the next (spec §17). */
  private pendingCalls: JobCall[] = [];
  private cycleAt = -1;
  private now = 0;
  private phase = 0;
  private readonly cycleMs: number;
  private readonly onTransition: TransitionListener | undefined;
  private readonly onQueueBlocked: QueueBlockedListener | undefined;
  private readonly maxEvents: number;
  /** Jobs (rows) not yet in a terminal state. */
  private openJobs = 0;
  /** Jobs PENDING (waiting on dependencies). */
  private pendingJobs = 0;
  /** Jobs STARTING or RUNNING. */
  private activeJobs = 0;
  /** Input events (submissions, workload arrivals, API calls) still in the queue. */
  private pendingInputs = 0;
  /** Other events that may unblock waiting jobs later (market moves, time-limit wake-ups). */
  private pendingTimers = 0;
  /** Job state changes so far. */
  private transitions = 0;
  /** The last time a job changed state or an input arrived. */
  private lastProgress = 0;
  private readonly stallMs: number;
  private readonly waitingView = {
    countWaiting: (first: number, last: number) => {
      const status = this.jobs.status.data;
      let n = 0;
      for (let r = first; r <= last; r++) if (status[r] === JobStatus.RUNNABLE) n++;
      return n;
    },
    shapeOf: (row: number) => this.jobs.shape.data[row],
  };

  constructor(readonly scenario: Scenario, options: SimulateOptions = {}) {
    this.seed = options.seed ?? scenario.seed;
    this.onTransition = options.onTransition;
    this.onQueueBlocked = options.onQueueBlocked;
    this.maxEvents = options.maxEvents ?? Infinity;
    this.stallMs = stallWindowMs(scenario);
    this.streams = new RandomStreams(this.seed);
    this.durations = new KeyedStream(this.seed, 'durations');
    this.failures = new KeyedStream(this.seed, 'failures');
    this.cycleMs = Math.round(scenario.settings.schedulerCycleSeconds * 1000);
    this.market = new SpotMarket(scenario.settings);
    this.computeEnvironments = scenario.computeEnvironments.map(
      (spec, i) => new ComputeEnvironment(i, spec, this.purchaseOption(spec), scenario.settings),
    );
    const strategies = this.computeEnvironments.map((ce) =>
      ce.spec.computeResources ? allocationStrategy(ce.spec.computeResources.allocationStrategy) : null,
    );
    this.jobQueues = scenario.jobQueues.map((spec, i) => new JobQueue(i, spec, this.ceIndices(spec.computeEnvironmentOrder)));
    this.submissionRow = new Int32Array(scenario.jobs.length).fill(-1);
    this.scheduler = new Scheduler(this.computeEnvironments, strategies, this.shapes, scenario.settings.spot.spilloverOnInsufficientCapacity);
    this.fleet = new Fleet(this.events, scenario.settings, this.computeEnvironments, this.market, {
      launch: new KeyedStream(this.seed, 'launch'),
      spot: new KeyedStream(this.seed, 'spot'),
      ids: this.streams.stream('ids', 'instances'),
    });
  }

  get instances(): Instance[] {
    return this.fleet.instances;
  }

  private purchaseOption(spec: ComputeEnvironmentSpec): PurchaseOption {
    const cr = spec.computeResources;
    switch (cr?.type) {
      case undefined:
      case 'EC2':
        return ON_DEMAND;
      case 'SPOT':
        return spot(this.market, cr.bidPercentage);
      case 'FARGATE':
        return fargate(this.scenario.settings.fargate, false);
      case 'FARGATE_SPOT':
        return fargate(this.scenario.settings.fargate, true);
    }
  }

  private ceIndices(names: string[]): number[] {
    return names.map((name) => this.computeEnvironments.findIndex((ce) => ce.name === name));
  }

  private push(at: number, kind: number, arg: number): void {
    if (INPUT_KINDS[kind]) this.pendingInputs++;
    else if (kind === EventKind.MarketChange || kind === EventKind.Wakeup) this.pendingTimers++;
    this.events.push(at, PHASE_OF[kind], kind, arg);
  }

  /** Every job is terminal and nothing more will be submitted or called. */
  private workDone(): boolean {
    return this.openJobs === 0 && this.pendingInputs === 0;
  }

  /**
   * Runs to the end and returns this simulation for reading. The run ends when its work ends:
   * with the last event that changed something (a job's state, an instance's life), once no
   * job is open and no input is to come; or at the horizon; or when nothing can make progress.
   */
  run(): this {
    this.startFleets();
    this.scheduleInputs();
    const horizon = this.scenario.settings.horizonSeconds;
    const horizonMs = horizon === null ? Infinity : Math.round(horizon * 1000);
    const ev = this.events;
    let cut = false;
    while (ev.size > 0) {
      ev.pop();
      if (++this.eventsProcessed > this.maxEvents) throw new EventBudgetExceeded(this.maxEvents, ev.time);
      const kind = ev.kind;
      if (INPUT_KINDS[kind]) this.pendingInputs--;
      else if (kind === EventKind.MarketChange || kind === EventKind.Wakeup) this.pendingTimers--;
      // After the work, Spot notices and market moves of idle capacity, and cycles with nothing
      // to do, neither happen nor keep the run (and minvCpus capacity's bill) going.
      if (SKIPPED_AFTER_WORK[kind] && this.workDone()) {
        if (kind === EventKind.SchedulerCycle) this.cycleAt = -1;
        continue;
      }
      if (ev.time > horizonMs) {
        cut = true;
        break;
      }
      this.now = ev.time;
      this.phase = ev.phase;
      const before = this.transitions + this.fleet.changes;
      this.handle(kind, ev.arg);
      if (this.transitions + this.fleet.changes !== before) this.endTime = this.now;
      if (this.isStalled()) break;
    }
    if (cut) {
      this.endTime = horizonMs;
      this.now = horizonMs;
      this.recordUnfinishedAttempts();
    }
    this.now = this.endTime;
    for (const ce of this.computeEnvironments) {
      for (const inst of [...ce.active]) this.fleet.terminate(inst, 'SIMULATION_END', this.now);
    }
    return this;
  }

  /**
   * The general guard against runs that go on without progress: jobs wait, none is running,
   * nothing is to come from outside or from the market, and no job has changed state for longer
   * than any launch-and-scale-in round could take. Then nothing ever will: the run stops here,
   * the waiting jobs stay RUNNABLE with their blocked reasons, and the summary says so.
   */
  private isStalled(): boolean {
    if (this.openJobs === 0 || this.activeJobs > 0 || this.pendingInputs > 0 || this.pendingTimers > 0) return false;
    if (this.now - this.lastProgress <= this.stallMs) return false;
    this.stalled = {
      atMs: this.now,
      waitingJobs: this.openJobs,
      reason: `no job changed state for ${Math.round((this.now - this.lastProgress) / 1000)} s with none running and nothing left to submit`,
    };
    return true;
  }

  /** A horizon cut jobs mid-attempt: each gets its attempt row, ending at the horizon, with no exit code. */
  private recordUnfinishedAttempts(): void {
    const jobs = this.jobs;
    for (let row = 0; row < jobs.count; row++) {
      const st = jobs.status.data[row];
      if (st !== JobStatus.STARTING && st !== JobStatus.RUNNING) continue;
      const inst = this.instances[jobs.instance.data[row]];
      this.attempts.add(
        row, jobs.attempts.data[row], inst.index, jobs.placedAt.data[row], st === JobStatus.RUNNING ? jobs.startedAt.data[row] : -1, this.now,
        NO_EXIT_CODE, 0, AttemptOutcome.UNFINISHED,
      );
    }
  }

  /** Handles one event; false when it found nothing to do (it was superseded). */
  private handle(kind: number, arg: number): boolean {
    switch (kind) {
      case EventKind.SubmitJob: this.submitJob(arg); return true;
      case EventKind.WorkloadArrival: this.workloadArrival(arg); return true;
      case EventKind.SchedulerCycle: this.schedulerCycle(); return true;
      case EventKind.JobStart: return this.jobStart(arg);
      case EventKind.AttemptEnd: return this.attemptEnd(arg);
      case EventKind.InstanceReady:
        if (!this.fleet.ready(arg, this.now)) return false;
        this.requestCycle();
        return true;
      case EventKind.IdleCheck:
        // The cycle of this instant (or the one already due) may place a waiting job here:
        // look again right after it rather than scale in an instance about to be used.
        if (this.cycleAt >= 0 && this.cycleMayUse(this.instances[arg]) && this.fleet.deferIdleCheck(arg, this.now, this.cycleAt)) {
          this.push(this.cycleAt, EventKind.IdleCheckAfterCycle, arg);
          return false;
        }
        if (!this.fleet.idleCheck(arg, this.now)) return false;
        this.capacityFreed();
        return true;
      case EventKind.IdleCheckAfterCycle:
        if (!this.fleet.idleCheck(arg, this.now)) return false;
        this.capacityFreed();
        return true;
      case EventKind.Timeout: return this.timeout(arg);
      case EventKind.SpotNotice: return this.fleet.notice(this.instances[arg], this.now);
      case EventKind.SpotReclaim: return this.reclaim(arg);
      case EventKind.ApiCall: this.apiCall(this.scenario.actions[arg]); return true;
      case EventKind.MarketChange: this.marketChange(); return true;
      case EventKind.Wakeup: this.requestCycle(); return true;
      case EventKind.TerminateStop: return this.terminateStop(arg);
    }
    return false;
  }

  // ---- setup ---------------------------------------------------------------------------------

  private template(t: Omit<JobTemplate, 'shape'>, submission: number): number {
    this.templates.push({ ...t, shape: this.shapes.intern(t.vcpus, t.memory, t.gpus) });
    this.templateSubmission.push(submission);
    return this.templates.length - 1;
  }

  private scheduleInputs(): void {
    const { scenario } = this;
    const queueIndex = new Map(this.jobQueues.map((q) => [q.name, q.index]));
    const defRef = (i: number) => `${scenario.jobDefinitions[i].jobDefinitionName}:${scenario.jobDefinitions[i].revision}`;
    scenario.jobs.forEach((job, i) => {
      const def = scenario.jobDefinitions[job.jobDefinition];
      this.template(
        {
          jobName: job.jobName, numbered: false, queue: queueIndex.get(job.jobQueue)!, jobDefinition: defRef(job.jobDefinition),
          image: def.image, arm64: def.cpuArchitecture === 'ARM64', vcpus: job.vcpus, memory: job.memory, gpus: job.gpus, arraySize: job.arraySize,
          retryStrategy: job.retryStrategy, attemptDurationSeconds: job.attemptDurationSeconds, simulation: job.simulation,
        },
        i,
      );
      this.push(job.submitAtMs, EventKind.SubmitJob, i);
    });
    scenario.workloads.forEach((_, i) => {
      const stream = openScenarioWorkload(scenario, i, this.streams);
      this.workloads.push({ stream, pending: null, templates: new Map(), rows: new Map(), emitted: 0 });
      this.scheduleNextArrival(i);
    });
    scenario.actions.forEach((a, i) => this.push(a.atMs, EventKind.ApiCall, i));
    this.market.changeTimes().forEach((t) => this.push(t, EventKind.MarketChange, 0));
  }

  /** Instances that exist before t = 0: UNMANAGED fleets and managed minvCpus/desiredvCpus. */
  private startFleets(): void {
    for (const ce of this.computeEnvironments) {
      if (!ce.managed) {
        for (const shape of ce.spec.fleet) {
          this.fleet.launch(ce, ce.offers.find((o) => o.shape.instanceType === shape.instanceType)!, 0, true);
        }
      } else if (!ce.fargate) {
        const cr = ce.spec.computeResources!;
        this.launchTo(ce, Math.max(cr.minvCpus, cr.desiredvCpus), true);
      }
    }
  }

  /** Launches the type cheapest per vCPU until `targetVcpus` are provisioned, within maxvCpus. */
  private launchTo(ce: ComputeEnvironment, targetVcpus: number, readyNow: boolean): void {
    while (ce.provisionedVcpus < targetVcpus) {
      const offer = this.scheduler.cheapestPerVcpuWithin(ce);
      if (!offer) break;
      this.fleet.launch(ce, offer, this.now, readyNow);
    }
  }

  // ---- submissions ---------------------------------------------------------------------------

  /** Pulls the stream's next submission and schedules it (never before now: streams are in time order). */
  private scheduleNextArrival(w: number): void {
    const cursor = this.workloads[w];
    cursor.pending = cursor.stream.next();
    if (cursor.pending) this.push(Math.max(this.now, cursor.pending.atMs), EventKind.WorkloadArrival, w);
  }

  private workloadArrival(w: number): void {
    const cursor = this.workloads[w];
    const job = cursor.pending!;
    const row = this.createRows(this.workloadTemplate(cursor, job), job.arraySize, job);
    const name = job.jobName ?? `${cursor.stream.namePrefix}${cursor.emitted}`;
    cursor.emitted++;
    if (job.jobName !== null) this.rowNames.set(row, job.jobName);
    else this.jobs.ordinal.data[row] = cursor.emitted - 1;
    if (job.dependsOn.length > 0) {
      const on = job.dependsOn.map((n) => cursor.rows.get(n)).filter((r): r is number => r !== undefined);
      if (on.length > 0) this.workloadDeps.set(row, on);
    }
    if (cursor.stream.usesDependencies) cursor.rows.set(name, row);
    this.accept(row);
    this.scheduleNextArrival(w);
  }

  /** Workload jobs share a template per (queue, definition); their size and run time are per row. */
  private workloadTemplate(cursor: WorkloadCursor, job: WorkloadJob): number {
    const key = `${job.jobQueue}/${job.jobDefinition}`;
    let template = cursor.templates.get(key);
    if (template === undefined) {
      const def = this.scenario.jobDefinitions[job.jobDefinition];
      template = this.template(
        {
          jobName: cursor.stream.namePrefix, numbered: true, queue: job.jobQueue, jobDefinition: `${def.jobDefinitionName}:${def.revision}`,
          image: def.image, arm64: def.cpuArchitecture === 'ARM64', vcpus: def.vcpus, memory: def.memory, gpus: def.gpus, arraySize: 0,
          retryStrategy: def.retryStrategy, attemptDurationSeconds: def.attemptDurationSeconds, simulation: def.simulation,
        },
        -1,
      );
      cursor.templates.set(key, template);
    }
    return template;
  }

  private submitJob(i: number): void {
    // Scenario submissions own templates 0..jobs.length−1.
    const row = this.createRows(i, this.templates[i].arraySize, null);
    this.submissionRow[i] = row;
    this.accept(row);
  }

  /** Rows for one submission: a job, or an array parent and its children (consecutive rows). */
  private createRows(template: number, arraySize: number, job: WorkloadJob | null): number {
    const jobs = this.jobs;
    const t = this.templates[template];
    if (arraySize === 0) {
      const row = jobs.add(1, template, JobKind.JOB, -1);
      this.newRow(row, t, job);
      return row;
    }
    const row = jobs.add(1, template, JobKind.ARRAY_PARENT, -1);
    const first = jobs.add(arraySize, template, JobKind.ARRAY_CHILD, row);
    for (let k = 0; k < arraySize; k++) jobs.ordinal.data[first + k] = k;
    this.arrays.set(row, new ArrayState(row, first, arraySize));
    this.newRow(row, t, job);
    for (let k = 0; k < arraySize; k++) this.newRow(first + k, t, job);
    return row;
  }

  /**
   * A submission to a queue an UpdateJobQueue has DISABLED is refused by AWS (ClientException);
   * here the job is recorded FAILED with that reason so its dependents fail visibly.
   */
  private accept(row: number): void {
    const queue = this.jobQueues[this.templates[this.jobs.template.data[row]].queue];
    if (!queue.enabled) {
      const reason = `SubmitJob refused: job queue ${queue.name} is DISABLED`;
      const arr = this.arrays.get(row);
      if (arr) {
        this.jobs.reason.data[row] = this.reasons.id(reason);
        for (let k = 0; k < arr.size; k++) this.finish(arr.firstChild + k, JobStatus.FAILED, reason);
      } else {
        this.finish(row, JobStatus.FAILED, reason);
      }
    } else {
      this.submitted.push(row);
    }
    this.requestCycle();
  }

  /** Initialises a row; a replayed job brings its own size, run time, exit code, timeout and fate. */
  private newRow(row: number, t: JobTemplate, job: WorkloadJob | null): void {
    const jobs = this.jobs;
    jobs.status.data[row] = JobStatus.SUBMITTED;
    jobs.createdAt.data[row] = this.now;
    this.openJobs++;
    this.lastProgress = this.now;
    jobs.shape.data[row] = job ? this.shapes.intern(job.vcpus, job.memory, job.gpus) : t.shape;
    const timeout = job?.attemptDurationSeconds ?? t.attemptDurationSeconds;
    jobs.timeout.data[row] = timeout === null ? -1 : Math.round(timeout * 1000);
    // Keyed by the job's row (rows follow submission order, which no fleet setting changes), so
    // the same seed gives every job the same run time whatever fleet it lands on.
    let ms = job?.durationMs ?? Math.max(0, Math.round(sample(t.simulation.duration, this.durations.at(row, 0)) * 1000));
    if (job) {
      if (job.exitCode !== null) jobs.exitOverride.data[row] = job.exitCode;
      if (job.cancelled) {
        jobs.cancelReason.data[row] = this.reasons.id(job.cancelled.reason);
        if (job.cancelled.afterRunningMs === null) jobs.cancelRequest.data[row] = CANCEL;
        else {
          ms = job.cancelled.afterRunningMs;
          jobs.endsTerminated.data[row] = 1;
        }
      }
    }
    jobs.duration.data[row] = ms;
    jobs.remaining.data[row] = ms;
    this.onTransition?.(row, -1, JobStatus.SUBMITTED, this.now);
  }

  // ---- state changes -------------------------------------------------------------------------

  private transition(row: number, to: JobStatus): void {
    const jobs = this.jobs;
    const from = jobs.status.data[row];
    jobs.status.data[row] = to;
    this.transitions++;
    this.lastProgress = this.now;
    const wasActive = from === JobStatus.STARTING || from === JobStatus.RUNNING;
    const isActive = to === JobStatus.STARTING || to === JobStatus.RUNNING;
    if (wasActive !== isActive) this.activeJobs += isActive ? 1 : -1;
    if (from === JobStatus.PENDING) this.pendingJobs--;
    if (to === JobStatus.PENDING) this.pendingJobs++;
    if (isTerminal(to)) this.openJobs--;
    if (jobs.kind.data[row] === JobKind.ARRAY_CHILD) {
      const arr = this.arrays.get(jobs.parent.data[row])!;
      arr.statusSummary[from]--;
      arr.statusSummary[to]++;
    }
    this.onTransition?.(row, from, to, this.now);
  }

  /** Ends a job in a terminal state; its dependents are resolved at the next cycle. */
  private finish(row: number, status: JobStatus, reason: string): void {
    const jobs = this.jobs;
    if (jobs.status.data[row] === JobStatus.RUNNABLE) this.leaveQueue(row);
    if (reason !== '' || jobs.reason.data[row] === 0) jobs.reason.data[row] = this.reasons.id(reason);
    jobs.stoppedAt.data[row] = this.now;
    this.transition(row, status);
    this.finished.push(row);
    if (jobs.kind.data[row] === JobKind.ARRAY_CHILD) this.childFinished(row);
    this.requestCycle();
  }

  /** A RUNNABLE job leaves its queue without being placed (cancelled); the entry is skipped lazily. */
  private leaveQueue(row: number): void {
    const t = this.templates[this.jobs.template.data[row]];
    const queue = this.jobQueues[t.queue];
    queue.addDemand(this.jobs.shape.data[row], -1);
    if (queue.blockedJob === row) queue.blockedJob = -1;
  }

  private childFinished(child: number): void {
    const parent = this.jobs.parent.data[child];
    const arr = this.arrays.get(parent)!;
    if (arr.terminalChildren < arr.size) return;
    const failed = arr.statusSummary[JobStatus.FAILED] > 0;
    this.jobs.startedAt.data[parent] = arr.firstStartedAt;
    this.finish(parent, failed ? JobStatus.FAILED : JobStatus.SUCCEEDED, '');
  }

  private makeRunnable(first: number, last: number): void {
    const jobs = this.jobs;
    const t = this.templates[jobs.template.data[first]];
    const queue = this.jobQueues[t.queue];
    for (let r = first; r <= last; r++) {
      if (jobs.runnableAt.data[r] < 0) jobs.runnableAt.data[r] = this.now;
      this.transition(r, JobStatus.RUNNABLE);
    }
    queue.runnable.pushRange(first, last, jobs.createdAt.data[first]);
    queue.addDemand(jobs.shape.data[first], last - first + 1);
  }

  /**
   * Children of an array whose gate is open and which wait on nothing else become RUNNABLE, in
   * runs; a child with a pending CancelJob fails instead (its dependencies are now complete).
   */
  private releaseChildren(arr: ArrayState): void {
    const jobs = this.jobs;
    let runStart = -1;
    const end = arr.firstChild + arr.size;
    for (let r = arr.firstChild; r <= end; r++) {
      let ready = r < end && jobs.status.data[r] === JobStatus.PENDING && jobs.pendingDeps.data[r] === 0;
      if (ready && jobs.cancelRequest.data[r] !== 0) {
        this.finish(r, JobStatus.FAILED, this.reasons.values[jobs.cancelReason.data[r]]);
        ready = false;
      }
      if (ready && runStart < 0) runStart = r;
      else if (!ready && runStart >= 0) {
        this.makeRunnable(runStart, r - 1);
        runStart = -1;
      }
    }
  }

  private gateOpen(parent: number): boolean {
    return this.jobs.pendingDeps.data[parent] === 0 && this.jobs.status.data[parent] === JobStatus.PENDING;
  }

  /** A job's last dependency succeeded. */
  private release(row: number): void {
    const jobs = this.jobs;
    const kind = jobs.kind.data[row];
    if (kind === JobKind.ARRAY_PARENT) {
      this.releaseChildren(this.arrays.get(row)!);
      return;
    }
    if (kind === JobKind.ARRAY_CHILD && !this.gateOpen(jobs.parent.data[row])) return;
    // CancelJob on a PENDING job takes effect once its dependencies have completed (spec §13).
    if (jobs.cancelRequest.data[row] !== 0) this.finish(row, JobStatus.FAILED, this.reasons.values[jobs.cancelReason.data[row]]);
    else this.makeRunnable(row, row);
  }

  private dependencyFailed(row: number): void {
    const jobs = this.jobs;
    if (isTerminal(jobs.status.data[row])) return;
    if (jobs.kind.data[row] === JobKind.ARRAY_PARENT) {
      const arr = this.arrays.get(row)!;
      jobs.reason.data[row] = this.reasons.id(StatusReason.DEPENDENT_JOB_FAILED);
      for (let k = 0; k < arr.size; k++) this.dependencyFailed(arr.firstChild + k);
      return;
    }
    this.finish(row, JobStatus.FAILED, StatusReason.DEPENDENT_JOB_FAILED);
  }

  private dependencySucceeded(row: number): void {
    const jobs = this.jobs;
    if (isTerminal(jobs.status.data[row])) return;
    if (--jobs.pendingDeps.data[row] === 0) this.release(row);
  }

  private addDependent(on: number, row: number): void {
    let list = this.dependents.get(on);
    if (!list) this.dependents.set(on, (list = []));
    list.push(row);
  }

  // ---- scheduler cycle -----------------------------------------------------------------------

  private requestCycle(): void {
    if (this.cycleAt >= 0) return;
    let t = this.now;
    if (this.cycleMs > 0) {
      t = Math.ceil(this.now / this.cycleMs) * this.cycleMs;
      if (t === this.now && this.phase > Phase.SchedulerCycle) t += this.cycleMs;
    }
    this.cycleAt = t;
    this.push(t, EventKind.SchedulerCycle, 0);
  }

  /** Whether the coming cycle may place a job on this instance: jobs wait for its environment, or may become RUNNABLE. */
  private cycleMayUse(inst: Instance): boolean {
    if (this.submitted.length > 0 || (this.finished.length > 0 && this.pendingJobs > 0)) return true;
    return this.jobQueues.some((q) => q.waiting > 0 && q.computeEnvironmentOrder.includes(inst.computeEnvironment));
  }

  /** Capacity went away or headroom under maxvCpus appeared: waiting jobs may now get instances. */
  private capacityFreed(): void {
    if (this.jobQueues.some((q) => q.waiting > 0)) this.requestCycle();
  }

  private schedulerCycle(): void {
    this.cycleAt = -1;
    const calls = this.pendingCalls;
    this.pendingCalls = [];
    for (const call of calls) this.cancelOrTerminate(call);
    const submitted = this.submitted;
    this.submitted = [];
    for (const row of submitted) this.evaluateSubmitted(row);
    this.resolveFinished();
    this.placeJobs();
    this.applyTimeLimitActions();
  }

  /** SUBMITTED → PENDING/RUNNABLE (or FAILED when a dependency already failed). */
  private evaluateSubmitted(row: number): void {
    const jobs = this.jobs;
    if (isTerminal(jobs.status.data[row])) return; // cancelled before its first evaluation
    if (jobs.cancelRequest.data[row] === CANCEL) {
      // Only a replayed job the trace shows cancelled before it ran is asked to cancel this early.
      this.cancelOrTerminateRow(row, CANCEL, this.reasons.values[jobs.cancelReason.data[row]]);
      return;
    }
    const template = jobs.template.data[row];
    const submission = this.templateSubmission[template];
    const deps = submission >= 0 ? this.scenario.jobs[submission].dependsOn : [];
    let pending = 0;
    let failed = false;
    for (const on of this.workloadDeps.get(row) ?? []) {
      const st = jobs.status.data[on];
      if (st === JobStatus.FAILED) failed = true;
      else if (st !== JobStatus.SUCCEEDED) {
        pending++;
        this.addDependent(on, row);
      }
    }
    for (const d of deps) {
      if (d.job === null || d.type === 'N_TO_N') continue;
      const on = this.submissionRow[d.job];
      const st = jobs.status.data[on];
      if (st === JobStatus.FAILED) failed = true;
      else if (st !== JobStatus.SUCCEEDED) {
        pending++;
        this.addDependent(on, row);
      }
    }
    jobs.pendingDeps.data[row] = pending;

    if (jobs.kind.data[row] === JobKind.JOB) {
      if (failed) this.finish(row, JobStatus.FAILED, StatusReason.DEPENDENT_JOB_FAILED);
      else if (pending === 0) this.makeRunnable(row, row);
      else this.transition(row, JobStatus.PENDING);
      return;
    }

    // An array parent: spawn its children in PENDING (their createdAt is the spawn time).
    const arr = this.arrays.get(row)!;
    this.transition(row, JobStatus.PENDING);
    for (let k = 0; k < arr.size; k++) {
      const child = arr.firstChild + k;
      if (isTerminal(jobs.status.data[child])) continue;
      jobs.createdAt.data[child] = this.now;
      this.transition(child, JobStatus.PENDING);
    }
    if (failed) {
      this.dependencyFailed(row);
      return;
    }
    for (const d of deps) {
      if (d.type === 'SEQUENTIAL') {
        arr.sequential = true;
        for (let k = 1; k < arr.size; k++) jobs.pendingDeps.data[arr.firstChild + k]++;
      } else if (d.type === 'N_TO_N') {
        const other = this.arrays.get(this.submissionRow[d.job])!;
        other.nToNDependents.push(row);
        for (let k = 0; k < arr.size; k++) {
          const st = jobs.status.data[other.firstChild + k];
          if (st === JobStatus.FAILED) this.dependencyFailed(arr.firstChild + k);
          else if (st !== JobStatus.SUCCEEDED) jobs.pendingDeps.data[arr.firstChild + k]++;
        }
      }
    }
    if (pending === 0 && !isTerminal(jobs.status.data[row])) this.releaseChildren(arr);
  }

  /** Jobs that ended since the last cycle release or fail their dependents (transitively). */
  private resolveFinished(): void {
    const jobs = this.jobs;
    const finished = this.finished;
    for (let i = 0; i < finished.length; i++) {
      const row = finished[i];
      const ok = jobs.status.data[row] === JobStatus.SUCCEEDED;
      const plain = this.dependents.get(row);
      if (plain) {
        for (const d of plain) ok ? this.dependencySucceeded(d) : this.dependencyFailed(d);
        this.dependents.delete(row);
      }
      if (jobs.kind.data[row] !== JobKind.ARRAY_CHILD) continue;
      const arr = this.arrays.get(jobs.parent.data[row])!;
      const k = jobs.ordinal.data[row];
      for (const p of arr.nToNDependents) {
        const child = this.arrays.get(p)!.firstChild + k;
        ok ? this.dependencySucceeded(child) : this.dependencyFailed(child);
      }
      if (arr.sequential && k + 1 < arr.size) ok ? this.dependencySucceeded(row + 1) : this.dependencyFailed(row + 1);
    }
    finished.length = 0;
  }

  private placeJobs(): void {
    const jobs = this.jobs;
    const settings = this.scenario.settings;
    this.scheduler.beginCycle(this.now);
    for (const queue of this.scheduler.queuesInOrder(this.jobQueues)) {
      queue.stuck = false;
      if (queue.waiting === 0) continue;
      for (;;) {
        const row = queue.runnable.peek();
        if (row < 0) break;
        if (jobs.status.data[row] !== JobStatus.RUNNABLE) {
          queue.runnable.shift(); // placed by backfill or cancelled earlier
          continue;
        }
        const outcome = this.tryPlace(queue, row);
        if (outcome === PlaceOutcome.Placed) {
          queue.runnable.shift();
          continue;
        }
        if (settings.backfill) {
          for (const r of queue.runnable.head(settings.backfillDepth + 1)) {
            if (r !== row && jobs.status.data[r] === JobStatus.RUNNABLE) this.tryPlace(queue, r);
          }
        }
        break;
      }
    }
    this.scheduler.scaleOut(this.jobQueues, this.waitingView, settings.backfill ? settings.backfillDepth : null, (ce, offer) => this.fleet.launch(ce, offer, this.now, false));
  }

  private tryPlace(queue: JobQueue, row: number): PlaceOutcome {
    const jobs = this.jobs;
    const t = this.templates[jobs.template.data[row]];
    const shape = this.shapes.shapes[jobs.shape.data[row]];
    const placement = this.scheduler.place(queue, shape);
    if (placement.fargate) {
      const billedFrom = this.now + Math.round(this.scenario.settings.fargate.startSeconds * 1000);
      const task = this.fleet.startTask(placement.fargate, shape.vcpus, shape.memory, t.arm64, this.now, billedFrom);
      this.startAttempt(row, t, task);
    } else if (placement.instance) {
      this.startAttempt(row, t, placement.instance);
    } else if (queue.runnable.peek() === row) {
      this.markBlocked(queue, row, placement.outcome, placement.instanceType);
    }
    return placement.outcome;
  }

  /** The head could not be placed: record AWS's blocked reason on it (spec §1.4, §6.5). */
  private markBlocked(queue: JobQueue, row: number, outcome: PlaceOutcome, instanceType?: string): void {
    const reason =
      outcome === PlaceOutcome.JobResourceRequirement ? StatusReason.JOB_RESOURCE_REQUIREMENT
      : outcome === PlaceOutcome.ComputeEnvironmentMaxResource ? StatusReason.COMPUTE_ENVIRONMENT_MAX_RESOURCE
      : outcome === PlaceOutcome.InsufficientCapacity ? insufficientCapacity(instanceType ?? '')
      : '';
    if (queue.blockedJob !== row || queue.blockedReason !== reason) {
      queue.blockedJob = row;
      queue.blockedReason = reason;
      queue.blockedSince = this.now;
      // Report hook (issue #5): a "Batch Job Queue Blocked" event.
      if (reason) this.onQueueBlocked?.(queue.index, row, reason, this.now);
    }
    if (reason) this.jobs.reason.data[row] = this.reasons.id(reason);
    queue.stuck = !this.scenario.settings.backfill &&
      (outcome === PlaceOutcome.JobResourceRequirement || outcome === PlaceOutcome.ComputeEnvironmentMaxResource);
  }

  /** jobStateTimeLimitActions (spec §6.6): cancel a head blocked with a listed reason for maxTimeSeconds. */
  private applyTimeLimitActions(): void {
    for (const queue of this.jobQueues) {
      const actions = queue.spec.jobStateTimeLimitActions;
      if (actions.length === 0 || queue.blockedJob < 0 || queue.blockedReason === '') continue;
      const row = queue.blockedJob;
      if (this.jobs.status.data[row] !== JobStatus.RUNNABLE) continue;
      const code = reasonCode(queue.blockedReason);
      const action = actions.find((a) => a.reason === code);
      if (!action) continue;
      const due = queue.blockedSince + action.maxTimeSeconds * 1000;
      if (this.now >= due) {
        this.finish(row, JobStatus.FAILED, timeLimitCancelled(code));
        queue.blockedJob = -1;
      } else {
        this.push(due, EventKind.Wakeup, 0);
      }
    }
  }

  // ---- attempts ------------------------------------------------------------------------------

  private startAttempt(row: number, t: JobTemplate, inst: Instance): void {
    const jobs = this.jobs;
    const settings = this.scenario.settings;
    this.computeEnvironments[inst.computeEnvironment].reserve(inst, this.shapes.shapes[jobs.shape.data[row]], row, this.now);
    jobs.instance.data[row] = inst.index;
    jobs.placedAt.data[row] = this.now;
    jobs.attempts.data[row]++;
    jobs.reason.data[row] = 0;
    this.transition(row, JobStatus.STARTING);
    this.leaveQueue(row);
    let startAt: number;
    if (inst.task) {
      // Fargate provisions a task and pulls the image every time: there is no image cache (spec §9.2).
      startAt = this.now + Math.round((settings.fargate.startSeconds + settings.imagePullSeconds) * 1000);
    } else {
      // The first job to need an image pulls it; later ones on the same instance reuse it, or
      // wait for a pull already under way.
      const pulled = inst.images.get(t.image);
      if (pulled === undefined) {
        startAt = this.now + Math.round(settings.imagePullSeconds * 1000);
        inst.images.set(t.image, startAt);
      } else {
        startAt = Math.max(this.now + Math.round(settings.cachedImageStartSeconds * 1000), pulled);
      }
    }
    this.push(startAt, EventKind.JobStart, row);
  }

  private jobStart(row: number): boolean {
    const jobs = this.jobs;
    if (jobs.status.data[row] !== JobStatus.STARTING) return false;
    const t = this.templates[jobs.template.data[row]];
    const inst = this.instances[jobs.instance.data[row]];
    jobs.startedAt.data[row] = this.now;
    if (jobs.firstStartedAt.data[row] < 0) jobs.firstStartedAt.data[row] = this.now;
    if (jobs.kind.data[row] === JobKind.ARRAY_CHILD) {
      const arr = this.arrays.get(jobs.parent.data[row])!;
      if (arr.firstStartedAt < 0) arr.firstStartedAt = this.now;
    }
    this.transition(row, JobStatus.RUNNING);
    const sim = t.simulation;
    const speedup = sim.speedupByFamily[inst.shape.family] ?? 1;
    const endsAt = this.now + Math.round(jobs.remaining.data[row] / speedup);
    jobs.endsAt.data[row] = endsAt;
    const exitOverride = jobs.exitOverride.data[row];
    jobs.exitCode.data[row] = exitOverride !== NO_EXIT_OVERRIDE ? exitOverride : sim.exitCodes.length === 0 ? sim.exitCode : this.drawExitCode(sim.exitCodes, this.failures.at(row, jobs.attempts.data[row]));
    this.push(endsAt, EventKind.AttemptEnd, row);
    const timeout = jobs.timeout.data[row];
    if (timeout >= 0) {
      // Measured from RUNNING, per attempt (per child for arrays); enforced a little late (spec §5).
      const deadline = this.now + timeout + Math.round(this.scenario.settings.timeoutEnforcementSeconds * 1000);
      jobs.deadline.data[row] = deadline;
      if (deadline < endsAt) this.push(deadline, EventKind.Timeout, row);
    }
    return true;
  }

  /** An attempt's exit code, from the draw keyed by (row, attempt). */
  private drawExitCode(codes: { exitCode: number; weight: number }[], rng: Rng): number {
    let total = 0;
    for (const c of codes) total += c.weight;
    let u = rng() * total;
    for (const c of codes) {
      u -= c.weight;
      if (u < 0) return c.exitCode;
    }
    return codes[codes.length - 1].exitCode;
  }

  private attemptEnd(row: number): boolean {
    const jobs = this.jobs;
    if (jobs.status.data[row] !== JobStatus.RUNNING || jobs.endsAt.data[row] !== this.now) return false;
    if (jobs.endsTerminated.data[row]) {
      // A replayed job the trace shows cancelled after running this long.
      this.endAttempt(row, AttemptOutcome.TERMINATED, this.reasons.values[jobs.cancelReason.data[row]], SIGTERM_EXIT);
      return true;
    }
    const exitCode = jobs.exitCode.data[row];
    this.endAttempt(row, exitCode === 0 ? AttemptOutcome.SUCCEEDED : AttemptOutcome.FAILED, StatusReason.ESSENTIAL_CONTAINER_EXITED, exitCode);
    return true;
  }

  private timeout(row: number): boolean {
    const jobs = this.jobs;
    if (jobs.status.data[row] !== JobStatus.RUNNING || jobs.deadline.data[row] !== this.now) return false;
    this.endAttempt(row, AttemptOutcome.TIMED_OUT, StatusReason.TIMEOUT, SIGKILL_EXIT);
    return true;
  }

  /**
   * Ends the current attempt: records it, frees its resources, and moves the job on — SUCCEEDED,
   * back to the front of its queue if the retry strategy says so (interruptions and non-zero
   * exits only), or FAILED.
   */
  private endAttempt(row: number, outcome: AttemptOutcome, statusReason: string, exitCode: number): void {
    const jobs = this.jobs;
    const t = this.templates[jobs.template.data[row]];
    const inst = this.instances[jobs.instance.data[row]];
    const running = jobs.status.data[row] === JobStatus.RUNNING;
    this.attempts.add(
      row, jobs.attempts.data[row], inst.index, jobs.placedAt.data[row], running ? jobs.startedAt.data[row] : -1, this.now,
      exitCode, this.reasons.id(statusReason), outcome,
    );
    if (running && outcome === AttemptOutcome.INTERRUPTED && t.simulation.checkpointSeconds !== null) {
      // Work done up to the last checkpoint survives into the next attempt.
      const speedup = t.simulation.speedupByFamily[inst.shape.family] ?? 1;
      const done = (this.now - jobs.startedAt.data[row]) * speedup;
      const interval = t.simulation.checkpointSeconds * 1000;
      jobs.remaining.data[row] = Math.max(0, jobs.remaining.data[row] - Math.floor(done / interval) * interval);
    }
    this.computeEnvironments[inst.computeEnvironment].release(inst, this.shapes.shapes[jobs.shape.data[row]], row, this.now);
    if (inst.task) this.fleet.terminate(inst, outcome === AttemptOutcome.INTERRUPTED ? 'SPOT_INTERRUPTION' : 'TASK_STOPPED', this.now);
    else if (inst.jobs.length === 0 && inst.noticeAt < 0) this.fleet.becameIdle(inst, this.now);
    jobs.instance.data[row] = -1;
    jobs.endsAt.data[row] = -1;
    jobs.deadline.data[row] = -1;

    // A TerminateJob still in its grace period when the attempt ended otherwise: never retried (spec §4.3).
    const terminating = jobs.cancelRequest.data[row] === TERMINATE;
    jobs.cancelRequest.data[row] = 0;
    const retryable = !terminating && (outcome === AttemptOutcome.FAILED || outcome === AttemptOutcome.INTERRUPTED);
    if (outcome === AttemptOutcome.SUCCEEDED) {
      this.finish(row, JobStatus.SUCCEEDED, statusReason);
    } else if (retryable && shouldRetry(t.retryStrategy, jobs.attempts.data[row], { statusReason, exitCode: exitCode === NO_EXIT_CODE ? undefined : exitCode })) {
      jobs.reason.data[row] = this.reasons.id(statusReason);
      this.transition(row, JobStatus.RUNNABLE);
      const queue = this.jobQueues[t.queue];
      queue.runnable.pushFront(row);
      queue.addDemand(jobs.shape.data[row], 1);
      this.requestCycle();
    } else {
      this.finish(row, JobStatus.FAILED, statusReason);
    }
  }

  // ---- capacity events -----------------------------------------------------------------------

  /** The instance (or Fargate Spot task) is gone: every attempt on it ends interrupted. */
  private reclaim(index: number): boolean {
    const inst = this.instances[index];
    if (inst.terminatedAt >= 0) return false;
    const reason = inst.task ? FARGATE_SPOT_INTERRUPTED : hostTerminated(inst.instanceId);
    for (const row of [...inst.jobs]) this.endAttempt(row, AttemptOutcome.INTERRUPTED, reason, NO_EXIT_CODE);
    this.fleet.terminate(inst, 'SPOT_INTERRUPTION', this.now);
    this.capacityFreed();
    return true;
  }

  /** A traced price moved or an outage ended: re-price the pools, reclaim instances now above their cap. */
  private marketChange(): void {
    for (const ce of this.computeEnvironments) if (ce.purchaseOption.name === 'SPOT') ce.refreshPrices(this.now);
    for (const inst of this.fleet.pricedOut(this.now)) this.fleet.notice(inst, this.now);
    this.capacityFreed();
  }

  // ---- API calls (actions) -------------------------------------------------------------------

  private apiCall(call: ActionSpec): void {
    switch (call.action) {
      case 'CancelJob':
      case 'TerminateJob':
        this.pendingCalls.push(call);
        this.requestCycle();
        break;
      case 'UpdateComputeEnvironment': {
        const ce = this.computeEnvironments.find((c) => c.name === call.computeEnvironment)!;
        if (call.state !== null) ce.enabled = call.state === 'ENABLED';
        if (call.minvCpus !== null) ce.minvCpus = call.minvCpus;
        if (call.maxvCpus !== null) ce.maxvCpus = call.maxvCpus;
        if (ce.managed && !ce.fargate && ce.enabled) this.launchTo(ce, Math.max(ce.minvCpus, call.desiredvCpus ?? 0), false);
        this.requestCycle();
        break;
      }
      case 'UpdateJobQueue': {
        const queue = this.jobQueues.find((q) => q.name === call.jobQueue)!;
        if (call.state !== null) queue.enabled = call.state === 'ENABLED';
        if (call.priority !== null) {
          queue.priority = call.priority;
          this.scheduler.reorderQueues();
        }
        if (call.computeEnvironmentOrder !== null) queue.computeEnvironmentOrder = this.ceIndices(call.computeEnvironmentOrder);
        this.requestCycle();
        break;
      }
      case 'InterruptSpotInstances':
        for (const inst of this.fleet.select(call)) this.fleet.notice(inst, this.now);
        break;
    }
  }

  /** CancelJob / TerminateJob, state by state (spec §13); an array parent cascades to its children. */
  private cancelOrTerminate(call: JobCall): void {
    const jobs = this.jobs;
    const row = this.submissionRow[call.job];
    const arr = this.arrays.get(row);
    const kind = call.action === 'TerminateJob' ? TERMINATE : CANCEL;
    this.cancelOrTerminateRow(arr && call.arrayIndex !== null ? arr.firstChild + call.arrayIndex : row, kind, call.reason);
  }

  private cancelOrTerminateRow(row: number, kind: number, reason: string): void {
    const jobs = this.jobs;
    const arr = this.arrays.get(row);
    if (!arr) {
      this.cancelOne(row, kind, reason);
      return;
    }
    if (isTerminal(jobs.status.data[row])) return;
    jobs.reason.data[row] = this.reasons.id(reason);
    for (let k = 0; k < arr.size; k++) this.cancelOne(arr.firstChild + k, kind, reason);
  }

  private cancelOne(row: number, kind: number, reason: string): void {
    const jobs = this.jobs;
    switch (jobs.status.data[row]) {
      case JobStatus.SUBMITTED:
      case JobStatus.RUNNABLE:
        this.finish(row, JobStatus.FAILED, reason);
        break;
      case JobStatus.PENDING:
        // Takes effect only once all its dependencies have completed (spec §13).
        jobs.cancelRequest.data[row] = kind;
        jobs.cancelReason.data[row] = this.reasons.id(reason);
        break;
      case JobStatus.STARTING:
      case JobStatus.RUNNING:
        // CancelJob has no effect here; TerminateJob stops the task (SIGTERM, then the grace period).
        if (kind === TERMINATE && jobs.cancelRequest.data[row] !== TERMINATE) {
          jobs.cancelRequest.data[row] = TERMINATE;
          jobs.cancelReason.data[row] = this.reasons.id(reason);
          this.push(this.now + Math.round(this.scenario.settings.terminateGraceSeconds * 1000), EventKind.TerminateStop, row);
        }
        break;
    }
  }

  private terminateStop(row: number): boolean {
    const jobs = this.jobs;
    const st = jobs.status.data[row];
    if ((st !== JobStatus.STARTING && st !== JobStatus.RUNNING) || jobs.cancelRequest.data[row] !== TERMINATE) return false;
    jobs.cancelRequest.data[row] = 0;
    this.endAttempt(row, AttemptOutcome.TERMINATED, this.reasons.values[jobs.cancelReason.data[row]], st === JobStatus.RUNNING ? SIGTERM_EXIT : NO_EXIT_CODE);
    return true;
  }
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): Simulation {
  return new Simulation(scenario, options).run();
}

export type { InstanceOffer };

/**
 * How long a run may go with jobs waiting, none running and nothing to come before it is called
 * stalled: twice the longest round of launch, image pull, idle scale-in and Spot notice the
 * scenario allows, and at least an hour. Anything that could still unblock a job happens within one.
 */
function stallWindowMs(scenario: Scenario): number {
  const s = scenario.settings;
  const delays = scenario.computeEnvironments.map((ce) => (ce.computeResources?.minScaleDownDelayMinutes ?? 0) * 60);
  const idle = Math.max(s.idleScaleDownSeconds, ...delays);
  const round = s.instanceLaunchSeconds.max + idle + s.schedulerCycleSeconds + s.spot.noticeSeconds + s.terminateGraceSeconds + s.fargate.startSeconds + s.imagePullSeconds;
  return Math.max(3_600_000, Math.round(2 * round * 1000));
}
