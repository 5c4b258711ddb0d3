// What an EC2 instance type costs on demand in the scenario's region, before and after the
// negotiated rates of `settings.pricing` (docs/model.md, "Cost"):
// - the list price is the region's public Linux on-demand price (the catalog's price table), or the
//   user's own price for a type the table does not price there. Spot prices (advisor savings) and
//   `bidPercentage` are measured against it: Savings Plans and EDP discounts do not cover Spot;
// - the paid price is what an ON_DEMAND instance is billed: a per-type price the user states as it
//   is, otherwise the list price less the family's discount, or the overall discount.
import type { Settings } from '../scenario/types.js';
import type { InstanceType } from './catalog.js';

type PricingContext = Pick<Settings, 'region' | 'pricing'>;

/** The region's list price of a type, or undefined when neither the table nor the user prices it there. */
export function listOnDemandPrice(t: InstanceType, s: PricingContext): number | undefined {
  return t.onDemandByRegion[s.region] ?? ownPrice(t, s);
}

/** USD per hour an ON_DEMAND instance of the type is billed, or undefined when the type has no price in the region. */
export function paidOnDemandPrice(t: InstanceType, s: PricingContext): number | undefined {
  const own = ownPrice(t, s);
  if (own !== undefined) return own;
  const list = t.onDemandByRegion[s.region];
  if (list === undefined) return undefined;
  const discountPct = ownKey(s.pricing.familyDiscountPct, t.family) ?? s.pricing.onDemandDiscountPct;
  return discountPct === 0 ? list : list * (1 - discountPct / 100);
}

function ownPrice(t: InstanceType, s: PricingContext): number | undefined {
  return ownKey(s.pricing.onDemandPrices, t.instanceType);
}

/** A user-keyed record's own entry (a key such as `constructor` finds nothing). */
function ownKey(record: Readonly<Record<string, number>>, key: string): number | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
