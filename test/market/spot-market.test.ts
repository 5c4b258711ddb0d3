// The Spot market model (spec §8.4, §8.5, §10; pricing-and-latency §2, §3): price from the
// advisor's savings, pool overrides, a replayed price trace and what it costs across a price change
// (60-second minimum), when a new Spot instance can be had, the interruption hazard from a monthly
// rate, and how the allocation strategies pick among pools.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registeredMemoryMiB } from '../../src/market/catalog.js';
import { ON_DEMAND, billedSeconds, fargate, fargatePricePerHour, spot } from '../../src/market/purchase-options.js';
import { SpotMarket } from '../../src/market/spot-market.js';
import { RandomStreams } from '../../src/engine/random.js';
import type { InstanceOffer } from '../../src/model/compute-environment.js';
import type { JobShape } from '../../src/model/shapes.js';
import { BEST_FIT, BEST_FIT_PROGRESSIVE, SPOT_CAPACITY_OPTIMIZED, SPOT_PRICE_CAPACITY_OPTIMIZED } from '../../src/scheduler/allocation.js';
import type { InstanceShape, Settings, SpotPoolSpec, SpotSettings } from '../../src/scenario/types.js';
import { TEST_SETTINGS, catalogShape } from '../helpers/build.js';
import { runYaml } from '../known-answer/helpers.js';

const MONTH_MS = 30.4375 * 24 * 3600 * 1000;
// Advisor snapshot of 2026-08-10 (us-east-1): band and savings over on-demand.
const C5_LARGE = catalogShape('c5.large'); // 0.085 USD/h on demand, advisor 10-15 % band, 61 % savings
const M5_LARGE = catalogShape('m5.large'); // 0.096, >20 %, 59 %
const C6I_LARGE = catalogShape('c6i.large'); // 0.085, 15-20 %, 59 %
const C8IN_LARGE = catalogShape('c8in.large'); // 0.13608, newer than the snapshot: not in the advisor

function settings(spotPart: Partial<SpotSettings> = {}): Settings {
  return { ...TEST_SETTINGS, spot: { ...TEST_SETTINGS.spot, ...spotPart } };
}

function pool(instanceType: string, p: Partial<SpotPoolSpec> = {}): SpotPoolSpec {
  return { instanceType, maxInstances: null, outages: [], monthlyInterruptionRate: null, savingsPct: null, ...p };
}

describe('Spot price', () => {
  it('is on-demand × (1 − advisor savings %)', () => {
    const m = new SpotMarket(settings());
    expect(m.price(C5_LARGE, 0)).toBeCloseTo(0.085 * 0.39, 12);
    expect(m.price(M5_LARGE, 123_456)).toBeCloseTo(0.096 * 0.41, 12);
    expect(m.savingsPct(C5_LARGE)).toBe(61);
  });

  it('uses defaultSavingsPct for a type the advisor does not list', () => {
    expect(new SpotMarket(settings()).price(C8IN_LARGE, 0)).toBeCloseTo(0.13608 * 0.4, 12);
    expect(new SpotMarket(settings({ defaultSavingsPct: 50 })).price(C8IN_LARGE, 0)).toBeCloseTo(0.13608 * 0.5, 12);
  });

  it('uses a pool’s savingsPct in place of the advisor’s', () => {
    const m = new SpotMarket(settings({ pools: [pool('c5.large', { savingsPct: 70 })] }));
    expect(m.price(C5_LARGE, 0)).toBeCloseTo(0.085 * 0.3, 12);
    expect(m.price(M5_LARGE, 0)).toBeCloseTo(0.096 * 0.41, 12);
  });

  it('replays a price trace as a step function; before its first point the advisor price holds', () => {
    const m = new SpotMarket(settings({
      priceTrace: [
        { atMs: 0, instanceType: 'm5.large', price: 0.02 },
        { atMs: 100_000, instanceType: 'c5.large', price: 0.03 },
        { atMs: 3_600_000, instanceType: 'c5.large', price: 0.05 },
      ],
    }));
    expect(m.price(C5_LARGE, 0)).toBeCloseTo(0.085 * 0.39, 12);
    expect(m.price(C5_LARGE, 99_999)).toBeCloseTo(0.085 * 0.39, 12);
    expect(m.price(C5_LARGE, 100_000)).toBe(0.03);
    expect(m.price(C5_LARGE, 3_599_999)).toBe(0.03);
    expect(m.price(C5_LARGE, 3_600_000)).toBe(0.05);
    expect(m.price(C5_LARGE, 1e9)).toBe(0.05);
    expect(m.price(M5_LARGE, 0)).toBe(0.02);
    expect(m.price(C6I_LARGE, 5_000_000)).toBeCloseTo(0.085 * 0.41, 12);
    expect(m.changeTimes()).toEqual([0, 100_000, 3_600_000]);
  });
});

describe('Spot cost', () => {
  const m = new SpotMarket(settings({
    priceTrace: [
      { atMs: 100_000, instanceType: 'c5.large', price: 0.03 },
      { atMs: 3_600_000, instanceType: 'c5.large', price: 0.05 },
    ],
  }));
  const h = (seconds: number, perHour: number) => (seconds * perHour) / 3600;

  it('bills a constant price per second with a 60-second minimum', () => {
    const flat = new SpotMarket(settings());
    const p = 0.085 * 0.39;
    expect(flat.cost(C5_LARGE, 0, 30_000)).toBeCloseTo(h(60, p), 15);
    expect(flat.cost(C5_LARGE, 0, 60_500)).toBeCloseTo(h(61, p), 15);
    expect(flat.cost(C5_LARGE, 1000, 3_601_000)).toBeCloseTo(h(3600, p), 15);
    expect(billedSeconds(0, 60_001)).toBe(61);
  });

  it('integrates across a price change', () => {
    // 3000 s → 4000 s: 600 s at 0.03, 400 s at 0.05.
    expect(m.cost(C5_LARGE, 3_000_000, 4_000_000)).toBeCloseTo(h(600, 0.03) + h(400, 0.05), 15);
    // 0 → 200 s: 100 s at the advisor price (before the trace's first point), 100 s at 0.03.
    expect(m.cost(C5_LARGE, 0, 200_000)).toBeCloseTo(h(100, 0.085 * 0.39) + h(100, 0.03), 15);
  });

  it('prices the minimum-charge tail at the price in force when the instance stopped', () => {
    // 3590 → 3620 s (30 s, billed 60): 10 s at 0.03, then 50 s at 0.05 (the last price).
    expect(m.cost(C5_LARGE, 3_590_000, 3_620_000)).toBeCloseTo(h(10, 0.03) + h(50, 0.05), 15);
    // 3550 → 3580 s: stopped before the change, so all 60 s at 0.03 though the tail reaches 3610.
    expect(m.cost(C5_LARGE, 3_550_000, 3_580_000)).toBeCloseTo(h(60, 0.03), 15);
  });

  it('integrates across a price change inside a scenario: instance bill, effective price, attempt share', () => {
    // Trace: c5.large 0.04 from 0, 0.06 from 300 s. j1 (100 s) at 0: c5.large launched 0, ready
    // 120, RUNNING 135 → 235, idle → terminated 835. Bill: 300 s × 0.04 + 535 s × 0.06.
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-trace-'));
    try {
      writeFileSync(join(dir, 'prices.csv'), 'time,instanceType,price\n0,c5.large,0.04\n300,c5.large,0.06\n');
      const run = runYaml(traceScenario('prices.csv', 100), join(dir, 'scenario.yaml'));
      const [i] = run.instances;
      expect(i).toMatchObject({ purchaseOption: 'SPOT', launchedAt: 0, readyAt: 120, terminatedAt: 835, billedSeconds: 835 });
      const bill = h(300, 0.04) + h(535, 0.06);
      expect(i.costUsd).toBeCloseTo(bill, 15);
      expect(i.pricePerHour).toBeCloseTo((bill * 3600) / 835, 12);
      // The attempt is charged the instance's effective price over placement → stop (115 s).
      expect(run.attempts[0].costUsd).toBeCloseTo((bill * 115) / 835, 12);
      expect(run.summary().cost.totalUsd).toBeCloseTo(bill, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reclaims a running instance whose price rises above the bid cap, and relaunches once it falls back', () => {
    // Trace: 0.03 from 0, 0.09 (> on-demand 0.085 = the 100 % cap) from 200, 0.03 again from 600.
    // j1 (1000 s, Host EC2* → RETRY) RUNNING 135 on i1; at 200 i1 is priced out → notice → reclaimed
    // 320 → INTERRUPTED. No Spot can be had at 320 (CAPACITY reason) until the price falls at 600:
    // the cycle at 600 launches i2 (ready 720) → RUNNING 735 → 1735.
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-trace-'));
    try {
      writeFileSync(join(dir, 'prices.csv'), 'time,instanceType,price\n0,c5.large,0.03\n200,c5.large,0.09\n600,c5.large,0.03\n');
      const run = runYaml(traceScenario('prices.csv', 1000), join(dir, 'scenario.yaml'));
      const [i1, i2] = run.instances;
      expect(i1).toMatchObject({ launchedAt: 0, terminatedAt: 320, terminationReason: 'SPOT_INTERRUPTION', billedSeconds: 320 });
      expect(i1.costUsd).toBeCloseTo(h(200, 0.03) + h(120, 0.09), 15);
      expect(run.attemptsOf('j1').map((a) => [a.startedAt, a.stoppedAt, a.outcome])).toEqual([[135, 320, 'INTERRUPTED'], [735, 1735, 'SUCCEEDED']]);
      expect(i2).toMatchObject({ launchedAt: 600, readyAt: 720 });

      writeFileSync(join(dir, 'high.csv'), 'time,instanceType,price\n0,c5.large,0.03\n200,c5.large,0.09\n');
      const stuck = runYaml(traceScenario('high.csv', 1000), join(dir, 'scenario.yaml'));
      expect(stuck.job('j1')).toMatchObject({
        status: 'RUNNABLE', attempts: 1,
        reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [c5.large]',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function traceScenario(trace: string, duration: number): string {
  return `
name: trace
settings:
  schedulerCycleSeconds: 10
  instanceLaunchSeconds: 120
  imagePullSeconds: 15
  spot: { priceTrace: ${trace}, pools: [{ instanceType: c5.large, monthlyInterruptionRate: 0 }] }
computeEnvironments:
  - computeEnvironmentName: spot
    type: MANAGED
    computeResources: { type: SPOT, allocationStrategy: SPOT_CAPACITY_OPTIMIZED, maxvCpus: 16, instanceTypes: [c5.large] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: spot }] }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 2, memory: 2048 }
    retryStrategy: { attempts: 3, evaluateOnExit: [{ onStatusReason: "Host EC2*", action: RETRY }] }
    simulation: { duration: ${duration} }
jobs:
  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }
`;
}

describe('Spot availability', () => {
  it('refuses a pool at maxInstances until one of its instances is gone', () => {
    const m = new SpotMarket(settings({ pools: [pool('c5.large', { maxInstances: 2 })] }));
    expect(m.available(C5_LARGE, 0, 100)).toBe(true);
    m.launched(C5_LARGE);
    m.launched(C5_LARGE);
    expect(m.available(C5_LARGE, 0, 100)).toBe(false);
    expect(m.available(M5_LARGE, 0, 100)).toBe(true);
    m.terminated(C5_LARGE);
    expect(m.available(C5_LARGE, 0, 100)).toBe(true);
    expect(new SpotMarket(settings({ pools: [pool('c5.large', { maxInstances: 0 })] })).available(C5_LARGE, 0, 100)).toBe(false);
  });

  it('refuses a pool during an outage window [from, to)', () => {
    const m = new SpotMarket(settings({ pools: [pool('c5.large', { outages: [{ fromMs: 1000, toMs: 2000 }, { fromMs: 5000, toMs: 6000 }] })] }));
    expect([999, 1000, 1999, 2000, 4999, 5000, 6000].map((t) => m.available(C5_LARGE, t, 100))).toEqual([true, false, false, true, true, false, true]);
  });

  it('refuses a type whose Spot price is above bidPercentage % of on-demand', () => {
    // c5.large Spot = 39 % of on-demand.
    const m = new SpotMarket(settings());
    expect(m.available(C5_LARGE, 0, 39)).toBe(true);
    expect(m.available(C5_LARGE, 0, 38)).toBe(false);
    expect(m.overCap(C5_LARGE, 0, 38)).toBe(true);
    expect(m.overCap(C5_LARGE, 0, 39)).toBe(false);
    const traced = new SpotMarket(settings({ priceTrace: [{ atMs: 0, instanceType: 'c5.large', price: 0.09 }] }));
    expect(traced.available(C5_LARGE, 0, 100)).toBe(false);
    expect(traced.overCap(C5_LARGE, 0, 100)).toBe(true);
  });

  it('applies the rules through the SPOT purchase option with the environment’s bidPercentage', () => {
    const m = new SpotMarket(settings({ pools: [pool('c5.large', { outages: [{ fromMs: 0, toMs: 10 }] })] }));
    expect(spot(m, 100).available(C5_LARGE, 0)).toBe(false);
    expect(spot(m, 100).available(C5_LARGE, 10)).toBe(true);
    expect(spot(m, 30).available(C5_LARGE, 10)).toBe(false);
    expect(spot(m, 100).pricePerHour(C5_LARGE, 0)).toBeCloseTo(0.085 * 0.39, 12);
    expect(ON_DEMAND.available(C5_LARGE, 0)).toBe(true);
    expect(ON_DEMAND.cost(C5_LARGE, 0, 30_000)).toBeCloseTo((60 * 0.085) / 3600, 15);
  });
});

describe('Fargate prices', () => {
  it('are vCPU × rate + GB × rate, arm64 at its own rates, Fargate Spot at (1 − discount)', () => {
    const task = (vcpus: number, memoryMiB: number, arch: 'x86_64' | 'arm64'): InstanceShape => ({
      instanceType: 'FARGATE', family: 'fargate', vcpus, memoryMiB, gpus: 0, arch, onDemandUsdPerHour: 0,
    });
    const f = TEST_SETTINGS.fargate;
    expect(fargatePricePerHour(task(2, 4096, 'x86_64'), f)).toBeCloseTo(2 * 0.04048 + 4 * 0.004445, 12);
    expect(fargatePricePerHour(task(2, 4096, 'arm64'), f)).toBeCloseTo(2 * 0.03238 + 4 * 0.00356, 12);
    expect(fargate(f, true).pricePerHour(task(2, 4096, 'x86_64'), 0)).toBeCloseTo((2 * 0.04048 + 4 * 0.004445) * 0.3, 12);
    expect(fargate(f, false).cost(task(1, 2048, 'x86_64'), 0, 30_000)).toBeCloseTo((60 * 0.04937) / 3600, 15);
  });
});

describe('interruption hazard', () => {
  const m = new SpotMarket(settings());

  it('reads the monthly rate from the advisor band, a band override or a pool override', () => {
    expect(m.monthlyInterruptionRate(C5_LARGE)).toBe(0.125);
    expect(m.monthlyInterruptionRate(M5_LARGE)).toBe(0.25);
    expect(m.monthlyInterruptionRate(C8IN_LARGE)).toBe(0.25); // not in the feed: defaultBand >20%
    const o = new SpotMarket(settings({
      interruptionRateByBand: { ...TEST_SETTINGS.spot.interruptionRateByBand, '10-15%': 0.01 },
      pools: [pool('m5.large', { monthlyInterruptionRate: 0.5 })],
      defaultBand: '10-15%',
    }));
    expect(o.monthlyInterruptionRate(C5_LARGE)).toBe(0.01);
    expect(o.monthlyInterruptionRate(M5_LARGE)).toBe(0.5);
    expect(o.monthlyInterruptionRate(C8IN_LARGE)).toBe(0.01);
  });

  it('turns the monthly probability p into the hazard −ln(1 − p) per month (30.4375 days)', () => {
    // P(notice within a month) = 1 − exp(−hazard × month) = p: the draw u = p lands on one month.
    expect(m.timeToInterruption(0.25, 0.25)).toBe(Math.round(MONTH_MS));
    expect(m.timeToInterruption(0.1, 0.1)).toBe(Math.round(MONTH_MS));
    // u = 1 − 1/e is the mean, 1 / hazard.
    expect(m.timeToInterruption(0.25, 1 - Math.exp(-1))).toBe(Math.round(MONTH_MS / -Math.log(0.75)));
    expect(m.timeToInterruption(0, 0.5)).toBe(Infinity);
  });

  it('has mean time to interruption 1 / hazard over many draws', () => {
    const rng = new RandomStreams(7).stream('spot');
    for (const p of [0.025, 0.25, 0.9]) {
      const hazard = -Math.log(1 - p) / MONTH_MS;
      const n = 100_000;
      let sum = 0;
      let withinMonth = 0;
      for (let k = 0; k < n; k++) {
        const t = m.timeToInterruption(p, rng());
        sum += t;
        if (t <= MONTH_MS) withinMonth++;
      }
      // Standard error of the mean of an exponential: mean / √n ≈ 0.3 %.
      expect(Math.abs(sum / n - 1 / hazard) / (1 / hazard), `mean for p = ${p}`).toBeLessThan(0.015);
      expect(Math.abs(withinMonth / n - p), `P(T ≤ month) for p = ${p}`).toBeLessThan(0.006);
    }
  });
});

describe('allocation strategies', () => {
  const offer = (shape: InstanceShape, price: number, rate: number): InstanceOffer => ({
    shape, registeredMemory: registeredMemoryMiB(shape.memoryMiB, 0.97, 32), pricePerHour: price, interruptionRate: rate,
  });
  const job: JobShape = { id: 0, vcpus: 2, memory: 2048, gpus: 0 };
  // Band (monthly rate) and price: c5.large safest, c6i.large one band up and cheaper, m5.large
  // riskiest and cheapest of all.
  const c5 = offer(C5_LARGE, 0.03485, 0.025);
  const c6i = offer(C6I_LARGE, 0.03145, 0.075);
  const m5 = offer(M5_LARGE, 0.0096, 0.175);

  it('SPOT_CAPACITY_OPTIMIZED picks the pool least likely to be interrupted', () => {
    expect(SPOT_CAPACITY_OPTIMIZED.choose([m5, c6i, c5], job, 1)).toBe(c5);
    // Among equally safe pools, the cheapest per job.
    const c5b = offer(catalogShape('c5.xlarge'), 0.0748, 0.025);
    expect(SPOT_CAPACITY_OPTIMIZED.choose([c5b, c5], job, 1)).toBe(c5);
  });

  it('SPOT_PRICE_CAPACITY_OPTIMIZED picks the cheapest pool within one band (5 points) of the safest', () => {
    expect(SPOT_PRICE_CAPACITY_OPTIMIZED.choose([m5, c6i, c5], job, 1)).toBe(c6i);
    // Just outside the band: the safest pool again.
    const c6iRisky = offer(C6I_LARGE, 0.03145, 0.0751);
    expect(SPOT_PRICE_CAPACITY_OPTIMIZED.choose([m5, c6iRisky, c5], job, 1)).toBe(c5);
  });

  it('BEST_FIT and BEST_FIT_PROGRESSIVE ignore interruption risk and take the cheapest', () => {
    expect(BEST_FIT.choose([m5, c6i, c5], job, 1)).toBe(m5);
    expect(BEST_FIT_PROGRESSIVE.choose([m5, c6i, c5], job, 1)).toBe(m5);
    expect(BEST_FIT.waitsForPreferredType).toBe(true);
    expect(BEST_FIT.mayOvershoot).toBe(false);
    for (const s of [BEST_FIT_PROGRESSIVE, SPOT_CAPACITY_OPTIMIZED, SPOT_PRICE_CAPACITY_OPTIMIZED]) {
      expect(s.waitsForPreferredType).toBe(false);
      expect(s.mayOvershoot).toBe(true);
    }
  });
});

describe('allocation strategies in a run', () => {
  // One 2-vCPU job on a SPOT environment that may launch c5.large (10-15 % band, 0.03315 USD/h),
  // c6i.large (15-20 %, 0.03485) and m5.large, which gets savingsPct 90 (0.0096 USD/h): the cheapest
  // pool, but in the >20 % band.
  const scenario = (strategy: string, types = 'c5.large, c6i.large, m5.large', pools = '', horizon = '') => `
name: strategies
settings:
  schedulerCycleSeconds: 10
  instanceLaunchSeconds: 120
  imagePullSeconds: 15
${horizon}
  spot:
    pools:
      - { instanceType: m5.large, savingsPct: 90 }
${pools}
computeEnvironments:
  - computeEnvironmentName: spot
    type: MANAGED
    computeResources: { type: SPOT, allocationStrategy: ${strategy}, maxvCpus: 16, instanceTypes: [${types}] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: spot }] }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 2, memory: 2048 }
    simulation: { duration: 100 }
jobs:
  - { jobName: j1, jobQueue: q, jobDefinition: work, submitAt: 0 }
`;
  const launched = (strategy: string, types?: string, pools?: string, horizon?: string) =>
    runYaml(scenario(strategy, types, pools, horizon)).instances.map((i) => i.instanceType);

  it('SPOT_CAPACITY_OPTIMIZED launches the lowest-band pool (c5.large, 10-15 %)', () => {
    expect(launched('SPOT_CAPACITY_OPTIMIZED')).toEqual(['c5.large']);
  });

  it('SPOT_PRICE_CAPACITY_OPTIMIZED launches the cheapest pool within a band of the best', () => {
    // c5.large is both the safest and, within one band of it, cheaper than c6i.large; m5.large is
    // cheaper still but two bands up.
    expect(launched('SPOT_PRICE_CAPACITY_OPTIMIZED')).toEqual(['c5.large']);
    // At 70 % savings (0.0255 USD/h) c6i.large, one band up, is the cheapest within the band.
    const cheaperC6i = '      - { instanceType: c6i.large, savingsPct: 70 }';
    expect(launched('SPOT_PRICE_CAPACITY_OPTIMIZED', undefined, cheaperC6i)).toEqual(['c6i.large']);
    expect(launched('SPOT_CAPACITY_OPTIMIZED', undefined, cheaperC6i)).toEqual(['c5.large']);
  });

  it('a pool override of the interruption rate moves the choice', () => {
    expect(launched('SPOT_CAPACITY_OPTIMIZED', undefined, '      - { instanceType: c6i.large, monthlyInterruptionRate: 0.01 }')).toEqual(['c6i.large']);
  });

  it('BEST_FIT waits for its preferred type while it cannot be had', () => {
    // Types c5.large and c5.xlarge; c5.large (cheapest per job) is out until 900: BEST_FIT launches
    // nothing and the job waits with the CAPACITY reason for c5.large.
    const run = runYaml(scenario('BEST_FIT', 'c5.large, c5.xlarge', '      - { instanceType: c5.large, outages: [{ from: 0, to: 900 }] }', '  horizonSeconds: 800'));
    expect(run.instances).toEqual([]);
    expect(run.job('j1')).toMatchObject({
      status: 'RUNNABLE', reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [c5.large]',
    });
  });

  it('BEST_FIT_PROGRESSIVE moves on to the next type', () => {
    // Without the outage it prefers c5.large (0.03315 / 2 vCPUs < 0.0714 / 4 per vCPU).
    expect(launched('BEST_FIT_PROGRESSIVE', 'c5.large, c5.xlarge')).toEqual(['c5.large']);
    const run = runYaml(scenario('BEST_FIT_PROGRESSIVE', 'c5.large, c5.xlarge', '      - { instanceType: c5.large, outages: [{ from: 0, to: 900 }] }'));
    expect(run.instances.map((i) => [i.instanceType, i.launchedAt])).toEqual([['c5.xlarge', 0]]);
    expect(run.job('j1')).toMatchObject({ status: 'SUCCEEDED', placedAt: 120, startedAt: 135, stoppedAt: 235 });
  });
});
