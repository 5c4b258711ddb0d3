// Known answer: a queue with a SPOT environment first and an on-demand one second.
// - At maxvCpus the Spot environment passes jobs on to the next environment (spillover, spec §6.2).
// - Below maxvCpus, when its Spot capacity cannot be had (pool outage, maxInstances, price above
//   bidPercentage), the head job stays RUNNABLE with
//   `CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for
//   instance type [<type>]`, unless settings.spot.spilloverOnInsufficientCapacity is true, when it
//   moves on to the next environment.
// - jobStateTimeLimitActions cancel a head blocked with a listed reason for maxTimeSeconds.
// Prices: Spot c5.large 0.085 × (1 − 0.61) = 0.03315 USD/h (advisor snapshot of 2026-08-10); on-demand m5.large 0.096 USD/h.
import { describe, expect, it } from 'vitest';
import { runYaml, times } from './helpers.js';

const SPOT_C5_LARGE = 0.085 * (1 - 0.61);
const capacity = (type: string) => `CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [${type}]`;

interface Opts {
  spotMax?: number;
  pool?: string;
  spotSettings?: string;
  withOnDemand?: boolean;
  bid?: number;
  jobs?: string;
  queueExtra?: string;
  settings?: string;
}

const scenario = (o: Opts = {}) => `
name: spot-spillover
settings:
  schedulerCycleSeconds: 10
  instanceLaunchSeconds: 120
  imagePullSeconds: 15
  cachedImageStartSeconds: 3
  idleScaleDownSeconds: 600
${o.settings ?? ''}
  spot:
    pools: [{ instanceType: c5.large, monthlyInterruptionRate: 0${o.pool ?? ''} }]
${o.spotSettings ?? ''}
computeEnvironments:
  - computeEnvironmentName: spot
    type: MANAGED
    computeResources: { type: SPOT, allocationStrategy: SPOT_CAPACITY_OPTIMIZED, maxvCpus: ${o.spotMax ?? 16}, bidPercentage: ${o.bid ?? 100}, instanceTypes: [c5.large] }
  - computeEnvironmentName: od
    type: MANAGED
    computeResources: { type: EC2, allocationStrategy: BEST_FIT, maxvCpus: 16, instanceTypes: [m5.large] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder:
      - { order: 1, computeEnvironment: spot }
${o.withOnDemand === false ? '' : '      - { order: 2, computeEnvironment: od }'}
${o.queueExtra ?? ''}
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { image: acme/work, vcpus: 2, memory: 2048 }
    simulation: { duration: 300 }
jobs:
${o.jobs ?? '  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }'}
`;

const twoJobs = `  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: j2, jobQueue: q, jobDefinition: work, submitAt: 0 }`;

describe('a SPOT environment at maxvCpus', () => {
  // Spot maxvCpus 2 (one c5.large). Cycle at 0: j1 waits for Spot capacity to come; scale-out
  // for 2 waiting jobs: the Spot environment launches one c5.large and is at maxvCpus; the other
  // job spills to `od`, which launches an m5.large. Both ready at 120: j1 → Spot, j2 → Spot is
  // full and at maxvCpus → on-demand. Both RUNNING 135 → 435; both idle out at 1035.
  const run = runYaml(scenario({ spotMax: 2, jobs: twoJobs }));

  it('spills the job it cannot hold over to the on-demand environment', () => {
    expect(run.instances.map((i) => [i.computeEnvironment, i.purchaseOption, i.instanceType, i.launchedAt, i.readyAt, i.terminatedAt])).toEqual([
      ['spot', 'SPOT', 'c5.large', 0, 120, 1035],
      ['od', 'ON_DEMAND', 'm5.large', 0, 120, 1035],
    ]);
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 435 });
    expect(times(run.job('j2'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 435 });
    expect(run.attemptsOf('j1')[0]).toMatchObject({ computeEnvironment: 'spot', purchaseOption: 'SPOT' });
    expect(run.attemptsOf('j2')[0]).toMatchObject({ computeEnvironment: 'od', purchaseOption: 'ON_DEMAND' });
  });

  it('prices each purchase option separately', () => {
    const cost = run.summary().cost;
    expect(cost.byPurchaseOption.SPOT).toBeCloseTo((1035 * SPOT_C5_LARGE) / 3600, 6);
    expect(cost.byPurchaseOption.ON_DEMAND).toBeCloseTo((1035 * 0.096) / 3600, 6);
    expect(cost.ledger.map((l) => [l.computeEnvironment, l.purchaseOption, l.instances])).toEqual([['od', 'ON_DEMAND', 1], ['spot', 'SPOT', 1]]);
    const spotLine = cost.ledger.find((l) => l.purchaseOption === 'SPOT')!;
    expect(spotLine.usefulUsd).toBeCloseTo((315 * SPOT_C5_LARGE) / 3600, 6);
  });
});

describe('a SPOT environment below maxvCpus whose pool is in an outage', () => {
  it('keeps the head RUNNABLE with the CAPACITY reason while the outage lasts', () => {
    const run = runYaml(scenario({ withOnDemand: false, pool: ', outages: [{ from: 0, to: 900 }]', settings: '  horizonSeconds: 800' }));
    expect(run.job('j1')).toMatchObject({ status: 'RUNNABLE', runnableAt: 0, placedAt: null, reason: capacity('c5.large') });
    expect(run.instances).toEqual([]);
    const blocked = run.summary().blocked;
    expect(blocked.count).toBe(1);
    expect(blocked.jobs[0]).toMatchObject({ jobName: 'j1', statusReason: capacity('c5.large') });
  });

  it('launches when the outage ends and runs the job', () => {
    // The pool can be had again from 900: the cycle at 900 launches a c5.large (ready 1020),
    // j1 placed 1020 → RUNNING 1035 → 1335.
    const run = runYaml(scenario({ withOnDemand: false, pool: ', outages: [{ from: 0, to: 900 }]' }));
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 1020, startedAt: 1035, stoppedAt: 1335 });
    expect(run.instances.map((i) => [i.computeEnvironment, i.launchedAt, i.readyAt])).toEqual([['spot', 900, 1020]]);
  });

  it('does not launch on-demand instances for a job that waits for Spot capacity (spillover off)', () => {
    // The job waits in the Spot environment (placement does not pass it on), so capacity bought
    // in `od` for it can never be used: it would only idle and be scaled in.
    const run = runYaml(scenario({ pool: ', outages: [{ from: 0, to: 900 }]' }));
    expect(run.instances.filter((i) => i.computeEnvironment === 'od')).toEqual([]);
    expect(run.job('j1')).toMatchObject({ status: 'SUCCEEDED', computeEnvironment: 'spot', placedAt: 1020 });
  });
});

describe('a SPOT pool that can never be had, with an on-demand environment behind it (spillover off)', () => {
  it('leaves the job RUNNABLE, launches nothing, and the run ends on its own', () => {
    // maxInstances 0: no c5.large Spot capacity ever. The job waits in the Spot environment with
    // the CAPACITY reason (AWS documents spillover only at maxvCpus). Nothing can change, so the
    // run should end; on-demand instances launched "for" the job would idle out and be launched
    // again forever (the guard horizon stops that after a day).
    const run = runYaml(scenario({ pool: ', maxInstances: 0', settings: '  horizonSeconds: 86400' }));
    expect(run.job('j1')).toMatchObject({ status: 'RUNNABLE', reason: capacity('c5.large') });
    expect(run.instances.length, `${run.instances.length} instances launched for a job that cannot use them`).toBe(0);
    expect(run.endTime).toBeLessThan(86400);
  });
});

describe('other reasons Spot capacity cannot be had', () => {
  it('maxInstances: the second job waits with the CAPACITY reason for the first one’s instance', () => {
    // maxInstances 1: one c5.large launched at 0 (ready 120) for j1; j2 cannot get a second one
    // → RUNNABLE with the CAPACITY reason; at 435 j1 ends, the cycle at 440 places j2 on the same
    // instance (cached image, 3 s) → 443 → 743.
    const run = runYaml(scenario({ withOnDemand: false, pool: ', maxInstances: 1', jobs: twoJobs }));
    expect(run.instances).toHaveLength(1);
    expect(times(run.job('j2'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 440, startedAt: 443, stoppedAt: 743 });
    const mid = runYaml(scenario({ withOnDemand: false, pool: ', maxInstances: 1', jobs: twoJobs, settings: '  horizonSeconds: 300' }));
    expect(mid.job('j2')).toMatchObject({ status: 'RUNNABLE', reason: capacity('c5.large') });
  });

  it('bidPercentage: a Spot price above the cap cannot be had; at the cap it can', () => {
    // c5.large Spot is 39 % of on-demand. bidPercentage 38 → never; 39 → launched at 0.
    const over = runYaml(scenario({ withOnDemand: false, bid: 38, settings: '  horizonSeconds: 300' }));
    expect(over.job('j1')).toMatchObject({ status: 'RUNNABLE', reason: capacity('c5.large') });
    expect(over.instances).toEqual([]);
    const at = runYaml(scenario({ withOnDemand: false, bid: 39 }));
    expect(at.job('j1')).toMatchObject({ status: 'SUCCEEDED', placedAt: 120, stoppedAt: 435 });
  });
});

describe('spilloverOnInsufficientCapacity: true', () => {
  it('moves the job on to the on-demand environment while the Spot pool is out', () => {
    // Cycle at 0: Spot cannot be had → the job moves on to `od`, which launches an m5.large
    // (ready 120) → placed 120 → 135 → 435. j2 arrives at 1000, after the outage: back to Spot
    // (c5.large launched at 1000, ready 1120 → 1135 → 1435).
    const run = runYaml(scenario({
      pool: ', outages: [{ from: 0, to: 900 }]',
      spotSettings: '    spilloverOnInsufficientCapacity: true',
      jobs: '  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }\n  - { jobName: j2, jobQueue: q, jobDefinition: work, submitAt: 1000 }',
    }));
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 435 });
    expect(run.job('j1')).toMatchObject({ computeEnvironment: 'od', instanceType: 'm5.large' });
    expect(times(run.job('j2'))).toEqual({ status: 'SUCCEEDED', createdAt: 1000, runnableAt: 1000, placedAt: 1120, startedAt: 1135, stoppedAt: 1435 });
    expect(run.job('j2')).toMatchObject({ computeEnvironment: 'spot', instanceType: 'c5.large' });
    expect(run.instances.map((i) => [i.computeEnvironment, i.launchedAt])).toEqual([['od', 0], ['spot', 1000]]);
  });
});

describe('jobStateTimeLimitActions on a queue blocked by Spot capacity', () => {
  const action = (reason: string) => `    jobStateTimeLimitActions: [{ reason: "${reason}", state: RUNNABLE, maxTimeSeconds: 600, action: CANCEL }]`;

  it('cancels the blocked head after maxTimeSeconds, then the next head after its own maxTimeSeconds', () => {
    // Outage all along. j1 is the blocked head from the cycle at 0 → cancelled at 600. j2 becomes
    // the head at the cycle at 600 (same instant) → cancelled at 1200.
    const run = runYaml(scenario({
      withOnDemand: false, pool: ', outages: [{ from: 0, to: 5000 }]', jobs: twoJobs,
      queueExtra: action('CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY'),
    }));
    const cancelled = 'Canceled by JobStateTimeLimit action due to reason: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY';
    expect(times(run.job('j1'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: null, startedAt: null, stoppedAt: 600 });
    expect(run.job('j1').reason).toBe(cancelled);
    expect(times(run.job('j2'))).toEqual({ status: 'FAILED', createdAt: 0, runnableAt: 0, placedAt: null, startedAt: null, stoppedAt: 1200 });
    expect(run.job('j2').reason).toBe(cancelled);
    expect(run.instances).toEqual([]);
  });

  it('does not cancel a head blocked for a reason the queue does not list', () => {
    const run = runYaml(scenario({
      withOnDemand: false, pool: ', outages: [{ from: 0, to: 5000 }]', settings: '  horizonSeconds: 1500',
      queueExtra: action('MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT'),
    }));
    expect(run.job('j1')).toMatchObject({ status: 'RUNNABLE', reason: capacity('c5.large') });
  });

  it('does not cancel the next head once capacity is back before its time is up', () => {
    // Outage until 900: j1 cancelled at 600; j2 (head from 600) can get Spot capacity from 900, well
    // before 600 + 600 = 1200, so it runs.
    const run = runYaml(scenario({
      withOnDemand: false, pool: ', outages: [{ from: 0, to: 900 }]', jobs: twoJobs,
      queueExtra: action('CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY'),
    }));
    expect(run.job('j1')).toMatchObject({ status: 'FAILED', stoppedAt: 600 });
    expect(run.job('j2')).toMatchObject({ status: 'SUCCEEDED', attempts: 1, reason: 'Essential container in task exited' });
  });
});
