// What "a run ends with its work" means for a generated scenario (issue 8), checked on what a
// user reads (summary.json, jobs.csv): every job SUCCEEDED or FAILED, or left waiting for a reason
// a user can see, and the run's end no later than the last job activity plus what scale-in takes —
// not when a Spot market happens to take an idle minvCpus instance, nor at the guard horizon.
import { expect } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { ENABLED_KNOBS, GUARD_HORIZON_SECONDS } from './recipe.js';
import { ms, type CsvRow, type RunFiles } from './run-files.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED']);
/** AWS's queue-blocked reasons: `MISCONFIGURATION:…` or `CAPACITY:…`, a code then ` - ` and text. */
const BLOCKED_REASON = /^(MISCONFIGURATION|CAPACITY):[A-Z_]+ - ./;

/**
 * How long after the last job activity a run may still go on: a launch already under way becomes
 * ready (launch latency), idles for the scale-down delay and is scaled in at a cycle; one more
 * cycle for good measure.
 */
export function endSlackMs(s: Scenario): number {
  const st = s.settings;
  return (2 * st.schedulerCycleSeconds + st.instanceLaunchSeconds.max + st.idleScaleDownSeconds + 1) * 1000;
}

/** The last job activity: a submission, a state change recorded in jobs.csv, or a timed action. */
function lastActivityMs(s: Scenario, jobs: CsvRow[]): number {
  let last = 0;
  for (const j of jobs) for (const c of [j.createdAt, j.runnableAt, j.startedAt, j.stoppedAt]) last = Math.max(last, ms(c) ?? 0);
  for (const a of s.actions) last = Math.max(last, a.atMs);
  return last;
}

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
  const queuesWithRunnable = new Set<string>();
  const queuesReported = new Set<string>();
  for (const j of jobs) {
    const who = `${j.jobName}[${j.arrayIndex}] ${j.status}`;
    if (TERMINAL.has(j.status)) continue;
    switch (j.status) {
      case 'RUNNABLE':
        queuesWithRunnable.add(j.jobQueue);
        if (BLOCKED_REASON.test(j.statusReason)) queuesReported.add(j.jobQueue);
        break;
      case 'PENDING': {
        // Waiting for a job that is itself not done (a dependency, or an array's children).
        const waitsOn = [...(j.dependsOn === '' ? [] : j.dependsOn.split(';')), ...(childrenOf.get(j.jobId) ?? []).map((c) => c.jobId)];
        expect(waitsOn.some((id) => !TERMINAL.has(byId.get(id)!.status)), `${who} waits on nothing left to finish`).toBe(true);
        break;
      }
      default:
        throw new Error(`${who}: the run ended with a job ${j.status} (at ${summary.endSeconds} s)`);
    }
  }
  // Every queue left with RUNNABLE jobs says why: its blocked head carries AWS's reason.
  if (ENABLED_KNOBS.includes('blockedReasons')) for (const q of queuesWithRunnable) {
    expect(queuesReported.has(q), `queue ${q} has RUNNABLE jobs left but none with a blocked statusReason`).toBe(true);
  }
  const endMs = Math.round(summary.endSeconds * 1000);
  const last = lastActivityMs(s, jobs);
  const slack = endSlackMs(s);
  expect(endMs, `run ends at ${summary.endSeconds} s, the guard horizon`).toBeLessThan(GUARD_HORIZON_SECONDS * 1000);
  expect(endMs, `run ends at ${summary.endSeconds} s, ${(endMs - last) / 1000} s after the last job activity at ${last / 1000} s (allowed ${slack / 1000} s)`)
    .toBeLessThanOrEqual(last + slack);
}
