// Gang placement for multi-node parallel jobs (spec §12): a job of N nodes starts only when N
// READY instances of its one type, each empty (a node is single-tenant), are there at once in one
// compute environment — the first of the queue's order that can ever hold the gang; there is no
// spillover to a later one (the user guide: an MNP job blocks its queue). Scale-out launches what
// the gang lacks, all of it within maxvCpus or nothing (half a gang runs nothing).
import type { ComputeEnvironment, InstanceOffer } from '../model/compute-environment.js';
import { type Instance, InstanceState } from '../model/instances.js';
import type { JobQueue } from '../model/job-queue.js';
import type { GangShape, JobShape } from '../model/shapes.js';
import type { AllocationStrategy } from './allocation.js';

/** Free room of an instance as scale-out counts it in a cycle (Scheduler's virtual rooms). */
export interface CountedRoom {
  vcpus: number;
  memory: number;
  gpus: number;
  /** The instance's type, and whether nothing holds or has been counted into it yet. */
  instanceType: string;
  empty: boolean;
}

/** What gang placement reads of the scheduler. */
export interface GangHost {
  readonly computeEnvironments: readonly ComputeEnvironment[];
  /** The cycle's clock (Spot availability; gangs run on on-demand capacity only, spec §12). */
  readonly now: number;
  /** The cycle's number (instances a waiting gang keeps are stamped with it). */
  readonly cycle: number;
  strategy(ce: ComputeEnvironment): AllocationStrategy;
  /** The environment's rooms counted so far in this cycle. */
  rooms(ce: ComputeEnvironment): CountedRoom[];
}

export type GangOutcome = { placed: Instance[] } | { wait: true } | { never: 'JobResourceRequirement' | 'ComputeEnvironmentMaxResource' };

export class GangPlacement {
  constructor(private readonly host: GangHost) {}

  /** Where the gang would go: the first environment whose instance types hold a node and whose maxvCpus holds all of them. */
  private target(queue: JobQueue, gang: GangShape): { ce: ComputeEnvironment; offer: InstanceOffer } | { never: 'JobResourceRequirement' | 'ComputeEnvironmentMaxResource' } {
    let fits = false;
    for (const ci of queue.computeEnvironmentOrder) {
      const ce = this.host.computeEnvironments[ci];
      // Not on Fargate, Spot or unmanaged capacity (spec §12; an UpdateJobQueue may add such an environment).
      if (ce.fargate || !ce.managed || ce.purchaseOption.name === 'SPOT') continue;
      const offer = this.offer(ce, gang);
      if (offer === null) continue;
      fits = true;
      if (gang.nodes * offer.shape.vcpus <= ce.maxvCpus) return { ce, offer };
    }
    return { never: fits ? 'ComputeEnvironmentMaxResource' : 'JobResourceRequirement' };
  }

  /** The type the gang's instances are in `ce`: the definition's, or what the strategy picks for the largest node. */
  private offer(ce: ComputeEnvironment, gang: GangShape): InstanceOffer | null {
    const fitting = ce.offersFitting(gang.node);
    if (fitting.length === 0) return null;
    if (gang.instanceType !== null) return fitting.find((o) => o.shape.instanceType === gang.instanceType) ?? null;
    return this.host.strategy(ce).choose(fitting, gang.node, gang.nodes);
  }

  /** Places the whole gang on empty READY instances of its type, or says why it waits. */
  place(queue: JobQueue, job: JobShape): GangOutcome {
    const gang = job.gang!;
    const target = this.target(queue, gang);
    if ('never' in target) return target;
    const { ce, offer } = target;
    // A DISABLED environment takes no new jobs; the gang waits for it (no spillover).
    if (!ce.enabled) return { wait: true };
    const placed: Instance[] = [];
    for (const inst of ce.active) {
      if (isEmptyReady(inst, offer.shape.instanceType)) placed.push(inst);
      if (placed.length === gang.nodes) return { placed };
    }
    if (this.neverWhole(ce, offer, gang)) return { never: 'ComputeEnvironmentMaxResource' };
    // The gang waits for the rest: what it has is kept for it in this cycle, so jobs placed after
    // it (lower-priority queues, backfill) do not take it and starve the gang.
    for (const inst of placed) inst.claimedInCycle = this.host.cycle;
    return { wait: true };
  }

  /**
   * Whether the gang can never be whole here: instances of other types that minvCpus keeps (they
   * never scale in below it, counting the instances of the gang's type up now) leave maxvCpus no
   * room for all its nodes — the rest of the gang cannot be launched before that room exists.
   */
  private neverWhole(ce: ComputeEnvironment, offer: InstanceOffer, gang: GangShape): boolean {
    const type = offer.shape.instanceType;
    const whole = gang.nodes * offer.shape.vcpus;
    let own = 0;
    for (const inst of ce.active) if (inst.noticeAt < 0 && inst.shape.instanceType === type) own += inst.shape.vcpus;
    // Enough of its own type already: it waits only for them to be free.
    if (own >= whole) return false;
    return ce.keptVcpus((inst) => inst.shape.instanceType === type, own) + whole > ce.maxvCpus;
  }

  /**
   * Whether `inst` is of the environment and type the gang would be placed on, and the gang can
   * still be put together there (the environment takes jobs and maxvCpus can hold it): an
   * assembling gang waits for such an instance. A gang that cannot be whole keeps nothing.
   */
  wants(queue: JobQueue, job: JobShape, inst: Instance): boolean {
    const target = this.target(queue, job.gang!);
    if ('never' in target) return false;
    const { ce, offer } = target;
    return ce.enabled && ce.index === inst.computeEnvironment && offer.shape.instanceType === inst.shape.instanceType && !this.neverWhole(ce, offer, job.gang!);
  }

  /** Whether one gang could start now or once launches that fit within maxvCpus are made. */
  takesOne(queue: JobQueue, job: JobShape): boolean {
    const target = this.target(queue, job.gang!);
    if ('never' in target || !target.ce.enabled) return false;
    const free = this.host.rooms(target.ce).filter((r) => r.empty && r.instanceType === target.offer.shape.instanceType).length;
    return free >= job.gang!.nodes || this.canLaunch(target.ce, target.offer, job.gang!.nodes - free);
  }

  /**
   * Counts `count` gangs against the empty instances of their type (ready or launching) not yet
   * counted in this cycle, and launches what each lacks; returns how many gangs are covered.
   */
  cover(queue: JobQueue, job: JobShape, count: number, launch: (ce: ComputeEnvironment, offer: InstanceOffer) => void): number {
    const gang = job.gang!;
    const target = this.target(queue, gang);
    if ('never' in target || !target.ce.enabled) return 0;
    const { ce, offer } = target;
    const type = offer.shape.instanceType;
    const rooms = this.host.rooms(ce);
    // Empty rooms of the type, taken from the front as gangs claim them (launched rooms are never empty).
    const free = rooms.filter((r) => r.empty && r.instanceType === type);
    let next = 0;
    for (let g = 0; g < count; g++) {
      const missing = Math.max(0, gang.nodes - (free.length - next));
      if (missing > 0 && !this.canLaunch(ce, offer, missing)) return g;
      for (let i = 0; i < gang.nodes - missing; i++) claim(free[next++]);
      for (let i = 0; i < missing; i++) {
        launch(ce, offer);
        rooms.push({ vcpus: 0, memory: 0, gpus: 0, instanceType: type, empty: false });
      }
    }
    return count;
  }

  /** `n` more instances of `offer` fit within maxvCpus (all of a gang's, or none). */
  private canLaunch(ce: ComputeEnvironment, offer: InstanceOffer, n: number): boolean {
    return ce.managed && ce.provisionedVcpus + n * offer.shape.vcpus <= ce.maxvCpus && ce.purchaseOption.available(offer.shape, this.host.now);
  }
}

function isEmptyReady(inst: Instance, instanceType: string): boolean {
  return inst.state === InstanceState.READY && inst.noticeAt < 0 && inst.jobs.length === 0 && !inst.task && inst.shape.instanceType === instanceType;
}

function claim(room: CountedRoom): void {
  room.vcpus = 0;
  room.memory = 0;
  room.gpus = 0;
  room.empty = false;
}

