// EC2 container instances and Fargate tasks: their lifecycle (LAUNCHING → READY → TERMINATED),
// the resources they have left for jobs, and the facts the cost ledger needs.
import { billedSeconds, type PurchaseOption } from '../market/purchase-options.js';
import type { InstanceShape } from '../scenario/types.js';

export const InstanceState = { LAUNCHING: 0, READY: 1, TERMINATED: 2 } as const;
export type InstanceState = (typeof InstanceState)[keyof typeof InstanceState];

export type TerminationReason = 'IDLE_SCALE_DOWN' | 'SPOT_INTERRUPTION' | 'TASK_STOPPED' | 'SIMULATION_END';

export class Instance {
  state: InstanceState = InstanceState.LAUNCHING;
  readyAt = -1;
  terminatedAt = -1;
  terminationReason: TerminationReason | '' = '';
  freeVcpus: number;
  freeMemory: number;
  freeGpus: number;
  /** Rows of the jobs holding resources here (STARTING or RUNNING). */
  readonly jobs: number[] = [];
  everUsed = false;
  /** When the instance, idle, is due to scale in (−1: busy); checked by the IdleCheck event queued for it. */
  idleCheckAt = -1;
  /** When its queued IdleCheck event fires (−1: none queued); one at a time (Fleet.becameIdle). */
  idleEventAt = -1;
  /**
   * Idle past its delay but kept because minvCpus would not be met without it: looked at again
   * when the environment's capacity grows or its minvCpus is lowered (Fleet.recheckKept).
   */
  keptForMinvCpus = false;
  /** The scheduler cycle in which a waiting multi-node job kept this empty instance for itself (no other job goes on it then). */
  claimedInCycle = -1;
  /** When an interruption notice arrived (−1: none). A noticed instance takes no new jobs. */
  noticeAt = -1;
  /** Image → when its pull finished (or will), so later jobs on this instance start faster. */
  readonly images = new Map<string, number>();
  /** Where its compute environment files it by free vCPUs (−1 when not filed). */
  roomBucket = -1;
  roomIndex = -1;
  /**
   * When billing starts: the launch for an EC2 instance; for a Fargate task the start of its image
   * download (pricing §1.2), after provisioning. A task stopped before then costs nothing.
   */
  billedFrom: number;
  /** Launch ordinal within its compute environment (keys its random draws). */
  ordinal = 0;
  /** Time with at least one job on it, ms (for the idle share of the ledger). */
  busyMs = 0;
  private busySince = -1;
  /** Set when terminated. */
  private billed = 0;
  private cost = 0;

  constructor(
    readonly index: number,
    readonly instanceId: string,
    readonly computeEnvironment: number,
    readonly shape: InstanceShape,
    readonly registeredMemory: number,
    readonly purchaseOption: PurchaseOption,
    readonly launchedAt: number,
    /** A Fargate task: one job, sized to it, gone when the job ends. */
    readonly task = false,
  ) {
    this.billedFrom = launchedAt;
    this.freeVcpus = shape.vcpus;
    this.freeMemory = registeredMemory;
    this.freeGpus = shape.gpus;
  }

  /** How many more jobs of this size fit (Infinity for a zero-size dimension). */
  slotsFor(vcpus: number, memory: number, gpus: number): number {
    return slots(this.freeVcpus, this.freeMemory, this.freeGpus, vcpus, memory, gpus);
  }

  jobArrived(row: number, now: number): void {
    if (this.jobs.length === 0) this.busySince = Math.max(now, this.billedFrom);
    this.jobs.push(row);
    this.everUsed = true;
    this.idleCheckAt = -1;
  }

  jobLeft(row: number, now: number): void {
    const i = this.jobs.lastIndexOf(row);
    // The last job placed is often the first to go (and alone on a small instance): no splice then.
    if (i >= 0 && i === this.jobs.length - 1) this.jobs.pop();
    else if (i >= 0) this.jobs.splice(i, 1);
    if (this.jobs.length === 0 && this.busySince >= 0) {
      // A Fargate task stopped before its image download began was never busy (nor billed).
      this.busyMs += Math.max(0, now - this.busySince);
      this.busySince = -1;
    }
  }

  /** Terminates it and settles its bill. */
  terminate(now: number, reason: TerminationReason): void {
    if (this.busySince >= 0) this.busyMs += Math.max(0, now - this.busySince);
    this.busySince = -1;
    this.state = InstanceState.TERMINATED;
    this.terminatedAt = now;
    this.terminationReason = reason;
    if (!this.task || now > this.billedFrom) {
      this.billed = billedSeconds(this.billedFrom, now);
      this.cost = this.purchaseOption.cost(this.shape, this.billedFrom, now);
    }
  }

  billedSeconds(): number {
    return this.billed;
  }

  costUsd(): number {
    return this.cost;
  }

  /** Effective USD per hour over its life (constant unless a Spot price trace moved). */
  pricePerHour(): number {
    return this.billed > 0 ? (this.cost * 3600) / this.billed : 0;
  }

  /** The share of its bill for time with no job on it (boot, idle gaps, the billing minimum). */
  idleUsd(): number {
    return this.billed > 0 ? (this.cost * Math.max(0, this.billed * 1000 - this.busyMs)) / (this.billed * 1000) : 0;
  }
}

/** Jobs of one size that fit into free resources (vCPU, memory MiB, GPUs). */
export function slots(freeVcpus: number, freeMemory: number, freeGpus: number, vcpus: number, memory: number, gpus: number): number {
  const byCpu = vcpus > 0 ? Math.floor(freeVcpus / vcpus + 1e-9) : Infinity;
  const byMem = memory > 0 ? Math.floor(freeMemory / memory) : Infinity;
  const byGpu = gpus > 0 ? Math.floor(freeGpus / gpus) : Infinity;
  return Math.min(byCpu, byMem, byGpu);
}
