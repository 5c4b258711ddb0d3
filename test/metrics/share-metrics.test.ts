// Fair share in the outputs (issue 11): jobs.csv's shareIdentifier column (only for runs with a
// fair-share queue), metrics.csv's ShareRunningVcpus and ShareUsage against values worked out by
// hand and against attempts.csv, and the fair-share chart in the report.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SHARES } from '../../src/report/charts-shares.js';
import { JOBS_COLUMNS } from '../../src/report/tables.js';
import { rerenderReport } from '../../src/report/write-run.js';
import type { JobDefinitionSpec, JobSubmission, Scenario } from '../../src/scenario/types.js';
import { definition, fixedFleetCe, job, managedCe, queue, scenario, slotShape } from '../helpers/build.js';
import type { CsvRow } from '../invariants/random-scenario.js';
import { fairShareScenario, filesOf, twoQueueScenario, writeFullReport } from '../report/helpers.js';
import { runAndRead, tempDir } from './helpers.js';

const TAU = 600; // shareDecaySeconds 0 → the 600-second window

/** Fair-share queue `q` (policy `p`: B at weight 0.5, others 1) on a fixed fleet of one 6-vCPU slot. */
function fairShareRun(jobs: (def: JobDefinitionSpec) => JobSubmission[], shareDecaySeconds = 0): Scenario {
  const def = definition('d', 1, 512, 100);
  return scenario({
    computeEnvironments: [fixedFleetCe('ce', [slotShape(6, 8192)])],
    jobQueues: [{ ...queue('q', 1, ['ce']), schedulingPolicy: 'p' }],
    schedulingPolicies: [{ name: 'p', fairsharePolicy: { shareDecaySeconds, computeReservation: 0, shareDistribution: [{ shareIdentifier: 'B', weightFactor: 0.5 }] } }],
    jobDefinitions: [def],
    jobs: jobs(def),
  });
}

/** Ten 1-vCPU 100-second jobs of share A and ten of share B, all submitted at t = 0. */
const tenEach = (def: JobDefinitionSpec) => [
  ...Array.from({ length: 10 }, (_, i) => job(`A${i}`, 'q', def, 0, { shareIdentifier: 'A' })),
  ...Array.from({ length: 10 }, (_, i) => job(`B${i}`, 'q', def, 0, { shareIdentifier: 'B' })),
];

/** A held interval [from, to) in seconds, of `vcpus`. */
interface Held { from: number; to: number; vcpus: number }

/** H(t) = Σ over held intervals of vcpus · ∫ e^{−(t−x)/τ} dx over the part before t. */
function usage(held: Held[], t: number, tau = TAU): number {
  let h = 0;
  for (const { from, to, vcpus } of held) {
    if (from >= t) continue;
    h += vcpus * tau * (Math.exp(-(t - Math.min(to, t)) / tau) - Math.exp(-(t - from) / tau));
  }
  return h;
}

const runningAt = (held: Held[], t: number) => held.reduce((n, h) => n + (h.from <= t && t < h.to ? h.vcpus : 0), 0);

/** metrics.csv's datapoints of one series: seconds since the start → value. */
function series(metrics: CsvRow[], metricName: string, dimensionValue: string): { t: number[]; v: number[] } {
  const start = Date.parse(metrics[0].timestamp);
  const rows = metrics.filter((r) => r.metricName === metricName && r.dimensionValue === dimensionValue);
  return { t: rows.map((r) => (Date.parse(r.timestamp) - start) / 1000), v: rows.map((r) => Number(r.value)) };
}

/** A held gauge at t: its latest datapoint at or before t. */
function heldAt(s: { t: number[]; v: number[] }, t: number): number {
  let v = NaN;
  for (let i = 0; i < s.t.length && s.t[i] <= t; i++) v = s.v[i];
  return v;
}

/** Each share's held intervals from attempts.csv (placedAt → stoppedAt) and jobs.csv's shareIdentifier. */
function heldByShare(jobs: CsvRow[], attempts: CsvRow[]): Map<string, Held[]> {
  const shareOf = new Map(jobs.map((j) => [j.jobId, `${j.jobQueue}/${j.shareIdentifier}`]));
  const out = new Map<string, Held[]>();
  for (const a of attempts) {
    const share = shareOf.get(a.jobId)!;
    if (!out.has(share)) out.set(share, []);
    out.get(share)!.push({ from: Number(a.placedAt), to: Number(a.stoppedAt), vcpus: Number(a.vcpus) });
  }
  return out;
}

describe('jobs.csv shareIdentifier', () => {
  it('is the last column of a run with a fair-share queue, each job its submission\'s (array children their parent\'s; FIFO queues\' jobs empty)', () => {
    const s = fairShareScenario();
    const { jobs, bytes } = runAndRead(s);
    const header = bytes.get('jobs.csv')!.toString('utf8').split('\n')[0];
    expect(header).toBe([...JOBS_COLUMNS, 'shareIdentifier'].join(','));
    const byName = new Map(s.jobs.map((j) => [j.jobName, j]));
    let children = 0;
    for (const row of jobs) {
      const submitted = byName.get(row.jobName)!;
      expect(row.shareIdentifier, row.jobName).toBe(submitted.shareIdentifier ?? '');
      if (row.kind === 'ARRAY_CHILD') {
        children++;
        expect(row.shareIdentifier).toBe('lab1');
      }
    }
    expect(children).toBe(8);
    expect(jobs.filter((r) => r.jobQueue === 'plain').every((r) => r.shareIdentifier === '')).toBe(true);
    expect(jobs.filter((r) => r.jobQueue === 'plain').length).toBe(4);
  });

  it('is not written for a run whose queues are all FIFO', () => {
    const { jobs, bytes, metrics } = runAndRead(twoQueueScenario());
    expect(bytes.get('jobs.csv')!.toString('utf8').split('\n')[0]).toBe(JOBS_COLUMNS.join(','));
    expect(Object.keys(jobs[0])).not.toContain('shareIdentifier');
    expect(metrics.some((r) => r.metricName.startsWith('Share') || r.dimensionName === 'ShareIdentifier')).toBe(false);
  });
});

describe('metrics.csv ShareRunningVcpus and ShareUsage', () => {
  // The timeline (a cycle every 10 s; the image pull makes the first starts 15 s, then 3 s): at
  // t = 0 the empty slot takes 2 A and 4 B (B at weight 0.5 gets twice A's room); all end at 115;
  // at 120 again 2 A and 4 B; they end at 223; at 230 B has only 2 left, A takes 4; at 340 the
  // last 2 A. Held intervals (STARTING → stopped):
  const A: Held[] = [{ from: 0, to: 115, vcpus: 2 }, { from: 120, to: 223, vcpus: 2 }, { from: 230, to: 333, vcpus: 4 }, { from: 340, to: 443, vcpus: 2 }];
  const B: Held[] = [{ from: 0, to: 115, vcpus: 4 }, { from: 120, to: 223, vcpus: 4 }, { from: 230, to: 333, vcpus: 2 }];

  it('two shares on one 6-vCPU slot, weights 1 and 0.5: the values worked out by hand, at every timestamp', () => {
    const { sim, metrics, jobs, attempts } = runAndRead(fairShareRun(tenEach));
    // The timeline above is the run's.
    const held = heldByShare(jobs, attempts);
    const merge = (h: Held[]) => [...h].sort((a, b) => a.from - b.from).reduce<Held[]>((out, x) => {
      const last = out[out.length - 1];
      if (last && last.from === x.from && last.to === x.to) last.vcpus += x.vcpus;
      else out.push({ ...x });
      return out;
    }, []);
    expect(merge(held.get('q/A')!)).toEqual(A);
    expect(merge(held.get('q/B')!)).toEqual(B);
    expect(sim.endTime).toBe(443_000);

    const vA = series(metrics, 'ShareRunningVcpus', 'q/A');
    const vB = series(metrics, 'ShareRunningVcpus', 'q/B');
    const hA = series(metrics, 'ShareUsage', 'q/A');
    const hB = series(metrics, 'ShareUsage', 'q/B');
    // Timestamps every 60 s up to ⌈443 / 60⌉ × 60 = 480; every one is in a period with a change, so every one has a ShareUsage datapoint.
    const ts = [0, 60, 120, 180, 240, 300, 360, 420, 480];
    expect(hA.t).toEqual(ts);
    expect(hB.t).toEqual(ts);
    // A count holds between its datapoints: A 2 until 230, then 4 until 333, 2 until 443.
    expect(vA).toEqual({ t: [0, 180, 240, 300, 360, 420, 480], v: [2, 2, 4, 4, 2, 2, 0] });
    expect(vB).toEqual({ t: [0, 180, 240, 300, 360, 480], v: [4, 4, 2, 2, 0, 0] });
    for (const t of ts) {
      expect(heldAt(vA, t), `A at ${t}`).toBe(runningAt(A, t));
      expect(heldAt(vB, t), `B at ${t}`).toBe(runningAt(B, t));
    }
    // By hand: at 60 s A has held 2 vCPUs since 0: 2 · 600 · (1 − e^−0.1) = 114.195098…; B twice that.
    expect(hA.v[1]).toBeCloseTo(1200 * (1 - Math.exp(-0.1)), 8);
    expect(hA.v[1]).toBeCloseTo(114.195098, 5);
    expect(hB.v[1]).toBeCloseTo(228.390197, 5);
    // At 120 s (after the jobs placed at 120, which have held for 0 s): 2 · 600 · (e^(−5/600) − e^(−120/600)).
    expect(hA.v[2]).toBeCloseTo(1200 * (Math.exp(-5 / 600) - Math.exp(-120 / 600)), 8);
    expect(hA.v[2]).toBeCloseTo(207.564647, 5);
    // At 300 s: A's four intervals so far, B's three.
    expect(hA.v[5]).toBeCloseTo(
      1200 * (Math.exp(-185 / 600) - Math.exp(-300 / 600)) + 1200 * (Math.exp(-77 / 600) - Math.exp(-180 / 600)) + 2400 * (1 - Math.exp(-70 / 600)),
      8,
    );
    for (let i = 0; i < ts.length; i++) {
      expect(hA.v[i], `A at ${ts[i]}`).toBeCloseTo(usage(A, ts[i]), 7);
      expect(hB.v[i], `B at ${ts[i]}`).toBeCloseTo(usage(B, ts[i]), 7);
    }
    const row = metrics.find((r) => r.metricName === 'ShareUsage')!;
    expect([row.namespace, row.dimensionName, row.statistic, row.unit]).toEqual(['batchsim', 'ShareIdentifier', 'Average', 'None']);
    const vrow = metrics.find((r) => r.metricName === 'ShareRunningVcpus')!;
    expect([vrow.namespace, vrow.dimensionName, vrow.statistic, vrow.unit]).toEqual(['batchsim', 'ShareIdentifier', 'Average', 'Count']);
  });

  it('the same run at a 1-second period: exact at every datapoint, around every change', () => {
    const { metrics } = runAndRead(fairShareRun(tenEach), { metricsPeriodSeconds: 1 });
    for (const [share, held] of [['q/A', A], ['q/B', B]] as const) {
      const v = series(metrics, 'ShareRunningVcpus', share);
      const h = series(metrics, 'ShareUsage', share);
      // The counts change at 115, 120, 223, 230, 333, 340, 443: a datapoint there and just before.
      for (const c of [115, 120, 223, 230, 333]) {
        expect(v.t, `${share} ${c}`).toContain(c);
        expect(v.t, `${share} ${c}`).toContain(c - 1);
      }
      for (let t = 0; t <= 443; t++) expect(heldAt(v, t), `${share} at ${t}`).toBe(runningAt(held, t));
      expect(h.t.length).toBeGreaterThan(10);
      h.t.forEach((t, i) => expect(h.v[i], `${share} at ${t}`).toBeCloseTo(usage(held, t), 7));
    }
  });

  it('a long quiet stretch: a few datapoints, exact, and a straight line through them stays near the decaying curve', () => {
    // One 100-second job at 0, the next at 20,000 s: 333 quiet periods, read every τ/4 = 150 s
    // (3 periods) for 10 windows, then not until the next change.
    const run = fairShareRun((def) => [job('a', 'q', def, 0, { shareIdentifier: 'A' }), job('b', 'q', def, 0, { shareIdentifier: 'A', submitAtMs: 20_000_000 })]);
    const { metrics, attempts } = runAndRead(run);
    const held: Held[] = attempts.map((a) => ({ from: Number(a.placedAt), to: Number(a.stoppedAt), vcpus: 1 }));
    expect(held.map((h) => h.from)).toEqual([0, 20_000]);
    const h = series(metrics, 'ShareUsage', 'q/A');
    const v = series(metrics, 'ShareRunningVcpus', 'q/A');
    expect(h.t.length).toBeLessThan(60);
    expect(v.t.length).toBeLessThan(10);
    h.t.forEach((t, i) => expect(h.v[i], `at ${t}`).toBeCloseTo(usage(held, t), 7));
    const peak = Math.max(...h.v);
    const last = h.t[h.t.length - 1];
    for (let t = 0; t <= last; t += 60) {
      const j = h.t.findIndex((x) => x >= t);
      const line = h.t[j] === t ? h.v[j] : h.v[j - 1] + ((t - h.t[j - 1]) / (h.t[j] - h.t[j - 1])) * (h.v[j] - h.v[j - 1]);
      expect(Math.abs(line - usage(held, t)), `at ${t}`).toBeLessThan(0.01 * peak);
    }
    for (let t = 0; t <= last; t += 60) expect(heldAt(v, t), `at ${t}`).toBe(runningAt(held, t));
  });

  it('an UpdateSchedulingPolicy in a quiet stretch: the readings before it that came after it are left out, every datapoint exact', () => {
    // A 100-second job at 0 (τ = 600 s), the window becomes 3600 s at u = 1000 s, the next job at 5000 s.
    const run = fairShareRun((def) => [job('a', 'q', def, 0, { shareIdentifier: 'A' }), job('b', 'q', def, 0, { shareIdentifier: 'A', submitAtMs: 5_000_000 })]);
    run.actions = [{ atMs: 1_000_000, action: 'UpdateSchedulingPolicy', schedulingPolicy: 'p', fairsharePolicy: { shareDecaySeconds: 3600, computeReservation: 0, shareDistribution: [] } }];
    const { metrics, attempts } = runAndRead(run);
    const held: Held[] = attempts.map((a) => ({ from: Number(a.placedAt), to: Number(a.stoppedAt), vcpus: 1 }));
    expect(held.map((h) => [h.from, h.to])).toEqual([[0, 115], [5000, 5103]]);
    const u = 1000;
    const exact = (t: number) => (t <= u ? usage(held, t, 600) : usage(held, u, 600) * Math.exp(-(t - u) / 3600) + usage(held.filter((h) => h.from >= u), t, 3600));
    const h = series(metrics, 'ShareUsage', 'q/A');
    // The job ended in the period before 120 s; the readings for 120 … 960 s were due when the next job came, after u.
    expect(h.t.filter((t) => t > 60 && t < u)).toEqual([]);
    expect(h.t.filter((t) => t > u && t < 5000).length).toBeGreaterThan(5);
    h.t.forEach((t, i) => expect(h.v[i], `at ${t}`).toBeCloseTo(exact(t), 7));
    // The count is unaffected: 1 until 115, then 0 until 5000.
    const v = series(metrics, 'ShareRunningVcpus', 'q/A');
    for (let t = 0; t <= 5160; t += 60) expect(heldAt(v, t), `at ${t}`).toBe(runningAt(held, t));
  });

  it('random fair-share runs (retries, arrays, scale-out, two queues): every datapoint agrees with attempts.csv', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1e6 }),
          period: fc.constantFrom(1, 10, 60, 300),
          decay: fc.constantFrom(0, 60, 3600),
          failure: fc.constantFrom(0, 0.3),
          counts: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }),
          gap: fc.integer({ min: 0, max: 5000 }),
        }),
        ({ seed, period, decay, failure, counts, gap }) => {
          const sim = { duration: { distribution: 'exponential' as const, mean: 200 }, exitCode: 0, exitCodes: failure ? [{ exitCode: 1, weight: failure }, { exitCode: 0, weight: 1 - failure }] : [], speedupByFamily: {}, checkpointSeconds: null, memory: null, imagePullFailureProbability: 0 };
          const def = definition('d', 2, 2048, 200, { simulation: sim, retryStrategy: { attempts: 2, evaluateOnExit: [] } });
          const jobs: JobSubmission[] = [];
          ['x', 'y', 'z'].forEach((share, i) => {
            for (let n = 0; n < counts[i]; n++) jobs.push(job(`${share}${n}`, i === 2 ? 'other' : 'main', def, 0, { shareIdentifier: share, submitAtMs: n * gap * 1000 }));
          });
          jobs.push(job('arr', 'main', def, 0, { shareIdentifier: 'x', arraySize: 3, submitAtMs: gap * 500 }));
          const s = scenario({
            seed,
            computeEnvironments: [managedCe('ce', ['c5.large', 'c5.xlarge'], { maxvCpus: 8 })],
            jobQueues: [{ ...queue('main', 2, ['ce']), schedulingPolicy: 'p' }, { ...queue('other', 1, ['ce']), schedulingPolicy: 'p' }],
            schedulingPolicies: [{ name: 'p', fairsharePolicy: { shareDecaySeconds: decay, computeReservation: 0, shareDistribution: [{ shareIdentifier: 'y', weightFactor: 0.25 }] } }],
            jobDefinitions: [def],
            jobs,
          });
          const { metrics, jobs: jobRows, attempts } = runAndRead(s, { metricsPeriodSeconds: period });
          const tau = decay > 0 ? decay : 600;
          const lastT = Math.max(...metrics.map((r) => (Date.parse(r.timestamp) - Date.parse(metrics[0].timestamp)) / 1000));
          for (const [share, held] of heldByShare(jobRows, attempts)) {
            const v = series(metrics, 'ShareRunningVcpus', share);
            const h = series(metrics, 'ShareUsage', share);
            expect(v.t[0]).toBe(0);
            expect(v.t[v.t.length - 1]).toBe(lastT);
            for (let t = 0; t <= lastT; t += period) expect(heldAt(v, t), `${share} at ${t}`).toBe(runningAt(held, t));
            h.t.forEach((t, i) => expect(Math.abs(h.v[i] - usage(held, t, tau)), `${share} at ${t}`).toBeLessThan(1e-6 * Math.max(1, h.v[i])));
          }
        },
      ),
      { numRuns: 40, seed: 11 },
    );
  });
});

describe('the fair-share chart', () => {
  it('is drawn for a run with fair-share queues (a panel pair per queue, the smaller shares summed) and redrawn by batchsim chart DIR', async () => {
    const root = tempDir();
    try {
      const dir = join(root, 'run');
      await writeFullReport(fairShareScenario(), dir);
      const specFile = join(dir, 'charts', 'fair-share.vl.json');
      expect(existsSync(join(dir, 'charts', 'fair-share.svg'))).toBe(true);
      const spec = JSON.parse(readFileSync(specFile, 'utf8'));
      expect(spec.vconcat.map((b: { vconcat: { title: { text: string } }[] }) => b.vconcat.map((p) => p.title.text))).toEqual([
        ['queue teams: vCPUs held per share', 'queue teams: decayed usage per share'],
        ['queue batch: vCPUs held per share', 'queue batch: decayed usage per share'],
      ]);
      const teams = spec.vconcat[0].vconcat[0];
      // 13 share identifiers in `teams`: the 10 that held the most, and the other 3 summed.
      expect(teams.encoding.color.scale.domain).toHaveLength(MAX_SHARES + 1);
      expect(teams.encoding.color.scale.domain.slice(0, 2)).toEqual(['B', 'A']);
      expect(teams.encoding.color.scale.domain[MAX_SHARES]).toBe('other (3 shares)');
      expect(spec.vconcat[1].vconcat[0].encoding.color.scale.domain).toEqual(['adhoc', 'nightly']);
      // The stacked vCPUs never exceed what the queue's environment can hold (16 vCPUs).
      const byT = new Map<number, number>();
      for (const r of teams.data.values as { t: number; vcpus: number }[]) byT.set(r.t, (byT.get(r.t) ?? 0) + r.vcpus);
      expect(Math.max(...byT.values())).toBeGreaterThan(0);
      expect(Math.max(...byT.values())).toBeLessThanOrEqual(16);
      const html = readFileSync(join(dir, 'report.html'), 'utf8');
      expect(html).toContain('id="chart-fair-share"');

      const before = filesOf(dir);
      rmSync(join(dir, 'charts'), { recursive: true });
      rmSync(join(dir, 'report.html'));
      const { charts } = await rerenderReport(dir);
      expect(charts).toContain('fair-share');
      const after = filesOf(dir);
      for (const f of ['charts/fair-share.vl.json', 'charts/fair-share.svg', 'report.html']) expect(after.get(f)!.equals(before.get(f)!), f).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is not drawn, nor listed as not drawn, for a run without fair share', async () => {
    const root = tempDir();
    try {
      const dir = join(root, 'run');
      await writeFullReport(twoQueueScenario(), dir);
      expect(existsSync(join(dir, 'charts', 'fair-share.vl.json'))).toBe(false);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).not.toContain('fair-share');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
