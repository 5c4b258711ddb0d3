// How capacity is bought and what it costs (spec §9, §10): ON_DEMAND and SPOT EC2 instances, and
// FARGATE / FARGATE_SPOT tasks. Every option bills per second with a one-minute minimum.
import type { InstanceShape, Settings } from '../scenario/types.js';
import type { SpotMarket } from './spot-market.js';

export type PurchaseOptionName = 'ON_DEMAND' | 'SPOT' | 'FARGATE' | 'FARGATE_SPOT';

export interface PurchaseOption {
  readonly name: PurchaseOptionName;
  /** Whether this is interruptible capacity (Spot, Fargate Spot). */
  readonly interruptible: boolean;
  /** USD per hour of one instance (or task) of this shape at a time, for choosing types. */
  pricePerHour(shape: InstanceShape, atMs: number): number;
  /** Whether a new one can be had now (Spot pools run short or get priced over the cap). */
  available(shape: InstanceShape, atMs: number): boolean;
  /** USD for one alive from `fromMs` to `toMs`. */
  cost(shape: InstanceShape, fromMs: number, toMs: number): number;
  /** Monthly probability of an interruption (0 for on-demand capacity). */
  monthlyInterruptionRate(shape: InstanceShape): number;
}

/** Linux EC2 and Fargate billing: per second, 60-second minimum per start (spec §10, §9.2). */
export function billedSeconds(fromMs: number, toMs: number): number {
  return Math.max(60, Math.ceil((toMs - fromMs) / 1000));
}

export const ON_DEMAND: PurchaseOption = {
  name: 'ON_DEMAND',
  interruptible: false,
  pricePerHour: (shape) => shape.onDemandUsdPerHour,
  available: () => true,
  cost: (shape, from, to) => (billedSeconds(from, to) * shape.onDemandUsdPerHour) / 3600,
  monthlyInterruptionRate: () => 0,
};

export function spot(market: SpotMarket, bidPercentage: number): PurchaseOption {
  return {
    name: 'SPOT',
    interruptible: true,
    pricePerHour: (shape, at) => market.price(shape, at),
    available: (shape, at) => market.available(shape, at, bidPercentage),
    cost: (shape, from, to) => market.cost(shape, from, to),
    monthlyInterruptionRate: (shape) => market.monthlyInterruptionRate(shape),
  };
}

/** A Fargate task's price: its requested vCPUs and GiB at the per-vCPU and per-GB rates of its architecture. */
export function fargatePricePerHour(shape: InstanceShape, settings: Settings['fargate']): number {
  const gb = shape.memoryMiB / 1024;
  return shape.arch === 'arm64'
    ? shape.vcpus * settings.armVcpuHour + gb * settings.armGbHour
    : shape.vcpus * settings.x86VcpuHour + gb * settings.x86GbHour;
}

export function fargate(settings: Settings['fargate'], spotCapacity: boolean): PurchaseOption {
  const factor = spotCapacity ? 1 - settings.spotDiscount : 1;
  const price = (shape: InstanceShape) => fargatePricePerHour(shape, settings) * factor;
  return {
    name: spotCapacity ? 'FARGATE_SPOT' : 'FARGATE',
    interruptible: spotCapacity,
    pricePerHour: price,
    available: () => true,
    cost: (shape, from, to) => (billedSeconds(from, to) * price(shape)) / 3600,
    monthlyInterruptionRate: () => (spotCapacity ? settings.spotMonthlyInterruptionRate : 0),
  };
}
