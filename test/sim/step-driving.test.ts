// The kernel driven step by step (issue 8): advancing to given times, submitting jobs and making
// API calls while the run goes on, and asking for its state — with the same bytes as a run to
// completion, so a step-through trace, workflows that submit as they go and a live endpoint can
// drive it. And the general guard: a run that can make no progress stops and says so.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordedSimulation } from '../../src/metrics/recorder.js';
import { summarize } from '../../src/metrics/summary.js';
import { writeRun } from '../../src/report/write-run.js';
import type { ComputeEnvironment } from '../../src/model/compute-environment.js';
import { BATCH_SCHEDULING, type SchedulingPolicy } from '../../src/scheduler/cycle-policy.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { JobNames } from '../../src/sim/naming.js';
import { Simulation } from '../../src/sim/simulation.js';
import { definition, job, managedCe, queue, scenario as build } from '../helpers/build.js';
import { ALL_KNOBS, buildScenario, eventBudget, recipeArbWith } from '../invariants/random-scenario.js';

const FILES = ['summary.json', 'jobs.csv', 'attempts.csv', 'instances.csv', 'metrics.csv'];

/** Runs `drive` on a recorded simulation and returns the report files' bytes. */
function reportOf(scenario: Scenario, drive: (sim: Simulation) => void): Map<string, Buffer> {
  const { sim, recorder } = recordedSimulation(scenario, { metricsPeriodSeconds: 60 });
  drive(sim);
  const root = mkdtempSync(join(tmpdir(), 'batchsim-step-'));
  try {
    writeRun(sim, join(root, 'run'), { recorder });
    return new Map(FILES.map((f) => [f, readFileSync(join(root, 'run', f))]));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function expectSameBytes(a: Map<string, Buffer>, b: Map<string, Buffer>): void {
  for (const f of FILES) {
    expect(a.get(f)!.length, f).toBeGreaterThan(0);
    expect(b.get(f)!.equals(a.get(f)!), `${f} differs between the run to completion and the run in steps`).toBe(true);
  }
}

/** Advances in steps of `stepMs` until nothing is scheduled (or the run ended), then ends it; returns the steps taken. */
function inSteps(sim: Simulation, stepMs: number): number {
  let steps = 0;
  for (let t = 0; !sim.done && !sim.idle; t += stepMs) {
    sim.advanceTo(t);
    steps++;
  }
  sim.run();
  return steps;
}

describe('a run driven step by step', () => {
  for (const file of ['scenarios/retry-heavy.yaml', 'scenarios/spot-vs-ondemand/gpu-spot-spillover.yaml', 'scenarios/fargate-etl.yaml']) {
    it(`writes the same bytes as a run to completion: ${file}`, () => {
      const s = loadScenario(file);
      const whole = reportOf(s, (sim) => sim.run());
      let steps = 0;
      const stepped = reportOf(s, (sim) => {
        steps = inSteps(sim, 97_000);
      });
      expect(steps).toBeGreaterThan(10);
      expectSameBytes(whole, stepped);
    });
  }

  it('writes the same bytes for random scenarios and random step sizes', () => {
    fc.assert(
      fc.property(recipeArbWith(ALL_KNOBS), fc.integer({ min: 1, max: 600_000 }), (recipe, step) => {
        const s = buildScenario(recipe);
        const whole = reportOf(s, (sim) => sim.run());
        const stepped = reportOf(s, (sim) => {
          inSteps(sim, step);
          expect(sim.eventsProcessed).toBeLessThanOrEqual(eventBudget(s));
        });
        expectSameBytes(whole, stepped);
      }),
      { seed: 11, numRuns: 40 },
    );
  }, 60_000);

  it('reports its state between steps', () => {
    const s = build({
      computeEnvironments: [managedCe('ce', ['c5.large'])],
      jobQueues: [queue('q', 1, ['ce'])],
      jobDefinitions: [definition('d', 1, 1024, 100)],
    });
    s.jobs = [job('a', 'q', s.jobDefinitions[0], 0)];
    const sim = new Simulation(s);
    sim.advanceTo(0);
    expect(sim.state()).toMatchObject({ timeMs: 0, done: false, instancesUp: 1, instancesLaunched: 1 });
    expect(sim.state().jobsByStatus.RUNNABLE).toBe(1);
    // Launch 120 s (TEST_SETTINGS), placed at the cycle at 120, RUNNING at 135 after the pull.
    sim.advanceTo(130_000);
    expect(sim.state().jobsByStatus.STARTING).toBe(1);
    sim.advanceTo(140_000);
    expect(sim.state().jobsByStatus.RUNNING).toBe(1);
    sim.run();
    expect(sim.state()).toMatchObject({ done: true, instancesUp: 0 });
    expect(sim.state().jobsByStatus.SUCCEEDED).toBe(1);
    expect(() => sim.submitJob(s.jobs[0])).toThrow(/ended/);
  });
});

describe('submissions and API calls while the run goes on', () => {
  const base = (): Scenario => {
    const s = build({
      computeEnvironments: [managedCe('ce', ['c5'], { maxvCpus: 16 })],
      jobQueues: [queue('q', 1, ['ce'])],
      jobDefinitions: [definition('d', 2, 2048, 300)],
    });
    const d = s.jobDefinitions[0];
    s.jobs = [
      job('a', 'q', d, 0, { submitAtMs: 0 }),
      job('b', 'q', d, 0, { submitAtMs: 50_000, arraySize: 5 }),
      job('c', 'q', d, 0, { submitAtMs: 400_000, dependsOn: [{ job: 1, type: null }] }),
      job('e', 'q', d, 0, { submitAtMs: 900_000 }),
    ];
    // CancelJob on c while it is PENDING (b's children still run): it fails once b is done (spec §13).
    s.actions = [{ action: 'CancelJob', atMs: 450_000, job: 2, arrayIndex: null, reason: 'not needed' } as Scenario['actions'][number]];
    return s;
  };

  it('jobs submitted and calls made while running are those the scenario would have listed: same bytes', () => {
    const listed = base();
    const whole = reportOf(listed, (sim) => sim.run());
    const bare = { ...listed, jobs: [], actions: [] };
    const inputs = [
      ...listed.jobs.map((j) => ({ at: j.submitAtMs, give: (sim: Simulation) => sim.submitJob(j) })),
      ...listed.actions.map((a) => ({ at: a.atMs, give: (sim: Simulation) => sim.call(a) })),
    ].sort((x, y) => x.at - y.at);
    const driven = reportOf(bare, (sim) => {
      for (const input of inputs) {
        sim.advanceTo(input.at - 1);
        input.give(sim);
      }
      sim.run();
    });
    expectSameBytes(whole, driven);
    const summary = JSON.parse(driven.get('summary.json')!.toString('utf8'));
    expect(summary.jobs.byStatus).toMatchObject({ SUCCEEDED: 7, FAILED: 1 });
  });

  it('refuses a dependency on a submission that does not exist yet', () => {
    const s = base();
    const sim = new Simulation({ ...s, jobs: [] });
    expect(() => sim.submitJob(s.jobs[2])).toThrow(/does not exist yet/);
  });
});

describe('the general guard against runs that make no progress', () => {
  /** A policy that buys an instance whenever none is up and never places anything: launch, idle out, again. */
  let environments: readonly ComputeEnvironment[] = [];
  const hoarder: SchedulingPolicy = {
    runCycle(scheduler, _settings, queues, _view, decide, now) {
      scheduler.beginCycle(now);
      for (const q of queues) {
        const ce = environments[q.computeEnvironmentOrder[0]];
        if (q.waiting > 0 && ce.provisionedVcpus === 0) decide.launch(ce, ce.offers[0]);
      }
    },
  };

  it('stops a run whose jobs wait while nothing can place them, and says so', () => {
    // The hoarder launches a c5.large whenever none is up; each is ready 120 s later, idles 600 s
    // and is scaled in; the cycle that follows launches the next. No job ever changes state after
    // t = 0. Past the stall window (1 h here) the next cycle is dropped and recorded as the stall;
    // the instance still up then idles out, and with nothing left the run ends.
    const s = build({
      computeEnvironments: [managedCe('ce', ['c5.large'])],
      jobQueues: [queue('q', 1, ['ce'])],
      jobDefinitions: [definition('d', 1, 1024, 100)],
    });
    s.jobs = [job('a', 'q', s.jobDefinitions[0], 0)];
    const sim = new Simulation(s, { schedulingPolicy: hoarder, maxEvents: 1_000_000 });
    environments = sim.computeEnvironments;
    sim.run();
    expect(sim.stalled).not.toBeNull();
    // Stall window: 2 × (120 launch + 600 idle + 10 cycle + 120 notice + 0 + 30 + 15) s = 1,790 s, at least 1 h.
    expect(sim.stalled!.atMs).toBeGreaterThan(3_600_000);
    expect(sim.stalled!.atMs).toBeLessThanOrEqual(3_600_000 + 730_000);
    // The last instance launched before the stall idles out after it: ready + 600 s at the latest.
    expect(sim.endTime).toBeGreaterThanOrEqual(sim.stalled!.atMs - 730_000);
    expect(sim.endTime).toBeLessThanOrEqual(sim.stalled!.atMs + 730_000);
    expect(sim.instances.every((i) => i.terminatedAt <= sim.endTime)).toBe(true);
    expect(sim.stalled!.waitingJobs).toBe(1);
    expect(sim.instances.length).toBeGreaterThan(3);
    const summary = summarize(sim, new JobNames(sim));
    expect(summary.stalled).toMatchObject({ openJobs: 1 });
    expect(summary.stalled!.reason).toMatch(/no job changed state/);
    expect(summary.jobs.byStatus.RUNNABLE).toBe(1);
    expect(summary.endSeconds).toBe(sim.endTime / 1000);
    expect(summary.stalled!.atSeconds).toBe(sim.stalled!.atMs / 1000);
  });

  it('leaves a run with the Batch policy alone: the same scenario ends on its own', () => {
    const s = build({
      computeEnvironments: [managedCe('ce', ['c5.large'])],
      jobQueues: [queue('q', 1, ['ce'])],
      jobDefinitions: [definition('d', 1, 1024, 100)],
    });
    s.jobs = [job('a', 'q', s.jobDefinitions[0], 0)];
    const sim = new Simulation(s, { schedulingPolicy: BATCH_SCHEDULING }).run();
    expect(sim.stalled).toBeNull();
    expect(sim.state().jobsByStatus.SUCCEEDED).toBe(1);
  });
});
