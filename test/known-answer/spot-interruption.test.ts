// Known answer: a forced Spot interruption (InterruptSpotInstances action) with fixed launch
// latency and durations. The notice comes at the action's instant; from then the instance takes
// no new jobs; noticeSeconds (120) later it is reclaimed: its attempt ends INTERRUPTED with
// `Host EC2 (instance <id>) terminated.` and no exit code, the retry strategy decides, a retried
// job goes to the front of its queue, and the instance is billed launch → reclaim at the Spot
// price (on-demand × (1 − advisor savings): c5.large 0.085 × (1 − 0.61) = 0.03315 USD/h; advisor snapshot of 2026-08-10).
// c5.large's pool has monthlyInterruptionRate 0, so no interruption comes from the random draw.
import { describe, expect, it } from 'vitest';
import { KeyedStream } from '../../src/engine/keyed-random.js';
import { runYaml, times } from './helpers.js';

const SPOT_C5_LARGE = 0.085 * (1 - 0.61);
const usd = (seconds: number, perHour: number) => (seconds * perHour) / 3600;

interface Opts {
  retry?: string;
  simulation?: string;
  jobs?: string;
  actions?: string;
  instanceTypes?: string;
  extra?: string;
}

const scenario = (o: Opts = {}) => `
name: spot-interruption
settings:
  schedulerCycleSeconds: 10
  instanceLaunchSeconds: 120
  imagePullSeconds: 15
  cachedImageStartSeconds: 3
  idleScaleDownSeconds: 600
  spot:
    noticeSeconds: 120
    pools:
      - { instanceType: c5.large, monthlyInterruptionRate: 0 }
      - { instanceType: c5.xlarge, monthlyInterruptionRate: 0 }
${o.extra ?? ''}
computeEnvironments:
  - computeEnvironmentName: spot
    type: MANAGED
    computeResources: { type: SPOT, allocationStrategy: SPOT_CAPACITY_OPTIMIZED, minvCpus: 0, maxvCpus: 16, instanceTypes: [${o.instanceTypes ?? 'c5.large'}] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: spot }]
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { image: acme/work, vcpus: 2, memory: 2048 }
${o.retry ?? `    retryStrategy:
      attempts: 3
      evaluateOnExit:
        - { onStatusReason: "Host EC2*", action: RETRY }
        - { onExitCode: "*", action: EXIT }`}
    simulation: { duration: 1000${o.simulation ?? ''} }
jobs:
  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }
${o.jobs ?? ''}
actions:
${o.actions ?? '  - { at: 500, action: InterruptSpotInstances, computeEnvironment: spot }'}
`;

describe('a forced interruption, retried on a new instance (Host EC2* → RETRY)', () => {
  // j1 at 0: the cycle at 0 launches c5.large i1 (ready 120); placed 120 → pull 15 → RUNNING 135,
  // would end at 1135. Notice at 500; reclaim at 500 + 120 = 620.
  // j2 is submitted at 550, after the notice: i1 has room for nobody (it is full anyway, and
  // noticed), so the cycle at 550 launches i2 (ready 670).
  // At 620 i1 is reclaimed: j1's attempt 1 ends INTERRUPTED; the rule `Host EC2*` → RETRY sends j1
  // back to the FRONT of the queue. The cycle at 620: head j1 waits for the launching i2 (room for
  // one), j2 behind it; scale-out counts 2 waiting jobs against 1 slot coming and launches i3
  // (ready 740). At 670 i2 is ready: j1 (the front) gets it although j2 was RUNNABLE first →
  // pull → RUNNING 685 → 1685. At 740 j2 gets i3 → 755 → 1755.
  const run = runYaml(scenario({ jobs: '  - { jobName: j2, jobQueue: q, jobDefinition: work, submitAt: 550 }' }));
  const [i1, i2, i3] = run.instances;

  it('reclaims the instance noticeSeconds after the notice and bills it launch → reclaim at the Spot price', () => {
    expect(run.instances).toHaveLength(3);
    expect(i1).toMatchObject({ computeEnvironment: 'spot', instanceType: 'c5.large', purchaseOption: 'SPOT', launchedAt: 0, readyAt: 120, terminatedAt: 620, terminationReason: 'SPOT_INTERRUPTION', billedSeconds: 620 });
    expect(i1.costUsd).toBeCloseTo(usd(620, SPOT_C5_LARGE), 12);
    expect(i1.pricePerHour).toBeCloseTo(SPOT_C5_LARGE, 12);
    // Busy from placement (120) to reclaim (620); the rest (boot 0–120) is idle.
    expect(i1.busySeconds).toBe(500);
    expect(i1.idleUsd).toBeCloseTo(usd(120, SPOT_C5_LARGE), 12);
    expect(run.summary().spotInterruptions).toBe(1);
  });

  it('records the interrupted attempt with the real instance id, no exit code and outcome INTERRUPTED', () => {
    const [a1, a2] = run.attemptsOf('j1');
    expect(a1).toEqual({
      job: 'j1', jobId: run.job('j1').jobId, attempt: 1, computeEnvironment: 'spot', instanceId: i1.instanceId, instanceType: 'c5.large',
      purchaseOption: 'SPOT', placedAt: 120, startedAt: 135, stoppedAt: 620, exitCode: null,
      statusReason: `Host EC2 (instance ${i1.instanceId}) terminated.`, containerReason: '', outcome: 'INTERRUPTED', costUsd: a1.costUsd,
    });
    expect(i1.instanceId).toMatch(/^i-[0-9a-f]{17}$/);
    // Held the whole c5.large (2 of 2 vCPUs) from placement to reclaim.
    expect(a1.costUsd).toBeCloseTo(usd(500, SPOT_C5_LARGE), 12);
    expect(a2).toMatchObject({ attempt: 2, instanceId: i2.instanceId, placedAt: 670, startedAt: 685, stoppedAt: 1685, exitCode: 0, outcome: 'SUCCEEDED', statusReason: 'Essential container in task exited' });
  });

  it('takes no new job on the noticed instance and puts the retried job at the front of the queue', () => {
    expect(i2).toMatchObject({ launchedAt: 550, readyAt: 670 });
    expect(i3).toMatchObject({ launchedAt: 620, readyAt: 740 });
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 670, startedAt: 685, stoppedAt: 1685 });
    expect(run.job('j1')).toMatchObject({ attempts: 2, instanceId: i2.instanceId });
    expect(times(run.job('j2'))).toEqual({ status: 'SUCCEEDED', createdAt: 550, runnableAt: 550, placedAt: 740, startedAt: 755, stoppedAt: 1755 });
    expect(run.job('j2')).toMatchObject({ attempts: 1, instanceId: i3.instanceId });
  });

  it('splits the Spot bill in the ledger: the interrupted attempt is waste, the rest useful or idle', () => {
    const s = run.summary();
    expect(s.attemptsByOutcome).toMatchObject({ SUCCEEDED: 2, INTERRUPTED: 1, FAILED: 0, TIMED_OUT: 0, TERMINATED: 0 });
    expect(s.cost.wastedUsd.interrupted).toBeCloseTo(usd(500, SPOT_C5_LARGE), 6);
    // i2 idle 1685 → 2285, i3 idle 1755 → 2355: all billed at the Spot price.
    expect(i2).toMatchObject({ terminatedAt: 2285, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 2285 - 550 });
    expect(i3).toMatchObject({ terminatedAt: 2355, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 2355 - 620 });
    const total = usd(620 + (2285 - 550) + (2355 - 620), SPOT_C5_LARGE);
    expect(s.cost.totalUsd).toBeCloseTo(total, 6);
    expect(s.cost.byPurchaseOption).toEqual({ SPOT: s.cost.totalUsd });
    const [line] = s.cost.ledger;
    expect(line).toMatchObject({ computeEnvironment: 'spot', purchaseOption: 'SPOT', instances: 3 });
    expect(line.interruptedUsd).toBeCloseTo(usd(500, SPOT_C5_LARGE), 6);
    expect(line.usefulUsd).toBeCloseTo(usd(1015 + 1015, SPOT_C5_LARGE), 6);
    expect(line.idleUsd).toBeCloseTo(total - usd(500 + 2030, SPOT_C5_LARGE), 6);
    expect(line.unallocatedUsd).toBeCloseTo(0, 9);
  });
});

describe('a forced interruption, retried on another running instance', () => {
  it('places the retried job at the reclaim cycle on the instance that has room', () => {
    // desiredvCpus 4: two c5.large exist (ready) at t = 0; j1 goes to the earliest launched, i1,
    // at the cycle at 0 → pull → RUNNING 15 → would end 1015. `count: 1` interrupts the oldest
    // Spot instance, i1: notice 100, reclaim 220 → attempt 1 INTERRUPTED; retry → the cycle at
    // 220 places j1 on i2 (idle since 0, its idle check at 600 not due yet) → pull (i2 has not
    // pulled the image) → RUNNING 235 → 1235. i2 idles out 600 s later, at 1835.
    const run = runYaml(scenario({
      instanceTypes: 'c5.large',
      actions: '  - { at: 100, action: InterruptSpotInstances, computeEnvironment: spot, count: 1 }',
    }).replace('minvCpus: 0, maxvCpus: 16', 'minvCpus: 0, desiredvCpus: 4, maxvCpus: 16'));
    const [i1, i2] = run.instances;
    expect(run.instances).toHaveLength(2);
    expect(i1).toMatchObject({ launchedAt: 0, readyAt: 0, terminatedAt: 220, terminationReason: 'SPOT_INTERRUPTION', billedSeconds: 220 });
    expect(i2).toMatchObject({ launchedAt: 0, readyAt: 0, terminatedAt: 1835, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 1835 });
    const [a1, a2] = run.attemptsOf('j1');
    expect(a1).toMatchObject({ instanceId: i1.instanceId, placedAt: 0, startedAt: 15, stoppedAt: 220, exitCode: null, outcome: 'INTERRUPTED', statusReason: `Host EC2 (instance ${i1.instanceId}) terminated.` });
    expect(a2).toMatchObject({ instanceId: i2.instanceId, placedAt: 220, startedAt: 235, stoppedAt: 1235, exitCode: 0, outcome: 'SUCCEEDED' });
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 220, startedAt: 235, stoppedAt: 1235 });
    expect(i1.costUsd).toBeCloseTo(usd(220, SPOT_C5_LARGE), 12);
  });
});

describe('a forced interruption without a retry left', () => {
  // j1 alone: i1 launched 0, ready 120, j1 RUNNING 135; notice 500, reclaim 620.
  const hostTerminated = (id: string) => `Host EC2 (instance ${id}) terminated.`;

  it('fails the job when the retry strategy allows one attempt', () => {
    const run = runYaml(scenario({ retry: '    retryStrategy: { attempts: 1, evaluateOnExit: [{ onStatusReason: "Host EC2*", action: RETRY }] }' }));
    const i1 = run.instances[0];
    expect(times(run.job('j1'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 620 });
    expect(run.job('j1')).toMatchObject({ attempts: 1, reason: hostTerminated(i1.instanceId) });
    expect(run.attempts).toHaveLength(1);
    expect(run.attempts[0]).toMatchObject({ outcome: 'INTERRUPTED', exitCode: null, stoppedAt: 620 });
    // Nothing is relaunched: the only instance is the reclaimed one.
    expect(run.instances).toHaveLength(1);
    expect(i1).toMatchObject({ terminatedAt: 620, terminationReason: 'SPOT_INTERRUPTION', billedSeconds: 620 });
  });

  it('fails the job when an EXIT rule matches the Host EC2 reason, attempts left or not', () => {
    const run = runYaml(scenario({ retry: '    retryStrategy: { attempts: 3, evaluateOnExit: [{ onStatusReason: "Host EC2*", action: EXIT }] }' }));
    expect(times(run.job('j1'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 620 });
    expect(run.job('j1')).toMatchObject({ attempts: 1, reason: hostTerminated(run.instances[0].instanceId) });
  });

  it('fails the job when there is no retry strategy', () => {
    const run = runYaml(scenario({ retry: '' }));
    expect(run.job('j1')).toMatchObject({ status: 'FAILED', stoppedAt: 620, attempts: 1, reason: hostTerminated(run.instances[0].instanceId) });
  });

  it('retries when no rule matches (an onExitCode rule never matches a vanished host)', () => {
    // `onExitCode: "*"` needs an exit code; the reclaimed attempt has none → no match → RETRY.
    // Retry: cycle 620 launches i2 → ready 740 → placed 740 → 755 → 1755.
    const run = runYaml(scenario({ retry: '    retryStrategy: { attempts: 2, evaluateOnExit: [{ onExitCode: "*", action: EXIT }] }' }));
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 740, startedAt: 755, stoppedAt: 1755 });
    expect(run.job('j1').attempts).toBe(2);
  });

  it('fails after the last allowed attempt is interrupted too', () => {
    // attempts 2: attempt 1 interrupted at 620 (notice 500); retry → i2 launched 620, ready 740,
    // RUNNING 755. The second action at 800 notices i2 → reclaim 920 → attempt 2 INTERRUPTED, and
    // with 2 of 2 attempts used the job FAILS at 920.
    const run = runYaml(scenario({
      retry: '    retryStrategy: { attempts: 2, evaluateOnExit: [{ onStatusReason: "Host EC2*", action: RETRY }] }',
      actions: '  - { at: 500, action: InterruptSpotInstances, computeEnvironment: spot }\n  - { at: 800, action: InterruptSpotInstances, computeEnvironment: spot }',
    }));
    const [i1, i2] = run.instances;
    expect(run.attemptsOf('j1').map((a) => [a.attempt, a.instanceId, a.placedAt, a.startedAt, a.stoppedAt, a.outcome, a.statusReason])).toEqual([
      [1, i1.instanceId, 120, 135, 620, 'INTERRUPTED', hostTerminated(i1.instanceId)],
      [2, i2.instanceId, 740, 755, 920, 'INTERRUPTED', hostTerminated(i2.instanceId)],
    ]);
    expect(run.job('j1')).toMatchObject({ status: 'FAILED', stoppedAt: 920, attempts: 2, reason: hostTerminated(i2.instanceId) });
    expect(run.instances.map((i) => [i.launchedAt, i.terminatedAt, i.terminationReason])).toEqual([[0, 620, 'SPOT_INTERRUPTION'], [620, 920, 'SPOT_INTERRUPTION']]);
  });
});

describe('checkpointing shortens the retried attempt', () => {
  it('resumes from the last whole checkpoint (checkpointSeconds 100)', () => {
    // Attempt 1 RUNNING 135 → reclaimed 620: 485 s of work → 4 whole checkpoints → 400 s kept,
    // 600 s remain. Retry: i2 launched 620, ready 740, RUNNING 755 → 755 + 600 = 1355.
    const run = runYaml(scenario({ simulation: ', checkpointSeconds: 100' }));
    const [a1, a2] = run.attemptsOf('j1');
    expect(a1).toMatchObject({ startedAt: 135, stoppedAt: 620, outcome: 'INTERRUPTED' });
    expect(a2).toMatchObject({ placedAt: 740, startedAt: 755, stoppedAt: 1355, outcome: 'SUCCEEDED' });
    expect(run.job('j1')).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 1355 });
  });

  it('runs the whole duration again without checkpoints', () => {
    const run = runYaml(scenario());
    expect(run.attemptsOf('j1')[1]).toMatchObject({ startedAt: 755, stoppedAt: 1755, outcome: 'SUCCEEDED' });
  });

  it('counts work done at the speed-up of the family (elapsed × speedup)', () => {
    // speedup c5: 2 → 1000 s of work take 500 s. Attempt 1 RUNNING 135 (would end 635); notice
    // 400 → reclaim 520: 385 s × 2 = 770 s of work → 7 checkpoints of 100 → 300 s remain, which
    // take 150 s on c5. Retry: i2 launched 520, ready 640, RUNNING 655 → 805.
    const run = runYaml(scenario({
      simulation: ', speedup: { c5: 2 }, checkpointSeconds: 100',
      actions: '  - { at: 400, action: InterruptSpotInstances, computeEnvironment: spot }',
    }));
    const [a1, a2] = run.attemptsOf('j1');
    expect(a1).toMatchObject({ startedAt: 135, stoppedAt: 520, outcome: 'INTERRUPTED' });
    expect(a2).toMatchObject({ placedAt: 640, startedAt: 655, stoppedAt: 805, outcome: 'SUCCEEDED' });
  });

  it('keeps nothing when the interruption comes before the first checkpoint', () => {
    // checkpointSeconds 600: 485 s of work → 0 whole checkpoints → the full 1000 s again.
    const run = runYaml(scenario({ simulation: ', checkpointSeconds: 600' }));
    expect(run.attemptsOf('j1')[1]).toMatchObject({ startedAt: 755, stoppedAt: 1755 });
  });

  it('keeps the checkpoints of every interrupted attempt', () => {
    // checkpointSeconds 100, attempts 3, interruptions at 500 and 800.
    // Attempt 1: 135 → 620, 485 s → keep 400, 600 remain. Attempt 2 (i2 ready 740): RUNNING 755,
    // noticed 800 → reclaimed 920: 165 s → keep 100, 500 remain. Attempt 3: i3 launched 920,
    // ready 1040, RUNNING 1055 → 1555.
    const run = runYaml(scenario({
      simulation: ', checkpointSeconds: 100',
      actions: '  - { at: 500, action: InterruptSpotInstances, computeEnvironment: spot }\n  - { at: 800, action: InterruptSpotInstances, computeEnvironment: spot }',
    }));
    expect(run.attemptsOf('j1').map((a) => [a.startedAt, a.stoppedAt, a.outcome])).toEqual([
      [135, 620, 'INTERRUPTED'], [755, 920, 'INTERRUPTED'], [1055, 1555, 'SUCCEEDED'],
    ]);
  });
});

describe('an interruption notice on an instance with room', () => {
  it('stops placing jobs on it from the notice on', () => {
    // c5.xlarge (4 vCPUs) holds two 2-vCPU jobs. j1 at 0 → i1 launched 0, ready 120, j1 RUNNING
    // 135. Notice at 500 (reclaim 620). j2 at 550 fits on i1's free half, but i1 is noticed: the
    // cycle at 550 launches i2 (ready 670) for it; j2 RUNNING 685 → 1685. j1 retried at 620 waits
    // for the room coming on i2 (4 vCPUs, j2 counted) and joins j2 on i2 at 670: the image is
    // being pulled there until 685 → RUNNING 685 → 1685.
    const run = runYaml(scenario({
      instanceTypes: 'c5.xlarge',
      jobs: '  - { jobName: j2, jobQueue: q, jobDefinition: work, submitAt: 550 }',
    }));
    const [i1, i2] = run.instances;
    expect(run.instances).toHaveLength(2);
    expect(i1).toMatchObject({ instanceType: 'c5.xlarge', launchedAt: 0, readyAt: 120, terminatedAt: 620, terminationReason: 'SPOT_INTERRUPTION' });
    expect(i2).toMatchObject({ instanceType: 'c5.xlarge', launchedAt: 550, readyAt: 670 });
    expect(run.job('j2')).toMatchObject({ status: 'SUCCEEDED', placedAt: 670, startedAt: 685, stoppedAt: 1685, instanceId: i2.instanceId, attempts: 1 });
    expect(run.job('j1')).toMatchObject({ status: 'SUCCEEDED', placedAt: 670, startedAt: 685, stoppedAt: 1685, instanceId: i2.instanceId, attempts: 2 });
    // The interrupted attempt held half the c5.xlarge: share 2/4.
    const spotXl = 0.17 * (1 - 0.58); // c5.xlarge: 58 % advisor savings
    expect(run.attemptsOf('j1')[0].costUsd).toBeCloseTo(usd(500, spotXl) * 0.5, 12);
  });
});

describe('an interruption drawn from the hazard', () => {
  it('comes at launch + the draw keyed by (environment, launch ordinal) of the `spot` stream: −ln(1 − u) / hazard, hazard = −ln(1 − p) per month', () => {
    // p = 0.999999 (the highest rate: 13.8 notices per month on average). The only Spot instance,
    // the first launched by environment 0, takes the seed's `spot` draw keyed (0, 0). j1 runs
    // (from 135) far longer than that, has no retry strategy, and fails when the instance is reclaimed.
    const MONTH_MS = 30.4375 * 24 * 3600 * 1000;
    const u = new KeyedStream(1, 'spot').at(0, 0)();
    const noticeMs = Math.round(-Math.log(1 - u) / (-Math.log(1 - 0.999999) / MONTH_MS));
    expect(noticeMs, 'precondition: the notice comes while j1 runs').toBeGreaterThan(135_000);
    expect(noticeMs).toBeLessThan(10_000_000_000);
    const run = runYaml(scenario({ retry: '', actions: '  []' })
      .replace('name: spot-interruption', 'name: spot-interruption\nseed: 1')
      .replace('{ instanceType: c5.large, monthlyInterruptionRate: 0 }', '{ instanceType: c5.large, monthlyInterruptionRate: 0.999999 }')
      .replace('simulation: { duration: 1000 }', 'simulation: { duration: 10000000 }'));
    const [i1] = run.instances;
    const reclaim = (noticeMs + 120_000) / 1000;
    expect(i1).toMatchObject({ launchedAt: 0, terminatedAt: reclaim, terminationReason: 'SPOT_INTERRUPTION' });
    expect(run.job('j1')).toMatchObject({ status: 'FAILED', startedAt: 135, stoppedAt: reclaim, reason: `Host EC2 (instance ${i1.instanceId}) terminated.` });
  });
});

describe('the end of a run with Spot capacity', () => {
  it('is the last event of the workload, not the pre-drawn notice time of an instance already scaled in', () => {
    // c5.large Spot at monthly rate 0.5: its notice is drawn at launch for some day far ahead. j1
    // (100 s): launched 0, ready 120, RUNNING 135 → 235, idle → scaled in at 835. Nothing is left
    // to happen after 835, so the run ends there and the UNMANAGED m5.large (on-demand price 0.096,
    // alive from t = 0 until the run ends) is billed 835 s. A notice for an instance that no longer
    // exists must not keep the clock going (and the fleet billed) until it would have come.
    const run = runYaml(`
name: stale-notice
seed: 1
settings: { schedulerCycleSeconds: 10, instanceLaunchSeconds: 120, imagePullSeconds: 15, idleScaleDownSeconds: 600, spot: { pools: [{ instanceType: c5.large, monthlyInterruptionRate: 0.5 }] } }
computeEnvironments:
  - computeEnvironmentName: spot
    type: MANAGED
    computeResources: { type: SPOT, allocationStrategy: SPOT_CAPACITY_OPTIMIZED, maxvCpus: 16, instanceTypes: [c5.large] }
  - computeEnvironmentName: lab
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: m5.large }] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: spot }] }
jobDefinitions:
  - { jobDefinitionName: work, type: container, containerProperties: { vcpus: 2, memory: 2048 }, simulation: { duration: 100 } }
jobs:
  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }
`);
    const spotInst = run.instances.find((i) => i.computeEnvironment === 'spot')!;
    const lab = run.instances.find((i) => i.computeEnvironment === 'lab')!;
    expect(spotInst).toMatchObject({ launchedAt: 0, readyAt: 120, terminatedAt: 835, terminationReason: 'IDLE_SCALE_DOWN' });
    expect(run.job('j1')).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 235 });
    expect(run.endTime).toBe(835);
    expect(lab).toMatchObject({ terminatedAt: 835, terminationReason: 'SIMULATION_END', billedSeconds: 835 });
    expect(lab.costUsd).toBeCloseTo((835 * 0.096) / 3600, 12);
  });
});

describe('an interruption while the job is STARTING', () => {
  it('ends the attempt before it ran (no startedAt), and the retry starts from scratch', () => {
    // noticeSeconds 0: the notice at 125 is the reclaim. j1 was placed at 120 and would be
    // RUNNING at 135. Attempt 1: placed 120, never started, stopped 125, INTERRUPTED. Retry → the
    // cycle at 130 launches i2 (ready 250) → RUNNING 265 → 1265.
    const run = runYaml(scenario({
      simulation: ', checkpointSeconds: 100',
      actions: '  - { at: 125, action: InterruptSpotInstances, computeEnvironment: spot }',
    }).replace('noticeSeconds: 120', 'noticeSeconds: 0'));
    const [i1, i2] = run.instances;
    expect(run.attemptsOf('j1').map((a) => [a.instanceId, a.placedAt, a.startedAt, a.stoppedAt, a.exitCode, a.outcome])).toEqual([
      [i1.instanceId, 120, null, 125, null, 'INTERRUPTED'],
      [i2.instanceId, 250, 265, 1265, 0, 'SUCCEEDED'],
    ]);
    expect(i1).toMatchObject({ launchedAt: 0, readyAt: 120, terminatedAt: 125, terminationReason: 'SPOT_INTERRUPTION' });
    expect(i2).toMatchObject({ launchedAt: 130, readyAt: 250 });
  });
});
