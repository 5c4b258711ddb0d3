// How capacity is bought, and at what price. A compute environment's computeResources.type picks
// one; spot and Fargate options join this table with their own pricing (and, for spot, markets).
import type { ComputeResourceType, InstanceShape } from '../scenario/types.js';

export type PurchaseOptionName = 'ON_DEMAND' | 'SPOT' | 'FARGATE' | 'FARGATE_SPOT';

export interface PurchaseOption {
  name: PurchaseOptionName;
  /** USD per hour for one instance of this shape. */
  pricePerHour(shape: InstanceShape): number;
  /** Billing: seconds charged for an instance that ran for `ms` milliseconds. */
  billedSeconds(ms: number): number;
}

/** EC2 Linux billing since 2017-10-02: per second, 60-second minimum per instance start (spec §10). */
export function perSecondWithMinimum(ms: number, minimumSeconds = 60): number {
  return Math.max(minimumSeconds, Math.ceil(ms / 1000));
}

export const ON_DEMAND: PurchaseOption = {
  name: 'ON_DEMAND',
  pricePerHour: (shape) => shape.onDemandUsdPerHour,
  billedSeconds: (ms) => perSecondWithMinimum(ms),
};

export function purchaseOptionFor(type: ComputeResourceType | 'UNMANAGED'): PurchaseOption {
  switch (type) {
    case 'EC2':
    case 'UNMANAGED':
      return ON_DEMAND;
    default:
      // Spot and Fargate capacity arrive with the market model; validation keeps them out until then.
      throw new Error(`purchase option for ${type} is not modelled yet`);
  }
}
