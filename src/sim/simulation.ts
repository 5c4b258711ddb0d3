// One run of a scenario: builds the model (compute environments, queues, fleet, market) and the
// parts of the engine around one kernel, registers each event kind's handler, and offers the run
// two ways — to completion (run), or step by step (advanceTo, submitJob, call, state) with the
// same bytes. What each part does is in its own module: lifecycle.ts (job states),
// dependencies.ts, submissions.ts, attempt-runner.ts, capacity.ts, cycle.ts (with the policy in
// src/scheduler), api-calls.ts; kernel.ts is the event loop.
import { KeyedStream } from '../engine/keyed-random.js';
import { RandomStreams } from '../engine/random.js';
import { fargate, ON_DEMAND, spot, type PurchaseOption } from '../market/purchase-options.js';
import { SpotMarket } from '../market/spot-market.js';
import { ArrayState } from '../model/arrays.js';
import type { MultiNodeState } from '../model/multi-node.js';
import { AttemptLog } from '../model/attempts.js';
import { ComputeEnvironment, type InstanceOffer } from '../model/compute-environment.js';
import type { Instance } from '../model/instances.js';
import type { JobQueue } from '../model/job-queue.js';
import { JOB_STATUS_NAMES, JobTable, StringTable, countsAsJob, type JobTemplate } from '../model/jobs.js';
import { ShapeTable } from '../model/shapes.js';
import { allocationStrategy } from '../scheduler/allocation.js';
import { BATCH_SCHEDULING, type SchedulingPolicy } from '../scheduler/cycle-policy.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { ActionSpec, ComputeEnvironmentSpec, JobSubmission, Scenario, Settings } from '../scenario/types.js';
import { ApiCalls } from './api-calls.js';
import { AttemptRunner } from './attempt-runner.js';
import { Capacity } from './capacity.js';
import { bothListeners, type QueueBlockedListener, type RunContext, type TransitionListener } from './context.js';
import { Cycle } from './cycle.js';
import { Dependencies } from './dependencies.js';
import { EventKind } from './event-kinds.js';
import { Fleet } from './fleet.js';
import { Kernel, type StallReport } from './kernel.js';
import { JobLifecycle } from './lifecycle.js';
import { MultiNodeRunner } from './multi-node.js';
import { buildJobQueues, transitionListener } from './queues.js';
import type { RunResult } from './run-result.js';
import { Submissions } from './submissions.js';
import { createWorkflows, type Workflows } from '../stepfunctions/runtime.js';

export { EventBudgetExceeded, type StallReport } from './kernel.js';
export type { QueueBlockedListener, TransitionListener } from './context.js';
export type { RunResult } from './run-result.js';

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
  /** The scheduling policy (default BATCH_SCHEDULING: AWS Batch's, spec §6). */
  schedulingPolicy?: SchedulingPolicy;
}

/** What a run looks like at a moment (Simulation.state), e.g. while it is driven step by step. */
export interface RunState {
  /** The clock, ms. */
  timeMs: number;
  /** Whether the run has ended. */
  done: boolean;
  /** Jobs (array children and multi-node jobs included; array parents and nodes not) by status. */
  jobsByStatus: Record<string, number>;
  /** Instances and tasks up now, and launched so far. */
  instancesUp: number;
  instancesLaunched: number;
}

export class Simulation implements RunResult, RunContext {
  readonly seed: number;
  readonly settings: Settings;
  readonly streams: RandomStreams;
  readonly kernel: Kernel;
  readonly jobs = new JobTable();
  readonly attempts = new AttemptLog();
  readonly templates: JobTemplate[] = [];
  readonly shapes = new ShapeTable();
  readonly reasons = new StringTable();
  readonly arrays = new Map<number, ArrayState>();
  readonly multiNodes = new Map<number, MultiNodeState>();
  readonly computeEnvironments: ComputeEnvironment[];
  readonly jobQueues: JobQueue[];
  readonly market: SpotMarket;
  readonly fleet: Fleet;
  readonly scheduler: Scheduler;
  readonly schedulingPolicy: SchedulingPolicy;
  readonly submissions: JobSubmission[];
  readonly actions: ActionSpec[];
  readonly lifecycle: JobLifecycle;
  readonly dependencies: Dependencies;
  readonly submitter: Submissions;
  readonly attemptRunner: AttemptRunner;
  readonly multiNode: MultiNodeRunner;
  readonly capacity: Capacity;
  readonly cycle: Cycle;
  readonly apiCalls: ApiCalls;
  readonly onTransition: TransitionListener | undefined;
  readonly onQueueBlocked: QueueBlockedListener | undefined;
  /** The scenario's Step Functions executions (src/stepfunctions), or null when it has none. */
  readonly executions: Workflows | null;
  private started = false;
  private finished = false;

  constructor(readonly scenario: Scenario, options: SimulateOptions = {}) {
    this.seed = options.seed ?? scenario.seed;
    this.settings = scenario.settings;
    this.onQueueBlocked = options.onQueueBlocked;
    this.schedulingPolicy = options.schedulingPolicy ?? BATCH_SCHEDULING;
    this.streams = new RandomStreams(this.seed);
    this.submissions = [...scenario.jobs];
    this.actions = [...scenario.actions];
    const horizon = scenario.settings.horizonSeconds;
    this.kernel = new Kernel(
      horizon === null ? Infinity : Math.round(horizon * 1000),
      options.maxEvents ?? Infinity,
      stallWindowMs(scenario),
    );
    this.market = new SpotMarket(scenario.settings);
    this.computeEnvironments = scenario.computeEnvironments.map(
      (spec, i) => new ComputeEnvironment(i, spec, this.purchaseOption(spec), scenario.settings),
    );
    this.jobQueues = buildJobQueues(scenario, this);
    // Executions hear job state changes after the user's listener (a .sync task waits for its job).
    this.executions = createWorkflows(this);
    this.onTransition = transitionListener(bothListeners(options.onTransition, this.executions?.transition), this.jobQueues, this);
    const strategies = this.computeEnvironments.map((ce) =>
      ce.spec.computeResources ? allocationStrategy(ce.spec.computeResources.allocationStrategy) : null,
    );
    this.scheduler = new Scheduler(this.computeEnvironments, strategies, this.shapes, scenario.settings.spot.spilloverOnInsufficientCapacity);
    this.fleet = new Fleet((at, kind, arg) => this.kernel.push(at, kind, arg), this.kernel.progress, scenario.settings, this.computeEnvironments, this.market, {
      launch: new KeyedStream(this.seed, 'launch'),
      spot: new KeyedStream(this.seed, 'spot'),
      ids: this.streams.stream('ids', 'instances'),
    });
    this.lifecycle = new JobLifecycle(this);
    this.dependencies = new Dependencies(this);
    this.submitter = new Submissions(this);
    this.attemptRunner = new AttemptRunner(this);
    this.multiNode = new MultiNodeRunner(this);
    this.capacity = new Capacity(this);
    this.cycle = new Cycle(this);
    this.apiCalls = new ApiCalls(this);
    this.registerHandlers();
  }

  /** The table from event kind to handler (phases: event-kinds.ts). */
  private registerHandlers(): void {
    const k = this.kernel;
    const { submitter, attemptRunner, capacity, cycle, apiCalls } = this;
    k.on(EventKind.SubmitJob, (i) => submitter.submitJob(i));
    k.on(EventKind.WorkloadArrival, (w) => submitter.workloadArrival(w));
    k.on(EventKind.SchedulerCycle, () => cycle.runCycle(), () => cycle.skipped());
    k.on(EventKind.JobStart, (row) => attemptRunner.jobStart(row));
    k.on(EventKind.AttemptEnd, (row) => attemptRunner.attemptEnd(row));
    k.on(EventKind.Timeout, (row) => attemptRunner.timeout(row));
    k.on(EventKind.InstanceReady, (i) => capacity.ready(i));
    k.on(EventKind.IdleCheck, (i) => capacity.idleCheck(i));
    k.on(EventKind.IdleCheckAfterCycle, (i) => capacity.idleCheckAfterCycle(i));
    k.on(EventKind.SpotNotice, (i) => capacity.notice(i));
    k.on(EventKind.SpotReclaim, (i) => capacity.reclaim(i));
    k.on(EventKind.MarketChange, () => capacity.marketChange());
    k.on(EventKind.ApiCall, (i) => apiCalls.apply(i));
    k.on(EventKind.Wakeup, () => cycle.request());
    k.on(EventKind.TerminateStop, (row) => apiCalls.terminateStop(row));
    const executions = this.executions;
    if (executions) {
      k.on(EventKind.Workflow, (i) => executions.handle(i));
      k.on(EventKind.WorkflowTimeout, (i) => executions.handle(i));
    }
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

  // ---- running -------------------------------------------------------------------------------

  /** Runs to the end (docs/model.md "The end of a run") and returns this simulation for reading. */
  run(): this {
    this.advanceTo(Infinity);
    return this;
  }

  /**
   * Handles every event up to and including `timeMs` (seconds × 1000) and stops there; the run
   * can then be asked for its state, given submissions and calls, and advanced again. A run
   * driven in steps writes the same bytes as one run to completion; it ends at the horizon, a
   * stall, or when run() (advanceTo(Infinity)) finds nothing more to do.
   */
  advanceTo(timeMs: number): this {
    if (this.finished) return this;
    this.start();
    if (!this.kernel.advanceTo(timeMs)) this.finish();
    return this;
  }

  /** SubmitJob while the run goes on (a normalized submission; submitAtMs earlier than now means now). */
  submitJob(job: JobSubmission): number {
    this.mustBeRunning();
    this.start();
    return this.submitter.submit(job);
  }

  /** An API call (CancelJob, TerminateJob, Update…, InterruptSpotInstances) while the run goes on. */
  call(action: ActionSpec): void {
    this.mustBeRunning();
    this.start();
    this.apiCalls.call(action);
  }

  /** Whether the run has ended. */
  get done(): boolean {
    return this.finished;
  }

  /** Nothing that matters is scheduled any more: a run driven in steps is only waiting for input (or run() to end it). */
  get idle(): boolean {
    return this.started && this.kernel.idle;
  }

  /** The run at this moment. */
  state(): RunState {
    const jobsByStatus: Record<string, number> = Object.fromEntries(JOB_STATUS_NAMES.map((s) => [s, 0]));
    for (let r = 0; r < this.jobs.count; r++) {
      // Jobs as summary.json counts them: array children and multi-node jobs, not array parents or nodes.
      if (countsAsJob(this.jobs.kind.data[r])) jobsByStatus[JOB_STATUS_NAMES[this.jobs.status.data[r]]]++;
    }
    return {
      timeMs: this.kernel.now,
      done: this.finished,
      jobsByStatus,
      instancesUp: this.computeEnvironments.reduce((n, ce) => n + ce.active.length, 0),
      instancesLaunched: this.fleet.instances.length,
    };
  }

  private mustBeRunning(): void {
    if (this.finished) throw new Error('the run has ended: it takes no more submissions or calls');
  }

  /** Capacity that exists before t = 0, then the scenario's inputs, in that order (event sequence). */
  private start(): void {
    if (this.started) return;
    this.started = true;
    this.capacity.startFleets();
    this.submitter.scheduleScenario();
    this.apiCalls.scheduleScenario();
    this.market.changeTimes().forEach((t) => this.kernel.push(t, EventKind.MarketChange, 0));
    this.executions?.start();
  }

  /** The run has ended: cut attempts get their rows; instances still up end with it. */
  private finish(): void {
    this.finished = true;
    this.submitter.closeStreams();
    const k = this.kernel;
    if (k.cut) this.attemptRunner.recordUnfinished();
    k.now = k.endTime;
    for (const ce of this.computeEnvironments) {
      for (const inst of [...ce.active]) this.fleet.terminate(inst, 'SIMULATION_END', k.now);
    }
  }

  // ---- the run result ------------------------------------------------------------------------

  get instances(): Instance[] {
    return this.fleet.instances;
  }

  get spotInterruptions(): number {
    return this.fleet.spotInterruptions;
  }

  get endTime(): number {
    return this.kernel.endTime;
  }

  get stalled(): StallReport | null {
    return this.kernel.stalled;
  }

  get eventsProcessed(): number {
    return this.kernel.eventsProcessed;
  }

  get templateSubmission(): readonly number[] {
    return this.submitter.templateSubmission;
  }

  get submissionRow(): readonly number[] {
    return this.submitter.submissionRow;
  }

  get rowNames(): ReadonlyMap<number, string> {
    return this.submitter.rowNames;
  }

  waitsOn(row: number): number[] {
    return this.dependencies.waitsOn(row);
  }
}

/** Runs a scenario to the end. */
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
