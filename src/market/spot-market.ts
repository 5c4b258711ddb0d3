// The EC2 Spot market (spec §8.5, §10; pricing-and-latency §3): a price per instance type (the
// advisor's savings off the region's on-demand list price, or a replayed trace), an interruption
// hazard per pool from the Spot Instance Advisor's monthly band, and pools that can run short
// (outage windows, a cap on instances). Interruption draws come from their own random stream,
// held by the caller. Negotiated on-demand discounts (settings.pricing) do not reach Spot: Savings
// Plans do not cover it, and bidPercentage is a share of AWS's on-demand price.
import type { InstanceShape, Settings, SpotPoolSpec } from '../scenario/types.js';
import { instanceType } from './catalog.js';
import { listOnDemandPrice } from './pricing.js';

/** An average month, for turning the advisor's monthly rate into a hazard. */
const MONTH_MS = 30.4375 * 24 * 3600 * 1000;

export class SpotMarket {
  private readonly pools = new Map<string, SpotPoolSpec>();
  /** Price changes per type, sorted by time (from the trace). */
  private readonly trace = new Map<string, { atMs: number; price: number }[]>();
  private readonly running = new Map<string, number>();
  /** The on-demand list price Spot is measured against, per type (worked out once). */
  private readonly listPrices = new Map<string, number>();

  constructor(private readonly settings: Settings) {
    for (const p of settings.spot.pools) this.pools.set(p.instanceType, p);
    for (const point of settings.spot.priceTrace) {
      let list = this.trace.get(point.instanceType);
      if (!list) this.trace.set(point.instanceType, (list = []));
      list.push({ atMs: point.atMs, price: point.price });
    }
  }

  /**
   * Times at which the market changes: a traced price moves (re-price, re-check caps) or an
   * outage window ends (capacity comes back, so waiting jobs may get instances).
   */
  changeTimes(): number[] {
    const times = [
      ...this.settings.spot.priceTrace.map((p) => p.atMs),
      ...this.settings.spot.pools.flatMap((p) => p.outages.map((o) => o.toMs)),
    ];
    return [...new Set(times)].sort((a, b) => a - b);
  }

  /** Spot price, USD per hour, of a type at a time. */
  price(shape: InstanceShape, atMs: number): number {
    const points = this.trace.get(shape.instanceType);
    if (points && points.length > 0 && points[0].atMs <= atMs) {
      let lo = 0;
      let hi = points.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (points[mid].atMs <= atMs) lo = mid;
        else hi = mid - 1;
      }
      return points[lo].price;
    }
    return this.listPrice(shape) * (1 - this.savingsPct(shape) / 100);
  }

  /**
   * The region's on-demand list price of a catalog type (or the user's price where the region has
   * none); for any other shape, its own on-demand price.
   */
  listPrice(shape: InstanceShape): number {
    let price = this.listPrices.get(shape.instanceType);
    if (price === undefined) {
      const t = instanceType(shape.instanceType);
      price = (t && listOnDemandPrice(t, this.settings)) ?? shape.onDemandUsdPerHour;
      this.listPrices.set(shape.instanceType, price);
    }
    return price;
  }

  /** USD for running from `fromMs` to `toMs` at the prices in force, billed per second with a 60 s minimum. */
  cost(shape: InstanceShape, fromMs: number, toMs: number): number {
    const billedMs = Math.max(60, Math.ceil((toMs - fromMs) / 1000)) * 1000;
    const points = this.trace.get(shape.instanceType);
    if (!points) return (billedMs / 3.6e6) * this.price(shape, fromMs);
    // Integrate the step function; the minimum-charge tail is priced at the last price.
    let usd = 0;
    let t = fromMs;
    for (const p of points) {
      if (p.atMs <= t) continue;
      if (p.atMs >= toMs) break;
      usd += ((p.atMs - t) / 3.6e6) * this.price(shape, t);
      t = p.atMs;
    }
    usd += ((fromMs + billedMs - t) / 3.6e6) * this.price(shape, t);
    return usd;
  }

  savingsPct(shape: InstanceShape): number {
    const pool = this.pools.get(shape.instanceType);
    if (pool?.savingsPct != null) return pool.savingsPct;
    return instanceType(shape.instanceType)?.spotSavingsPct ?? this.settings.spot.defaultSavingsPct;
  }

  /** Monthly interruption probability of a type's pool. */
  monthlyInterruptionRate(shape: InstanceShape): number {
    const pool = this.pools.get(shape.instanceType);
    if (pool?.monthlyInterruptionRate != null) return pool.monthlyInterruptionRate;
    const band = (instanceType(shape.instanceType)?.interruptionBand ?? this.settings.spot.defaultBand) as keyof Settings['spot']['interruptionRateByBand'];
    return this.settings.spot.interruptionRateByBand[band];
  }

  /** Time to the interruption notice of a new instance, ms (Infinity for a zero rate), from a uniform draw. */
  timeToInterruption(monthlyRate: number, u: number): number {
    if (monthlyRate <= 0) return Infinity;
    const hazardPerMs = -Math.log(1 - Math.min(monthlyRate, 0.999999)) / MONTH_MS;
    return Math.round(-Math.log(1 - u) / hazardPerMs);
  }

  /** Whether a new Spot instance of this type can be had now under a CE's bid cap. */
  available(shape: InstanceShape, atMs: number, bidPercentage: number): boolean {
    const pool = this.pools.get(shape.instanceType);
    if (pool) {
      if (pool.maxInstances !== null && (this.running.get(shape.instanceType) ?? 0) >= pool.maxInstances) return false;
      if (pool.outages.some((o) => o.fromMs <= atMs && atMs < o.toMs)) return false;
    }
    return this.price(shape, atMs) <= (this.listPrice(shape) * bidPercentage) / 100 + 1e-12;
  }

  /** Whether a running instance is priced out (the market moved above its CE's cap). */
  overCap(shape: InstanceShape, atMs: number, bidPercentage: number): boolean {
    return this.price(shape, atMs) > (this.listPrice(shape) * bidPercentage) / 100 + 1e-12;
  }

  launched(shape: InstanceShape): void {
    this.running.set(shape.instanceType, (this.running.get(shape.instanceType) ?? 0) + 1);
  }

  terminated(shape: InstanceShape): void {
    this.running.set(shape.instanceType, (this.running.get(shape.instanceType) ?? 0) - 1);
  }
}
