// Capacity events (spec §8, §10, §17): the instances that exist before t = 0, readiness, idle
// scale-in, Spot notices and reclaims, and market moves. The Fleet keeps the books; this part
// decides what each instance event means for the jobs and the scheduler.
import { AttemptOutcome, NO_EXIT_CODE } from '../model/attempts.js';
import type { ComputeEnvironment } from '../model/compute-environment.js';
import { FARGATE_SPOT_INTERRUPTED, hostTerminated } from '../model/status-reasons.js';
import type { RunContext } from './context.js';
import { EventKind } from './event-kinds.js';

export class Capacity {
  constructor(private readonly run: RunContext) {}

  /** Instances that exist before t = 0: UNMANAGED fleets and managed minvCpus/desiredvCpus. */
  startFleets(): void {
    for (const ce of this.run.computeEnvironments) {
      if (!ce.managed) {
        for (const shape of ce.spec.fleet) {
          this.run.fleet.launch(ce, ce.offers.find((o) => o.shape.instanceType === shape.instanceType)!, 0, true);
        }
      } else if (!ce.fargate) {
        const cr = ce.spec.computeResources!;
        this.launchTo(ce, Math.max(cr.minvCpus, cr.desiredvCpus), true);
      }
    }
  }

  /** Launches the type cheapest per vCPU until `targetVcpus` are provisioned, within maxvCpus. */
  launchTo(ce: ComputeEnvironment, targetVcpus: number, readyNow: boolean): void {
    while (ce.provisionedVcpus < targetVcpus) {
      const offer = this.run.scheduler.cheapestPerVcpuWithin(ce);
      if (!offer) break;
      this.run.fleet.launch(ce, offer, this.run.kernel.now, readyNow);
    }
  }

  /** InstanceReady event: it registered with ECS and can take jobs. */
  ready(index: number): void {
    if (this.run.fleet.ready(index, this.run.kernel.now)) this.run.cycle.request();
  }

  /** IdleCheck event: scale in an instance idle past its delay — unless a due cycle may use it. */
  idleCheck(index: number): void {
    const { cycle, fleet, kernel } = this.run;
    if (!fleet.idleCheckFired(index, kernel.now)) return;
    // The cycle of this instant (or the one already due) may place a waiting job here: look
    // again right after it rather than scale in an instance about to be used.
    if (cycle.dueAt >= 0 && cycle.mayUse(fleet.instances[index]) && fleet.deferIdleCheck(index, kernel.now, cycle.dueAt)) {
      kernel.push(cycle.dueAt, EventKind.IdleCheckAfterCycle, index);
      return;
    }
    this.idleCheckAfterCycle(index);
  }

  /** IdleCheckAfterCycle event: the deferred look, after the cycle. */
  idleCheckAfterCycle(index: number): void {
    const { fleet, kernel, cycle } = this.run;
    const inst = fleet.instances[index];
    if (inst.idleCheckAt === kernel.now && inst.jobs.length === 0 && cycle.heldForGang(inst)) {
      // A gang is being put together on instances like this one: it waits another idle period.
      fleet.becameIdle(inst, kernel.now);
      return;
    }
    if (fleet.idleCheck(index, kernel.now)) this.freed();
  }

  /** SpotNotice event: two minutes to go; the instance takes no new jobs. */
  notice(index: number): void {
    this.run.fleet.notice(this.run.fleet.instances[index], this.run.kernel.now);
  }

  /** SpotReclaim event: the instance (or Fargate Spot task) is gone; every attempt on it ends interrupted. */
  reclaim(index: number): void {
    const { fleet, kernel } = this.run;
    const inst = fleet.instances[index];
    if (inst.terminatedAt >= 0) return;
    const reason = inst.task ? FARGATE_SPOT_INTERRUPTED : hostTerminated(inst.instanceId);
    for (const row of [...inst.jobs]) this.run.attemptRunner.end(row, AttemptOutcome.INTERRUPTED, reason, NO_EXIT_CODE);
    fleet.terminate(inst, 'SPOT_INTERRUPTION', kernel.now);
    this.freed();
  }

  /** MarketChange event: a traced price moved or an outage ended; re-price, notice instances above their cap. */
  marketChange(): void {
    const { fleet, kernel } = this.run;
    for (const ce of this.run.computeEnvironments) if (ce.purchaseOption.name === 'SPOT') ce.refreshPrices(kernel.now);
    for (const inst of fleet.pricedOut(kernel.now)) fleet.notice(inst, kernel.now);
    this.freed();
  }

  /** Capacity went away or headroom under maxvCpus appeared: waiting jobs may now get instances. */
  freed(): void {
    if (this.run.jobQueues.some((q) => q.waiting > 0)) this.run.cycle.request();
  }
}
