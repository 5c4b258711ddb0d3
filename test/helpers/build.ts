// Builds normalized scenarios in code for engine tests, with the defaults the loader would fill.
import { instanceType, resolveInstanceTypeEntry } from '../../src/market/catalog.js';
import { DEFAULT_SETTINGS } from '../../src/scenario/defaults.js';
import type {
  ComputeEnvironmentSpec, InstanceShape, JobDefinitionSpec, JobQueueSpec, JobSubmission, Scenario, Settings,
} from '../../src/scenario/types.js';

/** The loader's defaults, with a fixed launch latency so timelines can be worked out by hand. */
export const TEST_SETTINGS: Settings = structuredClone({ ...DEFAULT_SETTINGS, instanceLaunchSeconds: { min: 120, max: 120 } }) as Settings;

export function catalogShape(name: string): InstanceShape {
  const t = instanceType(name);
  if (!t) throw new Error(`no catalog type ${name}`);
  return { instanceType: t.instanceType, family: t.family, vcpus: t.vcpus, memoryMiB: t.memoryMiB, gpus: t.gpus, arch: t.arch, onDemandUsdPerHour: t.onDemandUsdPerHour };
}

export function slotShape(vcpus: number, memoryMiB: number, price = 0): InstanceShape {
  return { instanceType: `slot${vcpus}`, family: 'slot', vcpus, memoryMiB, gpus: 0, arch: 'x86_64', onDemandUsdPerHour: price };
}

export function managedCe(name: string, types: string[], opts: Partial<NonNullable<ComputeEnvironmentSpec['computeResources']>> = {}): ComputeEnvironmentSpec {
  return {
    computeEnvironmentName: name,
    type: 'MANAGED',
    state: 'ENABLED',
    computeResources: {
      type: 'EC2', allocationStrategy: 'BEST_FIT', minvCpus: 0, maxvCpus: 256, desiredvCpus: 0,
      requestedInstanceTypes: types, instanceTypes: types.flatMap((t) => resolveInstanceTypeEntry(t)!.map((x) => catalogShape(x.instanceType))), bidPercentage: 100, minScaleDownDelayMinutes: null,
      ...opts,
    },
    fleet: [],
  };
}

export function fixedFleetCe(name: string, fleet: InstanceShape[]): ComputeEnvironmentSpec {
  return { computeEnvironmentName: name, type: 'UNMANAGED', state: 'ENABLED', computeResources: null, fleet };
}

export function queue(name: string, priority: number, ces: string[]): JobQueueSpec {
  return { jobQueueName: name, priority, state: 'ENABLED', computeEnvironmentOrder: ces, jobStateTimeLimitActions: [] };
}

export function definition(name: string, vcpus: number, memory: number, seconds: number, extra: Partial<JobDefinitionSpec> = {}): JobDefinitionSpec {
  return {
    jobDefinitionName: name, revision: 1, type: 'container', platformCapabilities: ['EC2'], image: name,
    vcpus, memory, gpus: 0, retryStrategy: null, attemptDurationSeconds: null,
    simulation: { duration: { distribution: 'fixed', value: seconds }, exitCode: 0, exitCodes: [], speedupByFamily: {}, checkpointSeconds: null, memory: null, imagePullFailureProbability: 0 }, ...extra,
  };
}

export function job(name: string, jobQueue: string, def: JobDefinitionSpec, defIndex: number, extra: Partial<JobSubmission> = {}): JobSubmission {
  return {
    jobName: name, jobQueue, jobDefinition: defIndex, submitAtMs: 0, arraySize: 0, dependsOn: [],
    vcpus: def.vcpus, memory: def.memory, gpus: def.gpus, retryStrategy: def.retryStrategy,
    attemptDurationSeconds: def.attemptDurationSeconds, simulation: def.simulation, ...extra,
  };
}

export function scenario(parts: Partial<Scenario>): Scenario {
  return {
    name: 'test', seed: 1, startTime: '2026-01-01T00:00:00Z', settings: TEST_SETTINGS,
    computeEnvironments: [], jobQueues: [], jobDefinitions: [], jobs: [], workloads: [], actions: [], ...parts,
  };
}
