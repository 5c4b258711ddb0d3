// Known answer: runs whose queues cannot make progress (or can only after capacity frees up) end,
// instead of launching instances that idle out and are launched again forever (issue 8,
// "Livelocks"). Each scenario is first run with SimulateOptions.maxEvents, so a livelock fails here
// fast with EventBudgetExceeded instead of hanging the worker; the timeline is then read from an
// ordinary run (same scenario, same seed, same bytes).
//
// Timelines are worked out by hand from spec §1.4, §6.5, §8.2, §8.4, §17 and docs/model.md with
// the default settings (schedulerCycleSeconds 10, imagePullSeconds 15, cachedImageStartSeconds 3,
// idleScaleDownSeconds 600, backfill off) except the launch latency, fixed at 120 s (its default
// is drawn from 120–180 s); each case is also run once on pure defaults for termination alone.
// Registered memory = floor(MiB × 0.97) − 32: c5.large 3941, c5.xlarge 7914, m5.large 7914.
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate } from '../../src/index.js';
import { runYaml, times, type Run } from './helpers.js';

const MAX_EVENTS = 100_000;

/** Runs `yaml` under the event budget (throws EventBudgetExceeded on a livelock), then reads it. */
function bounded(yaml: string): Run {
  simulate(parseScenario(yaml, 'inline.yaml'), { maxEvents: MAX_EVENTS });
  return runYaml(yaml);
}

const JOB_RESOURCE_REQUIREMENT =
  'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.';
const capacity = (type: string) => `CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [${type}]`;

interface Opts {
  settings?: string;
  computeResources: string;
  jobs: string;
  /** Extra job definitions. */
  definitions?: string;
}

/** One managed EC2 environment `ce`, one FIFO queue `q`; definitions small (1 vCPU) and big (3 vCPU). */
const scenario = (o: Opts) => `
name: kernel-livelock
settings: { ${o.settings ?? 'instanceLaunchSeconds: 120'} }
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, minvCpus: 0, ${o.computeResources} }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }]
jobDefinitions:
  - jobDefinitionName: small
    type: container
    containerProperties: { image: acme/small, vcpus: 1, memory: 1024 }
    simulation: { duration: 600 }
  - jobDefinitionName: big
    type: container
    containerProperties: { image: acme/big, vcpus: 3, memory: 1024 }
    simulation: { duration: 600 }
${o.definitions ?? ''}
jobs:
${o.jobs}
`;

/** a (1 vCPU) at 0, then big (3 vCPUs) and c (1 vCPU) behind it at `later`; all run `duration` s. */
const threeJobs = (later: number, duration: number) => `
  - { jobName: a, jobQueue: q, jobDefinition: small, submitAt: 0, simulation: { duration: ${duration} } }
  - { jobName: big, jobQueue: q, jobDefinition: big, submitAt: ${later}, simulation: { duration: ${duration} } }
  - { jobName: c, jobQueue: q, jobDefinition: small, submitAt: ${later}, simulation: { duration: ${duration} } }`;

const COMPUTE_ENVIRONMENT_MAX_RESOURCE =
  'MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE - CE(s) associated with the job queue cannot meet the CPU requirement of the job.';

describe('1. BEST_FIT, maxvCpus 2, a 3-vCPU head that can never run, a 1-vCPU job behind it', () => {
  // [c5.large]: no type holds 3 vCPUs → JOB_RESOURCE_REQUIREMENT. [c5]: c5.xlarge and up hold it,
  // but BEST_FIT never passes maxvCpus 2 → COMPUTE_ENVIRONMENT_MAX_RESOURCE (spec §1.4, §8.2).
  const variants = [
    ['[c5.large]', JOB_RESOURCE_REQUIREMENT],
    ['[c5]', COMPUTE_ENVIRONMENT_MAX_RESOURCE],
  ] as const;

  for (const [types, reason] of variants) {
    const cr = `allocationStrategy: BEST_FIT, maxvCpus: 2, instanceTypes: ${types}`;

    it(`${types}: ends when no progress is possible; the head keeps ${reason.slice(0, reason.indexOf(' - '))}, the job behind it stays RUNNABLE`, () => {
      // a (600 s) at 0; big and c at 5. Cycle 0: a RUNNABLE, no instance → one c5.large (the
      // cheapest per job for one 1-vCPU job; 2 vCPUs = maxvCpus) launched at 0. Cycle 10: big and
      // c RUNNABLE behind a; a waits for the launching c5.large, which also has room for c:
      // nothing more to launch, and nothing can be launched for big.
      // Cycle 120 (ready): a placed → pull → RUNNING 135 → 735. big is the head now and can never
      // be placed → RUNNABLE with the MISCONFIGURATION reason, for good; backfill is off, so c
      // stays RUNNABLE behind it (no reason of its own: only the head carries one) although the
      // c5.large has a free vCPU. Nothing is launched for c. a ends 735; the c5.large is idle →
      // scaled in at 735 + 600 = 1335, the last change (a cycle after it that changes nothing
      // does not count). One instance, billed 1335 s.
      const run = bounded(scenario({ computeResources: cr, jobs: threeJobs(5, 600) }));
      expect(times(run.job('a'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 735 });
      expect(run.job('big')).toMatchObject({ status: 'RUNNABLE', runnableAt: 10, placedAt: null, reason });
      expect(run.job('c')).toMatchObject({ status: 'RUNNABLE', runnableAt: 10, placedAt: null, reason: '' });
      expect(run.summary().blocked.jobs.map((j) => [j.jobName, j.statusReason])).toEqual([['big', reason]]);
      expect(run.instances.map((i) => [i.instanceType, i.launchedAt, i.terminatedAt, i.terminationReason])).toEqual([['c5.large', 0, 1335, 'IDLE_SCALE_DOWN']]);
      expect(run.endTime).toBe(1335);
    });

    it(`${types}: ends on pure default settings (launch latency drawn from 120–180 s)`, () => {
      const run = bounded(scenario({ settings: '', computeResources: cr, jobs: threeJobs(5, 600) }));
      expect(run.job('a').status).toBe('SUCCEEDED');
      expect(run.job('big')).toMatchObject({ status: 'RUNNABLE', reason });
      expect(run.job('c')).toMatchObject({ status: 'RUNNABLE', reason: '' });
      expect(run.instances).toHaveLength(1);
    });
  }
});

describe('1b. the same with BEST_FIT_PROGRESSIVE and [c5.large, c5.xlarge]: the head can run once the c5.large is gone', () => {
  // BEST_FIT_PROGRESSIVE may pass maxvCpus by one instance, but only from below it (spec §8.2):
  // a c5.xlarge (4 vCPUs) for big can be launched when nothing else is provisioned.
  const cr = 'allocationStrategy: BEST_FIT_PROGRESSIVE, maxvCpus: 2, instanceTypes: [c5.large, c5.xlarge]';

  it('launches the head’s c5.xlarge after the c5.large is scaled in, not another c5.large for the job behind it', () => {
    // a (60 s) at 0; big and c at 10. Cycle 0: a → c5.large (0.085/2 vs 0.17/4 per vCPU, a tie →
    // fewer vCPUs) launched at 0: provisioned 2 = maxvCpus. Cycle 10: c counted into the launching
    // c5.large's second vCPU; no c5.xlarge for big (provisioned 2 is not below maxvCpus 2).
    // 120: a placed → 135 → 195. big, the head, waits (no room; an overshoot is possible later, so
    // no misconfiguration); c waits behind it (backfill off). Idle from 195 → c5.large scaled in
    // at 795 → cycle 800: provisioned 0 < 2 → one c5.xlarge for big (3 of its 4 vCPUs), c counted
    // into the 4th: one launch. (Launching a c5.large for c first takes the environment back to
    // maxvCpus, big can never launch, and the c5.large idles out and is relaunched forever.)
    // Ready 920: big placed → pull → 935 → 995; c placed on the same c5.xlarge → pull its own
    // image → 935 → 995. Idle → scaled in at 1595, the last change.
    const run = bounded(scenario({ computeResources: cr, jobs: threeJobs(10, 60) }));
    expect(times(run.job('a'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 195 });
    expect(times(run.job('big'))).toEqual({ status: 'SUCCEEDED', createdAt: 10, runnableAt: 10, placedAt: 920, startedAt: 935, stoppedAt: 995 });
    expect(times(run.job('c'))).toEqual({ status: 'SUCCEEDED', createdAt: 10, runnableAt: 10, placedAt: 920, startedAt: 935, stoppedAt: 995 });
    expect(run.job('c').instanceId).toBe(run.job('big').instanceId);
    expect(run.instances.map((i) => [i.instanceType, i.launchedAt, i.readyAt, i.terminatedAt])).toEqual([
      ['c5.large', 0, 120, 795],
      ['c5.xlarge', 800, 920, 1595],
    ]);
    expect(run.endTime).toBe(1595);
  });

  it('ends on pure default settings', () => {
    const run = bounded(scenario({ settings: '', computeResources: cr, jobs: threeJobs(10, 60) }));
    for (const j of ['a', 'big', 'c']) expect(run.job(j).status).toBe('SUCCEEDED');
    expect(run.instances.map((i) => i.instanceType)).toEqual(['c5.large', 'c5.xlarge']);
  });
});

describe('2. BEST_FIT with a mixed instance list [c5.large, m5.large, c5.xlarge], maxvCpus 4', () => {
  const cr = 'allocationStrategy: BEST_FIT, maxvCpus: 4, instanceTypes: [c5.large, m5.large, c5.xlarge]';

  it('the 3-vCPU head gets its c5.xlarge once the c5.large is gone; the job behind it does not take the headroom back', () => {
    // All at 0: a, big, c (600 s each). Cycle 0: a waits for capacity; scale-out for the two 1-vCPU
    // jobs: price per job c5.large 0.085/2, m5.large 0.096/2, c5.xlarge 0.17/2 → one c5.large
    // (provisioned 2). big fits only the c5.xlarge: 2 + 4 > 4 and BEST_FIT never overshoots, so it
    // waits (4 ≤ maxvCpus: no misconfiguration). 120: a placed → 135 → 735; big waits at the head;
    // c waits behind it. Idle from 735 → scaled in at 1335 → cycle 1340: one c5.xlarge for big,
    // c counted into its 4th vCPU. Ready 1460: big and c placed → pull → 1475 → 2075. Idle →
    // scaled in at 2675, the last change. Two instances.
    const run = bounded(scenario({ computeResources: cr, jobs: threeJobs(0, 600) }));
    expect(times(run.job('a'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 735 });
    expect(times(run.job('big'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 1460, startedAt: 1475, stoppedAt: 2075 });
    expect(times(run.job('c'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 1460, startedAt: 1475, stoppedAt: 2075 });
    expect(run.instances.map((i) => [i.instanceType, i.launchedAt, i.readyAt, i.terminatedAt])).toEqual([
      ['c5.large', 0, 120, 1335],
      ['c5.xlarge', 1340, 1460, 2675],
    ]);
    expect(run.endTime).toBe(2675);
  });

  it('ends on pure default settings', () => {
    const run = bounded(scenario({ settings: '', computeResources: cr, jobs: threeJobs(0, 600) }));
    for (const j of ['a', 'big', 'c']) expect(run.job(j).status).toBe('SUCCEEDED');
    expect(run.instances.map((i) => i.instanceType)).toEqual(['c5.large', 'c5.xlarge']);
  });
});

describe('3. backfill on, a job that fits but is beyond backfillDepth', () => {
  it('stays RUNNABLE and gets no instances: the run ends at the first cycle', () => {
    // backfill: true, backfillDepth: 1; c5.large only. big1 and big2 (3 vCPUs) fit no type; f (1
    // vCPU) fits a c5.large but is the second entry behind the head. Cycle 0: big1, the head,
    // RUNNABLE with JOB_RESOURCE_REQUIREMENT; the backfill pass looks at one entry (big2), which
    // cannot be placed either; f is never looked at, and nothing ever changes that. An instance
    // launched for f would idle out and be launched again, forever. Expected: nothing launched,
    // the run ends at 0 with all three RUNNABLE.
    const run = bounded(scenario({
      settings: 'instanceLaunchSeconds: 120, backfill: true, backfillDepth: 1',
      computeResources: 'allocationStrategy: BEST_FIT, maxvCpus: 16, instanceTypes: [c5.large]',
      jobs: `
  - { jobName: big1, jobQueue: q, jobDefinition: big, submitAt: 0 }
  - { jobName: big2, jobQueue: q, jobDefinition: big, submitAt: 0 }
  - { jobName: f, jobQueue: q, jobDefinition: small, submitAt: 0 }`,
    }));
    expect(run.job('big1')).toMatchObject({ status: 'RUNNABLE', runnableAt: 0, reason: JOB_RESOURCE_REQUIREMENT });
    expect(run.job('big2')).toMatchObject({ status: 'RUNNABLE', runnableAt: 0, placedAt: null });
    expect(run.job('f')).toMatchObject({ status: 'RUNNABLE', runnableAt: 0, placedAt: null, reason: '' });
    expect(run.summary().blocked.jobs.map((j) => j.jobName)).toContain('big1');
    expect(run.instances).toEqual([]);
    expect(run.endTime).toBe(0);
  });
});

describe('4. idleScaleDownSeconds shorter than the scheduler cycle', () => {
  const cr = 'allocationStrategy: BEST_FIT, maxvCpus: 16, instanceTypes: [c5.large]';
  const oneJob = `
  - { jobName: j, jobQueue: q, jobDefinition: two, submitAt: 0 }`;
  const two = `  - jobDefinitionName: two
    type: container
    containerProperties: { image: acme/two, vcpus: 2, memory: 2048 }
    simulation: { duration: 100 }`;

  it('does not scale in a never-used instance before the next cycle places its job: one launch', () => {
    // idleScaleDownSeconds 1, launch latency 125 (ready between cycles). Cycle 0: one c5.large
    // launched. Ready 125; the next cycle is at 130. Spec §17 exempts new, never-used instances
    // from scale-in, so it is still there at 130: j placed → pull → RUNNING 145 → 245. Then it has
    // run a job: idle 1 s → scaled in at 246, the last change. Billed 246 s × 0.085 / 3600 =
    // $0.005808. (Scaling it in at 126 means relaunching at 130, ready 255, scaled in 256, … forever.)
    const run = bounded(scenario({ settings: 'instanceLaunchSeconds: 125, idleScaleDownSeconds: 1', computeResources: cr, jobs: oneJob, definitions: two }));
    expect(times(run.job('j'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 130, startedAt: 145, stoppedAt: 245 });
    expect(run.instances.map((i) => [i.instanceType, i.launchedAt, i.readyAt, i.terminatedAt, i.terminationReason, i.billedSeconds])).toEqual([
      ['c5.large', 0, 125, 246, 'IDLE_SCALE_DOWN', 246],
    ]);
    expect(run.instances[0].costUsd).toBeCloseTo((246 * 0.085) / 3600, 12);
    expect(run.endTime).toBe(246);
  });

  it('ends with one launch on default settings and idleScaleDownSeconds 1', () => {
    const run = bounded(scenario({ settings: 'idleScaleDownSeconds: 1', computeResources: cr, jobs: oneJob, definitions: two }));
    expect(run.job('j').status).toBe('SUCCEEDED');
    expect(run.instances).toHaveLength(1);
  });
});

describe('5. Spot capacity short while a head waits', () => {
  // SPOT environment, SPOT_CAPACITY_OPTIMIZED, [c5.large, c5.xlarge], maxvCpus 16; interruption
  // rates set to 0. h (3 vCPUs, 2048 MiB) fits only a c5.xlarge; s (1 vCPU) is behind it.
  // Spot c5.xlarge = 0.17 × (1 − 0.58) = 0.0714 USD/h (advisor snapshot of 2026-08-10).
  const spot = (pool: string, settings = ['instanceLaunchSeconds: 120']) => `
name: kernel-livelock-spot
settings:
  ${settings.join('\n  ')}
  spot:
    pools:
      - { instanceType: c5.large, monthlyInterruptionRate: 0 }
      - { instanceType: c5.xlarge, monthlyInterruptionRate: 0, ${pool} }
computeEnvironments:
  - computeEnvironmentName: spot
    type: MANAGED
    computeResources: { type: SPOT, allocationStrategy: SPOT_CAPACITY_OPTIMIZED, minvCpus: 0, maxvCpus: 16, instanceTypes: [c5.large, c5.xlarge] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: spot }]
jobDefinitions:
  - jobDefinitionName: big
    type: container
    containerProperties: { image: acme/big, vcpus: 3, memory: 2048 }
    simulation: { duration: 600 }
  - jobDefinitionName: small
    type: container
    containerProperties: { image: acme/small, vcpus: 1, memory: 1024 }
    simulation: { duration: 600 }
jobs:
  - { jobName: h, jobQueue: q, jobDefinition: big, submitAt: 0 }
  - { jobName: s, jobQueue: q, jobDefinition: small, submitAt: 0 }
`;

  it('no c5.xlarge Spot capacity ever (maxInstances 0): ends at once, nothing launched', () => {
    // Cycle 0: h cannot get its c5.xlarge → RUNNABLE with the CAPACITY reason (spillover is off
    // and there is no other environment); s waits behind it. A c5.large for s could never be used
    // (h blocks the queue) and would idle out and be relaunched forever. The run ends at 0.
    const run = bounded(spot('maxInstances: 0'));
    expect(run.job('h')).toMatchObject({ status: 'RUNNABLE', runnableAt: 0, placedAt: null, reason: capacity('c5.xlarge') });
    expect(run.job('s')).toMatchObject({ status: 'RUNNABLE', runnableAt: 0, placedAt: null, reason: '' });
    expect(run.instances).toEqual([]);
    expect(run.endTime).toBe(0);
  });

  it('a c5.xlarge outage until 3000: nothing is bought for the job behind the head; one instance when the outage ends', () => {
    // 0–3000: h RUNNABLE with the CAPACITY reason, s behind it; no launches (a c5.large for s
    // would idle out at 720 and be bought again every 720 s: 0, 720, 1440, 2160, 2880).
    // 3000: the outage ends → cycle 3000: one c5.xlarge for h, s counted into its 4th vCPU.
    // Ready 3120: h and s placed → pull → 3135 → 3735. Idle → scaled in at 4335, the last change.
    // Billed 4335 − 3000 = 1335 s × 0.0748 / 3600 = $0.027738 (≈ $0.03).
    const run = bounded(spot('outages: [{ from: 0, to: 3000 }]'));
    expect(times(run.job('h'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 3120, startedAt: 3135, stoppedAt: 3735 });
    expect(times(run.job('s'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 3120, startedAt: 3135, stoppedAt: 3735 });
    expect(run.instances.map((i) => [i.instanceType, i.purchaseOption, i.launchedAt, i.readyAt, i.terminatedAt, i.billedSeconds])).toEqual([
      ['c5.xlarge', 'SPOT', 3000, 3120, 4335, 1335],
    ]);
    expect(run.instances[0].costUsd).toBeCloseTo((1335 * 0.17 * (1 - 0.58)) / 3600, 12);
    expect(run.endTime).toBe(4335);
    // During the outage: the head carries the CAPACITY reason, the job behind it none.
    const mid = bounded(spot('outages: [{ from: 0, to: 3000 }]', ['instanceLaunchSeconds: 120', 'horizonSeconds: 2000']));
    expect(mid.job('h')).toMatchObject({ status: 'RUNNABLE', reason: capacity('c5.xlarge') });
    expect(mid.job('s')).toMatchObject({ status: 'RUNNABLE', reason: '' });
    expect(mid.instances).toEqual([]);
  });

  it('ends on default settings with no c5.xlarge Spot capacity', () => {
    const run = bounded(spot('maxInstances: 0', []));
    expect(run.job('h')).toMatchObject({ status: 'RUNNABLE', reason: capacity('c5.xlarge') });
    expect(run.instances).toEqual([]);
  });
});
