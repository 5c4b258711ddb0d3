// Known answers for multi-node parallel jobs (spec §12; docs/model.md "Multi-node parallel jobs"),
// worked out by hand. Settings: instance launch 120 s, image pull 15 s (3 s when the instance has
// the image), scale-in after 600 s idle, a 10 s scheduler cycle. Every node needs a whole
// c5.xlarge (4 vCPU); the main node is node 0 and runs for 600 s.
import { describe, expect, it } from 'vitest';
import type { JobSubmission, NodePropertiesSpec, SimulationSpec } from '../../src/scenario/types.js';
import { definition, job, managedCe, queue, scenario, TEST_SETTINGS } from '../helpers/build.js';
import { runScenario, type Run } from './helpers.js';

const MPI = definition('mpi', 4, 4096, 600, { type: 'multinode' });

function nodes(numNodes: number, childSimulation: SimulationSpec | null = null): NodePropertiesSpec {
  const group = { targetNodes: `0:${numNodes - 1}`, vcpus: 4, memory: 4096, gpus: 0, image: 'mpi', simulation: null };
  const groups = childSimulation === null
    ? [{ ...group, from: 0, to: numNodes - 1 }]
    : [{ ...group, from: 0, to: 0 }, { ...group, from: 1, to: numNodes - 1, targetNodes: `1:${numNodes - 1}`, simulation: childSimulation }];
  return { numNodes, mainNode: 0, instanceType: 'c5.xlarge', openEnded: false, groups };
}

function run(jobs: JobSubmission[], maxvCpus = 64, actions = [] as Parameters<typeof scenario>[0]['actions']): Run {
  return runScenario(scenario({
    settings: TEST_SETTINGS,
    computeEnvironments: [managedCe('ce', ['c5.xlarge'], { maxvCpus })],
    jobQueues: [queue('q', 1, ['ce'])],
    jobDefinitions: [MPI, definition('plain', 4, 4096, 1000)],
    jobs,
    actions,
  }));
}

const mpiJob = (extra: Partial<JobSubmission> = {}) => job('mpi', 'q', MPI, 0, { nodeProperties: nodes(4), ...extra });
const node = (r: Run, n: number) => r.job(`mpi#${n}`);

describe('a 4-node job on an empty compute environment', () => {
  const r = run([mpiJob()]);

  it('launches the whole gang, starts the main node first and the children once it runs', () => {
    // t=0: the job is RUNNABLE at the first cycle; scale-out launches four c5.xlarge (ready 120).
    // 120: the gang is placed, every node holds its instance; node 0 STARTING, RUNNING at 135
    // (pull 15 s); the children start then, RUNNING at 150.
    expect(r.instances.map((i) => [i.instanceType, i.launchedAt, i.readyAt])).toEqual(Array(4).fill(['c5.xlarge', 0, 120]));
    expect(node(r, 0)).toMatchObject({ kind: 'NODE', placedAt: 120, startedAt: 135 });
    for (const n of [1, 2, 3]) expect(node(r, n)).toMatchObject({ placedAt: 120, startedAt: 150 });
    expect(new Set([0, 1, 2, 3].map((n) => node(r, n).instanceId)).size).toBe(4);
  });

  it('ends when the main node exits, with its status and times; the children are stopped', () => {
    // 735: node 0 exits 0 after 600 s → the job SUCCEEDED, started 135, stopped 735. The children
    // are stopped with it. The instances idle out 600 s later.
    expect(r.job('mpi')).toMatchObject({ kind: 'MULTINODE', status: 'SUCCEEDED', placedAt: 120, startedAt: 135, stoppedAt: 735, attempts: 1 });
    expect(node(r, 0)).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 735, reason: 'Essential container in task exited' });
    for (const n of [1, 2, 3]) expect(node(r, n)).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 735, reason: 'Main node exited' });
    expect(r.attempts.map((a) => [a.job, a.placedAt, a.startedAt, a.stoppedAt, a.outcome])).toEqual([
      ['mpi#0', 120, 135, 735, 'SUCCEEDED'],
      ['mpi#1', 120, 150, 735, 'SUCCEEDED'],
      ['mpi#2', 120, 150, 735, 'SUCCEEDED'],
      ['mpi#3', 120, 150, 735, 'SUCCEEDED'],
    ]);
    // The ledger charges the gang to the job: every node's attempt held a whole instance from
    // placement (120) to the main node's exit (735), useful since the job succeeded; the rest of
    // each instance's 1,335 s bill (boot, idle until scale-in) is idle.
    const ledger = r.summary().cost.ledger[0];
    const price = r.instances[0].pricePerHour;
    expect(ledger.usefulUsd).toBeCloseTo((4 * 615 * price) / 3600, 6);
    expect(ledger.terminatedUsd + ledger.failedUsd).toBe(0);
    expect(ledger.idleUsd).toBeCloseTo((4 * (1335 - 615) * price) / 3600, 6);
    expect(r.instances.map((i) => [i.terminatedAt, i.terminationReason])).toEqual(Array(4).fill([1335, 'IDLE_SCALE_DOWN']));
    expect(r.endTime).toBe(1335);
  });
});

describe('a 4-node job behind a full compute environment', () => {
  it('stays RUNNABLE until four empty instances can be had, then runs whole', () => {
    // maxvCpus 16 = four c5.xlarge. t=0: "plain" (4 vCPU, 1000 s, submitted first) gets one
    // launch; the gang would need four more: beyond maxvCpus, nothing is launched for it.
    // 120: plain runs on the one instance (135–1135). The gang waits: 1 instance, busy.
    // 1135: plain ends, its instance is empty; the cycle at 1140 launches the 3 the gang lacks
    // (4 + 12 = 16 vCPUs), ready at 1260: the gang is placed (node 0 on the oldest instance, which
    // lacks the mpi image: pull 15 s) → main RUNNING 1275, children 1290, main exits 1875.
    const r = run([job('plain', 'q', definition('plain', 4, 4096, 1000), 1), mpiJob({ submitAtMs: 1 })], 16);
    expect(r.job('plain')).toMatchObject({ placedAt: 120, startedAt: 135, stoppedAt: 1135 });
    expect(r.instances.map((i) => i.launchedAt)).toEqual([0, 1140, 1140, 1140]);
    expect(r.job('mpi')).toMatchObject({ status: 'SUCCEEDED', runnableAt: 10, placedAt: 1260, startedAt: 1275, stoppedAt: 1875 });
    expect(node(r, 0).instanceId).toBe(r.instances[0].instanceId);
    for (const n of [1, 2, 3]) expect(node(r, n).startedAt).toBe(1290);
  });
});

describe('putting a gang together', () => {
  it('keeps the gang\'s first instances while the others are still launching, however short the idle scale-in', () => {
    // Launches take 60–180 s (drawn per instance) and idle instances scale in after 1 s: the first
    // ones ready wait, idle, for the rest rather than scale in (which would never let the gang be
    // whole). Four instances are launched, none is scaled in before the gang is placed.
    const r = runScenario(scenario({
      settings: { ...TEST_SETTINGS, instanceLaunchSeconds: { min: 60, max: 180 }, idleScaleDownSeconds: 1 },
      computeEnvironments: [managedCe('ce', ['c5.xlarge'], { maxvCpus: 64 })],
      jobQueues: [queue('q', 1, ['ce'])],
      jobDefinitions: [MPI],
      jobs: [mpiJob()],
    }));
    expect(r.instances).toHaveLength(4);
    const lastReady = Math.max(...r.instances.map((i) => i.readyAt!));
    expect(new Set(r.instances.map((i) => i.readyAt)).size).toBeGreaterThan(1);
    expect(r.job('mpi')).toMatchObject({ status: 'SUCCEEDED', placedAt: Math.ceil(lastReady / 10) * 10 });
    for (const i of r.instances) expect(i.terminatedAt).toBe(r.job('mpi').stoppedAt! + 1);
  });

  it('is blocked, not waiting forever, when the capacity kept for minvCpus leaves no room for it', () => {
    // maxvCpus 16, minvCpus 4 kept as two c5.large (the type cheapest per vCPU); the gang needs
    // four m5.xlarge, 16 vCPUs, beside those 4: never. AWS's reason, and the run ends.
    const def = definition('mpi', 4, 4096, 600, { type: 'multinode' });
    const r = runScenario(scenario({
      settings: TEST_SETTINGS,
      computeEnvironments: [managedCe('ce', ['c5.large', 'm5.xlarge'], { maxvCpus: 16, minvCpus: 4 })],
      jobQueues: [queue('q', 1, ['ce'])],
      jobDefinitions: [def],
      jobs: [job('mpi', 'q', def, 0, { nodeProperties: { ...nodes(4), instanceType: 'm5.xlarge' } })],
    }));
    expect(r.job('mpi')).toMatchObject({ status: 'RUNNABLE', reason: expect.stringMatching(/^MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE/) });
    expect(r.instances.map((i) => i.instanceType)).toEqual(['c5.large', 'c5.large']);
  });
});

describe('a gang next to other jobs', () => {
  it('keeps the instances it has for itself while it waits, so lower-priority jobs do not starve it', () => {
    // maxvCpus 16: four c5.xlarge, all launched for the gang (queue hi, priority 10) at t=0;
    // ready 60–180 s later, one by one. Queue lo (priority 1) has 20 one-instance jobs waiting
    // from the start and nothing else to run on. Each cycle the gang keeps the empty instances it
    // has, so lo's jobs do not take them as they come: the gang starts once all four are ready,
    // and lo's jobs run after it. (Without that, lo's jobs took each instance as it became ready
    // and the gang waited behind all of them.)
    const plain = definition('plain', 4, 4096, 300);
    const r = runScenario(scenario({
      settings: { ...TEST_SETTINGS, instanceLaunchSeconds: { min: 60, max: 180 } },
      computeEnvironments: [managedCe('ce', ['c5.xlarge'], { maxvCpus: 16 })],
      jobQueues: [queue('hi', 10, ['ce']), queue('lo', 1, ['ce'])],
      jobDefinitions: [MPI, plain],
      jobs: [
        job('mpi', 'hi', MPI, 0, { nodeProperties: nodes(4) }),
        ...Array.from({ length: 20 }, (_, i) => job(`p${i}`, 'lo', plain, 1, { submitAtMs: 1 })),
      ],
    }));
    expect(r.instances).toHaveLength(4);
    const lastReady = Math.max(...r.instances.map((i) => i.readyAt!));
    expect(r.job('mpi').placedAt).toBe(Math.ceil(lastReady / 10) * 10);
    for (let i = 0; i < 20; i++) expect(r.job(`p${i}`).placedAt).toBeGreaterThanOrEqual(r.job('mpi').stoppedAt!);
  });

  it('keeps nothing when its environment is DISABLED: the idle instances scale in and the run ends', () => {
    // The gang's four instances are launched at 0; at 60 the environment is DISABLED (it takes no
    // new jobs), so the gang can never be put together there: its instances idle out.
    const r = runScenario(scenario({
      settings: TEST_SETTINGS,
      computeEnvironments: [managedCe('ce', ['c5.xlarge'], { maxvCpus: 64 })],
      jobQueues: [queue('q', 1, ['ce'])],
      jobDefinitions: [MPI],
      jobs: [mpiJob()],
      actions: [{ atMs: 60_000, action: 'UpdateComputeEnvironment', computeEnvironment: 'ce', state: 'DISABLED', minvCpus: null, maxvCpus: null, desiredvCpus: null }],
    }));
    expect(r.job('mpi').status).toBe('RUNNABLE');
    expect(r.instances.map((i) => [i.readyAt, i.terminatedAt, i.terminationReason])).toEqual(Array(4).fill([120, 720, 'IDLE_SCALE_DOWN']));
    expect(r.endTime).toBe(720);
  });

  it('kills a node for its own group\'s memory, not the instance\'s', () => {
    // Each node asks for 4096 MiB; the main node peaks at 8192 MiB (a c5.xlarge registers 7,914):
    // killed at 600 × 4096 / 8192 = 300 s into its run, exit 137, OutOfMemoryError.
    const hungry: SimulationSpec = { ...MPI.simulation, memory: { distribution: 'fixed', value: 8192 } };
    const r = run([mpiJob({ simulation: hungry })]);
    expect(r.attemptsOf('mpi#0').map((a) => [a.startedAt, a.stoppedAt, a.exitCode, a.containerReason])).toEqual([[135, 435, 137, 'OutOfMemoryError: Container killed due to memory usage']]);
    expect(r.job('mpi')).toMatchObject({ status: 'FAILED', stoppedAt: 435 });
  });
});

describe('failures', () => {
  const failing: SimulationSpec = { ...MPI.simulation, exitCodes: [{ exitCode: 1, weight: 1 }] };

  it('retries the whole job when the main node fails', () => {
    // Main exits 1 at 735; attempts 2: every node runs again. The cycle at 740 places the gang
    // on the same (now empty) instances, images cached: main RUNNING 743, children 746; main
    // fails again at 1343 → the job FAILED with its exit code; each node has two attempts.
    const r = run([mpiJob({ simulation: failing, retryStrategy: { attempts: 2, evaluateOnExit: [] } })]);
    expect(r.job('mpi')).toMatchObject({ status: 'FAILED', attempts: 2, placedAt: 740, startedAt: 743, stoppedAt: 1343 });
    expect(r.attemptsOf('mpi#0').map((a) => [a.attempt, a.startedAt, a.stoppedAt, a.exitCode, a.outcome])).toEqual([
      [1, 135, 735, 1, 'FAILED'],
      [2, 743, 1343, 1, 'FAILED'],
    ]);
    for (const n of [1, 2, 3]) {
      expect(r.attemptsOf(`mpi#${n}`).map((a) => [a.startedAt, a.stoppedAt, a.outcome])).toEqual([[150, 735, 'FAILED'], [746, 1343, 'FAILED']]);
      expect(node(r, n)).toMatchObject({ status: 'FAILED', reason: 'Main node exited' });
    }
  });

  it('does not retry the job when a child node fails', () => {
    // Children (nodes 1–3) run 100 s and exit 1 at 250: they end FAILED on their own; the main
    // node runs on to 735 and the job SUCCEEDS on its first attempt, retry strategy or not.
    const child: SimulationSpec = { ...MPI.simulation, duration: { distribution: 'fixed', value: 100 }, exitCodes: [{ exitCode: 1, weight: 1 }] };
    const r = run([mpiJob({ nodeProperties: nodes(4, child), retryStrategy: { attempts: 3, evaluateOnExit: [] } })]);
    expect(r.job('mpi')).toMatchObject({ status: 'SUCCEEDED', attempts: 1, stoppedAt: 735 });
    for (const n of [1, 2, 3]) expect(node(r, n)).toMatchObject({ status: 'FAILED', startedAt: 150, stoppedAt: 250, attempts: 1 });
    expect(r.attemptsOf('mpi#1').map((a) => [a.exitCode, a.outcome])).toEqual([[1, 'FAILED']]);
  });

  it('times the whole job out from the main node start, and never retries a timeout', () => {
    // attemptDurationSeconds 300: the main node (RUNNING at 135) is killed at 435; the job FAILED.
    const r = run([mpiJob({ attemptDurationSeconds: 300, retryStrategy: { attempts: 3, evaluateOnExit: [] } })]);
    expect(r.job('mpi')).toMatchObject({ status: 'FAILED', attempts: 1, stoppedAt: 435 });
    expect(r.attemptsOf('mpi#0').map((a) => [a.exitCode, a.outcome])).toEqual([[137, 'TIMED_OUT']]);
    for (const n of [1, 2, 3]) expect(node(r, n)).toMatchObject({ status: 'FAILED', stoppedAt: 435 });
  });

  it('stops the job on TerminateJob (its main node), without retrying', () => {
    const r = run([mpiJob({ retryStrategy: { attempts: 3, evaluateOnExit: [] } })], 64, [
      { atMs: 300_000, action: 'TerminateJob', job: 0, arrayIndex: null, reason: 'stop it' },
    ]);
    // Carried out at the cycle at 300: node 0 stopped (SIGTERM, no grace by default).
    expect(r.job('mpi')).toMatchObject({ status: 'FAILED', attempts: 1, stoppedAt: 300, reason: 'stop it' });
    expect(r.attemptsOf('mpi#0').map((a) => [a.exitCode, a.outcome])).toEqual([[143, 'TERMINATED']]);
  });
});
