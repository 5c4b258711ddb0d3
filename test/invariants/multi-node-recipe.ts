// The `multiNode` knob of the random-scenario generator: multi-node parallel jobs (spec §12) added
// to a built scenario, honouring the loader's guarantees — a multinode definition is submitted only
// to a queue whose compute environments are all MANAGED EC2 on-demand (not SPOT, Fargate or
// UNMANAGED), its instance type (if it names one) is one such an environment may launch and holds
// every node group in registered memory, the range with the main node has no simulation block of
// its own, and jobs stay sorted by submission with dependencies on earlier jobs only. When no
// queue of the base scenario may run gangs (or the recipe asks for it), an EC2 environment `mce`
// and a queue `mq` are added for them.
import fc from 'fast-check';
import { registeredMemoryMiB, resolveInstanceTypeEntry } from '../../src/market/catalog.js';
import type {
  AllocationStrategy, ComputeEnvironmentSpec, DependencySpec, Distribution, InstanceShape, JobDefinitionSpec, JobSubmission, NodeGroupSpec,
  Scenario, SimulationSpec,
} from '../../src/scenario/types.js';
import { catalogShape, definition, job, managedCe, queue } from '../helpers/build.js';

export interface MultiNodeJobRecipe {
  submitAtMs: number;
  /** Among the queues that may run gangs (modulo). */
  queue: number;
  numNodes: number;
  /** Two node ranges (when numNodes ≥ 2), split after node `split` (modulo). */
  twoGroups: boolean;
  split: number;
  mainNode: number;
  /** Index (modulo) into the instance types the queue's environments launch; null: none named. */
  instanceType: number | null;
  /** Per-node size of the main node's range and of the other (clamped to the instance type). */
  main: { vcpus: number; memory: number };
  other: { vcpus: number; memory: number };
  duration: Distribution;
  exitCode: number;
  /** The other range's own simulation block (its nodes exit on their own), or null: run until the main node exits. */
  child: { seconds: number; exitCode: number } | null;
  attempts: number;
  /** The main node's image pull fails half the time (knob `gangPullFailures`). */
  pullFailure: boolean;
  /** Picks (modulo) among the jobs submitted before it: plain dependencies. */
  deps: number[];
  /** The next job of the base scenario submitted after it depends on it. */
  feeds: boolean;
}

export interface MultiNodeRecipe {
  /** Add `mce`/`mq` even when a base queue could run gangs. */
  ownQueue: boolean;
  own: { types: string[]; maxvCpus: number; strategy: AllocationStrategy; priority: number };
  /**
   * Knobs `gangShortIdle` and `gangMinvCpus` (knobs.ts): whether the scenario may keep its
   * idleScaleDownSeconds when that is shorter than a launch (plus two cycles), and the gangs'
   * environments their minvCpus; when false, idle is raised and minvCpus set to 0.
   */
  shortIdle: boolean;
  minvCpus: boolean;
  jobs: MultiNodeJobRecipe[];
}

/** Which of the pending widenings (knobs.ts) the arbitrary may draw. */
export interface GangWidenings { shortIdle: boolean; minvCpus: boolean; pullFailures: boolean }

const OWN_TYPES = ['c5', 'm5', 'c5.large', 'c5.xlarge', 'm5.large', 'm5.xlarge', 'r5.large'];
const sizeArb = fc.record({ vcpus: fc.constantFrom(1, 1, 2, 4), memory: fc.constantFrom(256, 1024, 2048, 3500, 8192) });

const jobArbWith = (w: GangWidenings): fc.Arbitrary<MultiNodeJobRecipe> => fc.record({
  submitAtMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 900_000 })),
  queue: fc.nat(3),
  numNodes: fc.integer({ min: 1, max: 4 }),
  twoGroups: fc.boolean(),
  split: fc.nat(3),
  mainNode: fc.nat(3),
  instanceType: fc.oneof(fc.constant(null), fc.nat(7)),
  main: sizeArb,
  other: sizeArb,
  duration: fc.oneof(
    fc.integer({ min: 1, max: 900 }).map((value): Distribution => ({ distribution: 'fixed', value })),
    fc.integer({ min: 1, max: 600 }).map((mean): Distribution => ({ distribution: 'exponential', mean })),
  ),
  exitCode: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }),
  child: fc.oneof(fc.constant(null), fc.record({ seconds: fc.integer({ min: 1, max: 300 }), exitCode: fc.constantFrom(0, 1, 1) })),
  attempts: fc.constantFrom(0, 0, 1, 2, 3),
  pullFailure: w.pullFailures ? fc.boolean() : fc.constant(false),
  deps: fc.oneof({ weight: 2, arbitrary: fc.constant<number[]>([]) }, { weight: 1, arbitrary: fc.array(fc.nat(20), { minLength: 1, maxLength: 2 }) }),
  feeds: fc.boolean(),
});

/** The multi-node part of a recipe; the widenings drawn only when their knobs are on. */
export const multiNodeRecipeArbWith = (w: GangWidenings): fc.Arbitrary<MultiNodeRecipe> => fc.record({
  ownQueue: fc.boolean(),
  shortIdle: w.shortIdle ? fc.boolean() : fc.constant(false),
  minvCpus: w.minvCpus ? fc.boolean() : fc.constant(false),
  own: fc.record({
    types: fc.uniqueArray(fc.constantFrom(...OWN_TYPES), { minLength: 1, maxLength: 3 }),
    maxvCpus: fc.constantFrom(4, 8, 16, 32, 64),
    strategy: fc.constantFrom<AllocationStrategy>('BEST_FIT', 'BEST_FIT_PROGRESSIVE'),
    priority: fc.integer({ min: 1, max: 10 }),
  }),
  jobs: fc.array(jobArbWith(w), { minLength: 1, maxLength: 3 }),
});

/** Whether a queue may run multi-node jobs: every environment of its order is MANAGED EC2 on-demand. */
export function runsGangs(s: Scenario, queueName: string): boolean {
  const q = s.jobQueues.find((x) => x.jobQueueName === queueName)!;
  return q.computeEnvironmentOrder.every((n) => s.computeEnvironments.find((c) => c.computeEnvironmentName === n)?.computeResources?.type === 'EC2');
}

function ownCe(r: MultiNodeRecipe['own']): ComputeEnvironmentSpec {
  const byName = new Map<string, InstanceShape>();
  for (const t of r.types) for (const x of resolveInstanceTypeEntry(t)!) byName.set(x.instanceType, catalogShape(x.instanceType));
  const instanceTypes = [...byName.values()].sort((a, b) => (a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0));
  return managedCe('mce', r.types, { allocationStrategy: r.strategy, maxvCpus: r.maxvCpus, instanceTypes });
}

/** The instance types a queue's environments launch, by name (those of 8 vCPUs or fewer when there are any, so gangs fit more often). */
function launchable(s: Scenario, queueName: string): InstanceShape[] {
  const q = s.jobQueues.find((x) => x.jobQueueName === queueName)!;
  const byName = new Map<string, InstanceShape>();
  for (const n of q.computeEnvironmentOrder) {
    for (const t of s.computeEnvironments.find((c) => c.computeEnvironmentName === n)!.computeResources!.instanceTypes) byName.set(t.instanceType, t);
  }
  const all = [...byName.values()].sort((a, b) => (a.instanceType < b.instanceType ? -1 : 1));
  const small = all.filter((t) => t.vcpus <= 8);
  return small.length > 0 ? small : all;
}

const simulationOf = (duration: Distribution, exitCode: number): SimulationSpec => ({
  duration, exitCode, exitCodes: [], speedupByFamily: {}, checkpointSeconds: null, memory: null, imagePullFailureProbability: 0,
});

/** The job's definition: its node ranges sized to fit its instance type (or a c5.large, the smallest any queue launches). */
function multiNodeDefinition(s: Scenario, r: MultiNodeJobRecipe, k: number, queueName: string): JobDefinitionSpec {
  const types = launchable(s, queueName);
  const type = r.instanceType === null ? null : types[r.instanceType % types.length];
  const host = type ?? catalogShape('c5.large');
  const memoryCap = registeredMemoryMiB(host.memoryMiB, s.settings.registeredMemoryFraction, s.settings.agentReservedMemoryMiB);
  const fit = (x: { vcpus: number; memory: number }) => ({ vcpus: Math.min(x.vcpus, host.vcpus), memory: Math.min(x.memory, memoryCap) });
  const main = fit(r.main);
  const other = fit(r.other);
  const n = r.numNodes;
  const mainNode = r.mainNode % n;
  const segments: [number, number][] = r.twoGroups && n >= 2 ? [[0, r.split % (n - 1)], [r.split % (n - 1) + 1, n - 1]] : [[0, n - 1]];
  const groups: NodeGroupSpec[] = segments.map(([from, to]) => {
    const hasMain = from <= mainNode && mainNode <= to;
    const size = hasMain ? main : other;
    const simulation = !hasMain && r.child ? simulationOf({ distribution: 'fixed', value: r.child.seconds }, r.child.exitCode) : null;
    return { from, to, targetNodes: `${from}:${to}`, ...size, gpus: 0, image: `mpi${k}`, simulation };
  });
  const base = definition(`mpi${k}`, main.vcpus, main.memory, 1);
  return {
    ...base, type: 'multinode', image: `mpi${k}`,
    retryStrategy: r.attempts === 0 ? null : { attempts: r.attempts, evaluateOnExit: [] },
    simulation: { ...simulationOf(r.duration, r.exitCode), imagePullFailureProbability: r.pullFailure ? 0.5 : 0 },
    nodeProperties: { numNodes: n, mainNode, instanceType: type?.instanceType ?? null, openEnded: false, groups },
  };
}

/** The scenario with the recipe's multi-node jobs merged in by submission time (dependencies renumbered). */
export function addMultiNode(s: Scenario, r: MultiNodeRecipe): Scenario {
  let out: Scenario = { ...s, computeEnvironments: [...s.computeEnvironments], jobQueues: [...s.jobQueues], jobDefinitions: [...s.jobDefinitions] };
  let hosts = out.jobQueues.filter((q) => runsGangs(out, q.jobQueueName)).map((q) => q.jobQueueName);
  if (r.ownQueue || hosts.length === 0) {
    out.computeEnvironments.push(ownCe(r.own));
    out.jobQueues.push(queue('mq', r.own.priority, ['mce']));
    out = { ...out };
    hosts = [...hosts, 'mq'];
  }
  const st = out.settings;
  const launchAndCycles = st.instanceLaunchSeconds.max + 2 * st.schedulerCycleSeconds;
  if (!r.shortIdle && st.idleScaleDownSeconds <= launchAndCycles) out.settings = { ...st, idleScaleDownSeconds: Math.ceil(launchAndCycles) + 1 };
  const added: JobSubmission[] = r.jobs.map((m, k) => {
    const queueName = hosts[m.queue % hosts.length];
    const def = multiNodeDefinition(out, m, k, queueName);
    out.jobDefinitions.push(def);
    return job(`m${k}`, queueName, def, out.jobDefinitions.length - 1, { submitAtMs: m.submitAtMs, nodeProperties: def.nodeProperties });
  });
  // Merge by submission time (stable: base jobs first among equals) and renumber dependencies.
  const tagged = [
    ...s.jobs.map((j, k) => ({ j, k, mnp: -1 })),
    ...added.map((j, k) => ({ j, k: s.jobs.length + k, mnp: k })),
  ].sort((a, b) => a.j.submitAtMs - b.j.submitAtMs || a.k - b.k);
  const newIndex = new Map<number, number>();
  tagged.forEach((t, i) => newIndex.set(t.k, i));
  const jobs: JobSubmission[] = tagged.map((t) => (t.mnp >= 0 ? t.j : {
    ...t.j, dependsOn: t.j.dependsOn.map((d): DependencySpec => (d.job === null ? d : { ...d, job: newIndex.get(d.job)! })),
  }));
  tagged.forEach((t, i) => {
    if (t.mnp < 0) return;
    const m = r.jobs[t.mnp];
    const deps = [...new Set(i === 0 ? [] : m.deps.map((p) => p % i))];
    jobs[i] = { ...jobs[i], dependsOn: deps.map((d): DependencySpec => ({ job: d, type: null })) };
    if (!m.feeds) return;
    const next = tagged.findIndex((u, x) => x > i && u.mnp < 0);
    if (next >= 0 && !jobs[next].dependsOn.some((d) => d.job === i)) jobs[next] = { ...jobs[next], dependsOn: [...jobs[next].dependsOn, { job: i, type: null }] };
  });
  if (!r.minvCpus) {
    const used = new Set(r.jobs.map((m) => hosts[m.queue % hosts.length]));
    const gangCes = new Set(out.jobQueues.filter((q) => used.has(q.jobQueueName)).flatMap((q) => q.computeEnvironmentOrder));
    out.computeEnvironments = out.computeEnvironments.map((c) => (gangCes.has(c.computeEnvironmentName) && c.computeResources
      ? { ...c, computeResources: { ...c.computeResources, minvCpus: 0, desiredvCpus: 0 } } : c));
  }
  return { ...out, jobs };
}
