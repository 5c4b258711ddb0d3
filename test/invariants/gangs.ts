// Multi-node parallel jobs as a user sees them in jobs.csv and attempts.csv (docs/outputs.md): one
// MULTINODE row per job and a NODE row `<jobId>#<n>` per node, attempts per node. Which node is
// the main one is not in the files: it comes from the scenario (the job's nodeProperties).
import { expect } from 'vitest';
import type { NodePropertiesSpec, Scenario } from '../../src/scenario/types.js';
import { ms, type CsvRow, type RunFiles } from './run-files.js';

export interface Gang {
  job: CsvRow;
  /** Node rows by node index. */
  nodes: CsvRow[];
  spec: NodePropertiesSpec;
  main: CsvRow;
}

/** The MULTINODE job a NODE row belongs to. */
export const parentIdOf = (nodeId: string): string => nodeId.slice(0, nodeId.indexOf('#'));

/** The multi-node jobs of a run: each MULTINODE row with its nodes (all present, in order) and its spec from the scenario. */
export function gangsOf(s: Scenario, jobs: CsvRow[]): Gang[] {
  const byId = new Map(jobs.map((j) => [j.jobId, j]));
  const submissions = new Map(s.jobs.map((x) => [x.jobName, x]));
  const gangs: Gang[] = [];
  for (const j of jobs) {
    if (j.kind !== 'MULTINODE') continue;
    const spec = submissions.get(j.jobName)?.nodeProperties;
    expect(spec, `${j.jobName}: a MULTINODE row of a submission with nodeProperties`).toBeDefined();
    const nodes = Array.from({ length: spec!.numNodes }, (_, n) => byId.get(`${j.jobId}#${n}`)!);
    for (const [n, node] of nodes.entries()) {
      expect(node, `${j.jobName}: node row ${j.jobId}#${n}`).toBeDefined();
      expect([node.kind, node.jobName, node.jobQueue, node.jobDefinition, node.createdAt], `${node.jobId}`).toEqual(['NODE', j.jobName, j.jobQueue, j.jobDefinition, j.createdAt]);
    }
    gangs.push({ job: j, nodes, spec: spec!, main: nodes[spec!.mainNode] });
  }
  expect(jobs.filter((j) => j.kind === 'NODE').length, 'every NODE row belongs to a MULTINODE job').toBe(gangs.reduce((n, g) => n + g.nodes.length, 0));
  return gangs;
}

/** The requested totals a MULTINODE row shows: Σ over node groups of (nodes × size). */
export function gangTotals(spec: NodePropertiesSpec): [number, number, number] {
  let v = 0;
  let m = 0;
  let g = 0;
  for (const x of spec.groups) {
    const n = x.to - x.from + 1;
    v += n * x.vcpus;
    m += n * x.memory;
    g += n * x.gpus;
  }
  return [v, m, g];
}

const overlap = (a: CsvRow, b: CsvRow) => ms(a.placedAt)! < ms(b.stoppedAt)! && ms(b.placedAt)! < ms(a.stoppedAt)!;

/**
 * Gangs placed whole, and the job being its main node (spec §12, docs/model.md):
 * - for each attempt number of the job, every node has an attempt row with the same placedAt, in
 *   one compute environment of the job's queue, on distinct instances of one type (the spec's, if
 *   it names one) that hold the node's group; a child starts only once the main node runs and
 *   stops no later than it; each node attempt is billed its whole instance;
 * - while a node's attempt holds an instance, no other attempt is on that instance;
 * - the MULTINODE row's status, attempts, startedAt and stoppedAt (and, once it ended,
 *   statusReason) are its main node's (before the gang was ever placed: the main node is still
 *   SUBMITTED, or failed with it);
 * - a child's status is the job's, or — for a child whose range has a run time of its own, or
 *   whose image could not be pulled — what its last attempt ended with, before the main node did.
 */
export interface GangStats { placements: number; retried: number; childrenAlone: number; multiNodeQueues: number }

export function checkGangs(s: Scenario, files: RunFiles, stats: GangStats = { placements: 0, retried: 0, childrenAlone: 0, multiNodeQueues: 0 }): GangStats {
  const { jobs, attempts, instances } = files;
  const byJob = new Map<string, CsvRow[]>();
  const byInstance = new Map<string, CsvRow[]>();
  for (const a of attempts) {
    byJob.set(a.jobId, [...(byJob.get(a.jobId) ?? []), a]);
    byInstance.set(a.instanceId, [...(byInstance.get(a.instanceId) ?? []), a]);
  }
  const instance = new Map(instances.map((i) => [i.instanceId, i]));
  const hostMemory = (i: CsvRow) => Number(i.registeredMemory);
  const gangs = gangsOf(s, jobs);
  stats.multiNodeQueues += new Set(gangs.map((g) => g.job.jobQueue)).size;
  for (const g of gangs) {
    const { job, spec, main } = g;
    const who = `${job.jobName} (${job.jobId}, ${spec.numNodes} nodes, main ${spec.mainNode})`;
    const queue = s.jobQueues.find((q) => q.jobQueueName === job.jobQueue)!;
    const n = Number(job.attempts);
    for (let k = 1; k <= n; k++) {
      const rows = g.nodes.map((node) => (byJob.get(node.jobId) ?? []).find((a) => Number(a.attempt) === k));
      rows.forEach((r, i) => expect(r, `${who} attempt ${k}: node ${i} has an attempt row`).toBeDefined());
      const all = rows as CsvRow[];
      const what = `${who} attempt ${k}`;
      expect(new Set(all.map((a) => a.placedAt)).size, `${what}: every node placed at once (${all.map((a) => a.placedAt)})`).toBe(1);
      expect(new Set(all.map((a) => a.computeEnvironment)).size, `${what}: one compute environment`).toBe(1);
      expect(queue.computeEnvironmentOrder, `${what}: an environment of its queue`).toContain(all[0].computeEnvironment);
      expect(new Set(all.map((a) => a.instanceType)).size, `${what}: one instance type (${all.map((a) => a.instanceType)})`).toBe(1);
      if (spec.instanceType !== null) expect(all[0].instanceType, `${what}: the type its ranges name`).toBe(spec.instanceType);
      expect(new Set(all.map((a) => a.instanceId)).size, `${what}: distinct instances`).toBe(spec.numNodes);
      const mainRow = all[spec.mainNode];
      for (const [i, a] of all.entries()) {
        const inst = instance.get(a.instanceId)!;
        const group = spec.groups.find((x) => x.from <= i && i <= x.to)!;
        expect(Number(inst.vcpus) >= group.vcpus && hostMemory(inst) >= group.memory, `${what}: node ${i} (${group.vcpus} vCPU, ${group.memory} MiB) fits ${inst.instanceType}`).toBe(true);
        expect([a.vcpus, a.memory], `${what}: node ${i} holds its whole instance`).toEqual([inst.vcpus, inst.registeredMemory]);
        const cost = (Number(inst.pricePerHour) * (ms(a.stoppedAt)! - ms(a.placedAt)!)) / 3_600_000;
        expect(Math.abs(Number(a.costUsd) - cost), `${what}: node ${i} billed its instance from placement (${a.costUsd} vs ${cost})`).toBeLessThanOrEqual(1e-9 * Math.max(1, cost));
        for (const other of byInstance.get(a.instanceId)!) {
          if (other !== a) expect(overlap(a, other), `${what}: node ${i} alone on ${a.instanceId}, but ${other.jobId} attempt ${other.attempt} [${other.placedAt}, ${other.stoppedAt}) is there too`).toBe(false);
        }
        if (i === spec.mainNode) continue;
        expect(ms(a.stoppedAt)!, `${what}: child ${i} stops no later than the main node`).toBeLessThanOrEqual(ms(mainRow.stoppedAt)!);
        if (a.startedAt !== '') {
          expect(mainRow.startedAt, `${what}: child ${i} ran, so the main node did`).not.toBe('');
          expect(ms(a.startedAt)!, `${what}: child ${i} starts once the main node runs`).toBeGreaterThanOrEqual(ms(mainRow.startedAt)!);
        }
      }
      stats.placements++;
      if (k > 1) stats.retried++;
    }
    for (const node of g.nodes) expect(node.attempts, `${who}: ${node.jobId} has an attempt per placement of the gang`).toBe(job.attempts);
    // A job still waiting may show its queue's blocked reason, which its main node does not.
    const terminal = job.status === 'SUCCEEDED' || job.status === 'FAILED';
    const fields = (r: CsvRow) => (terminal ? [r.status, r.statusReason, r.attempts, r.startedAt, r.stoppedAt] : [r.status, r.attempts, r.startedAt, r.stoppedAt]);
    if (n === 0) {
      expect(main.status, `${who}: main node of a gang never placed`).toBe(job.status === 'FAILED' ? 'FAILED' : 'SUBMITTED');
      if (job.status === 'FAILED') expect(fields(main), `${who}: main node failed with its job`).toEqual(fields(job));
    } else {
      expect(fields(main), `${who}: status, ${terminal ? 'statusReason, ' : ''}attempts, startedAt, stoppedAt of the job = its main node's`).toEqual(fields(job));
    }
    for (const [i, node] of g.nodes.entries()) {
      if (i === spec.mainNode || node.status === job.status || (n === 0 && node.status === 'SUBMITTED')) continue;
      const last = (byJob.get(node.jobId) ?? []).at(-1);
      const group = spec.groups.find((x) => x.from <= i && i <= x.to)!;
      const ended = job.status === 'SUCCEEDED' || job.status === 'FAILED';
      // A child ends alone by its own run time, or when its image cannot be pulled.
      const own = group.simulation !== null || last?.statusReason.startsWith('CannotPullContainerError') === true;
      const alone = ended && own && last !== undefined && last.outcome === node.status && ms(last.stoppedAt)! <= ms(job.stoppedAt)!;
      expect(alone, `${who}: child ${i} is ${node.status}, its job ${job.status} (last attempt ${last?.outcome} at ${last?.stoppedAt})`).toBe(true);
      stats.childrenAlone++;
    }
  }
  return stats;
}
