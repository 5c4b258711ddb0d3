import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_SETTINGS } from '../../src/scenario/defaults.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';

const FULL = fileURLToPath(new URL('./fixtures/full.yaml', import.meta.url));

function names(s: Scenario): string[] {
  return s.jobs.map((j) => j.jobName);
}

describe('loadScenario on a full example', () => {
  const s = loadScenario(FULL);

  it('keeps the top-level fields and fills the settings it does not set with the defaults', () => {
    expect(s.name).toBe('ml-pipeline');
    expect(s.seed).toBe(42);
    expect(s.startTime).toBe('2026-01-05T00:00:00Z');
    expect(s.settings).toEqual({
      ...DEFAULT_SETTINGS,
      schedulerCycleSeconds: 5,
      instanceLaunchSeconds: { min: 90, max: 90 },
      optimalMeans: 'legacy',
    });
  });

  it('resolves instance families to catalog types, without .metal, deduplicated and sorted', () => {
    const spot = s.computeEnvironments[0]!.computeResources!;
    expect(spot.requestedInstanceTypes).toEqual(['c5', 'm5.large', 'c5.xlarge']);
    const types = spot.instanceTypes.map((t) => t.instanceType);
    expect(types).toContain('c5.large');
    expect(types).toContain('c5.24xlarge');
    expect(types).toContain('m5.large');
    expect(types).not.toContain('m5.xlarge');
    expect(types.some((t) => t.includes('metal'))).toBe(false);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual([...types].sort());
    expect(spot.instanceTypes.find((t) => t.instanceType === 'c5.large')).toEqual({
      instanceType: 'c5.large', family: 'c5', vcpus: 2, memoryMiB: 4096, gpus: 0, arch: 'x86_64', onDemandUsdPerHour: 0.085,
    });
  });

  it('fills compute-resource defaults and keeps what is set', () => {
    const spot = s.computeEnvironments[0]!;
    expect(spot).toMatchObject({ state: 'ENABLED', fleet: [] });
    expect(spot.computeResources).toMatchObject({
      type: 'SPOT', allocationStrategy: 'SPOT_CAPACITY_OPTIMIZED', minvCpus: 0, maxvCpus: 2048, desiredvCpus: 0,
      bidPercentage: 60, minScaleDownDelayMinutes: 30,
    });
    const od = s.computeEnvironments[1]!;
    expect(od.state).toBe('DISABLED');
    expect(od.computeResources).toMatchObject({ allocationStrategy: 'BEST_FIT', minvCpus: 4, desiredvCpus: 4, bidPercentage: 100, minScaleDownDelayMinutes: null });
  });

  it('resolves `optimal` with settings.optimalMeans: legacy to the c4/m4/r4/c5/m5/r5 pool', () => {
    const families = new Set(s.computeEnvironments[1]!.computeResources!.instanceTypes.map((t) => t.family));
    expect([...families].sort()).toEqual(['c4', 'c5', 'm4', 'm5', 'r4', 'r5']);
  });

  it('gives a Fargate environment no instance types and neutral EC2-only fields', () => {
    expect(s.computeEnvironments[2]).toEqual({
      computeEnvironmentName: 'fargate-ce', type: 'MANAGED', state: 'ENABLED', fleet: [],
      computeResources: {
        type: 'FARGATE', allocationStrategy: 'BEST_FIT', minvCpus: 0, maxvCpus: 64, desiredvCpus: 0,
        requestedInstanceTypes: [], instanceTypes: [], bidPercentage: 100, minScaleDownDelayMinutes: null,
      },
    });
  });

  it('expands an UNMANAGED fleet: catalog shapes and prices, custom shapes as written', () => {
    const lab = s.computeEnvironments[3]!;
    expect(lab.computeResources).toBeNull();
    expect(lab.fleet.map((f) => f.instanceType)).toEqual(['c5.large', 'c5.large', 'slot', 'slot', 'slot']);
    expect(lab.fleet[0]!.onDemandUsdPerHour).toBe(0.085);
    expect(lab.fleet[2]).toEqual({ instanceType: 'slot', family: 'slot', vcpus: 1, memoryMiB: 2048, gpus: 0, arch: 'x86_64', onDemandUsdPerHour: 0.01 });
    expect(lab.fleet[2]).not.toBe(lab.fleet[3]);
  });

  it('orders compute environments by `order` and accepts ARNs', () => {
    expect(s.jobQueues[0]).toEqual({
      jobQueueName: 'ProdQueue', priority: 10, state: 'ENABLED', computeEnvironmentOrder: ['spot-ce', 'od-ce'], jobStateTimeLimitActions: [],
      schedulingPolicy: null,
    });
  });

  it('numbers repeated job definition names as revisions in file order', () => {
    expect(s.jobDefinitions.map((d) => `${d.jobDefinitionName}:${d.revision}`)).toEqual(['transform:1', 'transform:2', 'report:1']);
    expect(s.jobDefinitions[0]).toMatchObject({ image: 'acme/transform:1', vcpus: 2, memory: 4096, gpus: 0, retryStrategy: null, attemptDurationSeconds: null });
    expect(s.jobDefinitions[1]).toMatchObject({ vcpus: 4, memory: 8192, attemptDurationSeconds: 3600 });
    expect(s.jobDefinitions[2]).toMatchObject({ image: 'report', platformCapabilities: ['FARGATE'], vcpus: 0.5, memory: 1024 });
  });

  it('upper-cases evaluateOnExit actions and keeps their patterns', () => {
    expect(s.jobDefinitions[1]!.retryStrategy).toEqual({
      attempts: 3,
      evaluateOnExit: [{ onStatusReason: 'Host EC2*', action: 'RETRY' }, { onExitCode: '*', action: 'EXIT' }],
    });
  });

  it('reads simulation durations into distributions, defaulting the normal bounds and the exit code', () => {
    expect(s.jobDefinitions[0]!.simulation).toEqual({
      duration: { distribution: 'fixed', value: 300 }, exitCode: 0, exitCodes: [], speedupByFamily: {}, checkpointSeconds: null, memory: null, imagePullFailureProbability: 0,
    });
    expect(s.jobDefinitions[1]!.simulation.duration).toEqual({ distribution: 'lognormal', median: 600, sigma: 0.4 });
    expect(s.jobDefinitions[2]!.simulation.duration).toEqual({ distribution: 'normal', mean: 60, stddev: 10, min: 0, max: Infinity });
  });

  it('orders jobs by submit time, then dependencies first, then file order', () => {
    expect(names(s)).toEqual(['ingest', 'fan-out', 'pairs', 'lab-job', 'late-report']);
    s.jobs.forEach((job, i) => {
      for (const d of job.dependsOn) if (d.job !== null) expect(d.job).toBeLessThan(i);
    });
  });

  it('resolves dependsOn names to indices, with SEQUENTIAL and N_TO_N specs', () => {
    const byName = new Map(s.jobs.map((j, i) => [j.jobName, i]));
    expect(s.jobs[byName.get('fan-out')!]!.dependsOn).toEqual([{ job: byName.get('ingest'), type: null }, { job: null, type: 'SEQUENTIAL' }]);
    expect(s.jobs[byName.get('pairs')!]!.dependsOn).toEqual([{ job: byName.get('fan-out'), type: 'N_TO_N' }]);
    expect(s.jobs[byName.get('pairs')!]!.arraySize).toBe(100);
    expect(s.jobs[byName.get('ingest')!]!.arraySize).toBe(0);
  });

  it('resolves job definition references: latest revision, name:revision and ARN', () => {
    const job = (n: string) => s.jobs.find((j) => j.jobName === n)!;
    expect(job('ingest').jobDefinition).toBe(1);
    expect(job('fan-out').jobDefinition).toBe(0);
    expect(job('late-report').jobDefinition).toBe(2);
  });

  it('applies overrides: containerOverrides over resources, retryStrategy and timeout replace, simulation fields merge', () => {
    const job = (n: string) => s.jobs.find((j) => j.jobName === n)!;
    expect(job('fan-out')).toMatchObject({ vcpus: 1, memory: 4096, gpus: 0, retryStrategy: null });
    expect(job('ingest').retryStrategy).toEqual({ attempts: 1, evaluateOnExit: [] });
    expect(job('ingest').attemptDurationSeconds).toBe(3600);
    expect(job('ingest').simulation).toMatchObject({ duration: { distribution: 'lognormal', median: 600, sigma: 0.4 }, exitCode: 3 });
    expect(job('pairs').attemptDurationSeconds).toBe(60);
    expect(job('pairs').retryStrategy?.attempts).toBe(3);
    expect(job('pairs').simulation).toMatchObject({ duration: { distribution: 'fixed', value: 5 }, exitCode: 0 });
    expect(job('late-report')).toMatchObject({ vcpus: 0.5, memory: 4096 });
  });

  it('converts submitAt seconds to whole milliseconds', () => {
    expect(s.jobs.find((j) => j.jobName === 'late-report')!.submitAtMs).toBe(12346);
  });

  it('reads a Poisson workload, converting ratePerHour and defaulting the name prefix', () => {
    expect(s.workloads).toEqual([{
      type: 'poisson', jobNamePrefix: 'transform-', jobQueue: 'ProdQueue', jobDefinition: 1, shareIdentifier: null,
      meanInterarrivalSeconds: 30, count: 50, startAtSeconds: 0,
    }]);
  });

  it('gives the same Scenario for the same file written as JSON', () => {
    const json = JSON.stringify(parseYaml(readFileSync(FULL, 'utf8')), null, 2);
    expect(parseScenario(json, 'full.json')).toEqual(s);
  });

  it('is deterministic: loading twice gives equal results that share no objects with the defaults', () => {
    const again = loadScenario(FULL);
    expect(again).toEqual(s);
    again.settings.instanceLaunchSeconds.min = 1;
    expect(DEFAULT_SETTINGS.instanceLaunchSeconds.min).toBe(120);
  });
});

describe('parseScenario defaults', () => {
  it('names the scenario after the file and fills seed, startTime and every setting', () => {
    const s = parseScenario('jobs: []\n', 'scenarios/q3-plan.yaml');
    expect(s).toEqual({
      name: 'q3-plan', seed: 1, startTime: '2026-01-01T00:00:00Z', settings: DEFAULT_SETTINGS,
      computeEnvironments: [], jobQueues: [], schedulingPolicies: [], jobDefinitions: [], jobs: [], workloads: [], actions: [],
    });
    expect(s.settings).not.toBe(DEFAULT_SETTINGS);
    expect(s.settings.spot.interruptionRateByBand).not.toBe(DEFAULT_SETTINGS.spot.interruptionRateByBand);
    expect(s.settings.fargate).not.toBe(DEFAULT_SETTINGS.fargate);
  });

  it('accepts a number or a { min, max } range for instanceLaunchSeconds', () => {
    expect(parseScenario('settings: { instanceLaunchSeconds: { min: 30, max: 45 } }', 'x.yaml').settings.instanceLaunchSeconds).toEqual({ min: 30, max: 45 });
    expect(parseScenario('settings: { instanceLaunchSeconds: 0 }', 'x.yaml').settings.instanceLaunchSeconds).toEqual({ min: 0, max: 0 });
  });

  it('reads timeoutEnforcementSeconds and terminateGraceSeconds', () => {
    const s = parseScenario('settings: { timeoutEnforcementSeconds: 5, terminateGraceSeconds: 30 }', 'x.yaml');
    expect([s.settings.timeoutEnforcementSeconds, s.settings.terminateGraceSeconds]).toEqual([5, 30]);
  });

  it('outputs a queue\'s jobStateTimeLimitActions', () => {
    const s = parseScenario(`
computeEnvironments: [{ computeEnvironmentName: ce, type: MANAGED, computeResources: { type: EC2, maxvCpus: 8, instanceTypes: [c5] } }]
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }]
    jobStateTimeLimitActions: [{ reason: "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY", state: RUNNABLE, maxTimeSeconds: 600, action: CANCEL }]
`, 'x.yaml');
    expect(s.jobQueues[0]!.jobStateTimeLimitActions).toEqual([
      { reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY', state: 'RUNNABLE', maxTimeSeconds: 600, action: 'CANCEL' },
    ]);
  });

  it('treats scalingPolicy.minScaleDownDelayMinutes 0 as unset', () => {
    const s = parseScenario(`
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 8, instanceTypes: [c5.large], scalingPolicy: { minScaleDownDelayMinutes: 0 } }
`, 'x.yaml');
    expect(s.computeEnvironments[0]!.computeResources!.minScaleDownDelayMinutes).toBeNull();
  });

  it('accepts meanInterarrivalSeconds and a custom prefix on a Poisson workload', () => {
    const s = parseScenario(`
computeEnvironments: [{ computeEnvironmentName: ce, type: MANAGED, computeResources: { type: EC2, maxvCpus: 8, instanceTypes: [c5] } }]
jobQueues: [{ jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }]
jobDefinitions: [{ jobDefinitionName: d, type: container, containerProperties: { vcpus: 1, memory: 512 }, simulation: { duration: 1 } }]
workloads: [{ type: poisson, jobNamePrefix: w, jobQueue: q, jobDefinition: d, meanInterarrivalSeconds: 7.5, count: 3, startAtSeconds: 60 }]
`, 'x.yaml');
    expect(s.workloads[0]).toMatchObject({ jobNamePrefix: 'w', meanInterarrivalSeconds: 7.5, count: 3, startAtSeconds: 60 });
  });

  it('lets YAML anchors under x- keys be merged into entries', () => {
    const s = parseScenario(`
x-ce: &ce { type: MANAGED, computeResources: { type: EC2, maxvCpus: 8, instanceTypes: [c5] } }
computeEnvironments:
  - { <<: *ce, computeEnvironmentName: a }
  - { <<: *ce, computeEnvironmentName: b, state: DISABLED }
`, 'x.yaml');
    expect(s.computeEnvironments.map((c) => `${c.computeEnvironmentName}:${c.state}:${c.computeResources?.maxvCpus}`)).toEqual(['a:ENABLED:8', 'b:DISABLED:8']);
  });
});

describe('loadScenario file handling', () => {
  it('turns a missing file into a ScenarioError', () => {
    let caught: unknown;
    try {
      loadScenario('/nonexistent/dir/none.yaml');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect((caught as ScenarioError).file).toBe('/nonexistent/dir/none.yaml');
    expect((caught as ScenarioError).problems).toEqual([{ path: '', message: 'Cannot read the scenario file: no such file' }]);
  });

  it('rejects an extension it cannot read', () => {
    expect(() => loadScenario('scenario.toml')).toThrow(/Unsupported scenario file extension "\.toml"/);
  });
});
