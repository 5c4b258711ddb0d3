// EC2 container instances: their lifecycle (LAUNCHING → READY → TERMINATED), the resources they
// have left for jobs, and the facts the cost ledger needs.
import type { PurchaseOption } from '../market/purchase-options.js';
import type { InstanceShape } from '../scenario/types.js';

export const InstanceState = { LAUNCHING: 0, READY: 1, TERMINATED: 2 } as const;
export type InstanceState = (typeof InstanceState)[keyof typeof InstanceState];

export type TerminationReason = 'IDLE_SCALE_DOWN' | 'SIMULATION_END';

export class Instance {
  state: InstanceState = InstanceState.LAUNCHING;
  readyAt = -1;
  terminatedAt = -1;
  terminationReason: TerminationReason | '' = '';
  freeVcpus: number;
  freeMemory: number;
  freeGpus: number;
  /** Jobs holding resources here (STARTING or RUNNING). */
  running = 0;
  everUsed = false;
  /** The idle-timer event that is still valid (older ones are ignored when they fire). */
  idleCheckAt = -1;
  /** Image → when its pull finished (or will), so later jobs on this instance start faster. */
  readonly images = new Map<string, number>();
  /** Where its compute environment files it by free vCPUs (−1 when not filed). */
  roomBucket = -1;
  roomIndex = -1;

  constructor(
    readonly index: number,
    readonly instanceId: string,
    readonly computeEnvironment: number,
    readonly shape: InstanceShape,
    readonly registeredMemory: number,
    readonly purchaseOption: PurchaseOption,
    readonly pricePerHour: number,
    readonly launchedAt: number,
  ) {
    this.freeVcpus = shape.vcpus;
    this.freeMemory = registeredMemory;
    this.freeGpus = shape.gpus;
  }

  /** How many more jobs of this size fit (Infinity for a zero-size dimension). */
  slotsFor(vcpus: number, memory: number, gpus: number): number {
    return slots(this.freeVcpus, this.freeMemory, this.freeGpus, vcpus, memory, gpus);
  }

  billedSeconds(): number {
    return this.purchaseOption.billedSeconds(this.terminatedAt - this.launchedAt);
  }

  costUsd(): number {
    return (this.billedSeconds() * this.pricePerHour) / 3600;
  }
}

/** Jobs of one size that fit into free resources (vCPU, memory MiB, GPUs). */
export function slots(freeVcpus: number, freeMemory: number, freeGpus: number, vcpus: number, memory: number, gpus: number): number {
  const byCpu = vcpus > 0 ? Math.floor(freeVcpus / vcpus + 1e-9) : Infinity;
  const byMem = memory > 0 ? Math.floor(freeMemory / memory) : Infinity;
  const byGpu = gpus > 0 ? Math.floor(freeGpus / gpus) : Infinity;
  return Math.min(byCpu, byMem, byGpu);
}
