// The built-in EC2 instance catalog (us-east-1, Linux) and how CreateComputeEnvironment's
// `instanceTypes` entries (types, families, `optimal`, `default_x86_64`, `default_arm64`) resolve to it.
import { CATALOG_ROWS } from './catalog-data.js';

export interface InstanceType {
  instanceType: string;
  family: string;
  category: string;
  vcpus: number;
  /** Nominal memory in MiB (the catalog lists GiB). */
  memoryMiB: number;
  gpus: number;
  gpuModel: string;
  arch: 'x86_64' | 'arm64';
  onDemandUsdPerHour: number;
  /** Spot Instance Advisor monthly interruption band (`<5%` … `>20%`), if the advisor lists the type. */
  interruptionBand: string | null;
  /** Spot Instance Advisor savings over on-demand, percent. */
  spotSavingsPct: number | null;
}

const TYPES: ReadonlyMap<string, InstanceType> = new Map(
  CATALOG_ROWS.map((r) => [
    r[0],
    {
      instanceType: r[0], family: r[1], category: r[2], vcpus: r[3], memoryMiB: Math.round(r[4] * 1024),
      gpus: r[5], gpuModel: r[6], arch: r[8] as 'x86_64' | 'arm64', onDemandUsdPerHour: r[9],
      interruptionBand: r[10], spotSavingsPct: r[11],
    },
  ]),
);

/**
 * Families behind AWS Batch's instance-type categories. From 2025-11-01 `optimal` behaves like
 * `default_x86_64` (spec §8.3); `settings.optimalMeans: legacy` selects the c4/m4/r4 (+c5/m5/r5) pool.
 */
export const INSTANCE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  default_x86_64: ['m6i', 'c6i', 'r6i', 'c7i'],
  default_arm64: ['m6g', 'c6g', 'r6g', 'c7g'],
  optimal: ['m6i', 'c6i', 'r6i', 'c7i'],
  'optimal:legacy': ['c4', 'm4', 'r4', 'c5', 'm5', 'r5'],
};

export function instanceType(name: string): InstanceType | undefined {
  return TYPES.get(name);
}

export function allInstanceTypes(): InstanceType[] {
  return [...TYPES.values()];
}

export function knownFamilies(): string[] {
  return [...new Set(allInstanceTypes().map((t) => t.family))].sort();
}

/**
 * Resolves one `instanceTypes` entry to concrete catalog types, or undefined when it names nothing
 * we model. A family excludes `.metal` sizes, as AWS Batch does (spec §8.3).
 */
export function resolveInstanceTypeEntry(entry: string, optimalMeans: 'default_x86_64' | 'legacy' = 'default_x86_64'): InstanceType[] | undefined {
  const exact = TYPES.get(entry);
  if (exact) return [exact];
  const categoryKey = entry === 'optimal' && optimalMeans === 'legacy' ? 'optimal:legacy' : entry;
  // Own keys only: a name like `constructor` is not a category.
  const families = (Object.hasOwn(INSTANCE_CATEGORIES, categoryKey) ? INSTANCE_CATEGORIES[categoryKey] : undefined) ?? [entry];
  const found = allInstanceTypes().filter((t) => families.includes(t.family) && !t.instanceType.includes('metal'));
  return found.length > 0 ? found : undefined;
}

/**
 * Memory an ECS container instance registers, less the Batch AMI's agent reserve (spec §8.8:
 * 8192 MiB nominal registers about 7985 MiB, and ECS_RESERVED_MEMORY holds back 32 MiB more).
 */
export function registeredMemoryMiB(nominalMiB: number, fraction: number, agentReserveMiB: number): number {
  return Math.floor(nominalMiB * fraction) - agentReserveMiB;
}
