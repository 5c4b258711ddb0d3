// `computeEnvironments`: CreateComputeEnvironment requests (spec §8), plus the non-AWS
// `simulation.fleet` that declares the instances of an UNMANAGED environment.
import { instanceType, SPOT_ADVISOR } from '../market/catalog.js';
import { paidOnDemandPrice } from '../market/pricing.js';
import { API_INTEGER, fields, limitRule, type Checker, type Fields } from './check.js';
import { DEFAULT_SETTINGS, LIMITS } from './defaults.js';
import { resolveInstanceTypes, toShape } from './instance-types.js';
import { RESOURCE_NAME, RESOURCE_NAME_RULE } from './names.js';
import { GPU_LIMIT, MEMORY_LIMIT, VCPU_LIMIT } from './resources.js';
import type { AllocationStrategy, ComputeEnvironmentSpec, ComputeResourceType, InstanceShape, Settings } from './types.js';

type Arch = InstanceShape['arch'];

/** What job queues need to know about an environment, kept even when it has other problems. */
export interface ComputeEnvironmentInfo {
  index: number;
  /** EC2-like (EC2, SPOT, UNMANAGED) or Fargate (FARGATE, FARGATE_SPOT): a queue may not mix them (spec §6.3). */
  platform: 'EC2' | 'FARGATE' | undefined;
  /** EC2, SPOT, FARGATE, FARGATE_SPOT or UNMANAGED, for messages. */
  kind: string | undefined;
  arches: Set<Arch>;
}

const KNOWN = ['computeEnvironmentName', 'type', 'state', 'computeResources', 'simulation'];
/** Ordinary request fields (and describe-compute-environments output) that do not affect the simulation. */
const IGNORED = [
  'serviceRole', 'tags', 'unmanagedvCpus', 'context', 'updatePolicy',
  'computeEnvironmentArn', 'ecsClusterArn', 'status', 'statusReason', 'uuid', 'containerOrchestrationType',
];
const SPECIAL = { eksConfiguration: 'EKS compute environments are not supported (only ECS: EC2, SPOT, FARGATE, FARGATE_SPOT)' };

const RESOURCES_KNOWN = ['type', 'allocationStrategy', 'minvCpus', 'maxvCpus', 'desiredvCpus', 'instanceTypes', 'bidPercentage', 'scalingPolicy'];
const RESOURCES_IGNORED = [
  'subnets', 'securityGroupIds', 'instanceRole', 'serviceRole', 'spotIamFleetRole', 'tags', 'ec2KeyPair', 'launchTemplate',
  'ec2Configuration', 'imageId', 'placementGroup', 'updateToLatestImageVersion',
];
const RESOURCE_TYPES: readonly ComputeResourceType[] = ['EC2', 'SPOT', 'FARGATE', 'FARGATE_SPOT'];
const STRATEGIES: readonly AllocationStrategy[] = ['BEST_FIT', 'BEST_FIT_PROGRESSIVE', 'SPOT_CAPACITY_OPTIMIZED', 'SPOT_PRICE_CAPACITY_OPTIMIZED'];

export interface ComputeEnvironmentsRead {
  specs: ComputeEnvironmentSpec[];
  byName: Map<string, ComputeEnvironmentInfo>;
  /** Families of the custom (non-catalog) shapes of UNMANAGED fleets, which `simulation.speedup` may name. */
  customFamilies: Set<string>;
}

/** The instance types an environment may launch (or holds, UNMANAGED). */
export function launchableTypes(ce: ComputeEnvironmentSpec): string[] {
  return [...(ce.computeResources?.instanceTypes ?? []), ...ce.fleet].map((s) => s.instanceType);
}

export function readComputeEnvironments(c: Checker, items: unknown[], settings: Settings): ComputeEnvironmentsRead {
  const specs: ComputeEnvironmentSpec[] = [];
  const byName = new Map<string, ComputeEnvironmentInfo>();
  const customFamilies = new Set<string>();
  if (items.length > LIMITS.computeEnvironments) {
    c.report('computeEnvironments', `At most ${LIMITS.computeEnvironments} compute environments are allowed (AWS Batch quota), received ${items.length}`);
  }
  items.forEach((item, i) => {
    const f = fields(c, item, `computeEnvironments[${i}]`);
    if (!f) return;
    const info: ComputeEnvironmentInfo = { index: i, platform: undefined, kind: undefined, arches: new Set() };
    const spec = readOne(f, settings, info);
    for (const shape of spec.fleet) if (!instanceType(shape.instanceType)) customFamilies.add(shape.family);
    const name = spec.computeEnvironmentName;
    if (name !== undefined) {
      const previous = byName.get(name);
      if (previous) {
        c.report(f.at('computeEnvironmentName'), `Duplicate compute environment name "${name}" (already used by computeEnvironments[${previous.index}])`);
      } else {
        byName.set(name, info);
      }
    }
    if (isComplete(spec)) specs.push(spec);
  });
  return { specs, byName, customFamilies };
}

type Draft = Omit<ComputeEnvironmentSpec, 'computeEnvironmentName' | 'type'> & {
  computeEnvironmentName: string | undefined;
  type: ComputeEnvironmentSpec['type'] | undefined;
};

function isComplete(s: Draft): s is ComputeEnvironmentSpec {
  return s.computeEnvironmentName !== undefined && s.type !== undefined;
}

function readOne(f: Fields, settings: Settings, info: ComputeEnvironmentInfo): Draft {
  f.allow(KNOWN, IGNORED, SPECIAL);
  const name = f.string('computeEnvironmentName', { required: true, pattern: RESOURCE_NAME, rule: RESOURCE_NAME_RULE });
  const type = f.enum('type', ['MANAGED', 'UNMANAGED'] as const, { required: true });
  const state = f.enum('state', ['ENABLED', 'DISABLED'] as const) ?? 'ENABLED';
  let computeResources: ComputeEnvironmentSpec['computeResources'] = null;
  let fleet: InstanceShape[] = [];

  if (type === 'UNMANAGED') {
    if (f.has('computeResources')) f.c.report(f.at('computeResources'), 'computeResources must be absent on an UNMANAGED compute environment (declare its instances in simulation.fleet)');
    fleet = readFleet(f, settings);
    info.platform = 'EC2';
    info.kind = 'UNMANAGED';
    for (const s of fleet) info.arches.add(s.arch);
  } else {
    if (f.has('simulation')) f.c.report(f.at('simulation'), 'simulation.fleet is only for UNMANAGED compute environments (MANAGED ones launch their own instances)');
    const cr = f.object('computeResources', { required: type === 'MANAGED', what: 'a mapping with type, maxvCpus and, for EC2/SPOT, instanceTypes' });
    if (cr) computeResources = readComputeResources(cr, settings, info);
  }
  return { computeEnvironmentName: name, type, state, computeResources, fleet };
}

function readComputeResources(f: Fields, settings: Settings, info: ComputeEnvironmentInfo): ComputeEnvironmentSpec['computeResources'] {
  f.allow(RESOURCES_KNOWN, RESOURCES_IGNORED);
  const type = f.enum('type', RESOURCE_TYPES, { required: true });
  const fargate = type === 'FARGATE' || type === 'FARGATE_SPOT';
  info.kind = type;
  info.platform = type === undefined ? undefined : fargate ? 'FARGATE' : 'EC2';
  // vCPU counts are the API's Integer (32-bit).
  const maxvCpus = f.number('maxvCpus', { required: true, integer: true, min: 0, ...API_INTEGER });

  // Fargate has no instances: minvCpus, desiredvCpus, allocation strategy, bid percentage and
  // scaling policy do not apply (spec §8.2, §8.4), so they are ignored rather than flagged.
  if (fargate) {
    if (f.has('instanceTypes')) f.c.report(f.at('instanceTypes'), `computeResources.instanceTypes must be absent for ${type} compute environments`);
    noteFargateRegion(f, settings);
    info.arches.add('x86_64');
    return {
      type, allocationStrategy: 'BEST_FIT', minvCpus: 0, maxvCpus: maxvCpus ?? 0, desiredvCpus: 0,
      requestedInstanceTypes: [], instanceTypes: [], bidPercentage: 100, minScaleDownDelayMinutes: null,
    };
  }

  const minvCpus = f.number('minvCpus', { integer: true, min: 0, ...API_INTEGER }) ?? 0;
  if (maxvCpus !== undefined && minvCpus > maxvCpus) {
    f.c.report(f.at('minvCpus'), `computeResources.minvCpus must be ≤ maxvCpus (${maxvCpus}), received ${minvCpus}`);
  }
  let desiredvCpus = f.number('desiredvCpus', { integer: true, min: 0, ...API_INTEGER }) ?? minvCpus;
  if (f.has('desiredvCpus') && (desiredvCpus < minvCpus || (maxvCpus !== undefined && desiredvCpus > maxvCpus))) {
    f.c.report(f.at('desiredvCpus'), `computeResources.desiredvCpus must be between minvCpus (${minvCpus}) and maxvCpus (${maxvCpus}), received ${desiredvCpus}`);
    desiredvCpus = minvCpus;
  }

  const allocationStrategy = f.enum('allocationStrategy', STRATEGIES) ?? 'BEST_FIT';
  if (allocationStrategy.startsWith('SPOT_') && type !== undefined && type !== 'SPOT') {
    f.c.report(f.at('allocationStrategy'), `computeResources.allocationStrategy ${allocationStrategy} is only valid with type SPOT, received type ${type}`);
  }
  const bidPercentage = f.number('bidPercentage', { integer: true, min: 0, max: 100 }) ?? 100;
  const minScaleDownDelayMinutes = readScalingPolicy(f);

  if (type === 'SPOT' && settings.region !== SPOT_ADVISOR.region) {
    f.c.notice(f.at('type'), `Spot in ${settings.region}: the Spot Instance Advisor data is ${SPOT_ADVISOR.region}'s (${SPOT_ADVISOR.date}); ` +
      `its savings and interruption bands are applied to ${settings.region}'s on-demand prices (settings.spot.pools can state the region's own)`);
  }
  const requested = readInstanceTypeNames(f);
  const instanceTypes = resolveInstanceTypes(f, requested, settings, info.arches);
  return {
    type: type ?? 'EC2', allocationStrategy, minvCpus, maxvCpus: maxvCpus ?? 0, desiredvCpus,
    requestedInstanceTypes: requested, instanceTypes, bidPercentage, minScaleDownDelayMinutes,
  };
}

/**
 * Fargate rates are us-east-1's (pricing-and-latency §1.1 has no other region's): in another region
 * a notice says so unless settings.fargate states its own rates.
 */
function noteFargateRegion(f: Fields, settings: Settings): void {
  if (settings.region === 'us-east-1') return;
  const rates = ['x86VcpuHour', 'x86GbHour', 'armVcpuHour', 'armGbHour'] as const;
  if (rates.some((k) => settings.fargate[k] !== DEFAULT_SETTINGS.fargate[k])) return;
  f.c.notice(f.at('type'), `Fargate in ${settings.region} is priced at us-east-1's rates (batchsim has no others); ` +
    `set settings.fargate.x86VcpuHour, x86GbHour, armVcpuHour and armGbHour to ${settings.region}'s`);
}

/** scalingPolicy.minScaleDownDelayMinutes: 20..10080, 0 unsets it (spec §8.6). */
function readScalingPolicy(f: Fields): number | null {
  const sp = f.object('scalingPolicy');
  if (!sp) return null;
  sp.allow(['minScaleDownDelayMinutes']);
  const minutes = sp.number('minScaleDownDelayMinutes', { integer: true, min: 0 });
  if (minutes === undefined || minutes === 0) return null;
  if (minutes < LIMITS.minScaleDownDelayMinutesMin || minutes > LIMITS.minScaleDownDelayMinutesMax) {
    f.c.report(sp.at('minScaleDownDelayMinutes'),
      `computeResources.scalingPolicy.minScaleDownDelayMinutes must be 0 (unset) or between ${LIMITS.minScaleDownDelayMinutesMin} and ${LIMITS.minScaleDownDelayMinutesMax}, received ${minutes}`);
    return null;
  }
  return minutes;
}

function readInstanceTypeNames(f: Fields): string[] {
  const list = f.list('instanceTypes', { required: true, what: 'a list of instance types, families or optimal' });
  if (!list) return [];
  if (list.length === 0) f.c.report(f.at('instanceTypes'), 'computeResources.instanceTypes must list at least one instance type, family or category, received an empty list');
  const names: string[] = [];
  list.forEach((v, j) => {
    if (typeof v === 'string') names.push(v);
    else f.c.report(`${f.at('instanceTypes')}[${j}]`, `computeResources.instanceTypes[${j}] must be a string, received ${JSON.stringify(v)}`);
  });
  return names;
}

const FLEET_ENTRY_KNOWN = ['instanceType', 'count', 'vcpus', 'memory', 'gpus', 'pricePerHour', 'arch'];
/** Instances of one UNMANAGED environment, in all its entries (each is an object of the run). */
const MAX_FLEET_COUNT = 10_000;

/**
 * `simulation.fleet` of an UNMANAGED environment: catalog types take their shape from the catalog
 * and their price from `pricePerHour`, else the region's on-demand price under settings.pricing;
 * any other name is a custom shape that needs `vcpus` and `memory`.
 */
function readFleet(f: Fields, settings: Settings): InstanceShape[] {
  const sim = f.object('simulation');
  if (!sim) return [];
  sim.allow(['fleet']);
  const list = sim.list('fleet') ?? [];
  const fleet: InstanceShape[] = [];
  const counts = list.map((item) => (isCount((item as { count?: unknown } | null)?.count) ? (item as { count: number }).count : 1));
  const total = counts.reduce((a, b) => a + b, 0);
  if (total > MAX_FLEET_COUNT) {
    f.c.report(sim.at('fleet'), `simulation.fleet declares ${total} instances; an UNMANAGED compute environment may have at most ${MAX_FLEET_COUNT}`);
    return [];
  }
  list.forEach((item, j) => {
    const e = fields(f.c, item, `${sim.at('fleet')}[${j}]`);
    if (!e) return;
    e.allow(FLEET_ENTRY_KNOWN);
    const name = e.string('instanceType', { required: true });
    const count = e.number('count', { integer: true, min: 1, max: MAX_FLEET_COUNT }) ?? 1;
    const price = e.number('pricePerHour', { min: 0 });
    if (name === undefined) return;
    const catalog = instanceType(name);
    let shape: InstanceShape | undefined;
    if (catalog) {
      for (const key of ['vcpus', 'memory', 'gpus', 'arch']) {
        if (e.has(key)) e.c.report(e.at(key), `${key} comes from the catalog for ${name}; remove it, or use an instanceType name that is not in the catalog for a custom shape`);
      }
      const paid = price ?? paidOnDemandPrice(catalog, settings);
      if (paid === undefined) {
        e.c.report(e.at('instanceType'), `Instance type "${name}" has no on-demand price in ${settings.region}: AWS's price list for the region does not offer it; give this entry a pricePerHour, or state a price in settings.pricing.onDemandPrices`);
        return;
      }
      shape = toShape(catalog, paid);
    } else {
      shape = customShape(e, name, price ?? 0);
    }
    if (shape) for (let k = 0; k < count; k++) fleet.push({ ...shape });
  });
  return fleet;
}

function customShape(e: Fields, name: string, price: number): InstanceShape | undefined {
  const why = `a custom instance type ("${name}" is not in the catalog)`;
  if (!e.has('vcpus')) e.missing('vcpus', `an integer ≥ 1 for ${why}`);
  if (!e.has('memory')) e.missing('memory', `MiB, an integer ≥ 1, for ${why}`);
  const vcpus = e.number('vcpus', limitRule(VCPU_LIMIT, { integer: true, min: 1 }));
  const memory = e.number('memory', limitRule(MEMORY_LIMIT, { integer: true, min: 1 }));
  const gpus = e.number('gpus', limitRule(GPU_LIMIT, { integer: true })) ?? 0;
  const arch = e.enum('arch', ['x86_64', 'arm64'] as const) ?? 'x86_64';
  if (vcpus === undefined || memory === undefined) return undefined;
  return { instanceType: name, family: name, vcpus, memoryMiB: memory, gpus, arch, onDemandUsdPerHour: price };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}
