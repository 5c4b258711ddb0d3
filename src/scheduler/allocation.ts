// Allocation strategies (spec §8.4): which instance type a compute environment launches for
// queued jobs of one shape, and whether it may overshoot maxvCpus by one instance (spec §8.2).
// Spot strategies join this table with the market model.
import type { InstanceOffer } from '../model/compute-environment.js';
import { slots } from '../model/instances.js';
import type { JobShape } from '../model/shapes.js';
import type { AllocationStrategy as StrategyName } from '../scenario/types.js';

export interface AllocationStrategy {
  /** Picks the type to launch for `count` waiting jobs of `job`'s shape, from types that fit one. */
  choose(fitting: InstanceOffer[], job: JobShape, count: number): InstanceOffer;
  /** Whether the last launch may take the environment past maxvCpus by one instance. */
  readonly mayOvershoot: boolean;
}

function jobsPerInstance(o: InstanceOffer, job: JobShape): number {
  return slots(o.shape.vcpus, o.registeredMemory, o.shape.gpus, job.vcpus, job.memory, job.gpus);
}

/** Lowest value of `score`, ties to the smaller instance, then by name, so the choice is stable. */
function cheapest(fitting: InstanceOffer[], score: (o: InstanceOffer) => number): InstanceOffer {
  let best = fitting[0];
  let bestScore = score(best);
  for (let i = 1; i < fitting.length; i++) {
    const o = fitting[i];
    const s = score(o);
    const better =
      s < bestScore - 1e-12 ||
      (Math.abs(s - bestScore) <= 1e-12 &&
        (o.shape.vcpus < best.shape.vcpus || (o.shape.vcpus === best.shape.vcpus && o.shape.instanceType < best.shape.instanceType)));
    if (better) {
      best = o;
      bestScore = s;
    }
  }
  return best;
}

/**
 * BEST_FIT: the best-fitting, lowest-cost type for the jobs waiting — cost per job actually
 * placed, so one small job gets a small instance and ten thousand get the type that packs them
 * cheapest. It never switches types for lack of capacity (it waits) and never overshoots on-demand.
 */
export const BEST_FIT: AllocationStrategy = {
  mayOvershoot: false,
  choose: (fitting, job, count) => cheapest(fitting, (o) => o.pricePerHour / Math.min(count, jobsPerInstance(o, job))),
};

/**
 * BEST_FIT_PROGRESSIVE: lowest cost per vCPU among types large enough for the jobs — per vCPU the
 * jobs can use, so a memory-bound job is not sent to a cheap-per-vCPU type whose cores it would
 * strand. Unlike BEST_FIT it looks past the count waiting and may overshoot by one instance.
 */
export const BEST_FIT_PROGRESSIVE: AllocationStrategy = {
  mayOvershoot: true,
  choose: (fitting, job) => cheapest(fitting, (o) => o.pricePerHour / Math.min(o.shape.vcpus, jobsPerInstance(o, job) * job.vcpus)),
};

const STRATEGIES: Partial<Record<StrategyName, AllocationStrategy>> = { BEST_FIT, BEST_FIT_PROGRESSIVE };

export function allocationStrategy(name: StrategyName): AllocationStrategy {
  const s = STRATEGIES[name];
  if (!s) throw new Error(`allocation strategy ${name} is not modelled yet`);
  return s;
}
