// Random small scenarios for the invariant and determinism tests: a compact "recipe" (indices
// are taken modulo the number of things they point at, so fast-check can shrink freely) that
// `buildScenario` turns into a normalized Scenario obeying the loader's guarantees: jobs sorted by
// submitAtMs, dependencies only to lower indices, N_TO_N only between arrays of equal size,
// SEQUENTIAL only on arrays, workload mixes naming existing queues and EC2 definitions.
//
// Knobs (knobs.ts, re-exported here) widen what is generated; `fairShare` and `multiNode` add
// their parts through fair-share-recipe.ts and multi-node-recipe.ts.
import fc from 'fast-check';
import { resolveInstanceTypeEntry } from '../../src/market/catalog.js';
import type {
  AllocationStrategy, ArrivalProcess, ComputeEnvironmentSpec, DependencySpec, Distribution, InstanceShape, JobDefinitionSpec,
  JobMixEntry, JobQueueSpec, JobSubmission, PoissonWorkloadSpec, RetryStrategySpec, Scenario, Settings, SyntheticWorkloadSpec,
  WorkloadSpec,
} from '../../src/scenario/types.js';
import { TEST_SETTINGS, catalogShape, definition, fixedFleetCe, job, managedCe, queue, scenario } from '../helpers/build.js';
import { addFairShare, fairShareRecipeArb, type FairShareRecipe } from './fair-share-recipe.js';
import { ENABLED_KNOBS, type Knob } from './knobs.js';
import { addMultiNode, multiNodeRecipeArbWith, type MultiNodeRecipe } from './multi-node-recipe.js';

export * from './knobs.js';

// ---- recipe --------------------------------------------------------------------------------------

export interface CustomSlot { vcpus: number; memoryMiB: number; gpus: number; price: number }

export type CeRecipe =
  | { kind: 'managed'; purchase: 'EC2' | 'SPOT'; types: string[]; strategy: AllocationStrategy; maxvCpus: number; minvCpus: number }
  | { kind: 'unmanaged'; fleet: { shape: string | CustomSlot; count: number }[] };

export interface WorkloadRecipe {
  /** `shorthand` is the original `poisson` workload type (one definition, exponential gaps). */
  kind: 'poisson' | 'batch' | 'shorthand';
  /** Mean gap (poisson, shorthand) in seconds. */
  meanGap: number;
  /** Start (all kinds) in seconds. */
  at: number;
  count: number;
  mix: {
    weight: number; queue: number; def: number; vcpus: number[] | null; memory: [number, number] | null;
    duration: Distribution | null; arraySize: number | null;
  }[];
}

export interface Recipe {
  seed: number;
  settings: {
    cycle: number; backfill: boolean; backfillDepth: number; launchMin: number; launchSpan: number; pull: number; cached: number; idle: number;
  };
  ces: CeRecipe[];
  queues: { priority: number; ces: number[] }[];
  defs: {
    vcpus: number; memory: number; gpus: number; duration: Distribution; exitCode: number;
    retry: number; exitOnCode1: boolean;
  }[];
  jobs: {
    submitAtMs: number; queue: number; def: number; arraySize: number;
    deps: { pick: number; type: 'plain' | 'N_TO_N' | 'SEQUENTIAL' }[];
  }[];
  workloads: WorkloadRecipe[];
  /** Knob `fairShare` (null when off or not drawn). */
  fairShare: FairShareRecipe | null;
  /** Knob `multiNode` (null when off or not drawn). */
  multiNode: MultiNodeRecipe | null;
}

const CATALOG_CHOICES = ['c5', 'm5', 'r5', 'c5.large', 'c5.xlarge', 'c5.2xlarge', 'm5.large', 'm5.xlarge', 'r5.large', 'r5.xlarge'];
const MIXED_CHOICES = [
  ...CATALOG_CHOICES, 'c6i', 'm6i', 'c5.4xlarge', 'm5.2xlarge', 'm5.4xlarge', 'c6i.large', 'c6i.xlarge', 'm6i.xlarge', 'r5.2xlarge', 'g4dn.xlarge',
];
const FLEET_TYPES = ['c5.large', 'c5.xlarge', 'm5.large', 'm5.2xlarge', 'r5.large'];

const customSlotArb: fc.Arbitrary<CustomSlot> = fc.record({
  vcpus: fc.integer({ min: 1, max: 16 }),
  memoryMiB: fc.constantFrom(1024, 2048, 4096, 8192, 16384, 32768),
  gpus: fc.constantFrom(0, 0, 0, 1, 2, 4),
  price: fc.constantFrom(0, 0.05, 0.1, 0.5, 1.234),
});

function ceArb(on: ReadonlySet<Knob>): fc.Arbitrary<CeRecipe> {
  const mixed = on.has('mixedInstances');
  const ec2Strategies: AllocationStrategy[] = ['BEST_FIT', 'BEST_FIT_PROGRESSIVE'];
  const spotStrategies: AllocationStrategy[] = mixed ? [...ec2Strategies, 'SPOT_CAPACITY_OPTIMIZED', 'SPOT_PRICE_CAPACITY_OPTIMIZED'] : ec2Strategies;
  const purchase = on.has('spotMinvCpus') ? fc.constantFrom<'EC2' | 'SPOT'>('EC2', 'EC2', 'SPOT') : fc.constant<'EC2' | 'SPOT'>('EC2');
  const managed = purchase.chain((p) => fc.record({
    kind: fc.constant('managed' as const),
    purchase: fc.constant(p),
    types: fc.uniqueArray(fc.constantFrom(...(mixed ? MIXED_CHOICES : CATALOG_CHOICES)), { minLength: 1, maxLength: mixed ? 5 : 3 }),
    strategy: fc.constantFrom(...(p === 'SPOT' ? spotStrategies : ec2Strategies)),
    maxvCpus: fc.integer({ min: 1, max: 128 }),
    minvCpus: fc.constantFrom(0, 0, 0, 1, 2, 4, 8),
  }));
  return fc.oneof(
    managed,
    fc.record({
      kind: fc.constant('unmanaged' as const),
      fleet: fc.array(
        fc.record({ shape: fc.oneof(fc.constantFrom(...FLEET_TYPES), customSlotArb), count: fc.integer({ min: 1, max: 3 }) }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  );
}

export const durationArb: fc.Arbitrary<Distribution> = fc.oneof(
  fc.integer({ min: 1, max: 900 }).map((value): Distribution => ({ distribution: 'fixed', value })),
  fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 600 }))
    .map(([min, span]): Distribution => ({ distribution: 'uniform', min, max: min + span })),
  fc.integer({ min: 1, max: 600 }).map((mean): Distribution => ({ distribution: 'exponential', mean })),
);

const defArb = fc.record({
  vcpus: fc.constantFrom(1, 1, 2, 4, 8),
  memory: fc.constantFrom(512, 1024, 2048, 4096, 8192, 16384),
  gpus: fc.constantFrom(0, 0, 0, 0, 1),
  duration: durationArb,
  exitCode: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }),
  retry: fc.constantFrom(0, 0, 1, 2, 3),
  exitOnCode1: fc.boolean(),
});

const jobArb = fc.record({
  submitAtMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 900_000 })),
  queue: fc.nat(2),
  def: fc.nat(3),
  arraySize: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 2, max: 20 }) }),
  deps: fc.array(
    fc.record({ pick: fc.nat(20), type: fc.constantFrom<'plain' | 'N_TO_N' | 'SEQUENTIAL'>('plain', 'plain', 'N_TO_N', 'SEQUENTIAL') }),
    { maxLength: 3 },
  ),
});

/** Most jobs one generated workload submits, and the largest array it draws (kept small: runs stay quick). */
export const WORKLOAD_MAX_COUNT = 12;
export const WORKLOAD_MAX_ARRAY = 6;

const workloadArb: fc.Arbitrary<WorkloadRecipe> = fc.record({
  kind: fc.constantFrom<WorkloadRecipe['kind']>('poisson', 'poisson', 'batch', 'shorthand'),
  meanGap: fc.integer({ min: 1, max: 300 }),
  at: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 900 })),
  count: fc.integer({ min: 1, max: WORKLOAD_MAX_COUNT }),
  mix: fc.array(
    fc.record({
      weight: fc.integer({ min: 1, max: 5 }),
      queue: fc.nat(2),
      def: fc.nat(3),
      vcpus: fc.oneof(fc.constant(null), fc.array(fc.constantFrom(1, 2, 3, 4, 8), { minLength: 1, maxLength: 3 })),
      memory: fc.oneof(fc.constant(null), fc.tuple(fc.constantFrom(256, 1024, 2048), fc.constantFrom(0, 1024, 8192))
        .map(([lo, span]): [number, number] => [lo, lo + span])),
      duration: fc.oneof(fc.constant(null), durationArb),
      arraySize: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: WORKLOAD_MAX_ARRAY }) }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

/** The recipe arbitrary with the given knobs on (the suite uses ENABLED_KNOBS: `recipeArb`). */
export function recipeArbWith(knobs: readonly Knob[]): fc.Arbitrary<Recipe> {
  const on = new Set(knobs);
  return fc.record({
    seed: fc.nat(1_000_000),
    settings: fc.record({
      cycle: fc.constantFrom(0, 5, 10),
      backfill: fc.boolean(),
      backfillDepth: on.has('backfill') ? fc.constantFrom(1, 2, 5, 100) : fc.constant(100),
      launchMin: fc.integer({ min: 30, max: 180 }),
      launchSpan: fc.constantFrom(0, 0, 30, 60),
      pull: fc.constantFrom(0, 15),
      cached: fc.constantFrom(0, 3),
      idle: on.has('shortIdle') ? fc.oneof(fc.constantFrom(60, 600), fc.integer({ min: 1, max: 30 })) : fc.constantFrom(60, 600),
    }),
    ces: fc.array(ceArb(on), { minLength: 1, maxLength: 3 }),
    queues: fc.array(
      fc.record({ priority: fc.integer({ min: 1, max: 10 }), ces: fc.array(fc.nat(2), { minLength: 1, maxLength: 3 }) }),
      { minLength: 1, maxLength: 3 },
    ),
    defs: fc.array(defArb, { minLength: 1, maxLength: 4 }),
    jobs: fc.array(jobArb, { minLength: on.has('workloads') ? 0 : 1, maxLength: 15 }),
    workloads: on.has('workloads') ? fc.array(workloadArb, { maxLength: 2 }) : fc.constant<WorkloadRecipe[]>([]),
    fairShare: on.has('fairShare') ? fc.option(fairShareRecipeArb, { freq: 2 }) : fc.constant(null),
    multiNode: on.has('multiNode')
      ? fc.option(multiNodeRecipeArbWith({ shortIdle: on.has('gangShortIdle'), minvCpus: on.has('gangMinvCpus'), pullFailures: on.has('gangPullFailures') }), { freq: 2 })
      : fc.constant(null),
  }).filter((r) => r.jobs.length + r.workloads.length > 0);
}

export const recipeArb: fc.Arbitrary<Recipe> = recipeArbWith(ENABLED_KNOBS);

// ---- recipe → Scenario ---------------------------------------------------------------------------

/**
 * Every generated scenario ends on its own well before this (the longest natural run in 1,000
 * samples ended after about 7 hours); the horizon only stops a run that would never end, so such a
 * run fails the termination property instead of exhausting memory.
 */
export const GUARD_HORIZON_SECONDS = 2 * 86400;

function slotName(s: CustomSlot): string {
  return `slot-${s.vcpus}c-${s.memoryMiB}m-${s.gpus}g-${s.price}`;
}

function fleetShape(shape: string | CustomSlot): InstanceShape {
  if (typeof shape === 'string') return catalogShape(shape);
  return { instanceType: slotName(shape), family: 'slot', vcpus: shape.vcpus, memoryMiB: shape.memoryMiB, gpus: shape.gpus, arch: 'x86_64', onDemandUsdPerHour: shape.price };
}

function buildCe(r: CeRecipe, i: number): ComputeEnvironmentSpec {
  const name = `ce${i}`;
  if (r.kind === 'unmanaged') return fixedFleetCe(name, r.fleet.flatMap((e) => Array.from({ length: e.count }, () => fleetShape(e.shape))));
  // As the loader does: resolve families, drop duplicates, sort by instanceType.
  const byName = new Map<string, InstanceShape>();
  for (const t of r.types) for (const x of resolveInstanceTypeEntry(t)!) byName.set(x.instanceType, catalogShape(x.instanceType));
  const instanceTypes = [...byName.values()].sort((a, b) => (a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0));
  return managedCe(name, r.types, {
    type: r.purchase, allocationStrategy: r.strategy, minvCpus: Math.min(r.minvCpus, r.maxvCpus), maxvCpus: r.maxvCpus, instanceTypes,
  });
}

const fixed = (value: number): Distribution => ({ distribution: 'fixed', value });

function buildWorkload(w: WorkloadRecipe, i: number, jobQueues: JobQueueSpec[], jobDefinitions: JobDefinitionSpec[]): WorkloadSpec {
  const mix: JobMixEntry[] = w.mix.map((m) => ({
    weight: m.weight,
    jobQueue: jobQueues[m.queue % jobQueues.length].jobQueueName,
    jobDefinition: m.def % jobDefinitions.length,
    vcpus: m.vcpus === null ? null : m.vcpus.length === 1 ? fixed(m.vcpus[0]) : { distribution: 'empirical', values: m.vcpus },
    memory: m.memory === null ? null : { distribution: 'uniform', min: m.memory[0], max: m.memory[1] },
    gpus: null,
    duration: m.duration,
    arraySize: m.arraySize === null ? null : fixed(m.arraySize),
  }));
  if (w.kind === 'shorthand') {
    const shorthand: PoissonWorkloadSpec = {
      type: 'poisson', jobNamePrefix: `p${i}-`, jobQueue: mix[0].jobQueue, jobDefinition: mix[0].jobDefinition,
      meanInterarrivalSeconds: w.meanGap, count: w.count, startAtSeconds: w.at,
    };
    return shorthand;
  }
  const arrivals: ArrivalProcess = w.kind === 'poisson'
    ? { process: 'poisson', meanInterarrivalSeconds: w.meanGap, startAtSeconds: w.at }
    : { process: 'batch', atSeconds: w.at, count: w.count };
  const synthetic: SyntheticWorkloadSpec = { type: 'synthetic', name: `w${i}`, jobNamePrefix: `w${i}-`, arrivals, count: w.count, untilSeconds: null, mix };
  return synthetic;
}

export function buildScenario(r: Recipe): Scenario {
  const settings: Settings = {
    ...TEST_SETTINGS,
    schedulerCycleSeconds: r.settings.cycle,
    backfill: r.settings.backfill,
    backfillDepth: r.settings.backfillDepth,
    instanceLaunchSeconds: { min: r.settings.launchMin, max: r.settings.launchMin + r.settings.launchSpan },
    imagePullSeconds: r.settings.pull,
    cachedImageStartSeconds: r.settings.cached,
    idleScaleDownSeconds: r.settings.idle,
    horizonSeconds: GUARD_HORIZON_SECONDS,
  };
  const computeEnvironments = r.ces.map(buildCe);
  const jobQueues: JobQueueSpec[] = r.queues.map((q, i) => queue(
    `q${i}`, q.priority,
    [...new Set(q.ces.map((c) => c % computeEnvironments.length))].map((c) => computeEnvironments[c].computeEnvironmentName),
  ));
  const jobDefinitions: JobDefinitionSpec[] = r.defs.map((d, i) => {
    const retryStrategy: RetryStrategySpec | null = d.retry === 0 ? null : {
      attempts: d.retry,
      evaluateOnExit: d.exitOnCode1 ? [{ onExitCode: '1', action: 'EXIT' }] : [],
    };
    const base = definition(`def${i}`, d.vcpus, d.memory, 1);
    return {
      ...base, image: `image${i % 2}`, gpus: d.gpus, retryStrategy,
      simulation: { ...base.simulation, duration: d.duration, exitCode: d.exitCode },
    };
  });
  // Sorted by submission time (stable), as the loader guarantees; names follow the sorted order.
  const sorted = r.jobs.map((j, k) => ({ j, k })).sort((a, b) => a.j.submitAtMs - b.j.submitAtMs || a.k - b.k).map((x) => x.j);
  const jobs: JobSubmission[] = [];
  sorted.forEach((j, i) => {
    const def = jobDefinitions[j.def % jobDefinitions.length];
    let arraySize = j.arraySize;
    const dependsOn: DependencySpec[] = [];
    const targets = new Set<number>();
    let sequential = false;
    for (const d of j.deps) {
      if (d.type === 'SEQUENTIAL') {
        if (arraySize > 0 && !sequential) {
          sequential = true;
          dependsOn.push({ job: null, type: 'SEQUENTIAL' });
        }
        continue;
      }
      if (i === 0) continue;
      const target = d.pick % i;
      if (targets.has(target)) continue;
      targets.add(target);
      const other = jobs[target].arraySize;
      if (d.type === 'N_TO_N' && arraySize > 0 && other > 0) {
        // N_TO_N needs arrays of one size: the first N_TO_N edge sets this array's size.
        const hasNToN = dependsOn.some((x) => x.type === 'N_TO_N');
        if (!hasNToN) arraySize = other;
        if (arraySize === other) {
          dependsOn.push({ job: target, type: 'N_TO_N' });
          continue;
        }
      }
      dependsOn.push({ job: target, type: null });
    }
    jobs.push(job(`j${i}`, jobQueues[j.queue % jobQueues.length].jobQueueName, def, jobDefinitions.indexOf(def), {
      submitAtMs: j.submitAtMs, arraySize, dependsOn,
    }));
  });
  const workloads = r.workloads.map((w, i) => buildWorkload(w, i, jobQueues, jobDefinitions));
  let s = scenario({ name: 'random', seed: r.seed, settings, computeEnvironments, jobQueues, jobDefinitions, jobs, workloads });
  // Multi-node jobs first: a queue added for them may then get a scheduling policy too.
  if (r.multiNode) s = addMultiNode(s, r.multiNode);
  if (r.fairShare) s = addFairShare(s, r.fairShare);
  return s;
}

export const scenarioArb: fc.Arbitrary<Scenario> = recipeArb.map(buildScenario);

/** Most job rows a scenario can create: its jobs, array children and nodes, and its workloads' (drawn arrays at their largest). */
export function maxJobRows(s: Scenario): number {
  let n = s.jobs.reduce((a, j) => a + 1 + j.arraySize + (j.nodeProperties?.numNodes ?? 0), 0);
  for (const w of s.workloads) {
    if (w.type === 'poisson') n += w.count;
    else if (w.type === 'synthetic') {
      const count = w.count ?? (w.arrivals.process === 'batch' ? w.arrivals.count : null);
      if (count === null) throw new Error('maxJobRows: generated synthetic workloads have a count');
      n += count * (1 + maxArray(w.mix));
    } else throw new Error(`maxJobRows: replay workloads are not generated (${w.type})`);
  }
  return n;
}

function maxArray(mix: JobMixEntry[]): number {
  let most = 0;
  for (const m of mix) {
    const a = m.arraySize;
    if (a === null) continue;
    if (a.distribution !== 'fixed') throw new Error('maxJobRows: only fixed array sizes are generated');
    most = Math.max(most, a.value);
  }
  return most;
}

/**
 * The event budget of a generated run (SimulateOptions.maxEvents): 2,000 events per job row plus
 * 10,000. Natural runs use a few tens per job; a livelock exceeds it within a second of CPU.
 */
export function eventBudget(s: Scenario): number {
  return 2000 * maxJobRows(s) + 10_000;
}
