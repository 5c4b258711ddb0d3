// Independent checks of the issue-11 scheduling on random scenarios, computed from the output CSVs
// and the scenario only (never from the engine's state):
// - gangs placed whole (gangs.ts): per attempt every node placed at one instant, on distinct
//   instances of one type in one environment, alone on its instance while it holds it, billed the
//   whole instance; the MULTINODE row is its main node's (status, times, attempts);
// - fair-share order (fair-share-order.ts): where one job runs at a time, every start in the
//   fair-share queue comes from the share with the lowest weight × H(t), H recomputed from
//   attempts.csv, and is that share's head (schedulingPriority, re-queued, submission order);
// - the compute reservation (fair-share-checks.ts): what a fair-share queue holds after it starts
//   jobs never exceeds maxVcpus × (1 − (computeReservation/100)^active shares), unless it held
//   nothing before and started one job.
// Each checker is also shown to catch what it claims to, on the files of a run made wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodePropertiesSpec, Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/sim/simulation.js';
import { definition, job, managedCe, queue, scenario } from '../helpers/build.js';
import { checkReservation } from './fair-share-checks.js';
import type { PolicyRecipe } from './fair-share-recipe.js';
import { buildFairShareOrderScenario, checkFairShareOrder, fairShareOrderRecipeArb, type OrderStats } from './fair-share-order.js';
import { checkGangs, type GangStats } from './gangs.js';
import {
  ENABLED_KNOBS, buildIssue3Scenario, buildScenario, issue3RecipeArb, recipeArb, simulateBounded, writeAndRead, type RunFiles,
} from './random-scenario.js';

const run = (s: Scenario): RunFiles => writeAndRead(simulateBounded(s));

describe.runIf(ENABLED_KNOBS.includes('multiNode'))('multi-node jobs: gangs placed whole, the job its main node', () => {
  it('in random scenarios (fast-check, seed 12)', () => {
    const stats: GangStats = { placements: 0, retried: 0, childrenAlone: 0, multiNodeQueues: 0 };
    fc.assert(fc.property(recipeArb, (recipe) => {
      const s = buildScenario(recipe);
      checkGangs(s, run(s), stats);
    }), { seed: 12, numRuns: 150 });
    // Enough gangs placed, retried whole, and with children that ended on their own.
    expect(stats.placements, JSON.stringify(stats)).toBeGreaterThanOrEqual(80);
    expect(stats.retried).toBeGreaterThanOrEqual(5);
    expect(stats.childrenAlone).toBeGreaterThanOrEqual(5);
  });

  it('with Spot elsewhere, timeouts, CancelJob and TerminateJob (fast-check, seed 13)', () => {
    const stats: GangStats = { placements: 0, retried: 0, childrenAlone: 0, multiNodeQueues: 0 };
    fc.assert(fc.property(issue3RecipeArb, (recipe) => {
      const s = buildIssue3Scenario(recipe);
      checkGangs(s, run(s), stats);
    }), { seed: 13, numRuns: 80 });
    expect(stats.placements, JSON.stringify(stats)).toBeGreaterThanOrEqual(25);
  });

  it('catches a node placed apart from its gang, a shared instance, and a job that is not its main node', () => {
    // Two 3-node jobs in a row on c5.xlarge instances; the second is retried once (main exits 1).
    const mpi = definition('mpi', 4, 4096, 100, { type: 'multinode' });
    const nodes: NodePropertiesSpec = {
      numNodes: 3, mainNode: 1, instanceType: 'c5.xlarge', openEnded: false,
      groups: [{ targetNodes: '0:2', from: 0, to: 2, vcpus: 4, memory: 4096, gpus: 0, image: 'mpi', simulation: null }],
    };
    const s = scenario({
      computeEnvironments: [managedCe('ce', ['c5.xlarge'], { maxvCpus: 12 })],
      jobQueues: [queue('q', 1, ['ce'])],
      jobDefinitions: [mpi],
      jobs: [
        job('a', 'q', mpi, 0, { nodeProperties: nodes }),
        job('b', 'q', mpi, 0, {
          nodeProperties: nodes, submitAtMs: 1000, retryStrategy: { attempts: 2, evaluateOnExit: [] },
          simulation: { ...mpi.simulation, exitCodes: [{ exitCode: 1, weight: 1 }, { exitCode: 0, weight: 1 }] },
        }),
      ],
    });
    const files = writeAndRead(simulate(s));
    expect(checkGangs(s, files).placements).toBeGreaterThanOrEqual(2);
    const copy = (): RunFiles => ({ ...files, jobs: files.jobs.map((j) => ({ ...j })), attempts: files.attempts.map((a) => ({ ...a })) });
    const nodeRow = (f: RunFiles, id: string) => f.attempts.find((a) => a.jobId.endsWith(id))!;
    const late = copy();
    nodeRow(late, '#2').placedAt = String(Number(nodeRow(late, '#2').placedAt) + 1);
    expect(() => checkGangs(s, late)).toThrow(/every node placed at once/);
    const shared = copy();
    nodeRow(shared, '#0').instanceId = nodeRow(shared, '#1').instanceId;
    expect(() => checkGangs(s, shared)).toThrow(/distinct instances/);
    const intruder = copy();
    intruder.attempts.push({ ...nodeRow(files, '#0'), jobId: 'another-job', placedAt: String(Number(nodeRow(files, '#0').stoppedAt) - 1) });
    expect(() => checkGangs(s, intruder)).toThrow(/alone on/);
    const notMain = copy();
    notMain.jobs.find((j) => j.kind === 'MULTINODE')!.startedAt = nodeRow(files, '#0').startedAt;
    expect(() => checkGangs(s, notMain)).toThrow(/its main node's/);
  });
});

describe.runIf(ENABLED_KNOBS.includes('fairShare'))('fair share', () => {
  it('serves the share with the lowest weight × H first, and its head job, when one job runs at a time (fast-check, seed 14)', () => {
    const stats: OrderStats = { starts: 0, contested: 0, decidedByKey: 0, tieBreaks: 0, withinShare: 0 };
    let binding = 0;
    fc.assert(fc.property(fairShareOrderRecipeArb, (recipe) => {
      const s = buildFairShareOrderScenario(recipe);
      const files = run(s);
      checkFairShareOrder(s, files, stats);
      binding += checkReservation(s, files);
    }), { seed: 14, numRuns: 150 });
    // The sample decides between shares by their keys, by the tie-break, and inside shares often.
    expect(stats.contested, JSON.stringify(stats)).toBeGreaterThan(stats.starts / 3);
    expect(stats.decidedByKey).toBeGreaterThan(500);
    expect(stats.tieBreaks).toBeGreaterThan(20);
    expect(stats.withinShare).toBeGreaterThan(500);
    expect(binding, 'starts under a reservation below the whole fleet').toBeGreaterThan(100);
  });

  it('keeps the compute reservation in random scenarios (fast-check, seed 15)', () => {
    let binding = 0;
    fc.assert(fc.property(recipeArb, (recipe) => {
      const s = buildScenario(recipe);
      binding += checkReservation(s, run(s));
    }), { seed: 15, numRuns: 150 });
    expect(binding, 'starts under a reservation below the queue\'s maximum').toBeGreaterThan(100);
  });

  it('catches a run served in another order or beyond the reservation', () => {
    // A run with weights A 1, B 0.25 and no reservation, checked against weights A 0.25, B 1 and
    // against a 90 % reservation on a 4-vCPU fleet of 1-vCPU jobs.
    const recipe = fc.sample(fairShareOrderRecipeArb, { seed: 1, numRuns: 1 })[0];
    const policy = (a: number, b: number, reservation: number) => ({ decay: 60, reservation, entries: [{ id: 0, weight: a }, { id: 1, weight: b }] });
    const jobs = Array.from({ length: 8 }, (_, i) => ({ submitAtMs: 0, share: i % 2, priority: null, arraySize: 0, seconds: 30, exitCode: 0, attempts: 0, fifo: false }));
    const ran = { ...recipe, vcpus: 1, fifo: null, jobs, updates: [], policies: [policy(1, 0.25, 0), policy(1, 0.25, 0)] as [PolicyRecipe, PolicyRecipe] };
    const files = run(buildFairShareOrderScenario(ran));
    const stats: OrderStats = { starts: 0, contested: 0, decidedByKey: 0, tieBreaks: 0, withinShare: 0 };
    checkFairShareOrder(buildFairShareOrderScenario(ran), files, stats);
    expect(stats.decidedByKey).toBeGreaterThan(0);
    const swapped = buildFairShareOrderScenario({ ...ran, policies: [policy(0.25, 1, 0), policy(0.25, 1, 0)] as [PolicyRecipe, PolicyRecipe] });
    expect(() => checkFairShareOrder(swapped, files, stats)).toThrow(/the lowest goes first/);
    // Four 1-vCPU jobs at once on 4 vCPUs: fine without a reservation, not under 90 % of it.
    const wide = { ...ran, vcpus: 4 };
    const wideScenario = buildFairShareOrderScenario(wide);
    const oneVcpu = { ...wideScenario, jobDefinitions: [{ ...wideScenario.jobDefinitions[0], vcpus: 1 }], jobs: wideScenario.jobs.map((j) => ({ ...j, vcpus: 1 })) };
    const wideFiles = run(oneVcpu);
    expect(checkReservation(oneVcpu, wideFiles)).toBe(0);
    const reserved = { ...oneVcpu, schedulingPolicies: oneVcpu.schedulingPolicies!.map((p) => ({ ...p, fairsharePolicy: { ...p.fairsharePolicy, computeReservation: 90 } })) };
    expect(() => checkReservation(reserved, wideFiles)).toThrow(/computeReservation|× \(1 − \(90\/100\)/);
  });
});
