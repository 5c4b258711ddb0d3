// The built-in EC2 instance catalog (Linux; on-demand prices for every region of the price table)
// and how CreateComputeEnvironment's `instanceTypes` entries (types, families, `optimal`,
// `default_x86_64`, `default_arm64`) resolve to it. The data is generated (catalog-data/) as one
// packed string per column; the names are split the first time the catalog is asked, and a type
// becomes an InstanceType object only when it is looked up, so a scenario that names a few families
// does not pay for 1,323 types.
import * as data from './catalog-data/index.js';

export type Region = (typeof data.REGIONS)[number];
export type InterruptionBand = (typeof data.BANDS)[number];

export const REGIONS: readonly Region[] = data.REGIONS;
/** Region and date of the Spot Instance Advisor snapshot the catalog's bands and savings come from. */
export const SPOT_ADVISOR = data.SPOT_ADVISOR;

export interface InstanceType {
  instanceType: string;
  family: string;
  category: string;
  vcpus: number;
  /** Nominal memory in MiB (the catalog lists GiB). */
  memoryMiB: number;
  gpus: number;
  gpuModel: string;
  /** Total GPU memory of the instance, GiB (0 without GPUs). */
  gpuMemoryGiB: number;
  /**
   * AWS Trainium / Inferentia devices. Not GPUs (AWS Batch's resourceRequirements know only GPU,
   * MEMORY and VCPU), so no job reserves them: docs/model.md says what that means for placement.
   */
  accelerators: number;
  /** `AWS Trainium`, `AWS Inferentia`, `AWS Inferentia2`, or empty. */
  acceleratorModel: string;
  arch: 'x86_64' | 'arm64';
  /** us-east-1 Linux on-demand USD per hour (every catalog type has one). Other regions: onDemandByRegion. */
  onDemandUsdPerHour: number;
  /** Linux on-demand USD per hour in each region whose price table lists the type. */
  onDemandByRegion: Readonly<Partial<Record<Region, number>>>;
  /** Spot Instance Advisor monthly interruption band (`<5%` … `>20%`), if the advisor lists the type. */
  interruptionBand: InterruptionBand | null;
  /** Spot Instance Advisor savings over on-demand, percent. */
  spotSavingsPct: number | null;
}

/** Names and where each type and family is: all the first look-up needs. */
interface Index {
  names: string[];
  byName: Map<string, number>;
  /** Row numbers of each family, in catalog order. */
  byFamily: Map<string, number[]>;
  families: string[];
}

let index: Index | undefined;
/** The other columns, split on the first type asked for. */
let columns: ReturnType<typeof splitColumns> | undefined;
/** Types built so far, by row. */
const rows: (InstanceType | undefined)[] = [];

/** Splits a word column into its entries (the generator separates them by one space or a line break). */
const words = (column: string): string[] => column.trim().replaceAll('\n', ' ').split(' ');
/** A one-character-per-type column, without its line breaks. */
const chars = (column: string): string => column.replaceAll('\n', '');

function catalogIndex(): Index {
  if (index) return index;
  const names = words(data.INSTANCE_TYPE);
  const byName = new Map<string, number>();
  const byFamily = new Map<string, number[]>();
  names.forEach((name, i) => {
    byName.set(name, i);
    const family = name.slice(0, name.indexOf('.'));
    let list = byFamily.get(family);
    if (!list) byFamily.set(family, (list = []));
    list.push(i);
  });
  index = { names, byName, byFamily, families: [...byFamily.keys()].sort() };
  return index;
}

function splitColumns() {
  const c = {
    category: chars(data.CATEGORY), arch: chars(data.ARCH), vcpus: words(data.VCPUS), memory: words(data.MEMORY_GIB), gpus: words(data.GPUS),
    gpuModel: chars(data.GPU_MODEL), gpuMemory: words(data.GPU_MEMORY_GIB), accelerators: words(data.ACCELERATORS),
    acceleratorModel: chars(data.ACCELERATOR_MODEL), band: chars(data.SPOT_BAND), savings: words(data.SPOT_SAVINGS_PCT),
    prices: data.ON_DEMAND_USD_PER_HOUR.map(words),
  };
  // A hand edit that breaks the alignment would silently shift every later type: refuse it.
  const all: { length: number }[] = [
    catalogIndex().names, c.category, c.arch, c.vcpus, c.memory, c.gpus, c.gpuModel, c.gpuMemory, c.accelerators, c.acceleratorModel, c.band, c.savings, ...c.prices,
  ];
  if (all.some((col) => col.length !== data.TYPE_COUNT)) throw new Error('src/market/catalog-data/ is damaged: its columns differ in length (regenerate it with scripts/gen-catalog.ts)');
  return c;
}

function row(i: number): InstanceType {
  const built = rows[i];
  if (built) return built;
  const c = (columns ??= splitColumns());
  const name = catalogIndex().names[i]!;
  const onDemandByRegion: Partial<Record<Region, number>> = {};
  for (let r = 0; r < c.prices.length; r++) {
    const price = c.prices[r]![i]!;
    if (price !== '-') onDemandByRegion[data.REGIONS[r]!] = Number(price);
  }
  const t: InstanceType = {
    instanceType: name,
    family: name.slice(0, name.indexOf('.')),
    category: data.CATEGORY_NAMES[parseInt(c.category[i]!, 36)]!,
    vcpus: Number(c.vcpus[i]),
    memoryMiB: Math.round(Number(c.memory[i]) * 1024),
    gpus: Number(c.gpus[i]),
    gpuModel: data.GPU_MODEL_NAMES[parseInt(c.gpuModel[i]!, 36)]!,
    gpuMemoryGiB: Number(c.gpuMemory[i]),
    accelerators: Number(c.accelerators[i]),
    acceleratorModel: data.ACCELERATOR_MODEL_NAMES[parseInt(c.acceleratorModel[i]!, 36)]!,
    arch: c.arch[i] === 'a' ? 'arm64' : 'x86_64',
    onDemandUsdPerHour: onDemandByRegion['us-east-1']!,
    onDemandByRegion,
    interruptionBand: c.band[i] === '-' ? null : data.BANDS[Number(c.band[i])]!,
    spotSavingsPct: c.savings[i] === '-' ? null : Number(c.savings[i]),
  };
  rows[i] = t;
  return t;
}

/**
 * Families behind AWS Batch's instance-type categories (spec §8.3; pricing-and-latency §0). From
 * 2025-11-01 `optimal` behaves like `default_x86_64`; `settings.optimalMeans: legacy` selects the
 * c4/m4/r4 (+c5/m5/r5) pool. No category includes GPU or Trainium/Inferentia families: those are
 * named explicitly.
 */
export const INSTANCE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  default_x86_64: ['m6i', 'c6i', 'r6i', 'c7i'],
  default_arm64: ['m6g', 'c6g', 'r6g', 'c7g'],
  optimal: ['m6i', 'c6i', 'r6i', 'c7i'],
  'optimal:legacy': ['c4', 'm4', 'r4', 'c5', 'm5', 'r5'],
};

/** The categories a compute environment may name. */
export const CATEGORY_NAMES = Object.keys(INSTANCE_CATEGORIES).filter((k) => !k.includes(':'));

/**
 * Burstable (T) families. The shared catalog leaves them out because AWS Batch refuses them: its
 * CreateComputeEnvironment answers `ClientException: ... Instance type can only be one of [...]`
 * for t3/t3a (docs/model.md cites where that was seen).
 */
const BURSTABLE_FAMILIES: readonly string[] = ['t1', 't2', 't3', 't3a', 't4g'];

/** The burstable family an entry (`t3`, `t3.large`) names, if it names one. */
export function burstableFamily(entry: string): string | undefined {
  const family = entry.includes('.') ? entry.slice(0, entry.indexOf('.')) : entry;
  return BURSTABLE_FAMILIES.includes(family) ? family : undefined;
}

export function instanceType(name: string): InstanceType | undefined {
  const i = catalogIndex().byName.get(name);
  return i === undefined ? undefined : row(i);
}

/** Every type, in catalog order (builds all 1,323: for tests and tools, not for a scenario's load). */
export function allInstanceTypes(): InstanceType[] {
  return catalogIndex().names.map((_, i) => row(i));
}

/** Every family of the catalog, sorted. */
export function knownFamilies(): readonly string[] {
  return catalogIndex().families;
}

/** The types of a family in catalog order (smallest first), or undefined for a name that is no family. */
export function familyTypes(family: string): readonly InstanceType[] | undefined {
  return catalogIndex().byFamily.get(family)?.map(row);
}

/**
 * Families whose names share the longest possible beginning with `name` (for messages about a
 * name the catalog does not have), or [] when not even the first letter matches.
 */
export function similarFamilies(name: string): string[] {
  const stem = name.includes('.') ? name.slice(0, name.indexOf('.')) : name;
  for (let n = stem.length; n > 0; n--) {
    const found = knownFamilies().filter((f) => f.startsWith(stem.slice(0, n)));
    if (found.length > 0) return found;
  }
  return [];
}

/** The families an entry names: its category's, or the entry itself when it is no category. */
function entryFamilies(entry: string, optimalMeans: 'default_x86_64' | 'legacy'): readonly string[] {
  const key = entry === 'optimal' && optimalMeans === 'legacy' ? 'optimal:legacy' : entry;
  // Own keys only: a name like `constructor` is not a category.
  return Object.hasOwn(INSTANCE_CATEGORIES, key) ? INSTANCE_CATEGORIES[key]! : [entry];
}

/**
 * Resolves one `instanceTypes` entry to concrete catalog types, or undefined when it names nothing
 * we model. A family excludes `.metal` sizes, as AWS Batch does (spec §8.3).
 */
export function resolveInstanceTypeEntry(entry: string, optimalMeans: 'default_x86_64' | 'legacy' = 'default_x86_64'): InstanceType[] | undefined {
  const exact = instanceType(entry);
  if (exact) return [exact];
  const { byFamily } = catalogIndex();
  // In catalog order, whatever the order of the category's families.
  const found = entryFamilies(entry, optimalMeans).flatMap((f) => byFamily.get(f) ?? []).sort((a, b) => a - b).map(row)
    .filter((t) => !t.instanceType.includes('metal'));
  return found.length > 0 ? found : undefined;
}

/**
 * Memory an ECS container instance registers, less the Batch AMI's agent reserve (spec §8.8:
 * 8192 MiB nominal registers about 7985 MiB, and ECS_RESERVED_MEMORY holds back 32 MiB more).
 */
export function registeredMemoryMiB(nominalMiB: number, fraction: number, agentReserveMiB: number): number {
  return Math.floor(nominalMiB * fraction) - agentReserveMiB;
}
