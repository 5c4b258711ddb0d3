// Known answer: Fargate (spec §9; pricing-and-latency §1). One task per job, sized to the job and
// started at placement; STARTING lasts settings.fargate.startSeconds (30, provisioning) +
// imagePullSeconds (15) every time (no image cache); the task is a row of instances.csv
// (instanceType FARGATE, purchaseOption FARGATE / FARGATE_SPOT; launchedAt = readyAt = placement)
// billed from the start of its image download — placement + startSeconds (spec §9.2, pricing §1.2)
// — to the job's end, per second with a 60-second minimum, at vCPUs × 0.04048 + GB × 0.004445 USD/h
// (GB = MiB / 1024), × (1 − 0.7) on Fargate Spot. The attempt is charged the same span:
// max(placedAt, billing start) → stoppedAt. maxvCpus caps the vCPUs of the tasks running at once;
// beyond it a job waits, or spills to the next environment of its queue.
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

/** 1 vCPU, 2048 MiB = 2 GB. */
const FARGATE_1_2 = 1 * 0.04048 + 2 * 0.004445; // 0.04937 USD/h
const usd = (seconds: number, perHour: number) => (seconds * perHour) / 3600;

interface Opts {
  settings?: string;
  fargate?: string;
  order?: string;
  fgMax?: number;
  duration?: number;
  vcpu?: string;
  memory?: string;
  jobs?: string;
  retry?: string;
  actions?: string;
}

const scenario = (o: Opts = {}) => `
name: fargate
settings:
  schedulerCycleSeconds: 10
  imagePullSeconds: 15
${o.settings ?? ''}
  fargate: { spotMonthlyInterruptionRate: 0${o.fargate ?? ''} }
computeEnvironments:
  - computeEnvironmentName: fg
    type: MANAGED
    computeResources: { type: FARGATE, maxvCpus: ${o.fgMax ?? 16} }
  - computeEnvironmentName: fgs
    type: MANAGED
    computeResources: { type: FARGATE_SPOT, maxvCpus: 16 }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: ${o.order ?? '[{ order: 1, computeEnvironment: fg }]'}
jobDefinitions:
  - jobDefinitionName: task
    type: container
    platformCapabilities: [FARGATE]
    containerProperties:
      image: acme/task
      resourceRequirements: [{ type: VCPU, value: "${o.vcpu ?? '1'}" }, { type: MEMORY, value: "${o.memory ?? '2048'}" }]
${o.retry ?? ''}
    simulation: { duration: ${o.duration ?? 600} }
jobs:
${o.jobs ?? '  - { jobName: j1, jobQueue: q, jobDefinition: task, submitAt: 0 }'}
${o.actions ?? ''}
`;

describe('a Fargate task', () => {
  // j1 (600 s) at 0: placed at the cycle at 0, a task of its size starts there; STARTING 30 + 15 =
  // 45 s → RUNNING 45 → 645; billed from the image pull at 30 to 645 = 615 s. j2 at 700 needs its
  // own task and pulls again: 700 → 745 → 1345, billed 730 → 1345 = 615 s.
  const run = runYaml(scenario({ jobs: '  - { jobName: j1, jobQueue: q, jobDefinition: task, submitAt: 0 }\n  - { jobName: j2, jobQueue: q, jobDefinition: task, submitAt: 700 }' }));
  const [t1, t2] = run.instances;

  it('is STARTING for startSeconds + imagePullSeconds, every time', () => {
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 45, stoppedAt: 645 });
    expect(times(run.job('j2'))).toEqual({ status: 'SUCCEEDED', createdAt: 700, runnableAt: 700, placedAt: 700, startedAt: 745, stoppedAt: 1345 });
  });

  it('is an instances.csv row of its own, billed from the image pull to the job end at the vCPU and GB rates', () => {
    expect(run.instances).toHaveLength(2);
    // launchedAt/readyAt stay at placement; the bill (and the busy time) starts 30 s later.
    expect(t1).toMatchObject({
      computeEnvironment: 'fg', instanceType: 'FARGATE', purchaseOption: 'FARGATE', launchedAt: 0, readyAt: 0, terminatedAt: 645,
      terminationReason: 'TASK_STOPPED', billedSeconds: 615, busySeconds: 615,
    });
    expect(t2).toMatchObject({ launchedAt: 700, readyAt: 700, terminatedAt: 1345, billedSeconds: 615 });
    expect(t1.instanceId).not.toBe(t2.instanceId);
    expect(t1.pricePerHour).toBeCloseTo(FARGATE_1_2, 12);
    expect(t1.costUsd).toBeCloseTo(usd(615, FARGATE_1_2), 12);
    expect(t1.idleUsd).toBeCloseTo(0, 12);
    expect(run.job('j1')).toMatchObject({ instanceType: 'FARGATE', instanceId: t1.instanceId, computeEnvironment: 'fg' });
    // The attempt holds the whole task (share 1) and is charged from the image pull (30), not from
    // placement: the 30 s of provisioning are not billed; 30 → 645 = 615 s.
    expect(run.attemptsOf('j1')[0]).toMatchObject({ instanceType: 'FARGATE', purchaseOption: 'FARGATE', placedAt: 0, startedAt: 45, stoppedAt: 645 });
    expect(run.attemptsOf('j1')[0].costUsd).toBeCloseTo(usd(615, FARGATE_1_2), 12);
    const cost = run.summary().cost;
    expect(cost.totalUsd).toBeCloseTo(usd(1230, FARGATE_1_2), 6);
    expect(cost.byPurchaseOption).toEqual({ FARGATE: cost.totalUsd });
    expect(cost.wastedUsd.total).toBeCloseTo(0, 6);
  });
});

describe('the one-minute minimum', () => {
  it('bills a 30-second job whose task is billed 35 s (image pull 10 → 45) for 60 s', () => {
    // startSeconds 10 + imagePullSeconds 5: placed 0 → image pull from 10 → RUNNING 15 → 45.
    // Billed span 10 → 45 = 35 s → 60 s billed; the attempt is charged its 35 s (from the pull),
    // the 25 s of minimum are idle.
    const run = runYaml(scenario({ duration: 30, settings: '  imagePullSeconds: 5', fargate: ', startSeconds: 10' }).replace('  imagePullSeconds: 15\n', ''));
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 45 });
    const [t] = run.instances;
    expect(t).toMatchObject({ launchedAt: 0, terminatedAt: 45, billedSeconds: 60, busySeconds: 35 });
    expect(t.costUsd).toBeCloseTo(usd(60, FARGATE_1_2), 12);
    expect(run.attempts[0].costUsd).toBeCloseTo(usd(35, FARGATE_1_2), 12);
    expect(t.idleUsd).toBeCloseTo(usd(25, FARGATE_1_2), 12);
    const [line] = run.summary().cost.ledger;
    expect(line).toMatchObject({ computeEnvironment: 'fg', purchaseOption: 'FARGATE', instances: 1, billedSeconds: 60 });
    expect(line.usefulUsd + line.idleUsd).toBeCloseTo(line.costUsd, 6);
  });

  it('bills a 30-second job with the default 45 s start (billed 30 → 75, 45 s) for 60 s', () => {
    // Placed 0 → image pull from 30 → RUNNING 45 → 75. Billed span 45 s → the 60 s minimum; from
    // placement it would have been 75 s.
    const run = runYaml(scenario({ duration: 30 }));
    expect(run.job('j1')).toMatchObject({ startedAt: 45, stoppedAt: 75 });
    expect(run.instances[0]).toMatchObject({ launchedAt: 0, terminatedAt: 75, billedSeconds: 60, busySeconds: 45 });
    expect(run.instances[0].costUsd).toBeCloseTo(usd(60, FARGATE_1_2), 12);
    expect(run.attempts[0].costUsd).toBeCloseTo(usd(45, FARGATE_1_2), 12);
  });

  it('bills a 10-second job (task placed 0 → 55, billed 30 → 55 = 25 s) for 60 s', () => {
    const run = runYaml(scenario({ duration: 10 }));
    expect(run.instances[0]).toMatchObject({ terminatedAt: 55, billedSeconds: 60 });
    expect(run.instances[0].costUsd).toBeCloseTo(usd(60, FARGATE_1_2), 12);
  });

  it('prices a fractional task by its vCPUs and GB: 0.25 vCPU, 512 MiB', () => {
    // 0.25 × 0.04048 + 0.5 × 0.004445 = 0.0123425 USD/h; placed 0 → 645, billed 30 → 645 = 615 s.
    const run = runYaml(scenario({ vcpu: '0.25', memory: '512' }));
    expect(run.instances[0].pricePerHour).toBeCloseTo(0.25 * 0.04048 + 0.5 * 0.004445, 12);
    expect(run.instances[0].costUsd).toBeCloseTo(usd(615, 0.0123425), 12);
  });
});

describe('Fargate Spot', () => {
  it('costs (1 − spotDiscount) of Fargate: 70 % off by default', () => {
    // Placed 0 → 645, billed from the image pull at 30: 615 s at 0.3 × the Fargate rate.
    const run = runYaml(scenario({ order: '[{ order: 1, computeEnvironment: fgs }]' }));
    const [t] = run.instances;
    expect(t).toMatchObject({ computeEnvironment: 'fgs', instanceType: 'FARGATE', purchaseOption: 'FARGATE_SPOT', launchedAt: 0, terminatedAt: 645, billedSeconds: 615 });
    expect(t.pricePerHour).toBeCloseTo(FARGATE_1_2 * 0.3, 12);
    expect(t.costUsd).toBeCloseTo(usd(615, FARGATE_1_2 * 0.3), 12);
    expect(run.summary().cost.byPurchaseOption).toEqual({ FARGATE_SPOT: run.summary().cost.totalUsd });
  });

  it('uses settings.fargate.spotDiscount', () => {
    const run = runYaml(scenario({ order: '[{ order: 1, computeEnvironment: fgs }]', fargate: ', spotDiscount: 0.5' }));
    // 615 s billed (30 → 645) at half the Fargate rate.
    expect(run.instances[0].costUsd).toBeCloseTo(usd(615, FARGATE_1_2 * 0.5), 12);
  });

  it('is interrupted by a forced interruption: the task ends after the notice, and a retry gets a new task', () => {
    // j1 on Fargate Spot: placed 0, image pull from 30, RUNNING 45; notice 100 → reclaimed 220:
    // attempt INTERRUPTED (ECS's Fargate Spot reason, no exit code), the task is billed 30 → 220 =
    // 190 s at the Spot price, and so is the attempt. Retry → the cycle at 220 starts a new task →
    // image pull from 250 → RUNNING 265 → 865, billed 250 → 865 = 615 s.
    const run = runYaml(scenario({
      order: '[{ order: 1, computeEnvironment: fgs }]',
      retry: '    retryStrategy: { attempts: 2 }',
      actions: 'actions:\n  - { at: 100, action: InterruptSpotInstances, computeEnvironment: fgs }',
    }));
    const [t1, t2] = run.instances;
    expect(t1).toMatchObject({ launchedAt: 0, terminatedAt: 220, terminationReason: 'SPOT_INTERRUPTION', billedSeconds: 190 });
    expect(t1.costUsd).toBeCloseTo(usd(190, FARGATE_1_2 * 0.3), 12);
    expect(t2).toMatchObject({ launchedAt: 220, terminatedAt: 865, terminationReason: 'TASK_STOPPED', billedSeconds: 615 });
    expect(run.attemptsOf('j1').map((a) => [a.instanceId, a.placedAt, a.startedAt, a.stoppedAt, a.exitCode, a.outcome])).toEqual([
      [t1.instanceId, 0, 45, 220, null, 'INTERRUPTED'],
      [t2.instanceId, 220, 265, 865, 0, 'SUCCEEDED'],
    ]);
    expect(run.attemptsOf('j1')[0].statusReason).toBe('Your Spot Task was interrupted.');
    expect(run.attemptsOf('j1')[0].costUsd).toBeCloseTo(usd(190, FARGATE_1_2 * 0.3), 12);
    expect(run.summary().spotInterruptions).toBe(1);
  });
});

describe('maxvCpus', () => {
  const three = ['j1', 'j2', 'j3'].map((n) => `  - { jobName: ${n}, jobQueue: q, jobDefinition: task, submitAt: 0 }`).join('\n');

  it('caps the vCPUs of running tasks: the third 1-vCPU job waits for a task to end', () => {
    // maxvCpus 2, duration 100: j1, j2 get tasks at 0 → RUNNING 45 → 145. j3 waits (RUNNABLE,
    // no blocked reason); the tasks end at 145 → the cycle at 150 starts j3's → 195 → 295.
    const run = runYaml(scenario({ fgMax: 2, duration: 100, jobs: three }));
    expect(run.job('j1')).toMatchObject({ placedAt: 0, startedAt: 45, stoppedAt: 145 });
    expect(run.job('j2')).toMatchObject({ placedAt: 0, startedAt: 45, stoppedAt: 145 });
    expect(times(run.job('j3'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 150, startedAt: 195, stoppedAt: 295 });
    expect(run.instances.map((i) => [i.launchedAt, i.terminatedAt])).toEqual([[0, 145], [0, 145], [150, 295]]);
    // Cut by horizonSeconds 100: j1 and j2 are still RUNNING; each gets an attempts.csv row ending
    // at the horizon, no exit code, UNFINISHED, and its task ends there (SIMULATION_END), billed
    // from the image pull at 30 to 100 = 70 s; the attempt is charged the same 70 s.
    const mid = runYaml(scenario({ fgMax: 2, duration: 100, jobs: three, settings: '  horizonSeconds: 100' }));
    expect(mid.job('j3')).toMatchObject({ status: 'RUNNABLE', reason: '' });
    expect(mid.endTime).toBe(100);
    expect(mid.attempts.map((a) => [a.job, a.placedAt, a.startedAt, a.stoppedAt, a.exitCode, a.outcome])).toEqual([
      ['j1', 0, 45, 100, null, 'UNFINISHED'],
      ['j2', 0, 45, 100, null, 'UNFINISHED'],
    ]);
    for (const a of mid.attempts) expect(a.costUsd).toBeCloseTo(usd(70, FARGATE_1_2), 12);
    expect(mid.instances.map((i) => [i.terminatedAt, i.terminationReason, i.billedSeconds])).toEqual([[100, 'SIMULATION_END', 70], [100, 'SIMULATION_END', 70]]);
    expect(mid.summary().attemptsByOutcome).toMatchObject({ UNFINISHED: 2 });
    expect(mid.summary().cost.ledger[0].unfinishedUsd).toBeCloseTo(usd(140, FARGATE_1_2), 6);
  });

  it('counts fractional vCPUs: four 0.25-vCPU tasks fit under maxvCpus 1, the fifth waits', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((n) => `  - { jobName: ${n}, jobQueue: q, jobDefinition: task, submitAt: 0 }`).join('\n');
    const run = runYaml(scenario({ fgMax: 1, duration: 100, vcpu: '0.25', memory: '512', jobs: five }));
    for (const n of ['a', 'b', 'c', 'd']) expect(run.job(n)).toMatchObject({ placedAt: 0, stoppedAt: 145 });
    expect(run.job('e')).toMatchObject({ placedAt: 150, startedAt: 195, stoppedAt: 295 });
  });

  it('spills what the first environment cannot take to Fargate Spot', () => {
    // Queue [fg (maxvCpus 2), fgs]: j3 goes to Fargate Spot at 0. Each task: placed 0, billed from
    // the image pull at 30 to 145 = 115 s: FARGATE 2 × 115 = 230 s, FARGATE_SPOT 115 s.
    const run = runYaml(scenario({
      fgMax: 2, duration: 100, jobs: three,
      order: '[{ order: 1, computeEnvironment: fg }, { order: 2, computeEnvironment: fgs }]',
    }));
    expect(run.job('j3')).toMatchObject({ computeEnvironment: 'fgs', placedAt: 0, startedAt: 45, stoppedAt: 145 });
    expect(run.instances.map((i) => i.purchaseOption)).toEqual(['FARGATE', 'FARGATE', 'FARGATE_SPOT']);
    const cost = run.summary().cost;
    expect(run.instances.map((i) => i.billedSeconds)).toEqual([115, 115, 115]);
    expect(cost.byPurchaseOption.FARGATE).toBeCloseTo(usd(230, FARGATE_1_2), 6);
    expect(cost.byPurchaseOption.FARGATE_SPOT).toBeCloseTo(usd(115, FARGATE_1_2 * 0.3), 6);
  });
});

describe('the end of a run with Fargate Spot', () => {
  it('is when the last task stops, not at the interruption time drawn for a task that has ended', () => {
    // Default spotMonthlyInterruptionRate (0.05): each Fargate Spot task draws a notice time at
    // start, typically months ahead. j1 (100 s): task 0 → RUNNING 45 → 145. The cycle the job's end
    // asks for (at 150) changes nothing, and the notice drawn for the task comes after all the work
    // is done, so neither extends the run: it ends at 145, the last change (the job and its task
    // stopping).
    const run = runYaml(scenario({ order: '[{ order: 1, computeEnvironment: fgs }]', duration: 100 }).replace('fargate: { spotMonthlyInterruptionRate: 0 }', 'fargate: {}'));
    expect(run.job('j1')).toMatchObject({ status: 'SUCCEEDED', startedAt: 45, stoppedAt: 145 });
    expect(run.instances[0]).toMatchObject({ terminatedAt: 145, terminationReason: 'TASK_STOPPED' });
    expect(run.endTime).toBe(145);
    expect(run.summary().endSeconds).toBe(145);
  });
});

describe('an ARM64 Fargate task', () => {
  it('is priced at the Graviton rates (runtimePlatform.cpuArchitecture: ARM64)', () => {
    // 1 vCPU, 2 GB on ARM: 0.03238 + 2 × 0.00356 = 0.0395 USD/h; the 600 s job's task is placed at 0
    // and stops at 645, billed from the image pull at 30: 615 s.
    const yaml = scenario().replace('      image: acme/task\n', '      image: acme/task\n      runtimePlatform: { cpuArchitecture: ARM64, operatingSystemFamily: LINUX }\n');
    const run = runYaml(yaml);
    const armPerHour = 1 * 0.03238 + 2 * 0.00356;
    expect(run.instances[0].pricePerHour).toBeCloseTo(armPerHour, 12);
    expect(run.instances[0].costUsd).toBeCloseTo(usd(615, armPerHour), 12);
  });
});

describe('an ARM64 job on a queue with Fargate Spot then Fargate', () => {
  it('passes Fargate Spot by (it runs no ARM64 tasks) and runs on Fargate', () => {
    // Queue order fgs (FARGATE_SPOT) then fg (FARGATE). An x86 job would take fgs; the ARM64 job
    // skips it: its task is an on-demand FARGATE task, placed at 0, RUNNING 45 → 645.
    const yaml = scenario({ order: '[{ order: 1, computeEnvironment: fgs }, { order: 2, computeEnvironment: fg }]' })
      .replace('      image: acme/task\n', '      image: acme/task\n      runtimePlatform: { cpuArchitecture: ARM64, operatingSystemFamily: LINUX }\n');
    const run = runYaml(yaml);
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 45, stoppedAt: 645 });
    expect(run.instances.map((i) => [i.computeEnvironment, i.purchaseOption])).toEqual([['fg', 'FARGATE']]);
    const x86 = runYaml(scenario({ order: '[{ order: 1, computeEnvironment: fgs }, { order: 2, computeEnvironment: fg }]' }));
    expect(x86.instances.map((i) => [i.computeEnvironment, i.purchaseOption])).toEqual([['fgs', 'FARGATE_SPOT']]);
  });
});
