// Invariants over random scenarios with the issue-3 features (random-scenario.ts,
// issue3RecipeArb): SPOT environments with every allocation strategy, pool shortages and outages,
// natural and forced interruptions, retry rules, timeouts, weighted exit codes, checkpoints,
// CancelJob/TerminateJob and a Fargate / Fargate Spot queue. Checked on what a user reads
// (jobs.csv, attempts.csv, instances.csv, summary.json) and on the live transition stream:
// - attempts per job ≤ retryStrategy.attempts (or 1); attempts.csv agrees with jobs.csv;
// - nothing follows a TIMED_OUT, TERMINATED or SUCCEEDED attempt; each outcome carries its
//   statusReason and exit code (INTERRUPTED: `Host EC2 (instance <its id>) terminated.` and none);
//   an attempt still under way when the guard horizon cuts the run has its row, ending at the
//   horizon, with no exit code and outcome UNFINISHED;
// - Spot rules: price within bidPercentage, maxInstances and outage windows respected, no job
//   placed on an instance after its interruption notice;
// - the cost ledger: Σ lines = total, each line's parts = its cost, Σ attempts.csv costUsd by
//   outcome = the ledger's, instances.csv agrees with the lines and with byPurchaseOption;
// - legal transitions only, never more held on an instance than it has (transitions.ts);
// - a child node of a multi-node job stopped by its main node's end carries the main node's
//   outcome and stoppedAt, exit 143 (none if it never ran), reason Main node exited;
// - same scenario and seed ⇒ byte-identical files.
// The fast-check seed is fixed so CI runs the same cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instanceType } from '../../src/market/catalog.js';
import type { Scenario } from '../../src/scenario/types.js';
import { MAIN_NODE_EXITED } from '../../src/sim/multi-node.js';
import { listPricePerHour } from './prices.js';
import {
  CALL_REASONS, ENABLED_KNOBS, GUARD_HORIZON_SECONDS, buildIssue3Scenario, issue3RecipeArb, ms, runRecorded, simulateBounded, writeAndRead,
  type CsvRow, type RunFiles,
} from './random-scenario.js';
import { TransitionChecker } from './transitions.js';

const PARAMS = { seed: 3, numRuns: 150 };
const GUARD_MS = GUARD_HORIZON_SECONDS * 1000;
const TIMEOUT_REASON = 'Job attempt duration exceeded timeout';
const FARGATE_SPOT_REASON = 'Your Spot Task was interrupted.';

function run(scenario: Scenario): RunFiles & { ended: boolean } {
  const sim = simulateBounded(scenario);
  return { ...writeAndRead(sim), ended: sim.endTime < GUARD_MS };
}

function groupBy(rows: CsvRow[], key: (r: CsvRow) => string): Map<string, CsvRow[]> {
  const m = new Map<string, CsvRow[]>();
  for (const r of rows) {
    const k = key(r);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(r);
  }
  return m;
}

const num = Number;
const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

/**
 * Which jobs a CancelJob/TerminateJob action reaches (`name`, or `name[i]` for one child; a name
 * alone covers every child of an array), and for TerminateJob the earliest cycle that carries one
 * out: the first cycle at or after `at` (every action asks for one).
 */
function callTargets(scenario: Scenario): { cancel: Set<string>; terminate: Set<string>; terminatedFrom: Map<string, number> } {
  const cancel = new Set<string>();
  const terminate = new Set<string>();
  const terminatedFrom = new Map<string, number>();
  const cycleMs = scenario.settings.schedulerCycleSeconds * 1000;
  for (const a of scenario.actions) {
    if (a.action !== 'CancelJob' && a.action !== 'TerminateJob') continue;
    const set = a.action === 'CancelJob' ? cancel : terminate;
    const name = scenario.jobs[a.job].jobName;
    const key = a.arrayIndex === null ? name : `${name}[${a.arrayIndex}]`;
    set.add(key);
    if (a.action === 'TerminateJob') {
      const effect = cycleMs > 0 ? Math.ceil(a.atMs / cycleMs) * cycleMs : a.atMs;
      terminatedFrom.set(key, Math.min(terminatedFrom.get(key) ?? Infinity, effect));
    }
  }
  return { cancel, terminate, terminatedFrom };
}

/** The main node row of the multi-node job a NODE row belongs to. */
function mainNodeOf(node: CsvRow, jobs: CsvRow[], mainNode: number): CsvRow {
  const id = `${node.jobId.slice(0, node.jobId.indexOf('#'))}#${mainNode}`;
  return jobs.find((x) => x.jobId === id)!;
}

function checkAttempts(scenario: Scenario, files: RunFiles): void {
  const { jobs, attempts, instances } = files;
  const submission = new Map(scenario.jobs.map((s) => [s.jobName, s]));
  const attemptsOf = groupBy(attempts, (a) => a.jobId);
  const instanceById = new Map(instances.map((i) => [i.instanceId, i]));
  const calls = callTargets(scenario);
  const enforcementMs = scenario.settings.timeoutEnforcementSeconds * 1000;

  for (const j of jobs) {
    if (j.kind === 'ARRAY_PARENT') continue;
    const who = `${j.jobName}[${j.arrayIndex}]${j.kind === 'NODE' ? j.jobId.slice(j.jobId.indexOf('#')) : ''} (${j.status})`;
    // A workload job takes its definition's retry strategy and timeout; a node, its job's.
    const sub = submission.get(j.jobName) ?? scenario.jobDefinitions.find((d) => `${d.jobDefinitionName}:${d.revision}` === j.jobDefinition)!;
    const allowed = sub.retryStrategy?.attempts ?? 1;
    const n = num(j.attempts);
    expect(n, `${who}: attempts ≤ retryStrategy.attempts`).toBeLessThanOrEqual(allowed);
    const logged = attemptsOf.get(j.jobId) ?? [];
    // A multi-node job's attempts are its nodes' (gangs.ts checks it against its main node).
    if (j.kind === 'MULTINODE') {
      expect(logged, `${who}: no attempt rows of its own`).toEqual([]);
      continue;
    }
    // A child node stopped as its main node ended: the main node's outcome, exit 143 (none if it
    // was still pulling), reason Main node exited. It is checked against the main node's attempt
    // and otherwise as that was; a child that ended alone, as any attempt, but may run again.
    const main = j.kind === 'NODE' ? mainNodeOf(j, jobs, submission.get(j.jobName)!.nodeProperties!.mainNode) : null;
    const child = main !== null && main !== j;
    // Only a horizon cut leaves a job STARTING or RUNNING; its attempt then has an UNFINISHED row.
    const inFlight = j.status === 'STARTING' || j.status === 'RUNNING' ? 1 : 0;
    expect(logged.length, `${who}: attempts.csv rows = jobs.csv attempts`).toBe(n);

    logged.forEach((a, k) => {
      const what = `${who} attempt ${a.attempt} (${a.outcome})`;
      expect(num(a.attempt), `${what}: numbered in order`).toBe(k + 1);
      const stoppedByMain = child && a.statusReason === MAIN_NODE_EXITED;
      if (stoppedByMain) {
        const m = (attemptsOf.get(main!.jobId) ?? []).find((x) => x.attempt === a.attempt)!;
        expect([a.outcome, a.stoppedAt, a.exitCode], `${what}: stopped with its main node's attempt`).toEqual([m.outcome, m.stoppedAt, a.startedAt === '' ? '' : '143']);
      }
      if (k + 1 < logged.length && (!child || stoppedByMain)) {
        expect(['TIMED_OUT', 'TERMINATED', 'SUCCEEDED'], `${what} is followed by another attempt`).not.toContain(a.outcome);
        expect(ms(logged[k + 1].placedAt)!, `${what}: the next attempt is placed after it stopped`).toBeGreaterThanOrEqual(ms(a.stoppedAt)!);
      }
      const inst = instanceById.get(a.instanceId)!;
      expect(inst, `${what}: instance ${a.instanceId} in instances.csv`).toBeDefined();
      if (stoppedByMain) return;
      switch (a.outcome) {
        case 'SUCCEEDED':
          expect(a.exitCode).toBe('0');
          break;
        case 'FAILED':
          if (a.statusReason.startsWith('CannotPullContainerError')) {
            // An image that could not be pulled: ended in STARTING, no exit code (docs/model.md).
            expect([a.startedAt, a.exitCode], `${what}: never ran, no exit code`).toEqual(['', '']);
            break;
          }
          expect(a.exitCode, `${what}: a failed container exit`).not.toBe('0');
          expect(a.exitCode).not.toBe('');
          break;
        case 'INTERRUPTED':
          expect(a.exitCode, `${what}: no exit code`).toBe('');
          expect(['SPOT', 'FARGATE_SPOT']).toContain(a.purchaseOption);
          expect(a.statusReason).toBe(a.purchaseOption === 'FARGATE_SPOT' ? FARGATE_SPOT_REASON : `Host EC2 (instance ${a.instanceId}) terminated.`);
          expect(inst.terminationReason, `${what}: its instance was reclaimed`).toBe('SPOT_INTERRUPTION');
          expect(ms(inst.terminatedAt), `${what}: ends when its instance is reclaimed`).toBe(ms(a.stoppedAt));
          break;
        case 'TIMED_OUT': {
          expect(a.exitCode).toBe('137');
          expect(a.statusReason).toBe(TIMEOUT_REASON);
          expect(a.startedAt, `${what}: timed out without running`).not.toBe('');
          expect(ms(a.stoppedAt)! - ms(a.startedAt)!, `${what}: stopped attemptDurationSeconds (+ enforcement) after RUNNING`)
            .toBe(sub.attemptDurationSeconds! * 1000 + enforcementMs);
          break;
        }
        case 'TERMINATED':
          expect(a.statusReason).toBe(CALL_REASONS.TerminateJob);
          expect(a.exitCode, `${what}: 143 if it was RUNNING, none if still STARTING`).toBe(a.startedAt === '' ? '' : '143');
          expect(
            calls.terminate.has(j.jobName) || calls.terminate.has(`${j.jobName}[${j.arrayIndex}]`),
            `${what} without a TerminateJob on it`,
          ).toBe(true);
          break;
        case 'UNFINISHED':
          expect(inFlight, `${what}: only a job still STARTING or RUNNING at the end has one`).toBe(1);
          expect(k, `${what}: its last attempt`).toBe(logged.length - 1);
          expect(a.exitCode, `${what}: no exit code`).toBe('');
          expect(ms(a.stoppedAt), `${what}: ends at the horizon that cut the run`).toBe(files.summary.endSeconds * 1000);
          break;
        default:
          throw new Error(`unknown outcome ${a.outcome}`);
      }
    });

    // Once a TerminateJob on it (or on its array) is carried out, the job gets no new attempt:
    // terminated jobs are never retried (spec §4.3, §13).
    const terminatedAt = Math.min(calls.terminatedFrom.get(j.jobName) ?? Infinity, calls.terminatedFrom.get(`${j.jobName}[${j.arrayIndex}]`) ?? Infinity);
    for (const a of logged) {
      expect(ms(a.placedAt)!, `${who} attempt ${a.attempt} placed after the TerminateJob carried out at ${terminatedAt} ms`).toBeLessThan(terminatedAt);
    }

    const last = logged.at(-1);
    if (j.status === 'SUCCEEDED') expect(last?.outcome, `${who}: its last attempt`).toBe('SUCCEEDED');
    if (last && inFlight === 0) {
      if (last.outcome === 'SUCCEEDED') expect(j.status).toBe('SUCCEEDED');
      if (last.outcome === 'TIMED_OUT' || last.outcome === 'TERMINATED') {
        expect(j.status, `${who}: after a ${last.outcome} attempt`).toBe('FAILED');
        expect(j.statusReason).toBe(last.statusReason);
      }
    }
    if (j.statusReason === CALL_REASONS.CancelJob) {
      expect(calls.cancel.has(j.jobName) || calls.cancel.has(`${j.jobName}[${j.arrayIndex}]`), `${who} cancelled without a CancelJob`).toBe(true);
    }
  }
}

function checkSpotRules(scenario: Scenario, files: RunFiles): void {
  const { instances, attempts } = files;
  const ceSpec = new Map(scenario.computeEnvironments.map((c) => [c.computeEnvironmentName, c]));
  const spotInstances = instances.filter((i) => i.purchaseOption === 'SPOT');
  for (const i of spotInstances) {
    const bid = ceSpec.get(i.computeEnvironment)!.computeResources!.bidPercentage;
    const od = instanceType(i.instanceType)!.onDemandUsdPerHour;
    expect(num(i.pricePerHour), `${i.instanceId} ${i.instanceType} Spot price within bidPercentage ${bid}`).toBeLessThanOrEqual((od * bid) / 100 + 1e-9);
  }
  for (const p of scenario.settings.spot.pools) {
    const ofType = spotInstances.filter((i) => i.instanceType === p.instanceType);
    for (const i of ofType) {
      const at = ms(i.launchedAt)!;
      for (const o of p.outages) {
        expect(at >= o.fromMs && at < o.toMs, `${i.instanceId} ${p.instanceType} launched at ${at} ms, in the outage [${o.fromMs}, ${o.toMs})`).toBe(false);
      }
    }
    if (p.maxInstances === null) continue;
    // Ends before starts at one instant.
    const events = ofType.flatMap((i) => [[ms(i.launchedAt)!, 1], [ms(i.terminatedAt)!, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let alive = 0;
    for (const [t, d] of events) {
      alive += d;
      expect(alive, `${p.instanceType} Spot instances alive at ${t} ms (maxInstances ${p.maxInstances})`).toBeLessThanOrEqual(p.maxInstances);
    }
  }
  // No job is placed on an EC2 Spot instance after its notice (noticeSeconds before its reclaim).
  const noticeMs = scenario.settings.spot.noticeSeconds * 1000;
  const reclaimed = new Map(spotInstances.filter((i) => i.terminationReason === 'SPOT_INTERRUPTION').map((i) => [i.instanceId, ms(i.terminatedAt)!]));
  for (const a of attempts) {
    const end = reclaimed.get(a.instanceId);
    if (end === undefined) continue;
    expect(ms(a.placedAt)!, `${a.jobId} attempt ${a.attempt} placed on ${a.instanceId} after its notice`).toBeLessThan(end - noticeMs + (noticeMs === 0 ? 1 : 0));
  }
}

/** Every instance and task billed billedSeconds × its catalog price (prices.ts), not a price read off its own cost. */
function checkPrices(scenario: Scenario, files: RunFiles): void {
  const { instances, attempts, jobs } = files;
  // A Fargate task is priced by the architecture of the job definition it ran.
  const defArch = new Map(scenario.jobDefinitions.map((d) => [`${d.jobDefinitionName}:${d.revision}`, d.cpuArchitecture === 'ARM64' ? 'arm64' as const : 'x86_64' as const]));
  const jobDef = new Map(jobs.map((j) => [j.jobId, j.jobDefinition]));
  const archOf = new Map(attempts.map((a) => [a.instanceId, defArch.get(jobDef.get(a.jobId)!)!]));
  // A Fargate task is billed from the start of its image download, startSeconds after placement
  // (pricing §1.2): one stopped by then (a Fargate Spot reclaim while provisioning) costs nothing.
  const fargateStartMs = Math.round(scenario.settings.fargate.startSeconds * 1000);
  for (const i of instances) {
    const price = listPricePerHour(scenario, i, archOf.get(i.instanceId) ?? 'x86_64');
    const cost = (num(i.billedSeconds) * price) / 3600;
    if (i.instanceType === 'FARGATE' && ms(i.terminatedAt)! <= ms(i.launchedAt)! + fargateStartMs) {
      expect(num(i.billedSeconds), `${i.instanceId}: a task stopped before its image download is not billed`).toBe(0);
    } else {
      expect(num(i.billedSeconds), `${i.instanceId} billedSeconds ≥ 60`).toBeGreaterThanOrEqual(60);
    }
    expect(close(num(i.costUsd), cost, 1e-9 * Math.max(1, cost)), `${i.instanceId} ${i.purchaseOption} ${i.instanceType}: costUsd ${i.costUsd} vs ${i.billedSeconds} s × ${price} USD/h`).toBe(true);
  }
}

function checkLedger(files: RunFiles): void {
  const { instances, attempts, summary } = files;
  const ledger = summary.cost.ledger;
  const tol = 1e-6;
  const key = (ce: string, po: string) => `${ce}\u0000${po}`;
  const lineTotal = ledger.reduce((s, l) => s + l.costUsd, 0);
  expect(close(lineTotal, summary.cost.totalUsd, tol * (ledger.length + 1)), `Σ ledger costUsd ${lineTotal} = totalUsd ${summary.cost.totalUsd}`).toBe(true);

  const instByLine = groupBy(instances, (i) => key(i.computeEnvironment, i.purchaseOption));
  const attByLine = groupBy(attempts, (a) => key(a.computeEnvironment, a.purchaseOption));
  const FIELD: Record<string, 'usefulUsd' | 'failedUsd' | 'interruptedUsd' | 'timedOutUsd' | 'terminatedUsd' | 'unfinishedUsd'> = {
    SUCCEEDED: 'usefulUsd', FAILED: 'failedUsd', INTERRUPTED: 'interruptedUsd', TIMED_OUT: 'timedOutUsd', TERMINATED: 'terminatedUsd',
    UNFINISHED: 'unfinishedUsd',
  };
  expect(ledger.length, 'one ledger line per (environment, purchase option) with instances').toBe(instByLine.size);
  for (const l of ledger) {
    const where = `ledger ${l.computeEnvironment}/${l.purchaseOption}`;
    const parts = l.usefulUsd + l.interruptedUsd + l.timedOutUsd + l.failedUsd + l.terminatedUsd + l.unfinishedUsd + l.idleUsd + l.unallocatedUsd;
    expect(close(parts, l.costUsd, 8 * tol), `${where}: parts ${parts} sum to costUsd ${l.costUsd} (${JSON.stringify(l)})`).toBe(true);
    for (const f of ['usefulUsd', 'interruptedUsd', 'timedOutUsd', 'failedUsd', 'terminatedUsd', 'unfinishedUsd', 'idleUsd', 'unallocatedUsd'] as const) {
      expect(l[f], `${where}.${f} ≥ 0`).toBeGreaterThanOrEqual(0);
    }
    const insts = instByLine.get(key(l.computeEnvironment, l.purchaseOption)) ?? [];
    expect(l.instances, `${where}: instances`).toBe(insts.length);
    expect(l.billedSeconds, `${where}: billedSeconds`).toBe(insts.reduce((s, i) => s + num(i.billedSeconds), 0));
    expect(close(l.costUsd, insts.reduce((s, i) => s + num(i.costUsd), 0), tol), `${where}: costUsd = Σ instances.csv costUsd`).toBe(true);
    expect(close(l.idleUsd, insts.reduce((s, i) => s + num(i.idleUsd), 0), tol), `${where}: idleUsd = Σ instances.csv idleUsd`).toBe(true);
    for (const i of insts) expect(num(i.busySeconds), `${i.instanceId} busySeconds ≥ 0`).toBeGreaterThanOrEqual(0);
    type OutcomeField = (typeof FIELD)[string];
    const byOutcome: Record<OutcomeField, number> = { usefulUsd: 0, failedUsd: 0, interruptedUsd: 0, timedOutUsd: 0, terminatedUsd: 0, unfinishedUsd: 0 };
    for (const a of attByLine.get(key(l.computeEnvironment, l.purchaseOption)) ?? []) byOutcome[FIELD[a.outcome]] += num(a.costUsd);
    for (const f of Object.keys(byOutcome) as OutcomeField[]) {
      expect(close(l[f], byOutcome[f], tol), `${where}.${f} ${l[f]} = Σ attempts.csv costUsd ${byOutcome[f]}`).toBe(true);
    }
  }
  for (const i of instances) {
    expect(num(i.busySeconds), `${i.instanceId} busySeconds ≤ billedSeconds`).toBeLessThanOrEqual(num(i.billedSeconds));
    expect(num(i.idleUsd)).toBeGreaterThanOrEqual(0);
    expect(num(i.idleUsd)).toBeLessThanOrEqual(num(i.costUsd) + 1e-12);
  }
  // byPurchaseOption = instances.csv by purchase option.
  const byPo = groupBy(instances, (i) => i.purchaseOption);
  expect(Object.keys(summary.cost.byPurchaseOption).sort()).toEqual([...byPo.keys()].sort());
  for (const [po, rows] of byPo) {
    const usd = rows.reduce((s, i) => s + num(i.costUsd), 0);
    expect(close(summary.cost.byPurchaseOption[po as keyof typeof summary.cost.byPurchaseOption]!, usd, tol), `byPurchaseOption.${po}`).toBe(true);
  }
  const w = summary.cost.wastedUsd;
  const sum = (f: (l: (typeof ledger)[number]) => number) => ledger.reduce((s, l) => s + f(l), 0);
  expect(close(w.interrupted, sum((l) => l.interruptedUsd), tol * (ledger.length + 1))).toBe(true);
  expect(close(w.timedOut, sum((l) => l.timedOutUsd), tol * (ledger.length + 1))).toBe(true);
  expect(close(w.failed, sum((l) => l.failedUsd), tol * (ledger.length + 1))).toBe(true);
  expect(close(w.terminated, sum((l) => l.terminatedUsd), tol * (ledger.length + 1))).toBe(true);
  expect(close(w.idle, sum((l) => l.idleUsd), tol * (ledger.length + 1))).toBe(true);
  expect(close(w.total, w.interrupted + w.timedOut + w.failed + w.terminated + w.idle, 6 * tol)).toBe(true);
  // Attempts by outcome in the summary.
  const counts: Record<string, number> = { SUCCEEDED: 0, FAILED: 0, INTERRUPTED: 0, TIMED_OUT: 0, TERMINATED: 0, UNFINISHED: 0 };
  for (const a of attempts) counts[a.outcome]++;
  expect(summary.attemptsByOutcome).toEqual(counts);
  expect(summary.spotInterruptions).toBe(instances.filter((i) => i.terminationReason === 'SPOT_INTERRUPTION').length);
}

describe('random scenarios with Spot, retries, timeouts, interruptions, cancels and Fargate', () => {
  it('keeps attempts within the retry strategy, with the right outcome, reason and exit code, and nothing after a final one', () => {
    fc.assert(
      fc.property(issue3RecipeArb, (recipe) => {
        const scenario = buildIssue3Scenario(recipe);
        const files = run(scenario);
        checkAttempts(scenario, files);
        checkSpotRules(scenario, files);
      }),
      PARAMS,
    );
  });

  it('bills billed seconds × the catalog price (on-demand, Spot savings, Fargate rates) and keeps the cost ledger consistent with instances.csv, attempts.csv and the summary', () => {
    fc.assert(
      fc.property(issue3RecipeArb, (recipe) => {
        const scenario = buildIssue3Scenario(recipe);
        const files = run(scenario);
        checkPrices(scenario, files);
        checkLedger(files);
      }),
      PARAMS,
    );
  });

  it('makes only legal transitions and never holds more than an instance (or task) has (nodes alone on theirs)', () => {
    fc.assert(
      fc.property(issue3RecipeArb, (recipe) => {
        const scenario = buildIssue3Scenario(recipe);
        const checker = new TransitionChecker({ sameRunnable: !ENABLED_KNOBS.includes('nodeStateChanges'), noNotice: true });
        const { sim } = runRecorded(scenario, { watch: checker.watch });
        checker.finish(sim, sim.endTime < GUARD_MS);
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it('writes byte-identical files for the same scenario and seed, interruptions included', () => {
    fc.assert(
      fc.property(issue3RecipeArb, (recipe) => {
        const scenario = buildIssue3Scenario(recipe);
        const a = writeAndRead(simulateBounded(scenario));
        const b = writeAndRead(simulateBounded(scenario));
        expect([...b.bytes.keys()]).toEqual([...a.bytes.keys()]);
        for (const [file, bytes] of a.bytes) expect(bytes.equals(b.bytes.get(file)!), `${file} differs between two runs`).toBe(true);
      }),
      { seed: 3, numRuns: 40 },
    );
  });

  it('exercises what it claims to (interruptions, timeouts, terminations, Fargate Spot in the sample)', () => {
    // Guards against a generator change that silently stops producing the interesting cases.
    // (Interruptions drawn from the hazard are rare in runs of a few hours even at the highest
    // monthly rate; spot-interruption.test.ts pins one down exactly.)
    const seen: Record<string, number> = { INTERRUPTED: 0, TIMED_OUT: 0, TERMINATED: 0, FAILED: 0, FARGATE_SPOT: 0, SPOT: 0 };
    fc.assert(
      fc.property(issue3RecipeArb, (recipe) => {
        const scenario = buildIssue3Scenario(recipe);
        const sim = simulateBounded(scenario);
        const { attempts, instances } = writeAndRead(sim);
        for (const a of attempts) if (a.outcome in seen) seen[a.outcome]++;
        for (const i of instances) if (i.purchaseOption in seen) seen[i.purchaseOption]++;
      }),
      { seed: 3, numRuns: 60 },
    );
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  });
});
