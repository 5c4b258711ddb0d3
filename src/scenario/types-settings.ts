// Scenario types, settings section: the modelling knobs (spec §17) with the Spot market and Fargate
// models they hold, and the region and negotiated rates that set on-demand prices.
import type { Region } from '../market/catalog.js';

/** Modelling knobs (spec §17). Every field has a default, listed in docs/scenario.md. */
export interface Settings {
  /** Length of a scheduler cycle; 0 = dispatch at the instant anything changes (teaching mode). Default 10. */
  schedulerCycleSeconds: number;
  /** Let jobs behind a blocked head-of-queue job be placed (spec §6.5 UNCONFIRMED). Default false. */
  backfill: boolean;
  /** How far behind a blocked head a backfill pass looks, in queue entries. Default 100. */
  backfillDepth: number;
  /** EC2 instance launch to ECS registration, seconds: a fixed number or a uniform range. Default 120–180. */
  instanceLaunchSeconds: { min: number; max: number };
  /** Idle time after which a managed instance is terminated (no scaling policy). Default 600. */
  idleScaleDownSeconds: number;
  /** STARTING duration when the instance has not pulled this job's image yet. Default 15. */
  imagePullSeconds: number;
  /** STARTING duration when the image is already cached on the instance. Default 3. */
  cachedImageStartSeconds: number;
  /** Registered memory = floor(nominal × fraction) − agent reserve (spec §8.8). Defaults 0.97 and 32. */
  registeredMemoryFraction: number;
  agentReservedMemoryMiB: number;
  /** Stop the run at this time even if events remain (seconds). Default: none. */
  horizonSeconds: number | null;
  /** What `optimal` resolves to: `default_x86_64` (AWS since 2025-11-01, default) or `legacy` (c4/m4/r4, c5/m5/r5). */
  optimalMeans: 'default_x86_64' | 'legacy';
  /** Delay between an attempt's timeout and Batch stopping it (spec §5: best effort, a few seconds). Default 0. */
  timeoutEnforcementSeconds: number;
  /** How long a container takes to stop after TerminateJob's SIGTERM (spec §13; ≤ 30, then SIGKILL). Default 0. */
  terminateGraceSeconds: number;
  /** AWS Region whose on-demand price table applies (the catalog's REGIONS). Default us-east-1. */
  region: Region;
  /** Negotiated on-demand rates (Savings Plans, EDP, private prices). Default: none, list prices. */
  pricing: PricingSettings;
  spot: SpotSettings;
  fargate: FargateSettings;
}

/** settings.pricing: what an ON_DEMAND EC2 instance is billed, in place of the region's list price. */
export interface PricingSettings {
  /** Discount off every EC2 on-demand price, percent (a Compute Savings Plan, an EDP). Default 0. */
  onDemandDiscountPct: number;
  /** Discount per instance family, percent, in place of onDemandDiscountPct (an EC2 Instance Savings Plan). */
  familyDiscountPct: Record<string, number>;
  /** USD per hour per instance type, billed as it is (no discount on top); also prices a type the region's table lacks. */
  onDemandPrices: Record<string, number>;
}

/** The EC2 Spot market model (spec §8.5, §10; pricing-and-latency §3). */
export interface SpotSettings {
  /** Monthly interruption probability used for each Spot Instance Advisor band. Defaults: band midpoints, 0.25 for `>20%`. */
  interruptionRateByBand: { '<5%': number; '5-10%': number; '10-15%': number; '15-20%': number; '>20%': number };
  /** Band assumed for a type the advisor does not list. Default `>20%`. */
  defaultBand: '<5%' | '5-10%' | '10-15%' | '15-20%' | '>20%';
  /** Savings over on-demand (percent) for a type the advisor does not list. Default 60. */
  defaultSavingsPct: number;
  /** Interruption notice before the instance is gone. Default 120. */
  noticeSeconds: number;
  /**
   * Whether a job moves on to the next compute environment when a SPOT environment cannot get
   * capacity (pools short or priced over bidPercentage) although it is below maxvCpus. AWS
   * documents spillover only at maxvCpus (spec §6.2, UNCONFIRMED otherwise), so default false: the
   * job waits with `CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY`.
   */
  spilloverOnInsufficientCapacity: boolean;
  /** Per-type overrides and shortages. */
  pools: SpotPoolSpec[];
  /** A replayed price trace (sorted by time), or empty for the advisor-derived constant price. */
  priceTrace: SpotPricePoint[];
}

export interface SpotPoolSpec {
  instanceType: string;
  /** Most Spot instances of this type that can run at once (null: unlimited). */
  maxInstances: number | null;
  /** Windows during which no new Spot capacity of this type can be had (running instances stay). */
  outages: { fromMs: number; toMs: number }[];
  /** Overrides the band's monthly interruption probability. */
  monthlyInterruptionRate: number | null;
  /** Overrides the advisor's savings (percent). */
  savingsPct: number | null;
}

export interface SpotPricePoint {
  atMs: number;
  instanceType: string;
  /** USD per hour from this time on. */
  price: number;
}

/** Fargate (spec §9; pricing-and-latency §1). */
export interface FargateSettings {
  /** Task provisioning before the image pull, seconds. Default 30 (plus imagePullSeconds: no image cache on Fargate). */
  startSeconds: number;
  /** Fargate Spot discount off the Fargate price. Default 0.7. */
  spotDiscount: number;
  /** Monthly probability that a Fargate Spot task is interrupted. Default 0.05 (UNCONFIRMED: AWS publishes none). */
  spotMonthlyInterruptionRate: number;
  /** USD per vCPU-hour and per GB-hour, us-east-1 Linux. */
  x86VcpuHour: number;
  x86GbHour: number;
  armVcpuHour: number;
  armGbHour: number;
}
