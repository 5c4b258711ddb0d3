// Allocation strategies (spec §8.4): which instance type a compute environment launches for
// queued jobs of one shape, whether it waits for that type when it cannot be had, and whether it
// may overshoot maxvCpus by one instance (spec §8.2).
import type { InstanceOffer } from '../model/compute-environment.js';
import { slots } from '../model/instances.js';
import type { JobShape } from '../model/shapes.js';
import type { AllocationStrategy as StrategyName } from '../scenario/types.js';

export interface AllocationStrategy {
  /** Picks the type to launch for `count` waiting jobs of `job`'s shape, from types that fit one. */
  choose(fitting: InstanceOffer[], job: JobShape, count: number): InstanceOffer;
  /** BEST_FIT chooses among all fitting types and waits if its choice cannot be had; the others choose among available ones. */
  readonly waitsForPreferredType: boolean;
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

/** Price per job the instance will actually hold, given how many are waiting. */
const pricePerJob = (job: JobShape, count: number) => (o: InstanceOffer) => o.pricePerHour / Math.min(count, jobsPerInstance(o, job));

/**
 * BEST_FIT: the best-fitting, lowest-cost type for the jobs waiting — cost per job actually
 * placed, so one small job gets a small instance and ten thousand get the type that packs them
 * cheapest. If that type cannot be had it waits rather than switching; it never overshoots.
 * (AWS: BEST_FIT on SPOT may overshoot; with one type at a time that changes nothing here.)
 */
export const BEST_FIT: AllocationStrategy = {
  waitsForPreferredType: true,
  mayOvershoot: false,
  choose: (fitting, job, count) => cheapest(fitting, pricePerJob(job, count)),
};

/**
 * BEST_FIT_PROGRESSIVE: lowest cost per vCPU among types large enough for the jobs — per vCPU the
 * waiting jobs will use, so a memory-bound job is not sent to a cheap-per-vCPU type whose cores it
 * would strand, and one small job does not get a 96-vCPU instance (launches are sized to the
 * demand). Moves on to other types when the preferred one cannot be had; may overshoot by one.
 */
export const BEST_FIT_PROGRESSIVE: AllocationStrategy = {
  waitsForPreferredType: false,
  mayOvershoot: true,
  choose: (fitting, job, count) =>
    cheapest(fitting, (o) => o.pricePerHour / Math.min(o.shape.vcpus, Math.min(count, jobsPerInstance(o, job)) * job.vcpus)),
};

/** The type with the lowest price per vCPU (capacity kept for minvCpus/desiredvCpus, with no job in view). */
export function cheapestPerVcpu(offers: InstanceOffer[]): InstanceOffer {
  return cheapest(offers, (o) => o.pricePerHour / o.shape.vcpus);
}

/** SPOT_CAPACITY_OPTIMIZED: the pool least likely to be interrupted; among equals, the cheapest per job. */
export const SPOT_CAPACITY_OPTIMIZED: AllocationStrategy = {
  waitsForPreferredType: false,
  mayOvershoot: true,
  choose: (fitting, job, count) => {
    const least = Math.min(...fitting.map((o) => o.interruptionRate));
    return cheapest(fitting.filter((o) => o.interruptionRate <= least + 1e-12), pricePerJob(job, count));
  },
};

/**
 * SPOT_PRICE_CAPACITY_OPTIMIZED (AWS's recommended Spot strategy): pools with the lowest
 * interruption risk first — any within one advisor band (5 points of monthly rate) of the best —
 * and the cheapest per job among those.
 */
export const SPOT_PRICE_CAPACITY_OPTIMIZED: AllocationStrategy = {
  waitsForPreferredType: false,
  mayOvershoot: true,
  choose: (fitting, job, count) => {
    const least = Math.min(...fitting.map((o) => o.interruptionRate));
    return cheapest(fitting.filter((o) => o.interruptionRate <= least + 0.05 + 1e-12), pricePerJob(job, count));
  },
};

const STRATEGIES: Record<StrategyName, AllocationStrategy> = {
  BEST_FIT, BEST_FIT_PROGRESSIVE, SPOT_CAPACITY_OPTIMIZED, SPOT_PRICE_CAPACITY_OPTIMIZED,
};

export function allocationStrategy(name: StrategyName): AllocationStrategy {
  return STRATEGIES[name];
}
