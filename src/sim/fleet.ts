// The instances and Fargate tasks of a run: launching them (with latency, ids, interruption
// draws), readiness, idle scale-in, Spot notices and reclaims, and termination with its bill.
// The Simulation decides when; the Fleet keeps the books and schedules the instance events.
import type { KeyedStream } from '../engine/keyed-random.js';
import { randomHex, type Rng } from '../engine/random.js';
import type { SpotMarket } from '../market/spot-market.js';
import type { ComputeEnvironment, InstanceOffer } from '../model/compute-environment.js';
import { Instance, InstanceState, type TerminationReason } from '../model/instances.js';
import type { InstanceShape, Settings } from '../scenario/types.js';
import { EventKind } from './event-kinds.js';
import type { Progress } from './kernel.js';

export interface FleetRandom {
  /** Launch latency, keyed by (environment, launch ordinal in it). */
  launch: KeyedStream;
  /** Time to a Spot interruption, keyed by (environment, launch ordinal in it). */
  spot: KeyedStream;
  ids: Rng;
}

export class Fleet {
  readonly instances: Instance[] = [];
  spotInterruptions = 0;

  constructor(
    /** Queues an instance event (the kernel's push). */
    private readonly push: (at: number, kind: number, arg: number) => void,
    /** Launches, readiness and terminations count as changes (the run's end). */
    private readonly progress: Progress,
    private readonly settings: Settings,
    private readonly computeEnvironments: ComputeEnvironment[],
    private readonly market: SpotMarket,
    private readonly random: FleetRandom,
  ) {}

  private create(ce: ComputeEnvironment, shape: InstanceShape, registeredMemory: number, now: number, task: boolean): Instance {
    const id = task ? randomHex(this.random.ids, 32) : `i-${randomHex(this.random.ids, 17)}`;
    const inst = new Instance(this.instances.length, id, ce.index, shape, registeredMemory, ce.purchaseOption, now, task);
    this.instances.push(inst);
    this.progress.changes++;
    // Per-instance draws are keyed by environment and launch ordinal, so a change elsewhere in
    // the fleet does not shift them (paired comparisons).
    inst.ordinal = ce.launches++;
    if (ce.purchaseOption.name === 'SPOT') this.market.launched(shape);
    // Interruptible capacity draws its time to a notice now, from the `spot` stream.
    if (ce.purchaseOption.interruptible) {
      const ttf = this.market.timeToInterruption(ce.purchaseOption.monthlyInterruptionRate(shape), this.random.spot.at(ce.index, inst.ordinal)());
      if (Number.isFinite(ttf)) this.push(now + ttf, EventKind.SpotNotice, inst.index);
    }
    return inst;
  }

  /**
   * Launches an EC2 instance. Capacity that exists before the run (minvCpus, UNMANAGED fleets) is
   * ready at once; scale-out capacity registers with ECS after the launch latency (spec §17).
   */
  launch(ce: ComputeEnvironment, offer: InstanceOffer, now: number, readyNow: boolean): Instance {
    const inst = this.create(ce, offer.shape, offer.registeredMemory, now, false);
    ce.add(inst);
    // No instance is kept while minvCpus is 0 (lowering it rechecks every kept one).
    if (ce.minvCpus > 0) this.recheckKept(ce, now);
    if (readyNow) {
      ce.ready(inst, now);
      this.becameIdle(inst, now);
    } else {
      const { min, max } = this.settings.instanceLaunchSeconds;
      const latency = Math.round((min + (max - min) * this.random.launch.at(ce.index, inst.ordinal)()) * 1000);
      this.push(now + latency, EventKind.InstanceReady, inst.index);
    }
    return inst;
  }

  /**
   * A Fargate task sized to the job (spec §9): ready at once; the job's STARTING covers
   * provisioning. It is billed from `billedFrom`, when its image download starts (pricing §1.2).
   */
  startTask(ce: ComputeEnvironment, vcpus: number, memory: number, arm64: boolean, now: number, billedFrom: number): Instance {
    const shape: InstanceShape = {
      instanceType: 'FARGATE', family: 'fargate', vcpus, memoryMiB: memory, gpus: 0, arch: arm64 ? 'arm64' : 'x86_64', onDemandUsdPerHour: 0,
    };
    const inst = this.create(ce, shape, memory, now, true);
    inst.state = InstanceState.READY;
    inst.readyAt = now;
    inst.billedFrom = billedFrom;
    ce.add(inst);
    return inst;
  }

  /** InstanceReady fired; returns the instance if it became ready. */
  ready(index: number, now: number): Instance | null {
    const inst = this.instances[index];
    if (inst.state !== InstanceState.LAUNCHING) return null;
    this.progress.changes++;
    this.computeEnvironments[inst.computeEnvironment].ready(inst, now);
    this.becameIdle(inst, now);
    return inst;
  }

  /** Starts the scale-in clock of a managed instance with no jobs. */
  becameIdle(inst: Instance, now: number): void {
    const ce = this.computeEnvironments[inst.computeEnvironment];
    if (!ce.managed || inst.task || inst.state === InstanceState.TERMINATED) return;
    const delayMinutes = ce.spec.computeResources!.minScaleDownDelayMinutes;
    const idleMs = Math.round((delayMinutes !== null && inst.everUsed ? delayMinutes * 60 : this.settings.idleScaleDownSeconds) * 1000);
    inst.idleCheckAt = now + idleMs;
    // One queued check per instance, not one per job end: a check still queued for no later than
    // this looks again when it fires (idleCheckFired), so a busy instance costs no event per job.
    if (inst.idleEventAt >= 0 && inst.idleEventAt <= inst.idleCheckAt) return;
    this.armIdleCheck(inst);
  }

  /**
   * An IdleCheck event fired: whether the instance's scale-in is due now. An instance that was
   * used and went idle again since the check was queued gets its check re-queued for its new time.
   */
  idleCheckFired(index: number, now: number): boolean {
    const inst = this.instances[index];
    if (inst.idleEventAt === now) inst.idleEventAt = -1;
    if (inst.state === InstanceState.TERMINATED || inst.jobs.length > 0) return false;
    if (inst.idleCheckAt > now && inst.idleEventAt < 0) this.armIdleCheck(inst);
    return inst.idleCheckAt === now;
  }

  private armIdleCheck(inst: Instance): void {
    inst.idleEventAt = inst.idleCheckAt;
    this.push(inst.idleCheckAt, EventKind.IdleCheck, inst.index);
  }

  /** Whether an idle check due now should wait for the scheduler cycle at `cycleAt` (it may use the instance). */
  deferIdleCheck(index: number, now: number, cycleAt: number): boolean {
    const inst = this.instances[index];
    if (inst.state === InstanceState.TERMINATED || inst.jobs.length > 0 || inst.idleCheckAt !== now || cycleAt < now) return false;
    inst.idleCheckAt = cycleAt;
    return true;
  }

  /** IdleCheck fired: terminates the instance if it is still idle and above minvCpus. */
  idleCheck(index: number, now: number): boolean {
    const inst = this.instances[index];
    if (inst.state === InstanceState.TERMINATED || inst.jobs.length > 0 || inst.idleCheckAt !== now) return false;
    const ce = this.computeEnvironments[inst.computeEnvironment];
    // Never below minvCpus: such an instance stays, idle and billed — until capacity grows or
    // minvCpus is lowered (recheckKept), or the run ends.
    if (ce.provisionedVcpus - inst.shape.vcpus < ce.minvCpus) {
      inst.keptForMinvCpus = true;
      return false;
    }
    this.terminate(inst, 'IDLE_SCALE_DOWN', now);
    return true;
  }

  /**
   * The environment's capacity grew (a launch) or its minvCpus was lowered: idle instances kept
   * for minvCpus are looked at again now — another may hold minvCpus in their place, so they can
   * scale in (else capacity of the wrong size could be kept for good, leaving maxvCpus no room).
   */
  recheckKept(ce: ComputeEnvironment, now: number): void {
    for (const inst of ce.active) {
      if (!inst.keptForMinvCpus) continue;
      inst.keptForMinvCpus = false;
      if (inst.jobs.length > 0 || inst.noticeAt >= 0) continue;
      inst.idleCheckAt = now;
      if (inst.idleEventAt >= 0 && inst.idleEventAt <= now) continue;
      this.armIdleCheck(inst);
    }
  }

  /** An interruption notice (spec §10): no new jobs; the instance is reclaimed after noticeSeconds. */
  notice(inst: Instance, now: number): boolean {
    if (inst.state === InstanceState.TERMINATED || inst.noticeAt >= 0) return false;
    this.computeEnvironments[inst.computeEnvironment].drain(inst, now);
    this.push(now + Math.round(this.settings.spot.noticeSeconds * 1000), EventKind.SpotReclaim, inst.index);
    return true;
  }

  /** Running interruptible instances matching a forced-interruption request, oldest first. */
  select(filter: { instanceId: string | null; instanceType: string | null; computeEnvironment: string | null; count: number | null }): Instance[] {
    const found = this.instances.filter(
      (i) =>
        i.state !== InstanceState.TERMINATED && i.noticeAt < 0 && i.purchaseOption.interruptible &&
        (filter.instanceId === null || i.instanceId === filter.instanceId) &&
        (filter.instanceType === null || i.shape.instanceType === filter.instanceType) &&
        (filter.computeEnvironment === null || this.computeEnvironments[i.computeEnvironment].name === filter.computeEnvironment),
    );
    return filter.count === null ? found : found.slice(0, filter.count);
  }

  /** Spot instances now priced above their environment's bidPercentage cap (after a price change). */
  pricedOut(now: number): Instance[] {
    return this.instances.filter((i) => {
      if (i.state === InstanceState.TERMINATED || i.noticeAt >= 0 || i.purchaseOption.name !== 'SPOT') return false;
      const bid = this.computeEnvironments[i.computeEnvironment].spec.computeResources!.bidPercentage;
      return this.market.overCap(i.shape, now, bid);
    });
  }

  terminate(inst: Instance, reason: TerminationReason, now: number): void {
    if (inst.state === InstanceState.TERMINATED) return;
    const ce = this.computeEnvironments[inst.computeEnvironment];
    ce.remove(inst);
    if (ce.purchaseOption.name === 'SPOT') this.market.terminated(inst.shape);
    if (reason === 'SPOT_INTERRUPTION') this.spotInterruptions++;
    this.progress.changes++;
    inst.terminate(now, reason);
  }
}
