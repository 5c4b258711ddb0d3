// littlesLaw and batchMeans against the transition stream itself: the number of RUNNABLE jobs
// integrated exactly from every state change the run made (what metrics.csv's RunnableJobs gauge
// samples), each RUNNABLE visit timed from its entry to its exit — an independent route to L, λ,
// W and to the batch means' time averages, on scenarios with retries, arrays, multi-node jobs,
// fair share, a horizon and blocked jobs.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulateRecorded } from '../../src/metrics/recorder.js';
import { JobKind, JobStatus, countsAsJob } from '../../src/model/jobs.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { PoissonWorkloadSpec, Scenario } from '../../src/scenario/types.js';
import { BATCHES, WARM_UP_SHARE, batchMeans } from '../../src/theory/batch-means.js';
import { littlesLaw } from '../../src/theory/little.js';
import { MMC_TEACHING } from './mmc-replications.js';

const file = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

interface Transition { row: number; from: number; to: number; t: number }

function run(scenario: Scenario, seed?: number) {
  const transitions: Transition[] = [];
  const { sim } = simulateRecorded(scenario, { seed, onTransition: (row, from, to, t) => transitions.push({ row, from, to, t }) });
  return { sim, transitions };
}

/** L, entries, W and jobs still RUNNABLE, from the transitions of the rows the summary counts. */
function fromTransitions(sim: ReturnType<typeof run>['sim'], transitions: Transition[]) {
  const counted = (row: number) => countsAsJob(sim.jobs.kind.data[row]);
  const enteredAt = new Map<number, number>();
  let area = 0;
  let ended = 0;
  let endedCount = 0;
  let entries = 0;
  for (const { row, from, to, t } of transitions) {
    if (!counted(row)) continue;
    if (to === JobStatus.RUNNABLE && from !== JobStatus.RUNNABLE) {
      enteredAt.set(row, t);
      entries++;
    } else if (from === JobStatus.RUNNABLE && to !== JobStatus.RUNNABLE) {
      const w = t - enteredAt.get(row)!;
      enteredAt.delete(row);
      area += w;
      ended += w;
      endedCount++;
    }
  }
  for (const t of enteredAt.values()) area += sim.endTime - t;
  const T = sim.endTime / 1000;
  return { L: area / 1000 / T, entries, W: endedCount ? ended / 1000 / endedCount : 0, still: enteredAt.size };
}

describe("littlesLaw: L and λW from the records, against the transition stream", () => {
  const scenarios: [string, () => Scenario][] = [
    ['retry-heavy (retries, Spot interruptions, timeouts, arrays)', () => loadScenario(file('retry-heavy.yaml'))],
    ['fair-share-teams (fair share)', () => loadScenario(file('fair-share-teams.yaml'))],
    ['mpi-multinode (multi-node jobs count once)', () => loadScenario(file('mpi-multinode.yaml'))],
    ['aws-docs-pipeline (dependencies)', () => loadScenario(file('aws-docs-pipeline.yaml'))],
    ['retry-heavy cut by a horizon at 600 s (jobs still waiting)', () => {
      const s = loadScenario(file('retry-heavy.yaml'));
      s.settings.horizonSeconds = 600;
      return s;
    }],
  ];
  for (const [name, load] of scenarios) {
    it(name, () => {
      const { sim, transitions } = run(load());
      const little = littlesLaw(sim);
      const ref = fromTransitions(sim, transitions);
      expect(little.windowSeconds).toBe(sim.endTime / 1000);
      expect(little.runnableEntries).toBe(ref.entries);
      expect(little.stillRunnable).toBe(ref.still);
      expect(little.meanRunnableJobs).toBeCloseTo(ref.L, 5);
      expect(little.meanRunnableWaitSeconds).toBeCloseTo(ref.W, 5);
      expect(little.arrivalRatePerSecond).toBeCloseTo(ref.entries / little.windowSeconds, 8);
      expect(little.lambdaW).toBeCloseTo((ref.entries / little.windowSeconds) * ref.W, 5);
      if (ref.still === 0) {
        // Every job left RUNNABLE: the law holds on the sample path, to rounding.
        expect(Math.abs(little.relativeDifference)).toBeLessThan(1e-6);
      } else {
        // Jobs still waiting count in L, not in W: L is the larger.
        expect(little.relativeDifference).toBeGreaterThan(1e-6);
      }
    });
  }

  it('the horizon case does leave jobs RUNNABLE (so the branch above is exercised)', () => {
    const s = loadScenario(file('retry-heavy.yaml'));
    s.settings.horizonSeconds = 600;
    expect(littlesLaw(run(s).sim).stillRunnable).toBeGreaterThan(0);
  });

  it('counts retries as new entries: retry-heavy enters RUNNABLE more often than it has jobs', () => {
    const { sim } = run(loadScenario(file('retry-heavy.yaml')));
    let jobs = 0;
    for (let r = 0; r < sim.jobs.count; r++) if (countsAsJob(sim.jobs.kind.data[r])) jobs++;
    expect(littlesLaw(sim).runnableEntries).toBeGreaterThan(jobs);
    expect(sim.jobs.kind.data.slice(0, sim.jobs.count).some((k) => k === JobKind.ARRAY_CHILD)).toBe(true);
  });
});

describe('batchMeans: the estimates against the transition stream', () => {
  /** The teaching queue with 3 slots at ρ = 0.7 and 4,000 jobs. */
  function small(jobs: number): Scenario {
    const s = loadScenario(MMC_TEACHING);
    s.computeEnvironments[0].fleet = s.computeEnvironments[0].fleet.slice(0, 3);
    Object.assign(s.workloads[0] as PoissonWorkloadSpec, { meanInterarrivalSeconds: 60 / (3 * 0.7), count: jobs });
    return s;
  }

  it('measures the jobs after the warm-up in 20 batches, and its time averages are the window’s exact integrals', () => {
    const { sim, transitions } = run(small(4000), 11);
    const b = batchMeans(sim, 3)!;
    const warmUp = Math.floor(4000 * WARM_UP_SHARE);
    const size = Math.floor((4000 - warmUp - 1) / BATCHES);
    expect(b).toMatchObject({ batches: BATCHES, warmUpJobs: warmUp, jobs: BATCHES * size, confidenceLevel: 0.95 });
    const created = sim.jobs.createdAt.data;
    const started = sim.jobs.firstStartedAt.data;
    const t0 = created[warmUp];
    const t1 = created[warmUp + BATCHES * size];
    expect(b.windowSeconds).toEqual([t0 / 1000, t1 / 1000]);
    let wait = 0;
    let waited = 0;
    for (let j = warmUp; j < warmUp + BATCHES * size; j++) {
      wait += (started[j] - created[j]) / 1000;
      if (started[j] > created[j]) waited++;
    }
    expect(b.meanWaitSeconds.mean).toBeCloseTo(wait / (BATCHES * size), 9);
    expect(b.probabilityOfWait.mean).toBeCloseTo(waited / (BATCHES * size), 12);
    // Waiting (RUNNABLE) and busy (STARTING or RUNNING) counts over [t0, t1), from the stream.
    let waiting = 0;
    let busy = 0;
    let last = 0;
    let waitingArea = 0;
    let busyArea = 0;
    for (const { from, to, t } of transitions) {
      const a = Math.max(last, t0);
      const z = Math.min(t, t1);
      if (z > a) {
        waitingArea += waiting * (z - a);
        busyArea += busy * (z - a);
      }
      last = t;
      if (to === JobStatus.RUNNABLE) waiting++;
      if (from === JobStatus.RUNNABLE) waiting--;
      const holds = (s: number) => s === JobStatus.STARTING || s === JobStatus.RUNNING;
      if (holds(to) && !holds(from)) busy++;
      if (holds(from) && !holds(to)) busy--;
    }
    expect(b.meanQueueLength.mean).toBeCloseTo(waitingArea / (t1 - t0), 9);
    expect(b.utilisation.mean).toBeCloseTo(busyArea / (3 * (t1 - t0)), 9);
    for (const i of [b.meanWaitSeconds, b.probabilityOfWait, b.meanQueueLength, b.utilisation]) {
      expect(i.low!).toBeLessThan(i.mean);
      expect(i.high!).toBeGreaterThan(i.mean);
    }
  });

  it('gives point estimates without an interval when there are too few jobs for 20 batches of 10', () => {
    const b = batchMeans(run(small(150), 3).sim, 3)!;
    expect(b.batches).toBe(1);
    expect(b.meanWaitSeconds.low).toBeNull();
    expect(b.method).toMatch(/too few jobs/);
    expect(batchMeans(run(small(1), 3).sim, 3)).toBeNull();
  });

  it('measures only the jobs that started when a horizon cuts the run', () => {
    const s = small(4000);
    s.settings.horizonSeconds = 20_000;
    const { sim } = run(s, 5);
    let startedJobs = 0;
    while (startedJobs < sim.jobs.count && sim.jobs.firstStartedAt.data[startedJobs] >= 0) startedJobs++;
    expect(startedJobs).toBeLessThan(4000);
    const b = batchMeans(sim, 3)!;
    expect(b.warmUpJobs + b.jobs).toBeLessThan(startedJobs);
    expect(b.warmUpJobs).toBe(Math.floor(startedJobs * WARM_UP_SHARE));
  });
});
