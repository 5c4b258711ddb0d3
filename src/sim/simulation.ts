// One run of a scenario: the event loop that drives the Batch model (jobs, arrays, queues,
// compute environments, instances) through the scheduler's decisions. Handlers here apply state
// changes; what to place where and what to launch is decided in src/scheduler.
import { EventQueue } from '../engine/event-queue.js';
import { Phase } from '../engine/phases.js';
import { RandomStreams, sample, type Rng } from '../engine/random.js';
import { purchaseOptionFor } from '../market/purchase-options.js';
import { ArrayState } from '../model/arrays.js';
import { AttemptLog, NO_EXIT_CODE } from '../model/attempts.js';
import { ComputeEnvironment, type InstanceOffer } from '../model/compute-environment.js';
import { Instance, InstanceState } from '../model/instances.js';
import { JobQueue } from '../model/job-queue.js';
import { JobKind, JobStatus, JobTable, StringTable, isTerminal, type JobTemplate } from '../model/jobs.js';
import { shouldRetry } from '../model/retry.js';
import { ShapeTable } from '../model/shapes.js';
import { allocationStrategy, type AllocationStrategy } from '../scheduler/allocation.js';
import { PlaceOutcome, Scheduler } from '../scheduler/scheduler.js';
import type { Scenario } from '../scenario/types.js';
import { StatusReason } from '../model/status-reasons.js';

const EventKind = {
  SubmitJob: 0,
  WorkloadArrival: 1,
  SchedulerCycle: 2,
  JobStart: 3,
  AttemptEnd: 4,
  InstanceReady: 5,
  IdleCheck: 6,
} as const;

/** Receives every job state change as it happens (events and metrics subscribe here). */
export interface TransitionListener {
  (row: number, from: number, to: number, timeMs: number): void;
}

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  onTransition?: TransitionListener;
}

interface WorkloadCursor {
  template: number;
  emitted: number;
  rng: Rng;
}

export class Simulation {
  readonly seed: number;
  readonly jobs = new JobTable();
  readonly attempts = new AttemptLog();
  readonly templates: JobTemplate[] = [];
  readonly shapes = new ShapeTable();
  readonly reasons = new StringTable();
  readonly computeEnvironments: ComputeEnvironment[];
  readonly jobQueues: JobQueue[];
  readonly instances: Instance[] = [];
  readonly arrays = new Map<number, ArrayState>();
  /** Row of each scenario submission (Scenario.jobs index), −1 until submitted. */
  readonly submissionRow: Int32Array;
  /** Scenario.jobs index of each template, −1 for workload streams. */
  readonly templateSubmission: number[] = [];
  /** Time of the last event handled; the run's end. */
  endTime = 0;
  /** Events handled (benchmarks report events per second). */
  eventsProcessed = 0;

  private readonly events = new EventQueue();
  private readonly streams: RandomStreams;
  private readonly durations: Rng;
  private readonly launchRng: Rng;
  private readonly instanceIds: Rng;
  private readonly scheduler: Scheduler;
  private readonly strategies: (AllocationStrategy | null)[];
  /** Plain dependents (rows) of each row that others wait on. */
  private readonly dependents = new Map<number, number[]>();
  private readonly workloads: WorkloadCursor[] = [];
  /** Submitted rows (not children) awaiting their first evaluation at the next cycle. */
  private submitted: number[] = [];
  /** Rows that reached a terminal state whose dependents have not been resolved yet. */
  private finished: number[] = [];
  private cycleAt = -1;
  private now = 0;
  private phase = 0;
  private readonly cycleMs: number;
  private readonly onTransition: TransitionListener | undefined;

  constructor(readonly scenario: Scenario, options: SimulateOptions = {}) {
    this.seed = options.seed ?? scenario.seed;
    this.onTransition = options.onTransition;
    this.streams = new RandomStreams(this.seed);
    this.durations = this.streams.stream('durations');
    this.launchRng = this.streams.stream('launch');
    this.instanceIds = this.streams.stream('ids', 'instances');
    this.cycleMs = Math.round(scenario.settings.schedulerCycleSeconds * 1000);
    this.computeEnvironments = scenario.computeEnvironments.map(
      (spec, i) => new ComputeEnvironment(i, spec, purchaseOptionFor(spec.computeResources?.type ?? 'UNMANAGED'), scenario.settings),
    );
    this.strategies = this.computeEnvironments.map((ce) =>
      ce.spec.computeResources ? allocationStrategy(ce.spec.computeResources.allocationStrategy) : null,
    );
    const ceIndex = new Map(this.computeEnvironments.map((ce) => [ce.name, ce.index]));
    this.jobQueues = scenario.jobQueues.map(
      (spec, i) => new JobQueue(i, spec, spec.computeEnvironmentOrder.map((name) => ceIndex.get(name)!)),
    );
    this.submissionRow = new Int32Array(scenario.jobs.length).fill(-1);
    this.scheduler = new Scheduler(this.computeEnvironments, this.strategies, this.shapes);
  }

  /** Runs to the end (no events left, or the horizon) and returns this simulation for reading. */
  run(): this {
    this.startFleets();
    this.scheduleSubmissions();
    const horizon = this.scenario.settings.horizonSeconds;
    const horizonMs = horizon === null ? Infinity : Math.round(horizon * 1000);
    const ev = this.events;
    while (ev.size > 0) {
      if (ev.peekTime() > horizonMs) {
        this.now = horizonMs;
        break;
      }
      ev.pop();
      this.eventsProcessed++;
      this.now = ev.time;
      this.phase = ev.phase;
      switch (ev.kind) {
        case EventKind.SubmitJob: this.submitJob(ev.arg); break;
        case EventKind.WorkloadArrival: this.workloadArrival(ev.arg); break;
        case EventKind.SchedulerCycle: this.schedulerCycle(); break;
        case EventKind.JobStart: this.jobStart(ev.arg); break;
        case EventKind.AttemptEnd: this.attemptEnd(ev.arg); break;
        case EventKind.InstanceReady: this.instanceReady(ev.arg); break;
        case EventKind.IdleCheck: this.idleCheck(ev.arg); break;
      }
    }
    this.endTime = this.now;
    for (const ce of this.computeEnvironments) {
      for (const inst of [...ce.active]) this.terminate(inst, 'SIMULATION_END');
    }
    return this;
  }

  // ---- setup ---------------------------------------------------------------------------------

  private template(t: Omit<JobTemplate, 'shape'>, submission: number): number {
    this.templates.push({ ...t, shape: this.shapes.intern(t.vcpus, t.memory, t.gpus) });
    this.templateSubmission.push(submission);
    return this.templates.length - 1;
  }

  private scheduleSubmissions(): void {
    const { scenario } = this;
    const queueIndex = new Map(this.jobQueues.map((q) => [q.name, q.index]));
    const defRef = (i: number) => `${scenario.jobDefinitions[i].jobDefinitionName}:${scenario.jobDefinitions[i].revision}`;
    scenario.jobs.forEach((job, i) => {
      const def = scenario.jobDefinitions[job.jobDefinition];
      this.template(
        {
          jobName: job.jobName, numbered: false, queue: queueIndex.get(job.jobQueue)!, jobDefinition: defRef(job.jobDefinition),
          image: def.image, vcpus: job.vcpus, memory: job.memory, gpus: job.gpus, arraySize: job.arraySize,
          retryStrategy: job.retryStrategy, attemptDurationSeconds: job.attemptDurationSeconds, simulation: job.simulation,
        },
        i,
      );
      this.events.push(job.submitAtMs, Phase.Submission, EventKind.SubmitJob, i);
    });
    scenario.workloads.forEach((w, i) => {
      const def = scenario.jobDefinitions[w.jobDefinition];
      const template = this.template(
        {
          jobName: w.jobNamePrefix, numbered: true, queue: queueIndex.get(w.jobQueue)!, jobDefinition: defRef(w.jobDefinition),
          image: def.image, vcpus: def.vcpus, memory: def.memory, gpus: def.gpus, arraySize: 0,
          retryStrategy: def.retryStrategy, attemptDurationSeconds: def.attemptDurationSeconds, simulation: def.simulation,
        },
        -1,
      );
      const cursor: WorkloadCursor = { template, emitted: 0, rng: this.streams.stream('arrivals', String(i)) };
      this.workloads.push(cursor);
      this.scheduleNextArrival(i, Math.round(w.startAtSeconds * 1000));
    });
  }

  /** Instances that exist before t = 0: UNMANAGED fleets and managed minvCpus/desiredvCpus. */
  private startFleets(): void {
    for (const ce of this.computeEnvironments) {
      if (!ce.managed) {
        for (const shape of ce.spec.fleet) {
          const offer = ce.offers.find((o) => o.shape.instanceType === shape.instanceType)!;
          this.readyNow(this.launch(ce, offer));
        }
        continue;
      }
      const cr = ce.spec.computeResources!;
      const target = Math.max(cr.minvCpus, cr.desiredvCpus);
      if (target <= 0 || ce.offers.length === 0) continue;
      const offer = this.scheduler.cheapestPerVcpu(ce);
      while (ce.provisionedVcpus < target) this.readyNow(this.launch(ce, offer));
    }
  }

  // ---- submissions ---------------------------------------------------------------------------

  private scheduleNextArrival(w: number, from: number): void {
    const spec = this.scenario.workloads[w];
    const cursor = this.workloads[w];
    if (cursor.emitted >= spec.count) return;
    const gap = -spec.meanInterarrivalSeconds * 1000 * Math.log(1 - cursor.rng());
    this.events.push(Math.round(from + gap), Phase.Submission, EventKind.WorkloadArrival, w);
  }

  private workloadArrival(w: number): void {
    const cursor = this.workloads[w];
    const row = this.jobs.add(1, cursor.template, JobKind.JOB, -1);
    this.jobs.ordinal.data[row] = cursor.emitted++;
    this.newRow(row, this.templates[cursor.template]);
    this.submitted.push(row);
    this.requestCycle();
    this.scheduleNextArrival(w, this.now);
  }

  private submitJob(i: number): void {
    const template = i; // scenario submissions own templates 0..jobs.length−1
    const t = this.templates[template];
    const jobs = this.jobs;
    let row: number;
    if (t.arraySize > 0) {
      row = jobs.add(1, template, JobKind.ARRAY_PARENT, -1);
      const first = jobs.add(t.arraySize, template, JobKind.ARRAY_CHILD, row);
      for (let k = 0; k < t.arraySize; k++) jobs.ordinal.data[first + k] = k;
      this.arrays.set(row, new ArrayState(row, first, t.arraySize));
      this.newRow(row, t);
      for (let k = 0; k < t.arraySize; k++) this.newRow(first + k, t);
    } else {
      row = jobs.add(1, template, JobKind.JOB, -1);
      this.newRow(row, t);
    }
    this.submissionRow[i] = row;
    this.submitted.push(row);
    this.requestCycle();
  }

  private newRow(row: number, t: JobTemplate): void {
    const jobs = this.jobs;
    jobs.status.data[row] = JobStatus.SUBMITTED;
    jobs.createdAt.data[row] = this.now;
    // Drawn at submission, in submission order, so the same seed gives every job the same run
    // time whatever fleet it lands on (common random numbers for comparisons).
    jobs.duration.data[row] = Math.max(0, Math.round(sample(t.simulation.duration, this.durations) * 1000));
    this.onTransition?.(row, -1, JobStatus.SUBMITTED, this.now);
  }

  // ---- state changes -------------------------------------------------------------------------

  private transition(row: number, to: JobStatus): void {
    const jobs = this.jobs;
    const from = jobs.status.data[row];
    jobs.status.data[row] = to;
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
    if (reason !== '' || jobs.reason.data[row] === 0) jobs.reason.data[row] = this.reasons.id(reason);
    jobs.stoppedAt.data[row] = this.now;
    this.transition(row, status);
    this.finished.push(row);
    if (jobs.kind.data[row] === JobKind.ARRAY_CHILD) this.childFinished(row);
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
    queue.addDemand(t.shape, last - first + 1);
  }

  /** Children of an array whose gate is open and which wait on nothing else become RUNNABLE, in runs. */
  private releaseChildren(arr: ArrayState): void {
    const jobs = this.jobs;
    let runStart = -1;
    const end = arr.firstChild + arr.size;
    for (let r = arr.firstChild; r <= end; r++) {
      const ready = r < end && jobs.status.data[r] === JobStatus.PENDING && jobs.pendingDeps.data[r] === 0;
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
    switch (jobs.kind.data[row]) {
      case JobKind.JOB:
        this.makeRunnable(row, row);
        break;
      case JobKind.ARRAY_PARENT:
        this.releaseChildren(this.arrays.get(row)!);
        break;
      case JobKind.ARRAY_CHILD:
        if (this.gateOpen(jobs.parent.data[row])) this.makeRunnable(row, row);
        break;
    }
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
    this.events.push(t, Phase.SchedulerCycle, EventKind.SchedulerCycle, 0);
  }

  private schedulerCycle(): void {
    this.cycleAt = -1;
    const submitted = this.submitted;
    this.submitted = [];
    for (const row of submitted) this.evaluateSubmitted(row);
    this.resolveFinished();
    this.placeJobs();
  }

  /** SUBMITTED → PENDING/RUNNABLE (or FAILED when a dependency already failed). */
  private evaluateSubmitted(row: number): void {
    const jobs = this.jobs;
    const template = jobs.template.data[row];
    const submission = this.templateSubmission[template];
    const deps = submission >= 0 ? this.scenario.jobs[submission].dependsOn : [];
    let pending = 0;
    let failed = false;
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
    this.scheduler.beginCycle();
    for (const queue of this.scheduler.queuesInOrder(this.jobQueues)) {
      if (queue.waiting === 0) continue;
      for (;;) {
        const row = queue.runnable.peek();
        if (row < 0) break;
        if (jobs.status.data[row] !== JobStatus.RUNNABLE) {
          queue.runnable.shift(); // placed by backfill earlier
          continue;
        }
        const outcome = this.tryPlace(queue, row);
        if (outcome === PlaceOutcome.Placed) {
          queue.runnable.shift();
          continue;
        }
        this.markBlocked(queue, row, outcome);
        if (settings.backfill) {
          for (const r of queue.runnable.head(settings.backfillDepth + 1)) {
            if (r !== row && jobs.status.data[r] === JobStatus.RUNNABLE) this.tryPlace(queue, r);
          }
        }
        break;
      }
    }
    this.scheduler.scaleOut(this.jobQueues, (ce, offer) => this.launchForDemand(ce, offer));
  }

  private tryPlace(queue: JobQueue, row: number): PlaceOutcome {
    const t = this.templates[this.jobs.template.data[row]];
    const placement = this.scheduler.place(queue, this.shapes.shapes[t.shape]);
    if (placement.instance) {
      this.startAttempt(row, t, placement.instance);
      queue.addDemand(t.shape, -1);
      if (queue.blockedJob === row) queue.blockedJob = -1;
    }
    return placement.outcome;
  }

  private markBlocked(queue: JobQueue, row: number, outcome: PlaceOutcome): void {
    if (queue.blockedJob !== row) {
      queue.blockedJob = row;
      queue.blockedSince = this.now;
    }
    const reason = outcome === PlaceOutcome.JobResourceRequirement
      ? StatusReason.JOB_RESOURCE_REQUIREMENT
      : outcome === PlaceOutcome.ComputeEnvironmentMaxResource
        ? StatusReason.COMPUTE_ENVIRONMENT_MAX_RESOURCE
        : '';
    if (reason) this.jobs.reason.data[row] = this.reasons.id(reason);
  }

  // ---- attempts ------------------------------------------------------------------------------

  private startAttempt(row: number, t: JobTemplate, inst: Instance): void {
    const jobs = this.jobs;
    const settings = this.scenario.settings;
    this.computeEnvironments[inst.computeEnvironment].reserve(inst, this.shapes.shapes[t.shape]);
    inst.everUsed = true;
    inst.idleCheckAt = -1;
    jobs.instance.data[row] = inst.index;
    jobs.placedAt.data[row] = this.now;
    jobs.attempts.data[row]++;
    jobs.reason.data[row] = 0;
    this.transition(row, JobStatus.STARTING);
    // The first job to need an image pulls it; later ones on the same instance reuse it, or wait
    // for a pull already under way.
    const pulled = inst.images.get(t.image);
    let startAt: number;
    if (pulled === undefined) {
      startAt = this.now + Math.round(settings.imagePullSeconds * 1000);
      inst.images.set(t.image, startAt);
    } else {
      startAt = Math.max(this.now + Math.round(settings.cachedImageStartSeconds * 1000), pulled);
    }
    this.events.push(startAt, Phase.JobStart, EventKind.JobStart, row);
  }

  private jobStart(row: number): void {
    const jobs = this.jobs;
    if (jobs.status.data[row] !== JobStatus.STARTING) return;
    jobs.startedAt.data[row] = this.now;
    if (jobs.firstStartedAt.data[row] < 0) jobs.firstStartedAt.data[row] = this.now;
    if (jobs.kind.data[row] === JobKind.ARRAY_CHILD) {
      const arr = this.arrays.get(jobs.parent.data[row])!;
      if (arr.firstStartedAt < 0) arr.firstStartedAt = this.now;
    }
    this.transition(row, JobStatus.RUNNING);
    const endsAt = this.now + jobs.duration.data[row];
    jobs.endsAt.data[row] = endsAt;
    this.events.push(endsAt, Phase.AttemptEnd, EventKind.AttemptEnd, row);
  }

  private attemptEnd(row: number): void {
    const jobs = this.jobs;
    if (jobs.status.data[row] !== JobStatus.RUNNING || jobs.endsAt.data[row] !== this.now) return;
    const t = this.templates[jobs.template.data[row]];
    const exitCode = t.simulation.exitCode;
    const reason = StatusReason.ESSENTIAL_CONTAINER_EXITED;
    const inst = this.instances[jobs.instance.data[row]];
    this.attempts.add(row, jobs.attempts.data[row], inst.index, jobs.placedAt.data[row], jobs.startedAt.data[row], this.now, exitCode, this.reasons.id(reason));
    this.releaseResources(inst, t);
    jobs.instance.data[row] = -1;
    if (exitCode === 0) {
      this.finish(row, JobStatus.SUCCEEDED, reason);
    } else if (shouldRetry(t.retryStrategy, jobs.attempts.data[row], { statusReason: reason, exitCode })) {
      jobs.reason.data[row] = this.reasons.id(reason);
      this.transition(row, JobStatus.RUNNABLE);
      const queue = this.jobQueues[t.queue];
      queue.runnable.pushFront(row);
      queue.addDemand(t.shape, 1);
    } else {
      this.finish(row, JobStatus.FAILED, reason);
    }
    this.requestCycle();
  }

  // ---- instances -----------------------------------------------------------------------------

  /** Creates an instance in LAUNCHING; the caller decides when it is ready. */
  private launch(ce: ComputeEnvironment, offer: InstanceOffer): Instance {
    let id = 'i-';
    for (let k = 0; k < 17; k++) id += Math.floor(this.instanceIds() * 16).toString(16);
    const inst = new Instance(this.instances.length, id, ce.index, offer.shape, offer.registeredMemory, ce.purchaseOption, offer.pricePerHour, this.now);
    this.instances.push(inst);
    ce.add(inst);
    return inst;
  }

  /** Scale-out: the instance registers with ECS after the launch latency (spec §17). */
  private launchForDemand(ce: ComputeEnvironment, offer: InstanceOffer): void {
    const inst = this.launch(ce, offer);
    const { min, max } = this.scenario.settings.instanceLaunchSeconds;
    const latency = Math.round((min + (max - min) * this.launchRng()) * 1000);
    this.events.push(this.now + latency, Phase.InstanceChange, EventKind.InstanceReady, inst.index);
  }

  private readyNow(inst: Instance): void {
    this.computeEnvironments[inst.computeEnvironment].ready(inst, this.now);
    this.becameIdle(inst);
  }

  private instanceReady(index: number): void {
    const inst = this.instances[index];
    if (inst.state !== InstanceState.LAUNCHING) return;
    this.computeEnvironments[inst.computeEnvironment].ready(inst, this.now);
    this.becameIdle(inst);
    this.requestCycle();
  }

  private releaseResources(inst: Instance, t: JobTemplate): void {
    this.computeEnvironments[inst.computeEnvironment].release(inst, this.shapes.shapes[t.shape]);
    if (inst.running === 0) this.becameIdle(inst);
  }

  private becameIdle(inst: Instance): void {
    const ce = this.computeEnvironments[inst.computeEnvironment];
    if (!ce.managed) return;
    const delayMinutes = ce.spec.computeResources!.minScaleDownDelayMinutes;
    const idleMs = Math.round((delayMinutes !== null && inst.everUsed ? delayMinutes * 60 : this.scenario.settings.idleScaleDownSeconds) * 1000);
    inst.idleCheckAt = this.now + idleMs;
    this.events.push(inst.idleCheckAt, Phase.InstanceChange, EventKind.IdleCheck, inst.index);
  }

  private idleCheck(index: number): void {
    const inst = this.instances[index];
    if (inst.state === InstanceState.TERMINATED || inst.running > 0 || inst.idleCheckAt !== this.now) return;
    const ce = this.computeEnvironments[inst.computeEnvironment];
    // Never below minvCpus: such an instance stays, idle and billed, until the run ends.
    if (ce.provisionedVcpus - inst.shape.vcpus < ce.minvCpus) return;
    this.terminate(inst, 'IDLE_SCALE_DOWN');
    // The headroom under maxvCpus it frees may be what waiting jobs of another shape need.
    if (this.jobQueues.some((q) => q.waiting > 0)) this.requestCycle();
  }

  private terminate(inst: Instance, why: 'IDLE_SCALE_DOWN' | 'SIMULATION_END'): void {
    this.computeEnvironments[inst.computeEnvironment].remove(inst);
    inst.state = InstanceState.TERMINATED;
    inst.terminatedAt = this.now;
    inst.terminationReason = why;
  }
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): Simulation {
  return new Simulation(scenario, options).run();
}
