// What "a run ends with its work" means for a generated scenario (issue 8), checked on what a
// user reads (summary.json, jobs.csv): every job SUCCEEDED or FAILED, or left waiting for a reason
// a user can see, and the run's end no later than the last job activity plus what scale-in takes —
// not when a Spot market happens to take an idle minvCpus instance. With a horizon (the generator
// sets a guard horizon of two days), minvCpus capacity may be held up to it, and nothing else.
import { expect } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { parentIdOf } from './gangs.js';
import { ms, type CsvRow, type RunFiles } from './run-files.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED']);
/** AWS's queue-blocked reasons: `MISCONFIGURATION:…` or `CAPACITY:…`, a code then ` - ` and text. */
const BLOCKED_REASON = /^(MISCONFIGURATION|CAPACITY):[A-Z_]+ - ./;

/**
 * How long after the last job activity a run may still go on: a launch already under way becomes
 * ready (launch latency), idles for the scale-down delay and is scaled in at a cycle; one more
 * cycle for good measure. Or, while a job still waits (the work has not ended), an interruption
 * noticed then is carried out a notice later (docs/model.md "The end of a run").
 */
export function endSlackMs(s: Scenario): number {
  const st = s.settings;
  const scaleIn = 2 * st.schedulerCycleSeconds + st.instanceLaunchSeconds.max + st.idleScaleDownSeconds + 1;
  return Math.max(scaleIn, st.spot.noticeSeconds) * 1000;
}

/** The last job activity: a submission, a state change recorded in jobs.csv, or a timed action. */
function lastActivityMs(s: Scenario, jobs: CsvRow[]): number {
  let last = 0;
  for (const j of jobs) for (const c of [j.createdAt, j.runnableAt, j.startedAt, j.stoppedAt]) last = Math.max(last, ms(c) ?? 0);
  for (const a of s.actions) last = Math.max(last, a.atMs);
  return last;
}

/**
 * The run ended with its work: no job SUBMITTED or mid-attempt, a PENDING job only while it waits
 * on a job that is not done (a dependency, or an array parent's children), a node of a multi-node
 * job not done only while its job waits (SUBMITTED while its gang was never placed, RUNNABLE after
 * a retry), and the end no later than the last job activity plus endSlackMs (and before the guard
 * horizon).
 */
export function checkRunEnds(s: Scenario, files: RunFiles): void {
  const { jobs, summary } = files;
  const byId = new Map(jobs.map((j) => [j.jobId, j]));
  const childrenOf = new Map<string, CsvRow[]>();
  for (const j of jobs) {
    if (j.kind !== 'ARRAY_CHILD') continue;
    let list = childrenOf.get(j.arrayJobId);
    if (!list) childrenOf.set(j.arrayJobId, (list = []));
    list.push(j);
  }
  for (const j of jobs) {
    const who = `${j.jobName}[${j.arrayIndex}] ${j.status}`;
    if (j.kind === 'NODE' && !TERMINAL.has(j.status)) {
      const parent = byId.get(parentIdOf(j.jobId))!;
      const waits = parent.status === 'RUNNABLE' ? ['SUBMITTED', 'RUNNABLE'] : parent.status === 'PENDING' ? ['SUBMITTED'] : [];
      expect(waits, `node ${j.jobId} ${j.status} at the end, its job ${parent.status}`).toContain(j.status);
      continue;
    }
    if (TERMINAL.has(j.status) || j.status === 'RUNNABLE') continue;
    if (j.status !== 'PENDING') throw new Error(`${who}: the run ended with a job ${j.status} (at ${summary.endSeconds} s)`);
    const waitsOn = [...(j.dependsOn === '' ? [] : j.dependsOn.split(';')), ...(childrenOf.get(j.jobId) ?? []).map((c) => c.jobId)];
    expect(waitsOn.some((id) => !TERMINAL.has(byId.get(id)!.status)), `${who} waits on nothing left to finish`).toBe(true);
  }
  const endMs = Math.round(summary.endSeconds * 1000);
  const last = lastActivityMs(s, jobs);
  const slack = endSlackMs(s);
  const horizon = s.settings.horizonSeconds === null ? null : Math.round(s.settings.horizonSeconds * 1000);
  if (endMs === horizon) {
    // With a horizon, capacity kept for minvCpus is billed up to it (issue 8): the run may go on
    // to the horizon holding only that, with nothing launched, scaled in or interrupted after the
    // work, and never because work was still going on.
    const minvCpus = new Map(s.computeEnvironments.map((c) => [c.computeEnvironmentName, c.computeResources?.minvCpus ?? 0]));
    for (const i of files.instances) {
      const what = `run held to the horizon (${summary.endSeconds} s), last job activity at ${last / 1000} s: ${i.instanceId} of ${i.computeEnvironment}`;
      for (const [field, t] of [['launchedAt', ms(i.launchedAt)], ['terminatedAt', ms(i.terminatedAt)]] as const) {
        if (t !== null && t > last + slack && t < endMs) throw new Error(`${what}: ${field} ${t / 1000} s`);
      }
      if (ms(i.terminatedAt) === endMs && ms(i.launchedAt)! > 0) expect(minvCpus.get(i.computeEnvironment), `${what} is kept to the horizon`).toBeGreaterThan(0);
    }
    return;
  }
  expect(endMs, `run ends at ${summary.endSeconds} s, ${(endMs - last) / 1000} s after the last job activity at ${last / 1000} s (allowed ${slack / 1000} s)`)
    .toBeLessThanOrEqual(last + slack);
}

/** Every job queue left with RUNNABLE jobs says why: one of them (its blocked head) carries AWS's blocked statusReason. */
export function checkBlockedReasons(files: RunFiles): void {
  const withRunnable = new Set<string>();
  const reported = new Set<string>();
  for (const j of files.jobs) {
    if (j.status !== 'RUNNABLE') continue;
    withRunnable.add(j.jobQueue);
    if (BLOCKED_REASON.test(j.statusReason)) reported.add(j.jobQueue);
  }
  for (const q of withRunnable) expect(reported.has(q), `queue ${q} has RUNNABLE jobs left but none with a blocked statusReason`).toBe(true);
}
