// events.jsonl (issue #5, spec §14.1): one "Batch Job State Change" envelope per transition (not
// the initial submission), in order, shaped like EventBridge's; "Batch Job Queue Blocked" for a
// blocked queue head; array children optional.
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JOB_STATUS_NAMES } from '../../src/model/jobs.js';
import { isoSecond } from '../../src/report/events.js';
import { loadScenario } from '../../src/scenario/load.js';
import { JobNames } from '../../src/sim/naming.js';
import { definition, job, managedCe, queue, scenario } from '../helpers/build.js';
import { issue3ScenarioArb } from '../invariants/random-scenario.js';
import { runAndRead, type WrittenFiles } from './helpers.js';

const RETRY_HEAVY = fileURLToPath(new URL('../../scenarios/retry-heavy.yaml', import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Detail {
  jobArn: string; jobName: string; jobId: string; jobQueue: string; status: string; statusReason?: string;
  attempts: { container: { exitCode?: number }; startedAt?: number; stoppedAt: number; statusReason: string }[];
  createdAt: number; startedAt?: number; stoppedAt?: number; dependsOn: { jobId: string }[]; jobDefinition: string;
  container: { vcpus: number; memory: number }; arrayProperties?: { size?: number; index?: number; statusSummary?: Record<string, number> };
}
interface Envelope {
  version: string; id: string; 'detail-type': string; source: string; account: string; time: string; region: string; resources: string[]; detail: Detail;
}

const stateChanges = (run: WrittenFiles) => (run.events as unknown as Envelope[]).filter((e) => e['detail-type'] === 'Batch Job State Change');

/** Every state-change envelope matches the transition it stands for, in order. */
function expectOnePerTransition(run: WrittenFiles, keep: (row: number) => boolean = () => true): void {
  const names = new JobNames(run.sim);
  const expected = run.transitions.filter((t) => t.from !== -1 && keep(t.row));
  const events = stateChanges(run);
  expect(events.length).toBe(expected.length);
  const start = Date.parse(run.summary.startTime);
  events.forEach((e, i) => {
    const t = expected[i];
    expect(e.detail.jobId).toBe(names.jobId(t.row));
    expect(e.detail.status).toBe(JOB_STATUS_NAMES[t.to]);
    expect(e.time).toBe(isoSecond(start + t.timeMs));
  });
}

describe('events.jsonl', () => {
  const run = runAndRead(loadScenario(RETRY_HEAVY), { events: true });

  it('has one Batch Job State Change per transition, none for the initial submission', () => {
    expect(run.transitions.length).toBeGreaterThan(1000);
    expectOnePerTransition(run);
  });

  it('uses the EventBridge envelope and a DescribeJobs-shaped detail', () => {
    const ids = new Set<string>();
    const jobs = new Map(run.jobs.map((j) => [j.jobId, j]));
    const start = Date.parse(run.summary.startTime);
    for (const e of run.events as unknown as Envelope[]) {
      expect(Object.keys(e)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
      expect(e.version).toBe('0');
      expect(e.source).toBe('aws.batch');
      expect(e.account).toBe('123456789012');
      expect(e.region).toBe('us-east-1');
      expect(e.id).toMatch(UUID);
      ids.add(e.id);
      expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const d = e.detail;
      expect(e.resources[0]).toBe(d.jobArn);
      expect(d.jobArn).toBe(`arn:aws:batch:us-east-1:123456789012:job/${d.jobId}`);
      expect(d.jobQueue).toBe('arn:aws:batch:us-east-1:123456789012:job-queue/work');
      expect(d.jobDefinition).toMatch(/^arn:aws:batch:us-east-1:123456789012:job-definition\/(flaky|slow):1$/);
      const row = jobs.get(d.jobId)!;
      expect(row, d.jobId).toBeDefined();
      expect(d.jobName).toBe(row.jobName);
      expect(d.createdAt).toBe(start + Math.round(Number(row.createdAt) * 1000));
      expect(d.container.vcpus).toBe(Number(row.vcpus));
      if (d.status === 'SUCCEEDED' || d.status === 'FAILED') expect(d.stoppedAt).toBeDefined();
      if (d.status === 'RUNNING') expect(isoSecond(d.startedAt!)).toBe(e.time);
      if (row.kind === 'ARRAY_CHILD') expect(d.arrayProperties).toEqual({ index: Number(row.arrayIndex) });
      if (row.kind === 'ARRAY_PARENT') {
        const summary = d.arrayProperties!.statusSummary!;
        expect(Object.values(summary).reduce((a, b) => a + b, 0)).toBe(d.arrayProperties!.size);
      }
    }
    expect(ids.size).toBe(run.events.length);
  });

  it("ends every job's events in its jobs.csv status, with its attempts listed", () => {
    const last = new Map<string, Detail>();
    for (const e of stateChanges(run)) last.set(e.detail.jobId, e.detail);
    const attempts = new Map<string, number>();
    for (const a of run.attempts) attempts.set(a.jobId, (attempts.get(a.jobId) ?? 0) + 1);
    for (const j of run.jobs) {
      const d = last.get(j.jobId)!;
      expect(d.status, j.jobId).toBe(j.status);
      if (j.kind !== 'ARRAY_PARENT') expect(d.attempts.length, j.jobId).toBe(attempts.get(j.jobId) ?? 0);
      if (j.statusReason) expect(d.statusReason).toBe(j.statusReason);
    }
    // Retries show the attempts that ended before.
    expect([...last.values()].some((d) => d.attempts.length > 1 && d.attempts[0].statusReason !== '')).toBe(true);
  });

  it('leaves array children out on request, keeping their parents with statusSummary', () => {
    const s = loadScenario(RETRY_HEAVY);
    const skipped = runAndRead(s, { events: true, eventsArrayChildLimit: 0 });
    const kinds = skipped.sim.jobs.kind.data;
    expectOnePerTransition(skipped, (row) => kinds[row] !== 2);
    expect(stateChanges(skipped).some((e) => e.detail.arrayProperties?.statusSummary)).toBe(true);
    // A limit above the arrays' sizes keeps everything.
    const kept = runAndRead(s, { events: true, eventsArrayChildLimit: 200 });
    expect(kept.events.length).toBe(run.events.length);
    const some = runAndRead(s, { events: true, eventsArrayChildLimit: 100 });
    expect(some.events.length).toBeLessThan(run.events.length);
    expect(some.events.length).toBeGreaterThan(skipped.events.length);
  });

  it('reports a blocked queue head as Batch Job Queue Blocked', () => {
    const big = definition('big', 2, 1_000_000, 60);
    const small = definition('small', 1, 1024, 60);
    const s = scenario({
      computeEnvironments: [managedCe('ce', ['c5.large'], { maxvCpus: 8 })],
      jobQueues: [queue('q', 1, ['ce'])],
      jobDefinitions: [big, small],
      jobs: [job('huge', 'q', big, 0), job('after', 'q', small, 1)],
    });
    const blockedRun = runAndRead(s, { events: true });
    const blocked = (blockedRun.events as unknown as Envelope[]).filter((e) => e['detail-type'] === 'Batch Job Queue Blocked');
    expect(blocked).toHaveLength(1);
    const e = blocked[0];
    expect(e.resources).toEqual([e.detail.jobArn, 'arn:aws:batch:us-east-1:123456789012:job-queue/q']);
    expect(e.detail.status).toBe('RUNNABLE');
    expect(e.detail.jobName).toBe('huge');
    expect(e.detail.statusReason).toMatch(/^MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT/);
    expectOnePerTransition(blockedRun);
  });

  it('random scenarios: one envelope per transition (fast-check, seed 5)', () => {
    fc.assert(
      fc.property(issue3ScenarioArb, (s) => {
        expectOnePerTransition(runAndRead(s, { events: true, metricsPeriodSeconds: 3600 }));
      }),
      { seed: 5, numRuns: 25 },
    );
  });
});
