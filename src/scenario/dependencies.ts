// `dependsOn` between jobs of the file (spec §2): a jobId names another job by its jobName.
// Checks what AWS checks at submit time (or, where AWS is silent, what it is expected to reject:
// N_TO_N size mismatch, unknown ids) and what a file of timed submissions adds (no dependency on
// a job submitted later, no cycles); then orders the jobs so that dependencies come first.
import type { Checker } from './check.js';
import type { JobDraft } from './jobs.js';
import { append, knownKeys, someOf } from './references.js';
import type { DependencySpec, JobSubmission } from './types.js';

export interface DependencyDraft {
  path: string;
  jobId: string | null;
  type: 'N_TO_N' | 'SEQUENTIAL' | null;
  /** Index in the drafts list of the job depended on, once resolved and valid. */
  target: number | undefined;
}

export function resolveDependencies(c: Checker, drafts: JobDraft[]): void {
  const byName = new Map<string, number[]>();
  drafts.forEach((d, k) => {
    if (d.jobName !== undefined) append(byName, d.jobName, k);
  });
  drafts.forEach((job, k) => {
    for (const dep of job.dependsOn) {
      if (dep.type === 'SEQUENTIAL') {
        if (job.arraySize === 0) c.report(`${dep.path}.type`, 'SEQUENTIAL dependencies are only for array jobs (this job has no arrayProperties)');
        continue;
      }
      const t = findTarget(c, drafts, byName, k, dep);
      if (t === undefined) continue;
      const target = drafts[t]!;
      if (target.submitAtMs > job.submitAtMs) {
        c.report(`${dep.path}.jobId`,
          `Job "${job.jobName}" depends on "${dep.jobId}" (${target.path}), which is submitted later (submitAt ${target.submitAtMs / 1000} > ${job.submitAtMs / 1000})`);
        continue;
      }
      if (dep.type === 'N_TO_N' && !checkNToN(c, dep, job, target)) continue;
      dep.target = t;
    }
  });
  reportCycles(c, drafts);
}

function findTarget(c: Checker, drafts: JobDraft[], byName: Map<string, number[]>, k: number, dep: DependencyDraft): number | undefined {
  const at = `${dep.path}.jobId`;
  const all = byName.get(dep.jobId!) ?? [];
  const others = all.filter((t) => t !== k);
  if (all.length === 0) {
    c.report(at, `Unknown job "${dep.jobId}": jobId must be the jobName of another job in this file (known: ${knownKeys(byName)})`);
  } else if (others.length === 0) {
    c.report(at, `A job cannot depend on itself ("${dep.jobId}")`);
  } else if (others.length > 1) {
    c.report(at, `Ambiguous jobId "${dep.jobId}": ${others.length} jobs have this jobName (${someOf(others, (t) => drafts[t]!.path)}); give them distinct names`);
  } else {
    return others[0];
  }
  return undefined;
}

/** N_TO_N: child i waits for child i of the other array, so both must be arrays of one size. */
function checkNToN(c: Checker, dep: DependencyDraft, job: JobDraft, target: JobDraft): boolean {
  const at = `${dep.path}.type`;
  if (job.arraySize === undefined || target.arraySize === undefined) return false;
  if (job.arraySize === 0) {
    c.report(at, 'N_TO_N dependencies are only for array jobs (this job has no arrayProperties)');
  } else if (target.arraySize === 0) {
    c.report(at, `N_TO_N needs "${dep.jobId}" to be an array job too, but it has no arrayProperties`);
  } else if (target.arraySize !== job.arraySize) {
    c.report(at, `N_TO_N needs array jobs of the same size: this job has size ${job.arraySize}, "${dep.jobId}" has size ${target.arraySize}`);
  } else {
    return true;
  }
  return false;
}

/** One problem per strongly connected component of the dependency graph, naming one cycle in it. */
function reportCycles(c: Checker, drafts: JobDraft[]): void {
  const edges = drafts.map((d) => d.dependsOn.flatMap((dep) => (dep.target === undefined ? [] : [dep.target])));
  for (const component of stronglyConnected(edges)) {
    if (component.length < 2) continue;
    const start = Math.min(...component);
    const cycle = cycleThrough(start, edges, new Set(component));
    const names = [...cycle, start].map((k) => drafts[k]!.jobName);
    c.report(`${drafts[start]!.path}.dependsOn`, `Dependency cycle: ${names.join(' → ')}`);
  }
}

/** Tarjan's algorithm, iterative so that long chains cannot overflow the stack. */
function stronglyConnected(edges: number[][]): number[][] {
  const n = edges.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out: number[][] = [];
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      if (i < edges[v]!.length) {
        frame[1]++;
        const w = edges[v]![i]!;
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        out.push(component);
      }
    }
  }
  return out;
}

/** Shortest path start → … → start inside one component (breadth-first). */
function cycleThrough(start: number, edges: number[][], inside: Set<number>): number[] {
  const from = new Map<number, number>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (const w of edges[v]!) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let u = v; u !== start; ) path.unshift((u = from.get(u)!));
        return path;
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/**
 * Output order: by submitAtMs, and within one instant a topological order that otherwise keeps
 * file order (Kahn's algorithm, always taking the earliest-submitted, then first-written, ready job).
 * Jobs left over by a cycle (already reported) are appended so nothing is lost. `positionOf` gives
 * each complete draft's index in `jobs`, for actions that name jobs.
 */
export function orderJobs(drafts: JobDraft[]): { jobs: JobSubmission[]; positionOf: Map<JobDraft, number> } {
  const dependents = drafts.map(() => [] as number[]);
  const waiting = drafts.map((d, k) => {
    const targets = d.dependsOn.flatMap((dep) => (dep.target === undefined ? [] : [dep.target]));
    for (const t of targets) dependents[t]!.push(k);
    return targets.length;
  });
  const before = (a: number, b: number) => drafts[a]!.submitAtMs - drafts[b]!.submitAtMs || a - b;
  const ready = new MinHeap(before);
  waiting.forEach((w, k) => w === 0 && ready.push(k));
  const order: number[] = [];
  while (ready.size > 0) {
    const k = ready.pop();
    order.push(k);
    for (const d of dependents[k]!) if (--waiting[d]! === 0) ready.push(d);
  }
  const placed = new Set(order);
  drafts.forEach((_, k) => placed.has(k) || order.push(k));

  const position = new Map(order.map((k, i) => [k, i]));
  const jobs: JobSubmission[] = [];
  const positionOf = new Map<JobDraft, number>();
  for (const k of order) {
    const d = drafts[k]!;
    if (!d.resolved || d.jobName === undefined || d.arraySize === undefined) continue;
    positionOf.set(d, jobs.length);
    const dependsOn: DependencySpec[] = d.dependsOn.flatMap((dep): DependencySpec[] => {
      if (dep.type === 'SEQUENTIAL') return [{ job: null, type: 'SEQUENTIAL' }];
      return dep.target === undefined ? [] : [{ job: position.get(dep.target)!, type: dep.type }];
    });
    jobs.push({ jobName: d.jobName, submitAtMs: d.submitAtMs, arraySize: d.arraySize, dependsOn, ...d.resolved });
  }
  return { jobs, positionOf };
}

class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly less: (a: number, b: number) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (this.less(a[i]!, a[p]!) >= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
