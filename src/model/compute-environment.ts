// A compute environment at run time: its spec, its instance types with their registered memory,
// the instances it has now, and the running vCPU total that maxvCpus caps.
import { registeredMemoryMiB } from '../market/catalog.js';
import type { PurchaseOption } from '../market/purchase-options.js';
import type { ComputeEnvironmentSpec, InstanceShape, Settings } from '../scenario/types.js';
import { Instance, InstanceState } from './instances.js';
import type { JobShape } from './shapes.js';

export interface InstanceOffer {
  shape: InstanceShape;
  registeredMemory: number;
  pricePerHour: number;
}

export class ComputeEnvironment {
  readonly name: string;
  readonly managed: boolean;
  enabled: boolean;
  minvCpus: number;
  maxvCpus: number;
  /** The instance types it may launch, with registered memory and price (empty when UNMANAGED). */
  readonly offers: InstanceOffer[];
  /** Instances launching or ready, in launch order. */
  readonly active: Instance[] = [];
  /** Ready-or-launching instances that may have room; full ones are dropped lazily. */
  freeList: Instance[] = [];
  /** vCPUs of launching and ready instances (what maxvCpus limits). */
  provisionedVcpus = 0;
  private readonly fitCache = new Map<number, InstanceOffer[]>();

  constructor(
    readonly index: number,
    readonly spec: ComputeEnvironmentSpec,
    readonly purchaseOption: PurchaseOption,
    settings: Settings,
  ) {
    this.name = spec.computeEnvironmentName;
    this.managed = spec.type === 'MANAGED';
    this.enabled = spec.state === 'ENABLED';
    const cr = spec.computeResources;
    this.minvCpus = cr?.minvCpus ?? 0;
    this.maxvCpus = cr?.maxvCpus ?? spec.fleet.reduce((s, f) => s + f.vcpus, 0);
    // An UNMANAGED environment never launches; its offers are the shapes of its fixed fleet, so
    // fit and registered memory are worked out the same way.
    const shapes = cr ? cr.instanceTypes : [...new Map(spec.fleet.map((s) => [s.instanceType, s])).values()];
    this.offers = shapes.map((shape) => ({
      shape,
      registeredMemory: registeredMemoryMiB(shape.memoryMiB, settings.registeredMemoryFraction, settings.agentReservedMemoryMiB),
      pricePerHour: purchaseOption.pricePerHour(shape),
    }));
  }

  /** Instance types this environment may launch that can hold one job of this shape. */
  offersFitting(job: JobShape): InstanceOffer[] {
    let fit = this.fitCache.get(job.id);
    if (!fit) {
      fit = this.offers.filter(
        (o) => o.shape.vcpus >= job.vcpus && o.registeredMemory >= job.memory && o.shape.gpus >= job.gpus,
      );
      this.fitCache.set(job.id, fit);
    }
    return fit;
  }

  add(instance: Instance): void {
    this.active.push(instance);
    this.provisionedVcpus += instance.shape.vcpus;
    this.offerRoom(instance);
  }

  remove(instance: Instance): void {
    const i = this.active.indexOf(instance);
    if (i >= 0) this.active.splice(i, 1);
    this.provisionedVcpus -= instance.shape.vcpus;
    if (instance.inFreeList) {
      instance.inFreeList = false;
      this.freeList = this.freeList.filter((x) => x !== instance);
    }
  }

  /** Puts an instance (back) among those with room, e.g. after a job on it ended. */
  offerRoom(instance: Instance): void {
    if (!instance.inFreeList && instance.state !== InstanceState.TERMINATED) {
      instance.inFreeList = true;
      this.freeList.push(instance);
    }
  }

  /**
   * First READY instance with room for the job, in free-list order (first fit). Instances found
   * full are dropped from the list as it is walked, so a pass costs what it skips only once.
   */
  findRoom(job: JobShape): Instance | null {
    const list = this.freeList;
    let w = 0;
    let found: Instance | null = null;
    let r = 0;
    for (; r < list.length; r++) {
      const inst = list[r];
      // No job is smaller than 0.25 vCPU and 4 MiB, so below either the instance is full.
      if ((inst.freeVcpus < 0.25 || inst.freeMemory < 4) && inst.state === InstanceState.READY) {
        inst.inFreeList = false;
        continue;
      }
      list[w++] = inst;
      if (inst.state === InstanceState.READY && inst.slotsFor(job.vcpus, job.memory, job.gpus) >= 1) {
        found = inst;
        r++;
        break;
      }
    }
    for (; r < list.length; r++) list[w++] = list[r];
    list.length = w;
    return found;
  }
}
