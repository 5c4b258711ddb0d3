// What a run with multi-node parallel jobs writes (docs/outputs.md, docs/model.md "Multi-node
// parallel jobs"): jobs.csv and attempts.csv have the MULTINODE job and a NODE row per node
// (`<jobId>#<n>`); summary.json and metrics.csv count the job once; events.jsonl carries
// nodeProperties and nodeDetails; `batchsim chart DIR` redraws the same report from the files.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateRecorded } from '../../src/metrics/recorder.js';
import { rerenderReport, writeReport } from '../../src/report/write-run.js';
import type { NodePropertiesSpec, Scenario } from '../../src/scenario/types.js';
import { definition, job, managedCe, queue, scenario, TEST_SETTINGS } from '../helpers/build.js';
import { filesOf } from './helpers.js';

type Row = Record<string, string>;
const csv = (file: string): Row[] => parse(readFileSync(file), { columns: true });

function mnpScenario(): Scenario {
  const mpi = definition('mpi', 4, 4096, 600, { type: 'multinode' });
  // The main node fails its first attempt and the job is retried: every node runs twice.
  mpi.simulation = { ...mpi.simulation, exitCodes: [{ exitCode: 1, weight: 1 }] };
  const plain = definition('plain', 2, 2048, 300);
  const nodes: NodePropertiesSpec = {
    numNodes: 3, mainNode: 1, instanceType: 'c5.xlarge', openEnded: false,
    groups: [{ from: 0, to: 2, targetNodes: '0:2', vcpus: 4, memory: 4096, gpus: 0, image: 'mpi', simulation: null }],
  };
  return scenario({
    name: 'mnp-outputs',
    settings: TEST_SETTINGS,
    computeEnvironments: [managedCe('ce', ['c5.xlarge'], { maxvCpus: 64 })],
    jobQueues: [queue('q', 1, ['ce'])],
    jobDefinitions: [mpi, plain],
    jobs: [
      job('mpi', 'q', mpi, 0, { nodeProperties: nodes, retryStrategy: { attempts: 2, evaluateOnExit: [] } }),
      job('plain', 'q', plain, 1, { submitAtMs: 5000 }),
    ],
  });
}

describe('a run with a multi-node job', () => {
  let root: string;
  let dir: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'batchsim-mnp-'));
    dir = join(root, 'report');
    const { sim } = simulateRecorded(mnpScenario(), { events: true });
    await writeReport(sim, dir);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the job and a row per node in jobs.csv, and each node attempt in attempts.csv', () => {
    const jobs = csv(join(dir, 'jobs.csv'));
    const parent = jobs.find((j) => j.jobName === 'mpi' && j.kind === 'MULTINODE')!;
    const nodes = jobs.filter((j) => j.kind === 'NODE');
    expect(nodes.map((n) => n.jobId)).toEqual([0, 1, 2].map((n) => `${parent.jobId}#${n}`));
    expect(nodes.every((n) => n.jobName === 'mpi' && n.arrayJobId === '' && n.status === 'FAILED')).toBe(true);
    // The job: the main node's (node 1) status, times and attempts.
    const main = nodes[1];
    expect(parent).toMatchObject({ status: 'FAILED', attempts: '2', startedAt: main.startedAt, stoppedAt: main.stoppedAt, statusReason: main.statusReason });
    // Its vCPUs are its nodes' (3 × 4); each node holds a whole c5.xlarge.
    expect(parent.vcpus).toBe('12');
    expect(nodes.map((n) => n.vcpus)).toEqual(['4', '4', '4']);
    const attempts = csv(join(dir, 'attempts.csv'));
    expect(attempts.filter((a) => a.jobId.startsWith(`${parent.jobId}#`))).toHaveLength(6);
    expect(attempts.some((a) => a.jobId === parent.jobId)).toBe(false);
  });

  it('counts the job once in summary.json and metrics.csv, not its nodes', () => {
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.jobs.total).toBe(2);
    expect(summary.jobs.byStatus).toMatchObject({ FAILED: 1, SUCCEEDED: 1 });
    const metrics = csv(join(dir, 'metrics.csv'));
    const submitted = metrics.filter((m) => m.metricName === 'JobsEnteredSubmitted').reduce((s, m) => s + Number(m.value), 0);
    expect(submitted).toBe(2);
    const running = metrics.filter((m) => m.metricName === 'RunningJobs').map((m) => Number(m.value));
    expect(Math.max(...running)).toBeLessThanOrEqual(2);
  });

  it('puts nodeProperties on the job and nodeDetails on each node in events.jsonl', () => {
    const events = readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).detail);
    const parentEvents = events.filter((d) => d.nodeProperties);
    expect(parentEvents.length).toBeGreaterThan(0);
    expect(parentEvents[0].nodeProperties).toEqual({ numNodes: 3, mainNode: 1 });
    const nodeEvents = events.filter((d) => d.nodeDetails);
    expect(new Set(nodeEvents.map((d) => `${d.nodeDetails.nodeIndex}/${d.nodeDetails.isMainNode}`))).toEqual(new Set(['0/false', '1/true', '2/false']));
    for (const d of nodeEvents) expect(d.jobId).toMatch(/#[012]$/);
  });

  it('draws the same report again from its files (batchsim chart DIR)', async () => {
    const files = filesOf(dir);
    const copy = join(root, 'copy');
    cpSync(dir, copy, { recursive: true });
    rmSync(join(copy, 'charts'), { recursive: true });
    rmSync(join(copy, 'report.html'));
    await rerenderReport(copy);
    const again = filesOf(copy);
    for (const [f, bytes] of files) expect(again.get(f)?.equals(bytes), f).toBe(true);
  });
});
