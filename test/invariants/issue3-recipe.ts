// Random scenarios with the issue-3 features, built on a base recipe (recipe.ts): some managed
// environments become SPOT (any allocation strategy, some with a low bidPercentage), Spot pools get
// shortages, interruption rates are high enough that some instances are reclaimed on their own,
// job definitions get timeouts, weighted exit codes, checkpoints and retry rules that match
// interruptions, and timed actions interrupt Spot capacity and cancel or terminate jobs. An
// optional Fargate queue (FARGATE + FARGATE_SPOT) takes extra jobs.
import fc from 'fast-check';
import type {
  ActionSpec, AllocationStrategy, ComputeEnvironmentSpec, Distribution, JobDefinitionSpec, JobSubmission, RetryStrategySpec, Scenario, Settings,
} from '../../src/scenario/types.js';
import { definition, job, queue } from '../helpers/build.js';
import { ENABLED_KNOBS, buildScenario, durationArb, recipeArb, recipeArbWith, type Recipe } from './recipe.js';

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

/** The issue-3 recipe over a base recipe arbitrary (the suite's: `issue3RecipeArb`). */
export const issue3RecipeArbOver = (base: fc.Arbitrary<Recipe>): fc.Arbitrary<Issue3Recipe> => fc.record({
  base,
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

  // Environments of queues with multi-node jobs stay on-demand: AWS runs no gang on Spot (spec §12).
  const gangQueues = new Set(base.jobs.filter((j) => j.nodeProperties).map((j) => j.jobQueue));
  const gangCes = new Set(base.jobQueues.filter((q) => gangQueues.has(q.jobQueueName)).flatMap((q) => q.computeEnvironmentOrder));
  let managed = 0;
  const computeEnvironments = base.computeEnvironments.map((ce) => {
    const cr = ce.computeResources;
    if (!cr) return ce;
    const s = r.spotCes[managed++ % r.spotCes.length];
    if (!s.spot || gangCes.has(ce.computeEnvironmentName)) return ce;
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

  // Timed actions, sorted by time (stable), as the loader guarantees; the base's (fair-share
  // policy updates) first among equals.
  const actions: ActionSpec[] = [...base.actions];
  const interruptible = computeEnvironments.filter((ce) => ce.computeResources?.type === 'SPOT' || ce.computeResources?.type === 'FARGATE_SPOT');
  if (interruptible.length > 0) {
    for (const x of r.interrupts) {
      actions.push({
        atMs: x.atMs, action: 'InterruptSpotInstances', instanceId: null, instanceType: null,
        computeEnvironment: interruptible[x.ce % interruptible.length].computeEnvironmentName, count: x.count,
      });
    }
  }
  for (const c of jobs.length === 0 ? [] : r.calls) {
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

export const issue3RecipeArb: fc.Arbitrary<Issue3Recipe> = issue3RecipeArbOver(recipeArb);

/**
 * Issue-3 scenarios for tests outside this suite (test/metrics): as `issue3RecipeArb` (fair share
 * included) but without multi-node jobs, which test/metrics/metrics.test.ts does not read: its
 * reconstruct() follows each job by its own attempts, and a multi-node job's are its nodes'
 * (test/report/multi-node-outputs.test.ts checks how metrics.csv counts those).
 */
export const issue3ScenarioArb: fc.Arbitrary<Scenario> = issue3RecipeArbOver(recipeArbWith(ENABLED_KNOBS.filter((k) => k !== 'multiNode')))
  .map(buildIssue3Scenario);
