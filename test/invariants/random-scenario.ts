// Random small scenarios for the invariant and determinism tests, and helpers that run one and read
// back what a user sees (the CSVs and summary.json that writeRun writes).
//
// The arbitrary produces a compact "recipe" (indices are taken modulo the number of things they
// point at, so fast-check can shrink freely) that `buildScenario` turns into a normalized Scenario
// obeying the loader's guarantees: jobs sorted by submitAtMs, dependencies only to lower indices,
// N_TO_N only between arrays of equal size, SEQUENTIAL only on arrays.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { resolveInstanceTypeEntry } from '../../src/market/catalog.js';
import type { Summary } from '../../src/metrics/summary.js';
import { writeRun } from '../../src/report/write-run.js';
import type {
  ActionSpec, AllocationStrategy, ComputeEnvironmentSpec, DependencySpec, Distribution, InstanceShape, JobDefinitionSpec,
  JobQueueSpec, JobSubmission, RetryStrategySpec, Scenario, Settings,
} from '../../src/scenario/types.js';
import { Simulation, type SimulateOptions } from '../../src/sim/simulation.js';
import { TEST_SETTINGS, catalogShape, definition, fixedFleetCe, job, managedCe, queue, scenario } from '../helpers/build.js';

// ---- recipe --------------------------------------------------------------------------------------

export interface CustomSlot { vcpus: number; memoryMiB: number; gpus: number; price: number }

export type CeRecipe =
  | { kind: 'managed'; types: string[]; strategy: AllocationStrategy; maxvCpus: number; minvCpus: number }
  | { kind: 'unmanaged'; fleet: { shape: string | CustomSlot; count: number }[] };

export interface Recipe {
  seed: number;
  settings: { cycle: number; backfill: boolean; launchMin: number; launchSpan: number; pull: number; cached: number; idle: number };
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
}

const CATALOG_CHOICES = ['c5', 'm5', 'r5', 'c5.large', 'c5.xlarge', 'c5.2xlarge', 'm5.large', 'm5.xlarge', 'r5.large', 'r5.xlarge'];
const FLEET_TYPES = ['c5.large', 'c5.xlarge', 'm5.large', 'm5.2xlarge', 'r5.large'];

const customSlotArb: fc.Arbitrary<CustomSlot> = fc.record({
  vcpus: fc.integer({ min: 1, max: 16 }),
  memoryMiB: fc.constantFrom(1024, 2048, 4096, 8192, 16384, 32768),
  gpus: fc.constantFrom(0, 0, 0, 1, 2, 4),
  price: fc.constantFrom(0, 0.05, 0.1, 0.5, 1.234),
});

const ceArb: fc.Arbitrary<CeRecipe> = fc.oneof(
  fc.record({
    kind: fc.constant('managed' as const),
    types: fc.uniqueArray(fc.constantFrom(...CATALOG_CHOICES), { minLength: 1, maxLength: 3 }),
    strategy: fc.constantFrom<AllocationStrategy>('BEST_FIT', 'BEST_FIT_PROGRESSIVE'),
    maxvCpus: fc.integer({ min: 1, max: 128 }),
    minvCpus: fc.constantFrom(0, 0, 0, 1, 2, 4, 8),
  }),
  fc.record({
    kind: fc.constant('unmanaged' as const),
    fleet: fc.array(
      fc.record({ shape: fc.oneof(fc.constantFrom(...FLEET_TYPES), customSlotArb), count: fc.integer({ min: 1, max: 3 }) }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
);

const durationArb: fc.Arbitrary<Distribution> = fc.oneof(
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

export const recipeArb: fc.Arbitrary<Recipe> = fc.record({
  seed: fc.nat(1_000_000),
  settings: fc.record({
    cycle: fc.constantFrom(0, 5, 10),
    backfill: fc.boolean(),
    launchMin: fc.integer({ min: 30, max: 180 }),
    launchSpan: fc.constantFrom(0, 0, 30, 60),
    pull: fc.constantFrom(0, 15),
    cached: fc.constantFrom(0, 3),
    idle: fc.constantFrom(60, 600),
  }),
  ces: fc.array(ceArb, { minLength: 1, maxLength: 3 }),
  queues: fc.array(
    fc.record({ priority: fc.integer({ min: 1, max: 10 }), ces: fc.array(fc.nat(2), { minLength: 1, maxLength: 3 }) }),
    { minLength: 1, maxLength: 3 },
  ),
  defs: fc.array(defArb, { minLength: 1, maxLength: 4 }),
  jobs: fc.array(jobArb, { minLength: 1, maxLength: 15 }),
});

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
    allocationStrategy: r.strategy, minvCpus: Math.min(r.minvCpus, r.maxvCpus), maxvCpus: r.maxvCpus, instanceTypes,
  });
}

export function buildScenario(r: Recipe): Scenario {
  const settings: Settings = {
    ...TEST_SETTINGS,
    schedulerCycleSeconds: r.settings.cycle,
    backfill: r.settings.backfill,
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
  return scenario({ name: 'random', seed: r.seed, settings, computeEnvironments, jobQueues, jobDefinitions, jobs });
}

export const scenarioArb: fc.Arbitrary<Scenario> = recipeArb.map(buildScenario);

// ---- running and reading back --------------------------------------------------------------------

export interface Transition { row: number; from: number; to: number; timeMs: number }

/** Runs a scenario and records every transition; `onTransition` may also watch the live simulation. */
export function runRecorded(
  scenario: Scenario,
  options: Omit<SimulateOptions, 'onTransition'> & { watch?: (sim: Simulation, t: Transition) => void } = {},
): { sim: Simulation; transitions: Transition[] } {
  const transitions: Transition[] = [];
  let live: Simulation | null = null;
  const sim = new Simulation(scenario, {
    seed: options.seed,
    onTransition: (row, from, to, timeMs) => {
      const t = { row, from, to, timeMs };
      transitions.push(t);
      options.watch?.(live!, t);
    },
  });
  live = sim;
  sim.run();
  return { sim, transitions };
}

/**
 * A job row's own size (vCPUs, memory MiB, GPUs) as the engine holds it: a submission's after
 * overrides, or a workload job's drawn size — not its template's.
 */
export function rowSize(sim: Simulation, row: number): { vcpus: number; memory: number; gpus: number } {
  return sim.shapes.shapes[sim.jobs.shape.data[row]];
}

export type CsvRow = Record<string, string>;

export interface RunFiles {
  summary: Summary;
  jobs: CsvRow[];
  attempts: CsvRow[];
  instances: CsvRow[];
  /** Raw bytes of every file written, by name. */
  bytes: Map<string, Buffer>;
}

export function readCsv(text: string): CsvRow[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as CsvRow[];
}

/** writeRun into a fresh temporary directory, read everything back, remove the directory. */
export function writeAndRead(sim: Simulation): RunFiles {
  const root = mkdtempSync(join(tmpdir(), 'batchsim-test-'));
  try {
    const dir = join(root, 'run');
    const written = writeRun(sim, dir);
    const bytes = new Map<string, Buffer>();
    for (const f of written.files) bytes.set(f, readFileSync(join(dir, f)));
    return {
      summary: JSON.parse(bytes.get('summary.json')!.toString('utf8')) as Summary,
      jobs: readCsv(bytes.get('jobs.csv')!.toString('utf8')),
      attempts: readCsv(bytes.get('attempts.csv')!.toString('utf8')),
      instances: readCsv(bytes.get('instances.csv')!.toString('utf8')),
      bytes,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A CSV time cell (seconds) as integer milliseconds, or null when empty. */
export function ms(cell: string | undefined): number | null {
  if (cell === undefined || cell === '') return null;
  return Math.round(Number(cell) * 1000);
}

// ---- issue 3: Spot environments, retry rules, timeouts, exit-code mixes, checkpoints, forced
// interruptions, CancelJob/TerminateJob, Fargate -----------------------------------------------------
//
// An Issue3Recipe wraps a base Recipe and turns it into a scenario with the issue-3 features: some
// managed environments become SPOT (any allocation strategy, some with a low bidPercentage), Spot
// pools get shortages, interruption rates are high enough that some instances are reclaimed on
// their own, job definitions get timeouts, weighted exit codes, checkpoints and retry rules that
// match interruptions, and timed actions interrupt Spot capacity and cancel or terminate jobs. An
// optional Fargate queue (FARGATE + FARGATE_SPOT) takes extra jobs.

/** Retry rules the definitions choose from (with `attempts` drawn separately). */
export const RULE_SETS: RetryStrategySpec['evaluateOnExit'][] = [
  [],
  [{ onStatusReason: 'Host EC2*', action: 'RETRY' }, { onExitCode: '*', action: 'EXIT' }],
  [{ onStatusReason: 'Host EC2*', action: 'EXIT' }],
  [{ onExitCode: '2', action: 'EXIT' }],
  [{ onStatusReason: 'Job attempt*', action: 'RETRY' }],
  [{ onStatusReason: 'Your Spot Task*', action: 'EXIT' }, { onReason: '*', action: 'EXIT' }],
];

export const CALL_REASONS = { CancelJob: 'cancelled by the invariant test', TerminateJob: 'terminated by the invariant test' } as const;

const SPOT_POOL_TYPES = ['c5.large', 'c5.xlarge', 'c5.2xlarge', 'm5.large', 'm5.xlarge', 'r5.large', 'r5.xlarge'];
const FARGATE_PAIRS: [number, number][] = [[0.25, 512], [0.5, 1024], [1, 2048], [2, 4096], [4, 8192]];

export interface Issue3Recipe {
  base: Recipe;
  /** Applied to managed environments by index (modulo). */
  spotCes: { spot: boolean; strategy: AllocationStrategy; bid: number }[];
  spot: {
    noticeSeconds: number;
    /** Monthly interruption probability of every band. */
    rate: number;
    spillover: boolean;
    pools: { type: string; maxInstances: number | null; outage: { from: number; span: number } | null; rate: number | null; savings: number | null }[];
  };
  timeoutEnforcement: number;
  terminateGrace: number;
  /** Applied to job definitions by index (modulo). */
  defs: { timeout: number | null; exitMix: [number, number, number] | null; checkpoint: number | null; speedupC5: number | null; rules: number; attempts: number }[];
  interrupts: { atMs: number; ce: number; count: number | null }[];
  calls: { atMs: number; job: number; terminate: boolean; child: number | null }[];
  fargate: null | {
    order: 'fg-first' | 'spot-first';
    fgMax: number;
    spotRate: number;
    pair: number;
    duration: Distribution;
    timeout: number | null;
    attempts: number;
    rules: number;
    jobs: { submitAtMs: number }[];
  };
}

const issue3DefArb = fc.record({
  timeout: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 60, max: 900 }) }),
  exitMix: fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })) },
  ),
  checkpoint: fc.oneof(fc.constant(null), fc.integer({ min: 30, max: 300 })),
  speedupC5: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(0.5, 2, 3) }),
  rules: fc.nat(RULE_SETS.length - 1),
  attempts: fc.integer({ min: 0, max: 3 }),
});

export const issue3RecipeArb: fc.Arbitrary<Issue3Recipe> = fc.record({
  base: recipeArb,
  spotCes: fc.array(
    fc.record({
      spot: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      strategy: fc.constantFrom<AllocationStrategy>('BEST_FIT', 'BEST_FIT_PROGRESSIVE', 'SPOT_CAPACITY_OPTIMIZED', 'SPOT_PRICE_CAPACITY_OPTIMIZED'),
      bid: fc.constantFrom(100, 100, 100, 45),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  spot: fc.record({
    noticeSeconds: fc.constantFrom(0, 30, 120),
    rate: fc.constantFrom(0.025, 0.5, 0.99, 0.999999),
    spillover: fc.boolean(),
    pools: fc.uniqueArray(
      fc.record({
        type: fc.constantFrom(...SPOT_POOL_TYPES),
        maxInstances: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
        outage: fc.oneof(fc.constant(null), fc.record({ from: fc.integer({ min: 0, max: 1200 }), span: fc.integer({ min: 1, max: 1800 }) })),
        rate: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(0, 0.999999) }),
        savings: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 90 }) }),
      }),
      { maxLength: 3, selector: (p) => p.type },
    ),
  }),
  timeoutEnforcement: fc.constantFrom(0, 0, 5),
  terminateGrace: fc.constantFrom(0, 0, 10, 30),
  defs: fc.array(issue3DefArb, { minLength: 1, maxLength: 4 }),
  interrupts: fc.array(
    fc.record({ atMs: fc.integer({ min: 0, max: 1_800_000 }), ce: fc.nat(4), count: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 2 })) }),
    { maxLength: 3 },
  ),
  calls: fc.array(
    fc.record({ atMs: fc.integer({ min: 0, max: 1_500_000 }), job: fc.nat(30), terminate: fc.boolean(), child: fc.oneof(fc.constant(null), fc.nat(20)) }),
    { maxLength: 3 },
  ),
  fargate: fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.record({
        order: fc.constantFrom<'fg-first' | 'spot-first'>('fg-first', 'spot-first'),
        fgMax: fc.integer({ min: 1, max: 8 }),
        spotRate: fc.constantFrom(0, 0.5, 0.999999),
        pair: fc.nat(FARGATE_PAIRS.length - 1),
        duration: durationArb,
        timeout: fc.oneof(fc.constant(null), fc.integer({ min: 60, max: 600 })),
        attempts: fc.integer({ min: 0, max: 3 }),
        rules: fc.nat(RULE_SETS.length - 1),
        jobs: fc.array(fc.record({ submitAtMs: fc.integer({ min: 0, max: 900_000 }) }), { minLength: 1, maxLength: 8 }),
      }),
    },
  ),
});

function retryOf(attempts: number, rules: number): RetryStrategySpec | null {
  return attempts === 0 ? null : { attempts, evaluateOnExit: RULE_SETS[rules % RULE_SETS.length] };
}

export function buildIssue3Scenario(r: Issue3Recipe): Scenario {
  const base = buildScenario(r.base);
  const spotPools = r.spot.pools.map((p) => ({
    instanceType: p.type,
    maxInstances: p.maxInstances,
    outages: p.outage ? [{ fromMs: p.outage.from * 1000, toMs: (p.outage.from + p.outage.span) * 1000 }] : [],
    monthlyInterruptionRate: p.rate,
    savingsPct: p.savings,
  }));
  const settings: Settings = {
    ...base.settings,
    timeoutEnforcementSeconds: r.timeoutEnforcement,
    terminateGraceSeconds: r.terminateGrace,
    spot: {
      ...base.settings.spot,
      interruptionRateByBand: { '<5%': r.spot.rate, '5-10%': r.spot.rate, '10-15%': r.spot.rate, '15-20%': r.spot.rate, '>20%': r.spot.rate },
      noticeSeconds: r.spot.noticeSeconds,
      spilloverOnInsufficientCapacity: r.spot.spillover,
      pools: spotPools,
      priceTrace: [],
    },
    fargate: { ...base.settings.fargate, spotMonthlyInterruptionRate: r.fargate?.spotRate ?? 0 },
  };

  let managed = 0;
  const computeEnvironments = base.computeEnvironments.map((ce) => {
    const cr = ce.computeResources;
    if (!cr) return ce;
    const s = r.spotCes[managed++ % r.spotCes.length];
    if (!s.spot) return ce;
    return { ...ce, computeResources: { ...cr, type: 'SPOT' as const, allocationStrategy: s.strategy, bidPercentage: s.bid } };
  });

  const jobDefinitions: JobDefinitionSpec[] = base.jobDefinitions.map((d, i) => {
    const x = r.defs[i % r.defs.length];
    const exitCodes = x.exitMix
      ? x.exitMix.map((weight, exitCode) => ({ exitCode, weight })).filter((e) => e.weight > 0)
      : [];
    return {
      ...d,
      retryStrategy: retryOf(x.attempts, x.rules),
      attemptDurationSeconds: x.timeout,
      simulation: {
        ...d.simulation,
        exitCodes,
        checkpointSeconds: x.checkpoint,
        speedupByFamily: (x.speedupC5 === null ? {} : { c5: x.speedupC5 }) as Record<string, number>,
      },
    };
  });
  let jobs: JobSubmission[] = base.jobs.map((j) => {
    const d = jobDefinitions[j.jobDefinition];
    return { ...j, retryStrategy: d.retryStrategy, attemptDurationSeconds: d.attemptDurationSeconds, simulation: d.simulation };
  });
  const jobQueues = [...base.jobQueues];

  if (r.fargate) {
    const f = r.fargate;
    const fargateCe = (name: string, type: 'FARGATE' | 'FARGATE_SPOT', maxvCpus: number): ComputeEnvironmentSpec => ({
      computeEnvironmentName: name, type: 'MANAGED', state: 'ENABLED', fleet: [],
      computeResources: {
        type, allocationStrategy: 'BEST_FIT', minvCpus: 0, maxvCpus, desiredvCpus: 0, requestedInstanceTypes: [], instanceTypes: [],
        bidPercentage: 100, minScaleDownDelayMinutes: null,
      },
    });
    computeEnvironments.push(fargateCe('fg', 'FARGATE', f.fgMax), fargateCe('fgs', 'FARGATE_SPOT', 16));
    jobQueues.push(queue('fq', 5, f.order === 'fg-first' ? ['fg', 'fgs'] : ['fgs', 'fg']));
    const [vcpus, memory] = FARGATE_PAIRS[f.pair];
    const base = definition('fdef', vcpus, memory, 1);
    const fdef: JobDefinitionSpec = {
      ...base, platformCapabilities: ['FARGATE'], retryStrategy: retryOf(f.attempts, f.rules), attemptDurationSeconds: f.timeout,
      simulation: { ...base.simulation, duration: f.duration },
    };
    jobDefinitions.push(fdef);
    const fdefIndex = jobDefinitions.length - 1;
    // Merge the Fargate jobs in by submission time (stable: base jobs first among equals) and
    // renumber the base jobs' dependencies.
    const tagged = [
      ...jobs.map((j, k) => ({ j, k, base: true })),
      ...f.jobs.map((fj, k) => ({ j: job(`f${k}`, 'fq', fdef, fdefIndex, { submitAtMs: fj.submitAtMs }), k: jobs.length + k, base: false })),
    ].sort((a, b) => a.j.submitAtMs - b.j.submitAtMs || a.k - b.k);
    const newIndex = new Map<number, number>();
    tagged.forEach((t, i) => { if (t.base) newIndex.set(t.k, i); });
    jobs = tagged.map((t) => (t.base
      ? { ...t.j, dependsOn: t.j.dependsOn.map((d) => (d.job === null ? d : { ...d, job: newIndex.get(d.job)! })) }
      : t.j));
  }

  // Timed actions, sorted by time (stable), as the loader guarantees.
  const actions: ActionSpec[] = [];
  const interruptible = computeEnvironments.filter((ce) => ce.computeResources?.type === 'SPOT' || ce.computeResources?.type === 'FARGATE_SPOT');
  if (interruptible.length > 0) {
    for (const x of r.interrupts) {
      actions.push({
        atMs: x.atMs, action: 'InterruptSpotInstances', instanceId: null, instanceType: null,
        computeEnvironment: interruptible[x.ce % interruptible.length].computeEnvironmentName, count: x.count,
      });
    }
  }
  for (const c of r.calls) {
    const index = c.job % jobs.length;
    const target = jobs[index];
    const action = c.terminate ? 'TerminateJob' : 'CancelJob';
    actions.push({
      atMs: Math.max(c.atMs, target.submitAtMs), action, job: index,
      arrayIndex: target.arraySize > 0 && c.child !== null ? c.child % target.arraySize : null, reason: CALL_REASONS[action],
    });
  }
  actions.sort((a, b) => a.atMs - b.atMs);

  return { ...base, settings, computeEnvironments, jobQueues, jobDefinitions, jobs, actions };
}

export const issue3ScenarioArb: fc.Arbitrary<Scenario> = issue3RecipeArb.map(buildIssue3Scenario);
