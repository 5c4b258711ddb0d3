// A compute environment at run time: its spec, what it buys capacity with, its instance types
// with their registered memory and current price, the instances (or Fargate tasks) it has now,
// and the running vCPU total that maxvCpus caps.
import { registeredMemoryMiB } from '../market/catalog.js';
import type { PurchaseOption } from '../market/purchase-options.js';
import type { ComputeEnvironmentSpec, InstanceShape, Settings } from '../scenario/types.js';
import { Instance, InstanceState } from './instances.js';
import type { JobShape } from './shapes.js';

export interface InstanceOffer {
  shape: InstanceShape;
  registeredMemory: number;
  /** USD per hour now (Spot prices move with a replayed trace). */
  pricePerHour: number;
  /** Monthly interruption probability of the pool (0 on-demand). */
  interruptionRate: number;
}

export class ComputeEnvironment {
  readonly name: string;
  readonly managed: boolean;
  /** FARGATE or FARGATE_SPOT: one task per job, sized to the job, no instances to pack. */
  readonly fargate: boolean;
  enabled: boolean;
  minvCpus: number;
  maxvCpus: number;
  /** The instance types it may launch, with registered memory and price (fleet shapes when UNMANAGED). */
  readonly offers: InstanceOffer[];
  /** Instances (or tasks) launching or ready, in launch order. */
  readonly active: Instance[] = [];
  /** vCPUs of launching and ready instances (what maxvCpus limits). */
  provisionedVcpus = 0;
  launching = 0;
  /** Instances (or tasks) launched so far: the next one's ordinal. */
  launches = 0;
  /**
   * READY instances by whole free vCPUs: rooms[v] holds those with v free. Finding room for a job
   * looks at the buckets from its own size up, so a placement costs what it skips in those buckets
   * and not a walk over every instance.
   */
  private readonly rooms: Instance[][] = [];
  /** offersFitting by job shape id (dense: there are few shapes). */
  private readonly fitCache: (InstanceOffer[] | undefined)[] = [];

  constructor(
    readonly index: number,
    readonly spec: ComputeEnvironmentSpec,
    readonly purchaseOption: PurchaseOption,
    settings: Settings,
  ) {
    this.name = spec.computeEnvironmentName;
    this.managed = spec.type === 'MANAGED';
    const cr = spec.computeResources;
    this.fargate = cr?.type === 'FARGATE' || cr?.type === 'FARGATE_SPOT';
    this.enabled = spec.state === 'ENABLED';
    this.minvCpus = cr?.minvCpus ?? 0;
    this.maxvCpus = cr?.maxvCpus ?? spec.fleet.reduce((s, f) => s + f.vcpus, 0);
    // An UNMANAGED environment never launches; its offers are the shapes of its fixed fleet, so
    // fit and registered memory are worked out the same way.
    const shapes = cr ? cr.instanceTypes : [...new Map(spec.fleet.map((s) => [s.instanceType, s])).values()];
    this.offers = shapes.map((shape) => ({
      shape,
      registeredMemory: registeredMemoryMiB(shape.memoryMiB, settings.registeredMemoryFraction, settings.agentReservedMemoryMiB),
      pricePerHour: purchaseOption.pricePerHour(shape, 0),
      interruptionRate: purchaseOption.monthlyInterruptionRate(shape),
    }));
  }

  /** Re-reads offer prices (a Spot price trace moved). */
  refreshPrices(now: number): void {
    for (const o of this.offers) o.pricePerHour = this.purchaseOption.pricePerHour(o.shape, now);
  }

  /** Instance types this environment may launch that can hold one job of this shape. */
  offersFitting(job: JobShape): InstanceOffer[] {
    let fit = this.fitCache[job.id];
    if (fit === undefined) {
      while (this.fitCache.length < job.id) this.fitCache.push(undefined);
      fit = this.offers.filter(
        (o) => o.shape.vcpus >= job.vcpus && o.registeredMemory >= job.memory && o.shape.gpus >= job.gpus,
      );
      this.fitCache[job.id] = fit;
    }
    return fit;
  }

  add(instance: Instance): void {
    this.active.push(instance);
    this.provisionedVcpus += instance.shape.vcpus;
    if (instance.state === InstanceState.LAUNCHING) this.launching++;
    else this.file(instance);
  }

  /** A launched instance registered with ECS and can take jobs. */
  ready(instance: Instance, now: number): void {
    instance.state = InstanceState.READY;
    instance.readyAt = now;
    this.launching--;
    this.file(instance);
  }

  /** An interruption notice: the instance takes no new jobs from now on. */
  drain(instance: Instance, now: number): void {
    instance.noticeAt = now;
    this.unfile(instance);
  }

  remove(instance: Instance): void {
    const i = this.active.indexOf(instance);
    if (i >= 0) this.active.splice(i, 1);
    this.provisionedVcpus -= instance.shape.vcpus;
    if (instance.state === InstanceState.LAUNCHING) this.launching--;
    this.unfile(instance);
  }

  /** Holds a job's resources on an instance. */
  reserve(instance: Instance, job: JobShape, row: number, now: number): void {
    this.unfile(instance);
    instance.freeVcpus -= job.vcpus;
    instance.freeMemory -= job.memory;
    instance.freeGpus -= job.gpus;
    instance.jobArrived(row, now);
    this.file(instance);
  }

  /** Gives a job's resources back. */
  release(instance: Instance, job: JobShape, row: number, now: number): void {
    this.unfile(instance);
    instance.freeVcpus += job.vcpus;
    instance.freeMemory += job.memory;
    instance.freeGpus += job.gpus;
    instance.jobLeft(row, now);
    this.file(instance);
  }

  /**
   * The least vCPUs the instances up now (launching or ready, not under notice; those `skip`
   * leaves out aside) can scale in to: an idle instance scales in only while minvCpus stays met,
   * with `alsoKept` vCPUs (the skipped ones) counted towards it. Any subset that meets minvCpus
   * can remain (the others scale in one by one), so this is the smallest such subset's sum.
   */
  keptVcpus(skip: (inst: Instance) => boolean = () => false, alsoKept = 0): number {
    const need = this.minvCpus - alsoKept;
    if (need <= 0) return 0;
    const sizes: number[] = [];
    for (const inst of this.active) if (inst.noticeAt < 0 && !inst.task && !skip(inst)) sizes.push(inst.shape.vcpus);
    return smallestSumAtLeast(sizes, need);
  }

  /**
   * Best fit: the READY instance with the fewest free vCPUs that still holds the job (memory and
   * GPUs checked too); among equals the earliest launched — not one a waiting multi-node job keeps
   * in this cycle. Packing the fullest instances first leaves the emptiest to go idle and scale in.
   */
  findRoom(job: JobShape, cycle: number): Instance | null {
    const rooms = this.rooms;
    for (let v = Math.max(0, Math.floor(job.vcpus)); v < rooms.length; v++) {
      const bucket = rooms[v];
      let best: Instance | null = null;
      for (let i = 0; i < bucket.length; i++) {
        const inst = bucket[i];
        if ((best === null || inst.index < best.index) && inst.freeVcpus + 1e-9 >= job.vcpus && inst.freeMemory >= job.memory && inst.freeGpus >= job.gpus && inst.claimedInCycle !== cycle) best = inst;
      }
      if (best) return best;
    }
    return null;
  }

  private file(instance: Instance): void {
    if (instance.state !== InstanceState.READY || instance.noticeAt >= 0 || instance.task) return;
    const v = Math.floor(instance.freeVcpus + 1e-9);
    while (this.rooms.length <= v) this.rooms.push([]);
    const bucket = this.rooms[v];
    instance.roomBucket = v;
    instance.roomIndex = bucket.length;
    bucket.push(instance);
  }

  private unfile(instance: Instance): void {
    if (instance.roomBucket < 0) return;
    const bucket = this.rooms[instance.roomBucket];
    const last = bucket.pop()!;
    if (last !== instance) {
      bucket[instance.roomIndex] = last;
      last.roomIndex = instance.roomIndex;
    }
    instance.roomBucket = -1;
    instance.roomIndex = -1;
  }
}

/** The smallest sum of some of `sizes` (whole vCPUs) that reaches `target`, or all of them if none does. */
function smallestSumAtLeast(sizes: number[], target: number): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= target) return total;
  // The answer is below target + the largest size (drop any member of a smallest such subset and
  // the rest falls short), so subset sums are needed only up to there.
  const bound = Math.min(total, Math.ceil(target) + Math.max(...sizes));
  const reachable = new Uint8Array(bound + 1);
  reachable[0] = 1;
  for (const v of sizes) for (let s = bound - v; s >= 0; s--) if (reachable[s]) reachable[s + v] = 1;
  for (let s = Math.ceil(target); s <= bound; s++) if (reachable[s]) return s;
  return total;
}
