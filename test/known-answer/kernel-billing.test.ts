// Known answer: billing and placement as the spec states them (issue 8, "Billing and placement that
// differ from the spec", "Phantom Spot cost", the horizon cut). Every timeline below is worked out by
// hand from spec §8–§10 and §17, pricing-and-latency §1–§3 and docs/model.md, with the random parts
// fixed by settings: schedulerCycleSeconds 10, instanceLaunchSeconds 120, imagePullSeconds 15,
// cachedImageStartSeconds 3, idleScaleDownSeconds 600, Fargate startSeconds 30 (its default).
//
// Prices (us-east-1, USD per hour): c5.large 0.085, c5.xlarge 0.17, c5.24xlarge 4.08 (the c5
// family is 0.0425 per vCPU throughout); Spot = on-demand × (1 − advisor savings, snapshot of
// 2026-08-10): c5.large 61 % → 0.03315, m5.large 0.096 × (1 − 0.59) = 0.03936; Fargate x86
// 1 vCPU + 2 GB = 0.04048 + 2 × 0.004445 = 0.04937. Cost = billedSeconds × price / 3600,
// billedSeconds = max(60, ceil(seconds billed)).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, writeRun } from '../../src/index.js';
import { runYaml, times, type Run } from './helpers.js';

const usd = (seconds: number, perHour: number) => (seconds * perHour) / 3600;
const FARGATE_1_2 = 1 * 0.04048 + 2 * 0.004445; // 0.04937 USD/h
const C5_LARGE = 0.085;
const C5_XLARGE = 0.17;
const SPOT_C5_LARGE = 0.085 * (1 - 0.61); // 0.03315 USD/h
const SPOT_M5_LARGE = 0.096 * (1 - 0.59); // 0.03936 USD/h

const SETTINGS = `  schedulerCycleSeconds: 10
  instanceLaunchSeconds: 120
  imagePullSeconds: 15
  cachedImageStartSeconds: 3
  idleScaleDownSeconds: 600`;

/** The ledger adds up: every dollar of an instance's bill is useful, wasted, idle or unallocated. */
function expectLedgerAddsUp(run: Run): void {
  for (const l of run.summary().cost.ledger) {
    const parts = l.usefulUsd + l.interruptedUsd + l.timedOutUsd + l.failedUsd + l.terminatedUsd + l.idleUsd + l.unallocatedUsd;
    expect(parts, `${l.computeEnvironment} ledger`).toBeCloseTo(l.costUsd, 9);
  }
}

interface Single {
  computeResources: string;
  definitions: string[];
  jobs: string[];
  settings?: string;
  seed?: number;
}

/** One managed environment `ce` (computeResources given whole) behind one FIFO queue `q`. */
const single = (o: Single) => `
name: kernel-billing
seed: ${o.seed ?? 1}
settings:
${SETTINGS}
${o.settings ?? ''}
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { ${o.computeResources} }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }]
jobDefinitions:
${o.definitions.join('\n')}
jobs:
${o.jobs.join('\n')}
`;

/** A job definition `name` with image acme/<name>. */
const def = (name: string, vcpus: number, memory: number, duration: number) =>
  `  - { jobDefinitionName: ${name}, type: container, containerProperties: { image: acme/${name}, vcpus: ${vcpus}, memory: ${memory} }, simulation: { duration: ${duration} } }`;
/** A SubmitJob to q; `extra` adds fields (e.g. `simulation: { duration: 100 }`). */
const job = (name: string, definition: string, submitAt: number, extra = '') =>
  `  - { jobName: ${name}, jobQueue: q, jobDefinition: ${definition}, submitAt: ${submitAt}${extra ? `, ${extra}` : ''} }`;

// ---- a. Fargate: billed from the start of the image pull -------------------------------------

const fargate = (jobs: string) => `
name: kernel-fargate
settings:
${SETTINGS}
  fargate: { spotMonthlyInterruptionRate: 0 }
computeEnvironments:
  - computeEnvironmentName: fg
    type: MANAGED
    computeResources: { type: FARGATE, maxvCpus: 16 }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: fg }]
jobDefinitions:
  - jobDefinitionName: task
    type: container
    platformCapabilities: [FARGATE]
    containerProperties:
      image: acme/task
      resourceRequirements: [{ type: VCPU, value: "1" }, { type: MEMORY, value: "2048" }]
    simulation: { duration: 600 }
jobs:
${jobs}
`;

describe('a. a Fargate task is billed from the start of its image pull (spec §9.2, pricing §1.2)', () => {
  it('one job: provisioning 0 → 30 is not billed; pull 30 → 45, RUNNING 45 → 645: 615 s', () => {
    // j1 (600 s) at 0: the cycle at 0 places it and asks Fargate for a task; the task is provisioned
    // for startSeconds (30 s, not billed: "from the moment the container image download starts"),
    // pulls for 15 s (billed) → RUNNING 45 → exits 645, the task stops with it.
    // Billed 645 − 30 = 615 s (> 60) → 615 × 0.04937 / 3600 = $0.008434 (≈ $0.01).
    const run = runYaml(fargate('  - { jobName: j1, jobQueue: q, jobDefinition: task, submitAt: 0 }'));
    expect(times(run.job('j1'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 45, stoppedAt: 645 });
    expect(run.instances).toHaveLength(1);
    const [t] = run.instances;
    expect(t).toMatchObject({ instanceType: 'FARGATE', purchaseOption: 'FARGATE', terminatedAt: 645, terminationReason: 'TASK_STOPPED', billedSeconds: 615 });
    expect(t.costUsd).toBeCloseTo(usd(615, FARGATE_1_2), 12);
    expect(run.summary().cost.totalUsd).toBeCloseTo(usd(615, FARGATE_1_2), 6);
    // The job's share of the bill cannot exceed the bill.
    expect(run.attemptsOf('j1')[0].costUsd).toBeLessThanOrEqual(t.costUsd + 1e-12);
    expectLedgerAddsUp(run);
  });

  it('two jobs: 615 s and, for a 30-second job, the one-minute minimum', () => {
    // j1 as above: 615 s. j2 (30 s) at 0 gets its own task at the same cycle: provisioned 0 → 30,
    // pull 30 → 45, RUNNING 45 → 75. Billed from 30: 45 s → the 60-second minimum.
    // (Billed from placement it would be 75 s: the provisioning wait must not count.)
    // Total 615 + 60 = 675 s → 675 × 0.04937 / 3600 = $0.009257 (≈ $0.01).
    const run = runYaml(fargate(`  - { jobName: j1, jobQueue: q, jobDefinition: task, submitAt: 0 }
  - { jobName: j2, jobQueue: q, jobDefinition: task, submitAt: 0, simulation: { duration: 30 } }`));
    expect(times(run.job('j2'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 45, stoppedAt: 75 });
    const t1 = run.instance(run.job('j1').instanceId);
    const t2 = run.instance(run.job('j2').instanceId);
    expect(t1).toMatchObject({ terminatedAt: 645, billedSeconds: 615 });
    expect(t2).toMatchObject({ terminatedAt: 75, billedSeconds: 60 });
    expect(t2.costUsd).toBeCloseTo(usd(60, FARGATE_1_2), 12);
    const cost = run.summary().cost;
    expect(cost.totalUsd).toBeCloseTo(usd(675, FARGATE_1_2), 6);
    expect(cost.byPurchaseOption).toEqual({ FARGATE: cost.totalUsd });
    for (const name of ['j1', 'j2']) {
      expect(run.attemptsOf(name)[0].costUsd).toBeLessThanOrEqual(run.instance(run.job(name).instanceId).costUsd + 1e-12);
    }
    expectLedgerAddsUp(run);
  });
});

// ---- b. BEST_FIT_PROGRESSIVE sizes launches to the waiting demand ----------------------------

const PROGRESSIVE = 'type: EC2, allocationStrategy: BEST_FIT_PROGRESSIVE, minvCpus: 0, maxvCpus: 256, instanceTypes: [c5]';

describe('b. BEST_FIT_PROGRESSIVE sizes its launches to the jobs waiting (docs/model.md, spec §17)', () => {
  it('one 1-vCPU / 2048 MiB job gets the smallest c5 that holds it: a c5.large', () => {
    // Registered memory = floor(MiB × 0.97) − 32: c5.large 3941 (one 2048-MiB job), c5.24xlarge
    // 190677 (93 such jobs). Per vCPU the ONE waiting job can use: c5.large 0.085 / 1, c5.xlarge
    // 0.17 / 1, …, c5.24xlarge 4.08 / 1 → c5.large. (Scoring by what the type could hold if it
    // were full — 4.08 / 93 = 0.0439 < 0.085 — picks the c5.24xlarge: the defect.)
    // Timeline: launched 0 → ready 120 → placed 120 → pull → RUNNING 135 → 195; idle → scaled in
    // at 795. Billed 795 s × 0.085 / 3600 = $0.018771 (≈ $0.02); a c5.24xlarge would be $0.90.
    const run = runYaml(single({ computeResources: PROGRESSIVE, definitions: [def('work', 1, 2048, 60)], jobs: [job('one', 'work', 0)] }));
    expect(run.instances.map((i) => i.instanceType)).toEqual(['c5.large']);
    expect(times(run.job('one'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 195 });
    expect(run.instances[0]).toMatchObject({ launchedAt: 0, readyAt: 120, terminatedAt: 795, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 795 });
    expect(run.summary().cost.totalUsd).toBeCloseTo(usd(795, C5_LARGE), 6);
    expect(run.endTime).toBe(795);
  });

  it('twenty 4-vCPU / 4096 MiB jobs: 20 × c5.xlarge (every c5 size ties at 0.0425 per vCPU used; ties go to fewer vCPUs)', () => {
    // Per vCPU the 20 jobs can use (jobs per instance = min(20, by vCPU, by registered memory)):
    // c5.xlarge 1 job → 0.17/4; c5.2xlarge 2 → 0.34/8; c5.4xlarge 4 → 0.68/16; c5.9xlarge 9 →
    // 1.53/36; c5.12xlarge 12 → 2.04/48; c5.18xlarge 18 → 3.06/72: all 0.0425. c5.24xlarge holds 24
    // but only 20 wait → 4.08/80 = 0.051. Ties → fewer vCPUs → c5.xlarge, launch after launch:
    // 20 instances, 80 vCPUs, all launched at 0, each job placed 120 → 135 → 195, each instance
    // scaled in at 795 → 20 × 795 × 0.17 / 3600 = $0.750833 (≈ $0.75).
    const jobs = Array.from({ length: 20 }, (_, i) => job(`w${i}`, 'work', 0));
    const run = runYaml(single({ computeResources: PROGRESSIVE, definitions: [def('work', 4, 4096, 60)], jobs }));
    expect(run.instances.map((i) => i.instanceType)).toEqual(Array(20).fill('c5.xlarge'));
    expect(run.instances.every((i) => i.launchedAt === 0 && i.terminatedAt === 795 && i.billedSeconds === 795)).toBe(true);
    for (let i = 0; i < 20; i++) expect(run.job(`w${i}`)).toMatchObject({ status: 'SUCCEEDED', placedAt: 120, startedAt: 135, stoppedAt: 195 });
    expect(run.summary().cost.totalUsd).toBeCloseTo(20 * usd(795, C5_XLARGE), 6);
  });
});

// ---- c. an idle instance a job is about to use is not scaled in -------------------------------

describe('c. an idle instance that a waiting job is about to use is not scaled in and relaunched', () => {
  it('idle delay expiring at the cycle where the next job becomes RUNNABLE', () => {
    // a (105 s) at 0: c5.large launched 0 → ready 120 → placed 120 → 135 → 240. Idle from 240; its
    // idle delay expires at 840. b is submitted at 835 and becomes RUNNABLE at the cycle at 840 —
    // the same instant. Scaling the instance in at 840 and launching an identical c5.large for b at
    // 840 buys 120 s of launch latency and a second bill for nothing. Expected: b placed at 840 on
    // the same instance, image cached (3 s) → RUNNING 843 → 943; idle → scaled in at 1543.
    // One instance, billed 1543 s × 0.085 / 3600 = $0.036432 (≈ $0.04).
    const run = runYaml(single({
      computeResources: 'type: EC2, allocationStrategy: BEST_FIT, minvCpus: 0, maxvCpus: 16, instanceTypes: [c5.large]',
      definitions: [def('work', 2, 2048, 100)],
      jobs: [job('a', 'work', 0, 'simulation: { duration: 105 }'), job('b', 'work', 835)],
    }));
    expect(times(run.job('a'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 240 });
    expect(times(run.job('b'))).toEqual({ status: 'SUCCEEDED', createdAt: 835, runnableAt: 840, placedAt: 840, startedAt: 843, stoppedAt: 943 });
    expect(run.instances).toHaveLength(1);
    expect(run.job('b').instanceId).toBe(run.job('a').instanceId);
    expect(run.instances[0]).toMatchObject({ launchedAt: 0, terminatedAt: 1543, terminationReason: 'IDLE_SCALE_DOWN', billedSeconds: 1543 });
    expect(run.summary().cost.totalUsd).toBeCloseTo(usd(1543, C5_LARGE), 6);
  });

  it('a retried job RUNNABLE since 833, the idle delay of the instance it will use expiring at the cycle at 840', () => {
    // Queue order [od (c5.large, maxvCpus 2), spot (m5.large, Spot, interruption rate 0)].
    // Cycle 0: a and b RUNNABLE; od launches one c5.large (its maxvCpus), the other job spills to
    // spot, which launches an m5.large. Ready 120: a → od (pull → 135 → 240); b → od is full and at
    // maxvCpus → spot (pull → 135, would end 1135). The c5.large is idle from 240: delay ends 840.
    // InterruptSpotInstances at 713 → notice → reclaimed 833: b's attempt 1 ends INTERRUPTED at 833
    // (no exit code), b is retried (attempts 2) and RUNNABLE at the front of q from 833, waiting for
    // the cycle at 840. At 840 the c5.large is exactly what b will use: it must stay. Cycle 840: b →
    // od (first in order, room) → image cached → RUNNING 843 → 1843; idle → scaled in at 2443.
    // Two instances: c5.large 0 → 2443 (2443 × 0.085 / 3600 = $0.057683), m5.large Spot 0 → 833
    // (833 × 0.03936 / 3600 = $0.009108). Relaunching would make a third (c5.large at 840).
    const run = runYaml(`
name: kernel-idle-vs-retry
settings:
${SETTINGS}
  spot:
    pools: [{ instanceType: m5.large, monthlyInterruptionRate: 0 }]
computeEnvironments:
  - computeEnvironmentName: od
    type: MANAGED
    computeResources: { type: EC2, allocationStrategy: BEST_FIT, minvCpus: 0, maxvCpus: 2, instanceTypes: [c5.large] }
  - computeEnvironmentName: spot
    type: MANAGED
    computeResources: { type: SPOT, allocationStrategy: SPOT_CAPACITY_OPTIMIZED, minvCpus: 0, maxvCpus: 16, instanceTypes: [m5.large] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: od }, { order: 2, computeEnvironment: spot }]
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { image: acme/work, vcpus: 2, memory: 2048 }
    simulation: { duration: 105 }
jobs:
  - { jobName: a, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: b, jobQueue: q, jobDefinition: work, submitAt: 0, retryStrategy: { attempts: 2 }, simulation: { duration: 1000 } }
actions:
  - { at: 713, action: InterruptSpotInstances, computeEnvironment: spot }
`);
    expect(times(run.job('a'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 240 });
    const [first, second] = run.attemptsOf('b');
    expect(first).toMatchObject({ computeEnvironment: 'spot', placedAt: 120, startedAt: 135, stoppedAt: 833, exitCode: null, outcome: 'INTERRUPTED' });
    expect(second).toMatchObject({ computeEnvironment: 'od', instanceId: run.job('a').instanceId, placedAt: 840, startedAt: 843, stoppedAt: 1843, outcome: 'SUCCEEDED' });
    expect(run.job('b')).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(run.instances.map((i) => [i.computeEnvironment, i.instanceType, i.launchedAt, i.terminatedAt, i.terminationReason])).toEqual([
      ['od', 'c5.large', 0, 2443, 'IDLE_SCALE_DOWN'],
      ['spot', 'm5.large', 0, 833, 'SPOT_INTERRUPTION'],
    ]);
    expect(run.summary().cost.totalUsd).toBeCloseTo(usd(2443, C5_LARGE) + usd(833, SPOT_M5_LARGE), 6);
  });
});

// ---- d. jobs behind a temporarily blocked head do not buy instances that idle out -------------

describe('d. jobs waiting behind a temporarily blocked head', () => {
  it('cause no launches that idle out unused: 2 instances, not 6', () => {
    // ce: BEST_FIT, [c5.large, c5.2xlarge], maxvCpus 10, backfill off. r and h (3000 s each) need 8
    // vCPUs (only a c5.2xlarge holds one), s1 and s2 (60 s) need 1. Cycle 0: one c5.2xlarge
    // (8 vCPUs; a second would pass maxvCpus 10, and BEST_FIT never overshoots). Ready 120: r placed
    // → pull → 135 → 3135. h is the head from then on and must wait for r's instance (no room,
    // cannot launch, but maxvCpus admits a c5.2xlarge: no misconfiguration); s1 and s2 cannot pass
    // it. A c5.large bought for s1/s2 while h waits cannot be used before 3140: with the 600 s idle
    // delay it is scaled in and bought again every 720 s (0, 720, 1440, 2160, 2880 → five c5.large,
    // four never used: 6 instances). r ends 3135 → cycle 3140: h placed on the c5.2xlarge, cached
    // image → 3143 → 6143, which leaves it full; s1 and s2 go to a c5.large (8 + 2 = maxvCpus).
    // Needed: the c5.2xlarge and one c5.large — bought when it can be used, or bought earlier and
    // kept for them: 2 instances, each of which ran a job; s1, s2 placed no earlier than 3140.
    const run = runYaml(single({
      computeResources: 'type: EC2, allocationStrategy: BEST_FIT, minvCpus: 0, maxvCpus: 10, instanceTypes: [c5.large, c5.2xlarge]',
      definitions: [def('big', 8, 8192, 3000), def('small', 1, 1024, 60)],
      jobs: [job('r', 'big', 0), job('h', 'big', 0), job('s1', 'small', 0), job('s2', 'small', 0)],
    }));
    expect(times(run.job('r'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 120, startedAt: 135, stoppedAt: 3135 });
    expect(times(run.job('h'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 3140, startedAt: 3143, stoppedAt: 6143 });
    for (const s of ['s1', 's2']) {
      expect(run.job(s).status).toBe('SUCCEEDED');
      expect(run.job(s).placedAt!).toBeGreaterThanOrEqual(3140); // FIFO, backfill off: not before h
      expect(run.job(s).instanceType).toBe('c5.large');
    }
    const unused = run.instances.filter((i) => i.busySeconds === 0).map((i) => `${i.instanceType} ${i.launchedAt}→${i.terminatedAt}`);
    expect(unused, 'instances that never ran a job').toEqual([]);
    expect(run.instances.map((i) => i.instanceType).sort()).toEqual(['c5.2xlarge', 'c5.large']);
  });
});

// ---- e. a last cycle that changes nothing does not extend the run ------------------------------

describe('e. the run ends with the last real change, not with a cycle that changes nothing', () => {
  it('minvCpus capacity: the run and the bill end when the last job ends', () => {
    // minvCpus 2: one c5.large exists, ready, at 0. j (100 s) at 0 → placed 0 → pull → 15 → 115.
    // The cycle at 120 (asked for by the job's end) finds nothing to do; the idle check at 715
    // cannot go below minvCpus. The last change is j's end at 115: the run ends there and the
    // instance is billed 0 → 115 (SIMULATION_END): 115 × 0.085 / 3600 = $0.002715.
    const run = runYaml(minvCpusScenario('EC2', 'BEST_FIT', job('j', 'work', 0, 'simulation: { duration: 100 }')));
    expect(times(run.job('j'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 115 });
    expect(run.endTime).toBe(115);
    expect(run.summary().endSeconds).toBe(115);
    expect(run.summary().makespanSeconds).toBe(115);
    expect(run.instances).toHaveLength(1);
    expect(run.instances[0]).toMatchObject({ launchedAt: 0, terminatedAt: 115, terminationReason: 'SIMULATION_END', billedSeconds: 115 });
    expect(run.instances[0].costUsd).toBeCloseTo(usd(115, C5_LARGE), 12);
  });

  it('Fargate: the run ends when the last task stops', () => {
    // j1 (100 s): task 0 → pull from 30 → RUNNING 45 → 145, the task stops at 145. The cycle at
    // 150 changes nothing → the run ends at 145.
    const run = runYaml(fargate('  - { jobName: j1, jobQueue: q, jobDefinition: task, submitAt: 0, simulation: { duration: 100 } }'));
    expect(run.job('j1')).toMatchObject({ status: 'SUCCEEDED', startedAt: 45, stoppedAt: 145 });
    expect(run.endTime).toBe(145);
    expect(run.summary().endSeconds).toBe(145);
  });
});

// ---- f. phantom Spot cost: minvCpus capacity is billed to the end of the work ------------------

function minvCpusScenario(type: 'EC2' | 'SPOT', strategy: string, jobs: string, settings = '', seed = 1): string {
  return single({
    computeResources: `type: ${type}, allocationStrategy: ${strategy}, minvCpus: 2, maxvCpus: 16, instanceTypes: [c5.large]`,
    definitions: [def('work', 2, 2048, 60)], jobs: [jobs], settings, seed,
  });
}

const oneJob = job('j', 'work', 0);

describe('f. minvCpus capacity is billed up to the last job’s end, not until the market takes it', () => {
  // minvCpus 2 → one c5.large from t = 0, ready. j (60 s) at 0 → placed 0 → pull → RUNNING 15 → 75:
  // a 75-second workload. Nothing changes after 75 (the cycle at 80 and the idle check at 675
  // change nothing), so the run ends at 75 and the instance is billed 0 → 75.
  // The Spot c5.large keeps its default interruption rate (advisor band 10-15 %: 12.5 % a month), so a
  // notice is drawn for it weeks or months ahead; that draw must not decide when the run ends.
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`Spot (seed ${seed}): ends at 75 s with 75 s of Spot cost`, () => {
      // 75 × 0.03315 / 3600 = $0.000691 (≈ $0.00), no interruption.
      const run = runYaml(minvCpusScenario('SPOT', 'SPOT_CAPACITY_OPTIMIZED', oneJob, '', seed));
      expect(times(run.job('j'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 75 });
      expect(run.endTime).toBe(75);
      expect(run.instances).toHaveLength(1);
      expect(run.instances[0]).toMatchObject({ purchaseOption: 'SPOT', launchedAt: 0, terminatedAt: 75, terminationReason: 'SIMULATION_END', billedSeconds: 75 });
      const s = run.summary();
      expect(s.cost.byPurchaseOption.SPOT).toBeCloseTo(usd(75, SPOT_C5_LARGE), 6);
      expect(s.spotInterruptions).toBe(0);
    });
  }

  it('on-demand: ends at 75 s with 75 s of on-demand cost', () => {
    // 75 × 0.085 / 3600 = $0.001771 (≈ $0.00).
    const run = runYaml(minvCpusScenario('EC2', 'BEST_FIT', oneJob));
    expect(run.job('j')).toMatchObject({ status: 'SUCCEEDED', stoppedAt: 75 });
    expect(run.endTime).toBe(75);
    expect(run.instances[0]).toMatchObject({ purchaseOption: 'ON_DEMAND', terminatedAt: 75, terminationReason: 'SIMULATION_END', billedSeconds: 75 });
    expect(run.summary().cost.totalUsd).toBeCloseTo(usd(75, C5_LARGE), 6);
  });

  it('a horizon before the work ends cuts the bill there (the 60-second minimum applies)', () => {
    // horizonSeconds 50: j is RUNNING (15 → would end 75); the run stops at 50, the instance is
    // terminated then and billed max(60, 50) = 60 s: Spot $0.000553, on-demand $0.001417.
    for (const [type, strategy, price] of [['SPOT', 'SPOT_CAPACITY_OPTIMIZED', SPOT_C5_LARGE], ['EC2', 'BEST_FIT', C5_LARGE]] as const) {
      const run = runYaml(minvCpusScenario(type, strategy, oneJob, '  horizonSeconds: 50'));
      expect(run.endTime, type).toBe(50);
      expect(run.job('j').status, type).toBe('RUNNING');
      expect(run.instances[0], type).toMatchObject({ terminatedAt: 50, terminationReason: 'SIMULATION_END', billedSeconds: 60 });
      expect(run.instances[0].costUsd, type).toBeCloseTo(usd(60, price), 12);
    }
  });

  it('a horizon after the work ends: Spot and on-demand minvCpus capacity end, and are billed, alike', () => {
    // horizonSeconds 3600, work ends at 75. Whatever the rule for the stated horizon (bill to it, or
    // to the last job's end), the Spot market's far-off notice draw must not make the Spot run end
    // or bill differently from the same run on on-demand.
    const spot = runYaml(minvCpusScenario('SPOT', 'SPOT_CAPACITY_OPTIMIZED', oneJob, '  horizonSeconds: 3600'));
    const od = runYaml(minvCpusScenario('EC2', 'BEST_FIT', oneJob, '  horizonSeconds: 3600'));
    expect(spot.endTime).toBe(od.endTime);
    expect(spot.instances[0].billedSeconds).toBe(od.instances[0].billedSeconds);
    expect([75, 3600]).toContain(spot.endTime);
  });
});

// ---- g. the horizon cut writes consistent rows ------------------------------------------------

/** Runs `yaml`, writes its report with writeRun, and returns the parsed CSV files. */
function writtenTables(yaml: string): { jobs: Record<string, string>[]; attempts: Record<string, string>[]; summary: { attempts: number } } {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-kernel-billing-'));
  try {
    const out = join(dir, 'report');
    writeRun(simulate(parseScenario(yaml, 'inline.yaml')), out);
    const csv = (f: string) => parse(readFileSync(join(out, f), 'utf8'), { columns: true }) as Record<string, string>[];
    return { jobs: csv('jobs.csv'), attempts: csv('attempts.csv'), summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('g. a job running at the horizon (settings.horizonSeconds)', () => {
  // docs/outputs.md documents `attempts` (jobs.csv) as "attempts that reached a container" and
  // attempts.csv as "one row per attempt that reached a container"; it says nothing of an attempt
  // still in progress when the horizon cuts the run. Expected here (undocumented): the attempt
  // gets a row ending at the horizon with an empty exitCode, so the count and the rows agree.
  it('has an attempt row ending at the horizon, with no exit code, matching its attempt count', () => {
    // minvCpus c5.large ready at 0; j (600 s) placed 0 → RUNNING 15 → would end 615. Horizon 300.
    const yaml = minvCpusScenario('EC2', 'BEST_FIT', job('j', 'work', 0, 'simulation: { duration: 600 }'), '  horizonSeconds: 300');
    const run = runYaml(yaml);
    expect(run.job('j')).toMatchObject({ status: 'RUNNING', placedAt: 0, startedAt: 15, attempts: 1 });
    expect(run.endTime).toBe(300);
    expect(run.instances[0]).toMatchObject({ terminatedAt: 300, terminationReason: 'SIMULATION_END', billedSeconds: 300 });

    const t = writtenTables(yaml);
    const jobRow = t.jobs.find((r) => r.jobName === 'j')!;
    expect([jobRow.status, Number(jobRow.attempts)]).toEqual(['RUNNING', 1]);
    const rows = t.attempts.filter((r) => r.jobId === jobRow.jobId);
    expect(rows.length, 'attempts.csv rows for a job with attempts = 1').toBe(1);
    const [row] = rows;
    expect([row.attempt, row.placedAt, row.startedAt, row.stoppedAt].map(Number)).toEqual([1, 0, 15, 300]);
    expect(row.exitCode).toBe('');
    expect(t.summary.attempts).toBe(1);
  });

  it('a job still STARTING at the horizon: its attempt count and its attempt rows agree', () => {
    // Horizon 10: j placed at 0, pulling until 15 — STARTING at the cut. Whether that attempt
    // "reached a container" is the engine's call; the count and the rows must say the same.
    const yaml = minvCpusScenario('EC2', 'BEST_FIT', oneJob, '  horizonSeconds: 10');
    const t = writtenTables(yaml);
    const jobRow = t.jobs.find((r) => r.jobName === 'j')!;
    expect(jobRow.status).toBe('STARTING');
    const rows = t.attempts.filter((r) => r.jobId === jobRow.jobId);
    expect(rows.length).toBe(Number(jobRow.attempts));
    for (const r of rows) {
      expect([Number(r.placedAt), Number(r.stoppedAt)]).toEqual([0, 10]);
      expect([r.startedAt, r.exitCode]).toEqual(['', '']);
    }
  });
});

describe('f2. minvCpus Spot capacity beside a job that can never be placed', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`ends with the work that can be done, not at a Spot notice drawn for a far-off day (seed ${seed})`, () => {
      // minvCpus 2: a c5.large Spot instance is up at 0. a (1 vCPU, 75 s) is placed at 0, pulls
      // 15 s, runs 15 → 90. g asks for a GPU: JOB_RESOURCE_REQUIREMENT, RUNNABLE for good. After
      // 90 nothing can change: the instance (kept for minvCpus) is billed 0 → 90, no interruption
      // happens months later, and the run is not called stalled (nothing went round).
      const run = runYaml(`
name: spot-min-stuck
seed: ${seed}
computeEnvironments:
  - { computeEnvironmentName: spot, type: MANAGED, computeResources: { type: SPOT, minvCpus: 2, maxvCpus: 4, instanceTypes: [c5.large] } }
jobQueues:
  - { jobQueueName: cpu, priority: 2, computeEnvironmentOrder: [{ order: 1, computeEnvironment: spot }] }
  - { jobQueueName: gpu, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: spot }] }
jobDefinitions:
  - { jobDefinitionName: work, type: container, containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 75 } }
  - { jobDefinitionName: gpuwork, type: container, containerProperties: { vcpus: 1, memory: 1024, resourceRequirements: [{ type: GPU, value: "1" }] }, simulation: { duration: 75 } }
jobs:
  - { jobName: a, jobQueue: cpu, jobDefinition: work }
  - { jobName: g, jobQueue: gpu, jobDefinition: gpuwork }
`);
      expect(times(run.job('a'))).toEqual({ status: 'SUCCEEDED', createdAt: 0, runnableAt: 0, placedAt: 0, startedAt: 15, stoppedAt: 90 });
      expect(run.job('g').status).toBe('RUNNABLE');
      expect(run.job('g').reason.startsWith('MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT')).toBe(true);
      expect(run.endTime).toBe(90);
      expect(run.instances).toHaveLength(1);
      expect(run.instances[0]).toMatchObject({ purchaseOption: 'SPOT', launchedAt: 0, terminatedAt: 90, terminationReason: 'SIMULATION_END', billedSeconds: 90 });
      const s = run.summary();
      expect(s.stalled).toBeNull();
      expect(s.spotInterruptions).toBe(0);
    });
  }
});
