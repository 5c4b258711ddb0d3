// The order a fair-share queue serves its shares in, checked exactly where that is tractable:
// scenarios where every job needs the whole fleet — one UNMANAGED instance of V vCPUs, every job
// V vCPUs — so one job runs at a time and each start is one decision of the queue. At the instant
// t a job starts in the fair-share queue `fs`:
// - no share holds anything (the last job ended at or before t), so each share's key is
//   weight(t) × H(t) (docs/model.md: weight × (H + τ·r), r = 0), with H recomputed from
//   attempts.csv (fair-share-checks.ts, the policy's window, updates included) and the weight from
//   the policy in force (a trailing-* entry × the active identifiers it covers);
// - the jobs waiting are those RUNNABLE at t by jobs.csv and attempts.csv: from runnableAt (the
//   cycle makes jobs RUNNABLE before it places any, and these scenarios have no dependencies) or
//   from a failed attempt's end (a retry is re-queued as the attempt ends, before any cycle) up to
//   the next placement;
// - the started job's share has the lowest key among the shares with a job waiting; on an exact
//   tie (two shares that never ran: H = 0) the share whose head job was re-queued more recently,
//   else submitted earlier, goes first (equal times: not decidable from the files, not checked);
//   keys within a relative 1e-9 of each other otherwise are ties whose order floating point decides;
// - within its share the started job is the head: highest schedulingPriority, then re-queued
//   jobs (the most recent first), then by createdAt (children of one array by index).
// A second, FIFO queue may share the fleet: its starts are not the fair-share queue's decisions.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ActionSpec, JobQueueSpec, JobSubmission, Scenario } from '../../src/scenario/types.js';
import { TEST_SETTINGS, definition, fixedFleetCe, job, queue, scenario, slotShape } from '../helpers/build.js';
import { activeShares, policyAt, policyTimeline, usageAt, weightAt, type Held } from './fair-share-checks.js';
import { SHARE_POOL, fairsharePolicyOf, policyRecipeArb, type PolicyRecipe } from './fair-share-recipe.js';
import { ms, type CsvRow, type RunFiles } from './run-files.js';

export interface FairShareOrderRecipe {
  seed: number;
  vcpus: number;
  cycle: number;
  pull: number;
  policies: [PolicyRecipe, PolicyRecipe];
  /** A FIFO queue on the same fleet, above or below the fair-share queue. */
  fifo: 'above' | 'below' | null;
  jobs: { submitAtMs: number; share: number; priority: number | null; arraySize: number; seconds: number; exitCode: number; attempts: number; fifo: boolean }[];
  updates: { atMs: number; switchQueue: boolean; policy: PolicyRecipe }[];
}

export const fairShareOrderRecipeArb: fc.Arbitrary<FairShareOrderRecipe> = fc.record({
  seed: fc.nat(1_000_000),
  vcpus: fc.constantFrom(1, 2, 4),
  cycle: fc.constantFrom(0, 5, 10),
  pull: fc.constantFrom(0, 15),
  policies: fc.tuple(policyRecipeArb, policyRecipeArb),
  fifo: fc.constantFrom<'above' | 'below' | null>(null, null, 'above', 'below'),
  jobs: fc.array(fc.record({
    submitAtMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_200_000 })),
    share: fc.nat(SHARE_POOL.length - 1),
    priority: fc.oneof(fc.constant(null), fc.constantFrom(0, 1, 5, 9)),
    arraySize: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) }),
    seconds: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 60, max: 600 })),
    exitCode: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }),
    attempts: fc.constantFrom(0, 0, 2, 3),
    fifo: fc.boolean(),
  }), { minLength: 2, maxLength: 16 }),
  updates: fc.array(fc.record({ atMs: fc.integer({ min: 0, max: 3_000_000 }), switchQueue: fc.boolean(), policy: policyRecipeArb }), { maxLength: 2 }),
});

export function buildFairShareOrderScenario(r: FairShareOrderRecipe): Scenario {
  const work = definition('work', r.vcpus, 512, 60, { image: 'work' });
  const queues: JobQueueSpec[] = [{ ...queue('fs', 5, ['fleet']), schedulingPolicy: 'p0' }];
  if (r.fifo) queues.push(queue('ff', r.fifo === 'above' ? 9 : 1, ['fleet']));
  const sorted = r.jobs.map((j, k) => ({ j, k })).sort((a, b) => a.j.submitAtMs - b.j.submitAtMs || a.k - b.k).map((x) => x.j);
  const jobs: JobSubmission[] = sorted.map((j, i) => {
    const fifo = r.fifo !== null && j.fifo;
    return job(`j${i}`, fifo ? 'ff' : 'fs', work, 0, {
      submitAtMs: j.submitAtMs, arraySize: j.arraySize,
      retryStrategy: j.attempts === 0 ? null : { attempts: j.attempts, evaluateOnExit: [] },
      simulation: { ...work.simulation, duration: { distribution: 'fixed', value: j.seconds }, exitCode: j.exitCode },
      ...(fifo ? {} : { shareIdentifier: SHARE_POOL[j.share] }),
      ...(j.priority === null ? {} : { schedulingPriority: j.priority }),
    });
  });
  const actions: ActionSpec[] = r.updates.map((u) => (u.switchQueue
    ? { atMs: u.atMs, action: 'UpdateJobQueue', jobQueue: 'fs', state: null, priority: null, computeEnvironmentOrder: null, schedulingPolicy: 'p1' }
    : { atMs: u.atMs, action: 'UpdateSchedulingPolicy', schedulingPolicy: 'p0', fairsharePolicy: fairsharePolicyOf(u.policy) }));
  actions.sort((a, b) => a.atMs - b.atMs);
  return scenario({
    name: 'fair-share-order', seed: r.seed,
    settings: { ...TEST_SETTINGS, schedulerCycleSeconds: r.cycle, imagePullSeconds: r.pull, cachedImageStartSeconds: 0 },
    schedulingPolicies: r.policies.map((p, i) => ({ name: `p${i}`, fairsharePolicy: fairsharePolicyOf(p) })),
    computeEnvironments: [fixedFleetCe('fleet', [slotShape(r.vcpus, 4096)])],
    jobQueues: queues, jobDefinitions: [work], jobs, actions,
  });
}

/** A stretch a job waited RUNNABLE: [from, to); `requeued` when it began with a failed attempt's end. */
interface Wait { job: CsvRow; from: number; to: number; requeued: boolean }

function waitsOf(j: CsvRow, attempts: CsvRow[]): Wait[] {
  const out: Wait[] = [];
  const terminalAt = j.status === 'SUCCEEDED' || j.status === 'FAILED' ? ms(j.stoppedAt)! : Infinity;
  let from = ms(j.runnableAt);
  let requeued = false;
  for (const a of attempts) {
    if (from !== null) out.push({ job: j, from, to: ms(a.placedAt)!, requeued });
    from = ms(a.stoppedAt)!;
    requeued = true;
  }
  if (from !== null && from < terminalAt) out.push({ job: j, from, to: terminalAt, requeued });
  return out;
}

/** −1: a before b, 1: b before a, 0: not decidable from the files. By the heap key after priority (re-queued, most recent first; then createdAt). */
function compareKey2(a: Wait, b: Wait): number {
  if (a.requeued !== b.requeued) return a.requeued ? -1 : 1;
  if (a.requeued) return Math.sign(b.from - a.from);
  const d = ms(a.job.createdAt)! - ms(b.job.createdAt)!;
  if (d !== 0) return Math.sign(d);
  // Children of one array are consecutive rows in index order.
  if (a.job.kind === 'ARRAY_CHILD' && a.job.arrayJobId === b.job.arrayJobId) return Math.sign(Number(a.job.arrayIndex) - Number(b.job.arrayIndex));
  return 0;
}

export interface OrderStats { starts: number; contested: number; decidedByKey: number; tieBreaks: number; withinShare: number }

export function checkFairShareOrder(s: Scenario, files: RunFiles, stats: OrderStats): void {
  const timeline = policyTimeline(s, 'fs')!;
  const priority = new Map(s.jobs.map((j) => [j.jobName, j.schedulingPriority ?? 0]));
  const rows = files.jobs.filter((j) => j.jobQueue === 'fs');
  const attemptsOf = new Map<string, CsvRow[]>();
  for (const a of files.attempts) attemptsOf.set(a.jobId, [...(attemptsOf.get(a.jobId) ?? []), a]);
  const waits = rows.filter((j) => j.kind !== 'ARRAY_PARENT').flatMap((j) => waitsOf(j, attemptsOf.get(j.jobId) ?? []));
  const held = new Map<string, Held[]>();
  for (const j of rows) {
    for (const a of attemptsOf.get(j.jobId) ?? []) held.set(j.shareIdentifier, [...(held.get(j.shareIdentifier) ?? []), { from: ms(a.placedAt)!, to: ms(a.stoppedAt)!, vcpus: Number(a.vcpus) }]);
  }
  const prio = (w: Wait) => priority.get(w.job.jobName)!;
  for (const j of rows) {
    for (const a of attemptsOf.get(j.jobId) ?? []) {
      const t = ms(a.placedAt)!;
      const what = `${j.jobName}[${j.arrayIndex}] (share ${j.shareIdentifier}) attempt ${a.attempt} at ${t / 1000} s`;
      const chosen = waits.find((w) => w.job === j && w.to === t);
      expect(chosen, `${what}: was waiting RUNNABLE until then`).toBeDefined();
      const waiting = [chosen!, ...waits.filter((w) => w.from <= t && t < w.to && w.job !== j)];
      stats.starts++;
      const policy = policyAt(timeline, t);
      const active = activeShares(rows, t, timeline);
      const keyOf = new Map<string, number>();
      for (const w of waiting) {
        const id = w.job.shareIdentifier;
        if (!keyOf.has(id)) keyOf.set(id, weightAt(policy, id, active) * usageAt(held.get(id) ?? [], t, timeline));
      }
      const mine = keyOf.get(j.shareIdentifier)!;
      // A share's head job: its highest priority, then the first by the heap key (null when the
      // files cannot tell which of two comes first).
      const head = (id: string): Wait | null => {
        const mine = waiting.filter((w) => w.job.shareIdentifier === id);
        const top = Math.max(...mine.map(prio));
        const first = mine.filter((w) => prio(w) === top);
        return first.find((w) => first.every((x) => x === w || compareKey2(w, x) === -1)) ?? null;
      };
      const keys = [...keyOf.entries()].map(([id, k]) => `${id}: ${k}`).join(', ');
      if (keyOf.size > 1) stats.contested++;
      for (const [id, key] of keyOf) {
        if (id === j.shareIdentifier) continue;
        // Relative: a share that ran long ago with a short window has an H of 1e-200 (or 0 once
        // e^{−Δ/τ} underflows, in both computations alike), still below one that ran later.
        const tie = Math.abs(key - mine) <= 1e-9 * Math.max(Math.abs(key), Math.abs(mine)) + 1e-300;
        if (!tie) {
          expect(mine, `${what}: share keys weight × H {${keys}}: the lowest goes first`).toBeLessThan(key);
          stats.decidedByKey++;
        } else if (key === 0 && mine === 0) {
          const other = head(id);
          const order = other === null ? 0 : compareKey2(other, chosen!);
          if (order !== 0) stats.tieBreaks++;
          expect(order, `${what}: tie at 0 with share ${id}, whose head ${other?.job.jobName}[${other?.job.arrayIndex}] came first`).not.toBe(-1);
        }
      }
      // Within its share: the head (priority, then re-queued most recent first, then createdAt).
      for (const w of waiting) {
        if (w === chosen || w.job.shareIdentifier !== j.shareIdentifier) continue;
        stats.withinShare++;
        const who = `${what}: before ${w.job.jobName}[${w.job.arrayIndex}] (priority ${prio(w)}, ${w.requeued ? 're-queued' : 'created'} at ${(w.requeued ? w.from : ms(w.job.createdAt)!) / 1000} s)`;
        expect(prio(w), `${who}, its own priority ${prio(chosen!)}`).toBeLessThanOrEqual(prio(chosen!));
        if (prio(w) === prio(chosen!)) expect(compareKey2(w, chosen!), `${who}, ${chosen!.requeued ? 're-queued' : 'created'} at ${(chosen!.requeued ? chosen!.from : ms(j.createdAt)!) / 1000} s`).not.toBe(-1);
      }
    }
  }
}
