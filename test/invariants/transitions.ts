// Which job state transitions are legal, by kind of row, and a checker for the live transition
// stream of a run (runRecorded's `watch`) that also keeps its own account of what each row holds
// on each instance. Shared by random-scenarios.test.ts and issue3.test.ts.
//
// Multi-node parallel jobs (src/sim/multi-node.ts, docs/model.md "Multi-node parallel jobs"): the
// MULTINODE row moves like a job. Its NODE rows are created SUBMITTED with it and stay so until the
// gang is placed; then, at the instant the job goes STARTING, the main node goes SUBMITTED/RUNNABLE
// → STARTING and every child → RUNNABLE holding its instance (SUBMITTED → RUNNABLE the first
// time). The children go STARTING when the main node goes RUNNING. A child with a simulation block
// of its own may end alone (RUNNING → SUCCEEDED/FAILED) while the job goes on; when the main node
// ends, the children still going take the job's status — SUCCEEDED/FAILED from STARTING (still
// pulling), RUNNING or RUNNABLE (held, not yet started: FAILED only, since a main node that
// succeeded had started them) — or, when the job is retried, go back to RUNNABLE from wherever
// they were, a child that ended alone included (from SUCCEEDED or FAILED). A job that ends before
// its gang was placed (cancelled, a dependency failed) takes its nodes with it: SUBMITTED/RUNNABLE
// → FAILED. The main node never ends but with its job.
import { expect } from 'vitest';
import { JOB_STATUS_NAMES, JobKind, JobStatus } from '../../src/model/jobs.js';
import type { Simulation } from '../../src/sim/simulation.js';
import { rowSize, type Transition } from './run-files.js';

const S = JobStatus;
type Table = Record<number, readonly number[]>;

/** JOB, ARRAY_CHILD and MULTINODE rows. */
export const LEGAL: Table = {
  [S.SUBMITTED]: [S.PENDING, S.RUNNABLE, S.FAILED],
  [S.PENDING]: [S.RUNNABLE, S.FAILED],
  [S.RUNNABLE]: [S.STARTING, S.FAILED],
  [S.STARTING]: [S.RUNNING, S.FAILED, S.RUNNABLE],
  [S.RUNNING]: [S.SUCCEEDED, S.FAILED, S.RUNNABLE],
  [S.SUCCEEDED]: [],
  [S.FAILED]: [],
};
export const LEGAL_ARRAY_PARENT: Table = {
  [S.SUBMITTED]: [S.PENDING, S.FAILED],
  [S.PENDING]: [S.SUCCEEDED, S.FAILED],
  [S.SUCCEEDED]: [],
  [S.FAILED]: [],
};
export const LEGAL_MAIN_NODE: Table = {
  [S.SUBMITTED]: [S.STARTING, S.FAILED],
  [S.RUNNABLE]: [S.STARTING, S.FAILED],
  [S.STARTING]: [S.RUNNING, S.FAILED, S.RUNNABLE],
  [S.RUNNING]: [S.SUCCEEDED, S.FAILED, S.RUNNABLE],
  [S.SUCCEEDED]: [],
  [S.FAILED]: [],
};
/** `sameRunnable`: whether RUNNABLE → RUNNABLE is let through (knob `nodeStateChanges` off: see knobs.ts). */
export function legalChildNode(sameRunnable: boolean): Table {
  return {
    [S.SUBMITTED]: [S.RUNNABLE, S.FAILED],
    [S.RUNNABLE]: sameRunnable ? [S.STARTING, S.FAILED, S.RUNNABLE] : [S.STARTING, S.FAILED],
    [S.STARTING]: [S.RUNNING, S.SUCCEEDED, S.FAILED, S.RUNNABLE],
    [S.RUNNING]: [S.SUCCEEDED, S.FAILED, S.RUNNABLE],
    [S.SUCCEEDED]: [S.RUNNABLE],
    [S.FAILED]: [S.RUNNABLE],
  };
}

export const statusName = (s: number) => (s < 0 ? '(none)' : JOB_STATUS_NAMES[s]);
const terminal = (s: number) => s === S.SUCCEEDED || s === S.FAILED;

interface Held { instance: number; vcpus: number; memory: number; gpus: number; node: boolean }

/**
 * Checks every transition as it happens (`watch`) and the whole stream at the end (`finish`):
 * - `from` is the row's last status, the first event SUBMITTED, times never decrease, the move is
 *   legal for the row's kind (above);
 * - a row holds an instance exactly while it is STARTING or RUNNING, or a child node RUNNABLE with
 *   its gang placed; what rows hold never exceeds an instance's vCPUs, memory or GPUs, nothing is
 *   placed on an instance not ready or terminated (or, `noNotice`, under a Spot notice), and a node
 *   is alone on its instance;
 * - a node moves with its job: placed when the job goes STARTING, back to RUNNABLE only when the
 *   job is retried, the main node's end is the job's (status and instant), a child ends alone only
 *   from RUNNING with a run time of its own.
 */
export class TransitionChecker {
  readonly transitions: Transition[] = [];
  private readonly last = new Map<number, number>();
  private readonly held = new Map<number, Held>();
  private readonly onInstance = new Map<number, Set<number>>();
  private readonly legalChild: Table;
  private prevTime = -Infinity;
  private live: Simulation | null = null;

  constructor(private readonly options: { sameRunnable: boolean; noNotice?: boolean }) {
    this.legalChild = legalChildNode(options.sameRunnable);
  }

  readonly watch = (live: Simulation, t: Transition): void => {
    this.live = live;
    this.transitions.push(t);
    expect(t.timeMs, 'transition times never decrease').toBeGreaterThanOrEqual(this.prevTime);
    this.prevTime = t.timeMs;
    const before = this.last.get(t.row) ?? -1;
    const what = `row ${t.row} (${this.kindName(t.row)}): ${statusName(t.from)} → ${statusName(t.to)} at ${t.timeMs} ms`;
    expect(statusName(t.from), `${what}: 'from' is the status it was in`).toBe(statusName(before));
    if (before === -1) expect(statusName(t.to), `${what}: first event`).toBe('SUBMITTED');
    else expect((this.table(t.row)[t.from] ?? []).includes(t.to), `${what} is not legal`).toBe(true);
    this.last.set(t.row, t.to);
    this.account(t, what);
  };

  private kindName(row: number): string {
    const k = this.live!.jobs.kind.data[row];
    if (k !== JobKind.NODE) return ['JOB', 'ARRAY_PARENT', 'ARRAY_CHILD', 'MULTINODE'][k];
    return this.isMain(row) ? 'main node' : 'child node';
  }

  private isMain(row: number): boolean {
    const { jobs, multiNodes } = this.live!;
    return multiNodes.get(jobs.parent.data[row])!.spec.mainNode === jobs.ordinal.data[row];
  }

  private table(row: number): Table {
    const k = this.live!.jobs.kind.data[row];
    if (k === JobKind.ARRAY_PARENT) return LEGAL_ARRAY_PARENT;
    if (k === JobKind.NODE) return this.isMain(row) ? LEGAL_MAIN_NODE : this.legalChild;
    return LEGAL;
  }

  /** Follows the instance the row holds (the engine's `instance` column) and checks the room on it. */
  private account(t: Transition, what: string): void {
    const live = this.live!;
    const now = live.jobs.instance.data[t.row];
    const node = live.jobs.kind.data[t.row] === JobKind.NODE;
    // A child node is placed with its gang as it goes (or stays) RUNNABLE; it goes back to RUNNABLE
    // from elsewhere when its job is retried, holding nothing.
    const placedChild = node && t.to === S.RUNNABLE && !this.isMain(t.row) && (t.from === S.SUBMITTED || t.from === S.RUNNABLE);
    // A MULTINODE row never holds anything itself: its nodes do.
    const holds = live.jobs.kind.data[t.row] !== JobKind.MULTINODE && (t.to === S.STARTING || t.to === S.RUNNING || placedChild);
    expect(now >= 0, `${what}: holds an instance exactly while placed`).toBe(holds);
    this.sync(t.row, t.timeMs, what);
    // The main node goes STARTING once the whole gang holds its instances: a child already
    // RUNNABLE (its job retried) may have been placed without a transition of its own.
    if (node && t.to === S.STARTING && this.isMain(t.row)) {
      const mnp = live.multiNodes.get(live.jobs.parent.data[t.row])!;
      for (let k = 0; k < mnp.numNodes; k++) if (mnp.firstNode + k !== t.row) this.sync(mnp.firstNode + k, t.timeMs, `${what}, node ${k} of its gang`);
    }
  }

  private sync(row: number, timeMs: number, what: string): void {
    const live = this.live!;
    const now = live.jobs.instance.data[row];
    const node = live.jobs.kind.data[row] === JobKind.NODE;
    const prev = this.held.get(row);
    if (prev && prev.instance !== now) this.release(row);
    if (now < 0 || prev?.instance === now) return;
    const inst = live.instances[now];
    expect(inst.readyAt, `${what}: placed on ${inst.instanceId} before it was ready`).toBeGreaterThanOrEqual(0);
    expect(inst.readyAt).toBeLessThanOrEqual(timeMs);
    expect(inst.terminatedAt, `${what}: placed on terminated ${inst.instanceId}`).toBe(-1);
    if (this.options.noNotice) expect(inst.noticeAt, `${what}: placed on ${inst.instanceId} under an interruption notice`).toBe(-1);
    // Rows the engine let go of without a transition (a child node freed as its main node ended
    // while the child was still RUNNABLE) are dropped from the account first.
    const rows = this.onInstance.get(now) ?? new Set<number>();
    for (const r of [...rows]) if (live.jobs.instance.data[r] !== now) this.release(r);
    const size = rowSize(live, row);
    const h: Held = { instance: now, vcpus: size.vcpus, memory: size.memory, gpus: size.gpus, node };
    const others = [...rows].map((r) => this.held.get(r)!);
    expect(node ? others.length : others.filter((o) => o.node).length, `${what}: a node is alone on ${inst.instanceId}`).toBe(0);
    this.held.set(row, h);
    rows.add(row);
    this.onInstance.set(now, rows);
    const sum = (f: (x: Held) => number) => [h, ...others].reduce((a, x) => a + f(x), 0);
    expect(sum((x) => x.vcpus), `vCPUs on ${inst.instanceId} at ${timeMs} ms`).toBeLessThanOrEqual(inst.shape.vcpus + 1e-9);
    expect(sum((x) => x.memory), `memory on ${inst.instanceId} at ${timeMs} ms`).toBeLessThanOrEqual(inst.registeredMemory);
    expect(sum((x) => x.gpus), `GPUs on ${inst.instanceId} at ${timeMs} ms`).toBeLessThanOrEqual(inst.shape.gpus);
  }

  private release(row: number): void {
    const h = this.held.get(row)!;
    this.held.delete(row);
    this.onInstance.get(h.instance)!.delete(row);
  }

  /**
   * After the run: every row seen, ending where the table says; a run that `ended` on its own
   * leaves nothing mid-attempt or held, and a row SUBMITTED only as a node of a job still waiting.
   * Then the nodes' moves against their job's, over the whole stream.
   */
  finish(sim: Simulation, ended: boolean): void {
    const { jobs } = sim;
    expect(this.last.size, 'every row has transitions').toBe(jobs.count);
    for (let r = 0; r < jobs.count; r++) {
      const st = jobs.status.data[r];
      expect(statusName(this.last.get(r)!), `row ${r}: last transition = final status`).toBe(statusName(st));
      if (!ended) continue;
      expect(['STARTING', 'RUNNING'], `row ${r} mid-attempt after the run ended on its own`).not.toContain(statusName(st));
      if (st === S.SUBMITTED) {
        expect(jobs.kind.data[r], `row ${r} SUBMITTED after the run ended on its own`).toBe(JobKind.NODE);
        expect(['RUNNABLE', 'PENDING'], `node row ${r} SUBMITTED: its job waits`).toContain(statusName(jobs.status.data[jobs.parent.data[r]]));
      }
    }
    if (ended) {
      for (const r of [...this.held.keys()]) if (jobs.instance.data[r] < 0) this.release(r); // let go of without a transition
      expect([...this.held.keys()], 'rows holding instances when the run ended on its own').toEqual([]);
    }
    this.checkNodesFollowTheirJob(sim);
  }

  private checkNodesFollowTheirJob(sim: Simulation): void {
    const { jobs } = sim;
    // Each parent's transitions by instant.
    const parentAt = new Map<string, number[]>();
    for (const t of this.transitions) {
      if (jobs.kind.data[t.row] !== JobKind.MULTINODE) continue;
      const key = `${t.row}@${t.timeMs}`;
      parentAt.set(key, [...(parentAt.get(key) ?? []), t.to]);
    }
    for (const t of this.transitions) {
      if (jobs.kind.data[t.row] !== JobKind.NODE || t.from < 0) continue;
      const parent = jobs.parent.data[t.row];
      const mnp = sim.multiNodes.get(parent)!;
      const main = mnp.spec.mainNode === jobs.ordinal.data[t.row];
      const job = parentAt.get(`${parent}@${t.timeMs}`) ?? [];
      const what = `${main ? 'main' : 'child'} node row ${t.row}: ${statusName(t.from)} → ${statusName(t.to)} at ${t.timeMs} ms; its job did [${job.map(statusName).join(', ')}] then`;
      const placement = (main && t.to === S.STARTING && t.from !== S.STARTING) || (!main && t.to === S.RUNNABLE && (t.from === S.SUBMITTED || t.from === S.RUNNABLE));
      if (placement) expect(job.includes(S.STARTING), `${what}: a node is placed with its gang`).toBe(true);
      else if (t.to === S.RUNNABLE) expect(job.includes(S.RUNNABLE), `${what}: a node goes back to RUNNABLE only when its job is retried`).toBe(true);
      else if (main && t.to === S.RUNNING) expect(job.includes(S.RUNNING), `${what}: the job runs with its main node`).toBe(true);
      else if (!main && t.to === S.STARTING) expect(job.includes(S.RUNNING), `${what}: the children start once the main node runs`).toBe(true);
      else if (terminal(t.to) && main) expect(job.includes(t.to), `${what}: the main node's end is its job's`).toBe(true);
      else if (terminal(t.to) && !job.some(terminal)) {
        // A child ends alone by exiting with a run time of its own, or when its image cannot be
        // pulled (a child without a simulation block of its own pulls as its job's says).
        const own = mnp.simulationOf(t.row);
        const pullFails = (own ?? sim.templates[jobs.template.data[t.row]].simulation).imagePullFailureProbability > 0;
        if (t.from === S.STARTING) expect([t.to, pullFails], `${what}: a child ends alone in STARTING only when its image pull fails`).toEqual([S.FAILED, true]);
        else expect([t.from, own !== null], `${what}: a child ends alone only by exiting with a run time of its own`).toEqual([S.RUNNING, true]);
      }
    }
  }
}
