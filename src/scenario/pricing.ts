// `settings.region` and `settings.pricing`: which on-demand price table applies, and the rates an
// account has negotiated (Savings Plans, EDP, private prices). src/market/pricing.ts applies them.
import { burstableFamily, familyTypes, instanceType, REGIONS, type Region } from '../market/catalog.js';
import { checkNumber, describe, label, type Fields } from './check.js';
import { familiesHint, unknownTypeMessage } from './instance-types.js';
import { childPath, define } from './source.js';
import type { PricingSettings } from './types.js';

const PRICING_KNOWN: (keyof PricingSettings)[] = ['onDemandDiscountPct', 'familyDiscountPct', 'onDemandPrices'];
/** A discount of 100 % would make capacity free, which no agreement does. */
const DISCOUNT = { min: 0, max: 99 } as const;

/** settings.region: a region of the catalog's price table. */
export function readRegion(f: Fields): Region | undefined {
  const v = f.raw('region');
  if (v === undefined) return undefined;
  const found = REGIONS.find((r) => r === v);
  if (found === undefined) {
    f.c.report(f.at('region'), `settings.region must be one of ${REGIONS.join(', ')} (the regions batchsim has on-demand prices for), received ${describe(v)}`);
  }
  return found;
}

/** settings.pricing, over the defaults in `out`. */
export function readPricing(f: Fields, out: PricingSettings): void {
  f.allow(PRICING_KNOWN);
  out.onDemandDiscountPct = f.number('onDemandDiscountPct', DISCOUNT) ?? out.onDemandDiscountPct;
  const families = f.object('familyDiscountPct', { what: 'a mapping of instance family to percent, e.g. { m7i: 28 }' });
  if (families) {
    out.familyDiscountPct = readKeyed(families, (family) => familyProblem(family), DISCOUNT);
  }
  const prices = f.object('onDemandPrices', { what: 'a mapping of instance type to USD per hour, e.g. { m7i.large: 0.08 }' });
  if (prices) {
    out.onDemandPrices = readKeyed(prices, (type) => typeProblem(type), { min: 0, above: true });
  }
}

/** `{ key: number }` with each key checked by `problem` (undefined when the key is acceptable). */
function readKeyed(f: Fields, problem: (key: string) => string | undefined, rule: { min: number; max?: number; above?: boolean }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(f.obj)) {
    const at = childPath(f.path, key);
    const bad = problem(key);
    if (bad !== undefined) {
      f.c.report(at, `${label(f.path)}: ${bad}`, 'key');
      continue;
    }
    const n = checkNumber(f.c, v, at, rule);
    // defineProperty: a key such as __proto__ is data here, not the object's prototype.
    if (n !== undefined) define(out, key, n);
  }
  return out;
}

function familyProblem(family: string): string | undefined {
  if (familyTypes(family)) return undefined;
  if (burstableFamily(family)) return `"${family}" is a burstable family, which AWS Batch does not launch`;
  const dot = family.indexOf('.');
  if (dot > 0 && familyTypes(family.slice(0, dot))) return `"${family}" is an instance type; a discount is by family: ${family.slice(0, dot)}`;
  return `Unknown instance family "${family}" ${familiesHint(family)}`;
}

function typeProblem(type: string): string | undefined {
  if (instanceType(type)) return undefined;
  if (burstableFamily(type)) return `"${type}" is burstable, which AWS Batch does not launch`;
  const sizes = familyTypes(type);
  if (sizes) return `"${type}" is a family; a price is per instance type, e.g. ${sizes[0]!.instanceType}`;
  return unknownTypeMessage(type);
}
