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
  AllocationStrategy, ComputeEnvironmentSpec, DependencySpec, Distribution, InstanceShape, JobDefinitionSpec,
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
