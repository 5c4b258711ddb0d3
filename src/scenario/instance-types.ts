// `computeResources.instanceTypes` (spec §8.3) resolved against the catalog and priced in the
// scenario's region: types, families and categories; burstable types refused as AWS refuses them;
// types the region's price table lacks refused (a named type) or left out with a notice (a family
// or category, refused when none remains).
import {
  burstableFamily, CATEGORY_NAMES, familyTypes, instanceType, knownFamilies, resolveInstanceTypeEntry, similarFamilies, type InstanceType,
} from '../market/catalog.js';
import { paidOnDemandPrice } from '../market/pricing.js';
import type { Fields } from './check.js';
import type { InstanceShape, Settings } from './types.js';

type Arch = InstanceShape['arch'];

/** A catalog type as the engine sees it, at the on-demand price the scenario pays. */
export function toShape(t: InstanceType, onDemandUsdPerHour: number): InstanceShape {
  return { instanceType: t.instanceType, family: t.family, vcpus: t.vcpus, memoryMiB: t.memoryMiB, gpus: t.gpus, arch: t.arch, onDemandUsdPerHour };
}

/**
 * "similar families: c7a, c7g, …" for a name the catalog does not have, or '' when none is alike:
 * with 167 families, messages name those that look alike rather than all of them.
 */
function similarText(name: string): string {
  const found = similarFamilies(name);
  if (found.length === 0) return '';
  const shown = found.length > 12 ? `${found.slice(0, 12).join(', ')} and ${found.length - 12} more` : found.join(', ');
  return `similar families: ${shown}`;
}

/** "(similar families: …; 167 families in the catalog<tail>)". */
export function familiesHint(name: string, tail = ''): string {
  const near = similarText(name);
  return `(${near ? `${near}; ` : ''}${knownFamilies().length} families in the catalog${tail})`;
}

/** AWS Batch refuses burstable types in a compute environment (docs/model.md cites its answer). */
export function burstableMessage(entry: string): string {
  return `Burstable instance ${entry.includes('.') ? 'type' : 'family'} "${entry}" cannot be used: AWS Batch does not launch T types ` +
    `(CreateComputeEnvironment answers "Instance type can only be one of [...]"); use a fixed-performance family such as m7i, c7i or m7g`;
}

/** Why an `instanceTypes` entry names nothing in the catalog. */
export function unknownEntryMessage(entry: string): string {
  return sizesMessage(entry) ?? `Unknown instance type or family "${entry}" ${familiesHint(entry, `; categories: ${CATEGORY_NAMES.join(', ')}`)}`;
}

/** Why a name that should be an instance type is not one of the catalog. */
export function unknownTypeMessage(name: string): string {
  return sizesMessage(name) ?? `Unknown instance type "${name}" ${familiesHint(name)}`;
}

/** For `m7i.huge`: the sizes the family has. */
function sizesMessage(name: string): string | undefined {
  const dot = name.indexOf('.');
  const sizes = dot > 0 ? familyTypes(name.slice(0, dot)) : undefined;
  return sizes && `Unknown instance type "${name}" (${name.slice(0, dot)} sizes: ${sizes.map((t) => t.instanceType).join(', ')})`;
}

/**
 * The environment's entries resolved to priced shapes, deduplicated and sorted by name; adds the
 * architectures found to `arches`. Problems and notices go to `f`'s checker at each entry.
 */
export function resolveInstanceTypes(f: Fields, requested: string[], settings: Settings, arches: Set<Arch>): InstanceShape[] {
  const byType = new Map<string, InstanceShape>();
  const archSources = new Map<Arch, string>();
  const list = f.raw('instanceTypes') as unknown[] | undefined;
  for (const entry of requested) {
    const at = `${f.at('instanceTypes')}[${list ? list.indexOf(entry) : 0}]`;
    const priced = resolveEntry(f, at, entry, settings);
    for (const [t, price] of priced) {
      byType.set(t.instanceType, toShape(t, price));
      if (!archSources.has(t.arch)) archSources.set(t.arch, entry);
      arches.add(t.arch);
    }
    noteAccelerators(f, at, entry, priced.map(([t]) => t));
  }
  if (archSources.size > 1) {
    const parts = [...archSources].map(([arch, entry]) => `${arch} (${entry})`);
    f.c.report(f.at('instanceTypes'), `All instance types of a compute environment must share one architecture, received ${parts.join(' and ')}`);
  }
  return [...byType.values()].sort((a, b) => compare(a.instanceType, b.instanceType));
}

/** One entry's types with their on-demand prices in the region; [] after reporting a problem. */
function resolveEntry(f: Fields, at: string, entry: string, settings: Settings): [InstanceType, number][] {
  if (burstableFamily(entry) && !instanceType(entry)) {
    f.c.report(at, burstableMessage(entry));
    return [];
  }
  const resolved = resolveInstanceTypeEntry(entry, settings.optimalMeans);
  if (!resolved) {
    f.c.report(at, unknownEntryMessage(entry));
    return [];
  }
  const priced: [InstanceType, number][] = [];
  const unpriced: string[] = [];
  for (const t of resolved) {
    const price = paidOnDemandPrice(t, settings);
    if (price === undefined) unpriced.push(t.instanceType);
    else priced.push([t, price]);
  }
  if (unpriced.length === 0) return priced;
  const region = settings.region;
  const how = 'state a price in settings.pricing.onDemandPrices, or choose another settings.region';
  if (instanceType(entry)) {
    f.c.report(at, `Instance type "${entry}" has no on-demand price in ${region}: AWS's price list for the region does not offer it; ${how}`);
  } else if (priced.length === 0) {
    f.c.report(at, `No instance type of "${entry}" has an on-demand price in ${region}: AWS's price list for the region offers none of its ${unpriced.length} types; ${how}`);
  } else {
    f.c.notice(at, `${unpriced.length} of the ${resolved.length} types of "${entry}" have no on-demand price in ${region} and are left out: ${unpriced.join(', ')}`);
  }
  return priced;
}

/**
 * Trainium / Inferentia instances: AWS Batch has no resourceRequirement for their devices (only
 * GPU, MEMORY and VCPU), so nothing reserves them for a job and batchsim places jobs there by
 * vCPUs and memory alone. Said once per entry that brings such types in.
 */
function noteAccelerators(f: Fields, at: string, entry: string, types: InstanceType[]): void {
  const withDevices = types.filter((t) => t.accelerators > 0);
  if (withDevices.length === 0) return;
  const models = [...new Set(withDevices.map((t) => t.acceleratorModel))].join(' and ');
  f.c.notice(at, `"${entry}" has ${models} accelerators, which a job cannot reserve (AWS Batch's resourceRequirements are GPU, MEMORY and VCPU): ` +
    `batchsim places jobs there by vCPUs and memory only; size a job to the whole instance to give it every device`);
}

/** Code-unit order, independent of the machine's locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
