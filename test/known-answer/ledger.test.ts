// Known answer: the cost ledger (docs/outputs.md). An attempt costs the instance's effective price
// × (stoppedAt − max(placedAt, the instance's billing start)) × its share (job vCPUs / instance
// vCPUs, or its GPU share if larger; the billing start only differs for a Fargate task);
// idleUsd is the bill for time with no job on the instance; unallocatedUsd the rest, so that
// costUsd = usefulUsd + interruptedUsd + timedOutUsd + failedUsd + terminatedUsd + unfinishedUsd + idleUsd
// + unallocatedUsd. The run ends with its last change (here the last job's end), and the UNMANAGED
// instances are terminated then (SIMULATION_END).
import { describe, expect, it } from 'vitest';
import { runYaml } from './helpers.js';

const scenario = (fleet: string, defs: string, jobs: string) => `
name: ledger
settings: { schedulerCycleSeconds: 10, imagePullSeconds: 15, cachedImageStartSeconds: 3 }
computeEnvironments:
  - computeEnvironmentName: lab
    type: UNMANAGED
    simulation: { fleet: [${fleet}] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: lab }] }
jobDefinitions:
${defs}
jobs:
${jobs}
`;

describe('a partly used instance', () => {
  // One c5.xlarge (4 vCPUs, 0.17 USD/h) from t = 0. a (1 vCPU, 100 s) and b (1 vCPU, 200 s,
  // exit 1, no retry) are both placed at 0; b shares a's image pull → both RUNNING 15; a ends 115,
  // b fails at 215: the last change. The cycle at 220 would find nothing to do and does not extend
  // the run: it ends at 215 and the instance is billed 215 s, every one of them with a job on it
  // (busy 0 → 215), so nothing is idle. Per second p = 0.17 / 3600; the attempts hold 1/4 each:
  // a 115 s, b 215 s; unallocated = 215 p − (115 + 215) × p / 4.
  const run = runYaml(scenario(
    '{ instanceType: c5.xlarge }',
    `  - { jobDefinitionName: ok, type: container, containerProperties: { image: img, vcpus: 1, memory: 1024 }, simulation: { duration: 100 } }
  - { jobDefinitionName: bad, type: container, containerProperties: { image: img, vcpus: 1, memory: 1024 }, simulation: { duration: 200, exitCode: 1 } }`,
    `  - { jobName: a, jobQueue: q, jobDefinition: ok, submitAt: 0 }
  - { jobName: b, jobQueue: q, jobDefinition: bad, submitAt: 0 }`,
  ));
  const p = 0.17 / 3600;

  it('charges each attempt its vCPU share, books no idle time (a job on it until the run ends) and the rest as unallocated', () => {
    expect(run.endTime).toBe(215);
    expect(run.instances[0]).toMatchObject({ terminatedAt: 215, terminationReason: 'SIMULATION_END', billedSeconds: 215, busySeconds: 215 });
    expect(run.attemptsOf('a')[0]).toMatchObject({ placedAt: 0, startedAt: 15, stoppedAt: 115, outcome: 'SUCCEEDED' });
    expect(run.attemptsOf('b')[0]).toMatchObject({ placedAt: 0, startedAt: 15, stoppedAt: 215, outcome: 'FAILED', exitCode: 1 });
    expect(run.attemptsOf('a')[0].costUsd).toBeCloseTo(115 * p * 0.25, 12);
    expect(run.attemptsOf('b')[0].costUsd).toBeCloseTo(215 * p * 0.25, 12);
    const [line] = run.summary().cost.ledger;
    expect(line).toMatchObject({ computeEnvironment: 'lab', purchaseOption: 'ON_DEMAND', instances: 1, billedSeconds: 215 });
    expect(line.costUsd).toBeCloseTo(215 * p, 6);
    expect(line.usefulUsd).toBeCloseTo(115 * p * 0.25, 6);
    expect(line.failedUsd).toBeCloseTo(215 * p * 0.25, 6);
    expect(line.idleUsd).toBeCloseTo(0, 6);
    expect(line.unallocatedUsd).toBeCloseTo(215 * p - 330 * p * 0.25, 6);
    const w = run.summary().cost.wastedUsd;
    expect(w.failed).toBeCloseTo(215 * p * 0.25, 6);
    expect(w.idle).toBeCloseTo(0, 6);
    expect(w.total).toBeCloseTo(215 * p * 0.25, 6);
  });
});

describe('a GPU instance shared by a GPU job and a CPU job', () => {
  // One custom 4-vCPU, 1-GPU box at 3.6 USD/h (0.001 USD/s) from t = 0. gpu (1 vCPU, 1 GPU) and
  // cpu (3 vCPUs) run side by side 0 → 115 (pull 15 + 100 s); the run ends with them at 115 (the
  // cycle at 120 changes nothing) and the box is billed 115 s = 0.115 USD, none of it idle.
  // Shares: gpu max(1/4, 1/1) = 1, cpu 3/4 — together 1.75 of the box for 115 s. The ledger can
  // only add up if the attempts together are charged no more than the busy time's bill.
  const run = runYaml(scenario(
    '{ instanceType: gpubox, vcpus: 4, memory: 16384, gpus: 1, pricePerHour: 3.6 }',
    `  - { jobDefinitionName: gpu, type: container, containerProperties: { image: img, vcpus: 1, memory: 2048, resourceRequirements: [{ type: GPU, value: "1" }] }, simulation: { duration: 100 } }
  - { jobDefinitionName: cpu, type: container, containerProperties: { image: img, vcpus: 3, memory: 2048 }, simulation: { duration: 100 } }`,
    `  - { jobName: g, jobQueue: q, jobDefinition: gpu, submitAt: 0 }
  - { jobName: c, jobQueue: q, jobDefinition: cpu, submitAt: 0 }`,
  ));

  it('runs both jobs together on the box', () => {
    expect(run.endTime).toBe(115);
    expect(run.instances[0]).toMatchObject({ terminatedAt: 115, billedSeconds: 115, busySeconds: 115 });
    expect(run.instances[0].costUsd).toBeCloseTo(0.115, 12);
    expect(run.attemptsOf('g')[0]).toMatchObject({ placedAt: 0, stoppedAt: 115 });
    expect(run.attemptsOf('c')[0]).toMatchObject({ placedAt: 0, stoppedAt: 115 });
  });

  it('charges the attempts no more than the box cost while they ran, so the line adds up', () => {
    const [line] = run.summary().cost.ledger;
    const attempts = run.attempts.reduce((s, a) => s + a.costUsd, 0);
    expect(attempts, `attempts charged ${attempts} USD for 115 s of a box that cost 0.115 USD then`).toBeLessThanOrEqual(0.115 + 1e-9);
    const parts = line.usefulUsd + line.interruptedUsd + line.timedOutUsd + line.failedUsd + line.terminatedUsd + line.unfinishedUsd + line.idleUsd
      + line.unallocatedUsd;
    expect(parts, JSON.stringify(line)).toBeCloseTo(line.costUsd, 6);
  });
});

describe('an instance that waits for its first job', () => {
  // The same c5.xlarge from t = 0; a (1 vCPU, 100 s) is submitted at 25 → the cycle at 30 places it
  // → pull → RUNNING 45 → 145, the last change: the run ends at 145. Billed 145 s; busy 30 → 145 =
  // 115 s, so 0 → 30 is idle: 30 p. a holds 1/4 for 115 s; unallocated = 145 p − 115 p / 4 − 30 p.
  const run = runYaml(scenario(
    '{ instanceType: c5.xlarge }',
    '  - { jobDefinitionName: ok, type: container, containerProperties: { image: img, vcpus: 1, memory: 1024 }, simulation: { duration: 100 } }',
    '  - { jobName: a, jobQueue: q, jobDefinition: ok, submitAt: 25 }',
  ));
  const p = 0.17 / 3600;

  it('books the time with no job on it as idle', () => {
    expect(run.endTime).toBe(145);
    expect(run.instances[0]).toMatchObject({ terminatedAt: 145, terminationReason: 'SIMULATION_END', billedSeconds: 145, busySeconds: 115 });
    expect(run.attemptsOf('a')[0]).toMatchObject({ placedAt: 30, startedAt: 45, stoppedAt: 145, outcome: 'SUCCEEDED' });
    expect(run.attemptsOf('a')[0].costUsd).toBeCloseTo(115 * p * 0.25, 12);
    expect(run.instances[0].idleUsd).toBeCloseTo(30 * p, 12);
    const [line] = run.summary().cost.ledger;
    expect(line.costUsd).toBeCloseTo(145 * p, 6);
    expect(line.usefulUsd).toBeCloseTo(115 * p * 0.25, 6);
    expect(line.idleUsd).toBeCloseTo(30 * p, 6);
    expect(line.unallocatedUsd).toBeCloseTo(145 * p - 115 * p * 0.25 - 30 * p, 6);
    expect(run.summary().cost.wastedUsd).toMatchObject({ idle: expect.closeTo(30 * p, 6), total: expect.closeTo(30 * p, 6) });
  });
});
