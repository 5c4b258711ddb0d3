// The placement policy of one scheduler cycle: the order queues are served in, which compute
// environment and instance a job goes to, and what each managed environment launches for the
// jobs still waiting (spec §6.2–6.5, §8.2, §8.4, §17).
import type { ComputeEnvironment, InstanceOffer } from '../model/compute-environment.js';
import { type Instance, InstanceState, slots } from '../model/instances.js';
import type { JobQueue } from '../model/job-queue.js';
import type { JobShape, ShapeTable } from '../model/shapes.js';
import { cheapestPerVcpu, type AllocationStrategy } from './allocation.js';
import { CoverWalk } from './cover-walk.js';
import { GangPlacement, type CountedRoom, type GangHost } from './gang-placement.js';

export const PlaceOutcome = {
  Placed: 0,
  /** Capacity is coming (launching, or the environment can still scale out), or busy at maxvCpus. */
  Wait: 1,
  /** No instance type of any environment of the queue can hold the job. */
  JobResourceRequirement: 2,
  /** A type could hold it, but every environment's maxvCpus is below what that type needs. */
  ComputeEnvironmentMaxResource: 3,
  /** The environment could scale out for it but its (Spot) capacity cannot be had now. */
  InsufficientCapacity: 4,
} as const;
export type PlaceOutcome = (typeof PlaceOutcome)[keyof typeof PlaceOutcome];

/** Where (part of) a job goes: an instance with room, or a Fargate environment that starts a task for it. */
export type Assignment =
  | { kind: 'instance'; instance: Instance }
  | { kind: 'fargate'; computeEnvironment: ComputeEnvironment };

export interface Placement {
  readonly outcome: PlaceOutcome;
  /**
   * Where the job goes when Placed: one assignment for a container job (a multi-node gang will
   * hold one per node); empty otherwise.
   */
  readonly assignments: readonly Assignment[];
  /** For InsufficientCapacity: the instance type that could not be had. */
  readonly instanceType?: string;
}

/** Free resources of an instance as scaling sees them: actual room less jobs already counted on it. */
type VirtualRoom = CountedRoom;

/** What scale-out needs to know of the rows in a queue. */
export interface WaitingView {
  /** Rows first..last still RUNNABLE (not yet placed, not cancelled). */
  countWaiting(first: number, last: number): number;
  /** The row's job shape id. */
  shapeOf(row: number): number;
}

/** What scale-out launches through (the cycle's decisions). */
export interface Launcher {
  /** Launch one instance of `offer` in `ce`. */
  launch(ce: ComputeEnvironment, offer: InstanceOffer): void;
}


const WAIT: Placement = { outcome: PlaceOutcome.Wait, assignments: [] };

export class Scheduler implements GangHost {
  /**
   * Per environment and job shape, the last cycle in which the shape was found to have no room
   * (room only shrinks within a cycle, so one miss settles it). Stamps, not sets: nothing to clear.
   */
  private readonly noRoom: number[][];
  cycle = 0;
  /** Per environment, the room scaling has counted in this cycle (`virtualCycle` says which cycle it is of). */
  private readonly virtual: VirtualRoom[][];
  private readonly virtualCycle: number[];
  private queueOrder: JobQueue[] | null = null;
  /** The Placed placement onto each instance (by index) and Fargate environment, made once: placing a job allocates nothing. */
  private readonly ontoInstance: Placement[] = [];
  private readonly ontoFargate: Placement[] = [];
  now = 0;
  private readonly gangs: GangPlacement;
  /** Scale-out looks at every row of every run (the reference its no-gaps shortcut is tested against). */
  walkEveryRow = false;

  constructor(
    readonly computeEnvironments: ComputeEnvironment[],
    private readonly strategies: (AllocationStrategy | null)[],
    private readonly shapes: ShapeTable,
    /** settings.spot.spilloverOnInsufficientCapacity */
    private readonly spilloverOnInsufficientCapacity: boolean,
  ) {
    this.noRoom = computeEnvironments.map(() => []);
    this.virtual = computeEnvironments.map(() => []);
    this.virtualCycle = computeEnvironments.map(() => -1);
    this.gangs = new GangPlacement(this);
  }

  beginCycle(now: number): void {
    this.now = now;
    this.cycle++;
  }

  /** Queues sharing environments are served in descending priority; equal priorities in file order. */
  queuesInOrder(queues: JobQueue[]): JobQueue[] {
    this.queueOrder ??= [...queues].sort((a, b) => b.priority - a.priority || a.index - b.index);
    return this.queueOrder;
  }

  /** A queue's priority changed (UpdateJobQueue). */
  reorderQueues(): void {
    this.queueOrder = null;
  }

  /**
   * Places one job: the first environment in the queue's order that can hold it and has room
   * takes it. An environment that could hold it but has no room makes the job wait for it while
   * it can still scale out (or has instances launching); one at maxvCpus passes it on (spillover).
   */
  place(queue: JobQueue, job: JobShape, arm64 = false): Placement {
    if (job.gang) return this.placeGang(queue, job);
    let fits = false;
    let withinMax = false;
    let short: Placement | null = null;
    for (const ci of queue.computeEnvironmentOrder) {
      const ce = this.computeEnvironments[ci];
      if (ce.fargate) {
        // One task per job, any valid size (validation saw to that): maxvCpus caps the tasks' vCPUs.
        // Fargate Spot runs no ARM64 tasks (spec §9): such a job passes it by.
        if (job.gpus > 0 || (arm64 && ce.purchaseOption.name === 'FARGATE_SPOT')) continue;
        fits = true;
        if (job.vcpus <= ce.maxvCpus) withinMax = true;
        if (ce.enabled && ce.provisionedVcpus + job.vcpus <= ce.maxvCpus) {
          return (this.ontoFargate[ci] ??= { outcome: PlaceOutcome.Placed, assignments: [{ kind: 'fargate', computeEnvironment: ce }] });
        }
        continue;
      }
      const fitting = ce.offersFitting(job);
      if (fitting.length === 0) continue;
      fits = true;
      if (!ce.enabled) {
        // A DISABLED environment takes no new jobs, but it is no misconfiguration: the job waits.
        withinMax = true;
        continue;
      }
      const noRoom = this.noRoom[ci];
      if (noRoom[job.id] !== this.cycle) {
        const instance = ce.findRoom(job, this.cycle);
        if (instance) return (this.ontoInstance[instance.index] ??= { outcome: PlaceOutcome.Placed, assignments: [{ kind: 'instance', instance }] });
        noRoom[job.id] = this.cycle;
      }
      if (!ce.managed) {
        // A fixed fleet launches nothing: the job waits for room here (it fits, so maxvCpus admits it).
        withinMax = true;
        continue;
      }
      if (this.launchingRoom(ce, job)) return WAIT;
      const choice = this.launchChoice(ce, fitting, job, Math.max(1, queue.demand[job.id] ?? 1));
      if (choice?.available) return WAIT;
      if (choice) {
        // Below maxvCpus but the capacity cannot be had (spec §1.4 CAPACITY reason). AWS documents
        // spillover only at maxvCpus, so by default the job waits here.
        short ??= { outcome: PlaceOutcome.InsufficientCapacity, assignments: [], instanceType: choice.offer.shape.instanceType };
        if (!this.spilloverOnInsufficientCapacity) return short;
        continue;
      }
      if (this.maxAdmits(ce, fitting, job)) withinMax = true;
    }
    if (short) return short;
    if (!fits) return { outcome: PlaceOutcome.JobResourceRequirement, assignments: [] };
    return withinMax ? WAIT : { outcome: PlaceOutcome.ComputeEnvironmentMaxResource, assignments: [] };
  }

  /** A multi-node job: all its nodes at once (gang-placement.ts). */
  private placeGang(queue: JobQueue, job: JobShape): Placement {
    const outcome = this.gangs.place(queue, job);
    if ('placed' in outcome) return { outcome: PlaceOutcome.Placed, assignments: outcome.placed.map((instance) => ({ kind: 'instance', instance })) };
    if ('wait' in outcome) return WAIT;
    return { outcome: PlaceOutcome[outcome.never], assignments: [] };
  }

  /**
   * The type the environment would launch next for `count` jobs, within maxvCpus, and whether it
   * can be had now; null when the environment is at maxvCpus for this job.
   */
  private launchChoice(ce: ComputeEnvironment, fitting: InstanceOffer[], job: JobShape, count: number): { offer: InstanceOffer; available: boolean } | null {
    const withinMax = fitting.filter((o) => this.canLaunch(ce, o));
    if (withinMax.length === 0) return null;
    const strategy = this.strategy(ce);
    const option = ce.purchaseOption;
    if (strategy.waitsForPreferredType) {
      const offer = strategy.choose(withinMax, job, count);
      return { offer, available: option.available(offer.shape, this.now) };
    }
    const available = withinMax.filter((o) => option.available(o.shape, this.now));
    if (available.length === 0) return { offer: strategy.choose(withinMax, job, count), available: false };
    return { offer: strategy.choose(available, job, count), available: true };
  }

  /**
   * Scale-out for the jobs still RUNNABLE after placement, walking each queue (in priority order)
   * in dispatch order: each run of waiting jobs is counted against room already there or coming
   * (ready and launching instances), then the environments launch what their allocation strategy
   * picks, up to maxvCpus; what one environment cannot take spills to the next in the queue's
   * order. The walk stops at the first jobs it cannot cover: behind them nothing can start before
   * they do (FIFO), so instances bought for later jobs would idle out unused and be bought again.
   * With backfill, jobs within backfillDepth of the head can still start, so the walk goes on to there.
   */
  scaleOut(
    queues: JobQueue[],
    waiting: WaitingView,
    backfillDepth: number | null,
    stuck: ReadonlySet<JobQueue> | null,
    launcher: Launcher,
  ): void {
    for (const queue of this.queuesInOrder(queues)) {
      if (queue.waiting === 0 || !this.launchesFor(queue)) continue;
      // Behind a head that can never be placed nothing moves (backfill off).
      if (stuck !== null && stuck.has(queue)) continue;
      const walk = new CoverWalk(this, queue, backfillDepth, launcher);
      queue.runnable.forEachRun((first, last) => {
        // Rows of a run that were placed by backfill or cancelled stay in it until the head passes;
        // until a job has left the queue that way, every row of a run is waiting (no need to look
        // at each row of a 10,000-child range every cycle).
        const count = queue.mayHaveGaps || this.walkEveryRow ? waiting.countWaiting(first, last) : last - first + 1;
        return count === 0 || walk.add(this.shapes.shapes[waiting.shapeOf(first)], count);
      });
      walk.flush();
    }
  }

  /** Whether some environment of the queue is MANAGED (can launch instances at all). */
  private launchesFor(queue: JobQueue): boolean {
    for (const ci of queue.computeEnvironmentOrder) if (this.computeEnvironments[ci].managed) return true;
    return false;
  }

  /** Whether some environment of the queue has room, or can launch now, for one job of this shape (changes nothing). */
  takesOne(queue: JobQueue, job: JobShape): boolean {
    if (job.gang) return this.gangs.takesOne(queue, job);
    for (const ci of queue.computeEnvironmentOrder) {
      const ce = this.computeEnvironments[ci];
      if (!ce.enabled || ce.fargate) continue;
      const fitting = ce.offersFitting(job);
      if (fitting.length === 0) continue;
      for (const room of this.rooms(ce)) if (slots(room.vcpus, room.memory, room.gpus, job.vcpus, job.memory, job.gpus) >= 1) return true;
      const choice = ce.managed ? this.launchChoice(ce, fitting, job, 1) : null;
      if (choice?.available) return true;
      if (choice && !this.spilloverOnInsufficientCapacity) return false;
    }
    return false;
  }

  /** Counts `count` jobs of one shape against room and launches; returns how many are covered. */
  cover(queue: JobQueue, job: JobShape, count: number, launcher: Launcher): number {
    if (job.gang) return this.gangs.cover(queue, job, count, (ce, offer) => launcher.launch(ce, offer));
    let remaining = count;
    for (const ci of queue.computeEnvironmentOrder) {
      const ce = this.computeEnvironments[ci];
      if (!ce.enabled || ce.fargate) continue;
      const fitting = ce.offersFitting(job);
      if (fitting.length === 0) continue;
      remaining -= this.countAgainstRoom(ce, job, remaining);
      if (remaining > 0 && ce.managed) remaining -= this.launchFor(ce, fitting, job, remaining, launcher);
      if (remaining <= 0) break;
      // Below maxvCpus but short of capacity: these jobs wait here (place() keeps them), so
      // the next environment must not buy instances for them — unless spillover is on.
      const choice = ce.managed ? this.launchChoice(ce, fitting, job, remaining) : null;
      if (choice && !choice.available && !this.spilloverOnInsufficientCapacity) break;
    }
    return count - Math.max(0, remaining);
  }

  /**
   * The type with the lowest price per vCPU that can be launched now within maxvCpus (the
   * strategy's overshoot rule applies), for minvCpus/desiredvCpus capacity; null when none can.
   */
  cheapestPerVcpuWithin(ce: ComputeEnvironment): InstanceOffer | null {
    const options = ce.offers.filter((o) => this.canLaunch(ce, o) && ce.purchaseOption.available(o.shape, this.now));
    return options.length === 0 ? null : cheapestPerVcpu(options);
  }

  strategy(ce: ComputeEnvironment): AllocationStrategy {
    return this.strategies[ce.index]!;
  }

  /** Whether launching one more `offer` keeps the environment within maxvCpus (or the one-instance overshoot). */
  private canLaunch(ce: ComputeEnvironment, offer: InstanceOffer): boolean {
    if (!ce.managed) return false;
    const provisioned = ce.provisionedVcpus;
    return provisioned + offer.shape.vcpus <= ce.maxvCpus || (this.strategy(ce).mayOvershoot && provisioned < ce.maxvCpus);
  }

  /**
   * Whether maxvCpus would ever let this environment hold the job, capacity permitting: a type
   * that holds it fits beside the capacity kept for minvCpus (or may overshoot from there), or an
   * instance already up could hold it once its jobs end. If not, the job is misconfigured
   * (COMPUTE_ENVIRONMENT_MAX_RESOURCE) rather than waiting for capacity that can never come.
   */
  private maxAdmits(ce: ComputeEnvironment, fitting: InstanceOffer[], job: JobShape): boolean {
    if (!ce.managed) return true;
    const floor = ce.keptVcpus();
    if (fitting.some((o) => floor + o.shape.vcpus <= ce.maxvCpus)) return true;
    if (this.strategy(ce).mayOvershoot && floor < ce.maxvCpus) return true;
    return ce.active.some((i) => i.noticeAt < 0 && i.shape.vcpus >= job.vcpus && i.registeredMemory >= job.memory && i.shape.gpus >= job.gpus);
  }


  /** Whether the multi-node job `job` at the head of `queue` would be placed on instances like `inst` (it waits for them). */
  gangWants(queue: JobQueue, job: JobShape, inst: Instance): boolean {
    return this.gangs.wants(queue, job, inst);
  }

  private launchingRoom(ce: ComputeEnvironment, job: JobShape): boolean {
    if (ce.launching === 0) return false;
    for (const inst of ce.active) {
      if (inst.state === InstanceState.LAUNCHING && inst.noticeAt < 0 && inst.slotsFor(job.vcpus, job.memory, job.gpus) >= 1) return true;
    }
    return false;
  }

  /** The environment's room as scale-out has counted it in this cycle (gang placement claims empty instances here). */
  rooms(ce: ComputeEnvironment): VirtualRoom[] {
    if (this.virtualCycle[ce.index] === this.cycle) return this.virtual[ce.index];
    // Instances under an interruption notice take no more jobs, and full ones hold no job of any
    // size (none is below 0.25 vCPU and 4 MiB): only the others' room counts. Under load most
    // instances are full, so this keeps the per-cycle work to the instances that matter.
    const rooms: VirtualRoom[] = [];
    for (const i of ce.active) {
      if (i.noticeAt < 0 && i.freeVcpus >= 0.25 && i.freeMemory >= 4) {
        rooms.push({ vcpus: i.freeVcpus, memory: i.freeMemory, gpus: i.freeGpus, instanceType: i.shape.instanceType, empty: i.jobs.length === 0 && !i.task });
      }
    }
    this.virtual[ce.index] = rooms;
    this.virtualCycle[ce.index] = this.cycle;
    return rooms;
  }

  /** Counts up to `count` jobs into room not yet counted for other waiting jobs; returns how many fit. */
  private countAgainstRoom(ce: ComputeEnvironment, job: JobShape, count: number): number {
    let placed = 0;
    for (const room of this.rooms(ce)) {
      if (placed >= count) break;
      const n = Math.min(count - placed, slots(room.vcpus, room.memory, room.gpus, job.vcpus, job.memory, job.gpus));
      if (n <= 0) continue;
      room.vcpus -= n * job.vcpus;
      room.memory -= n * job.memory;
      room.gpus -= n * job.gpus;
      room.empty = false;
      placed += n;
    }
    return placed;
  }

  /** Launches instances for `count` jobs; returns how many of them the launches will hold. */
  private launchFor(
    ce: ComputeEnvironment,
    fitting: InstanceOffer[],
    job: JobShape,
    count: number,
    launcher: Launcher,
  ): number {
    const rooms = this.rooms(ce);
    let covered = 0;
    while (covered < count) {
      const choice = this.launchChoice(ce, fitting, job, count - covered);
      if (!choice?.available) break;
      const offer = choice.offer;
      launcher.launch(ce, offer);
      const n = Math.min(count - covered, slots(offer.shape.vcpus, offer.registeredMemory, offer.shape.gpus, job.vcpus, job.memory, job.gpus));
      rooms.push({
        vcpus: offer.shape.vcpus - n * job.vcpus,
        memory: offer.registeredMemory - n * job.memory,
        gpus: offer.shape.gpus - n * job.gpus,
        instanceType: offer.shape.instanceType,
        empty: false,
      });
      covered += n;
    }
    return covered;
  }
}
