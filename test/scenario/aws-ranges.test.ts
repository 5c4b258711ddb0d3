// AWS's documented ranges and platform rules that were accepted silently: job queue priority
// (0–1000), the 32-bit integers of the API, the sizes of fleet shapes and of jobs (bounded so a
// 2^31-vCPU shape cannot take the process down), and ARM64 jobs on Fargate Spot, which AWS does
// not run (spec §9: Fargate Spot is Linux x86_64 only).
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/scenario/defaults.js';
import { loadScenario } from '../../src/scenario/load.js';
import { problemsFrom, problemsOfText } from '../helpers/problems.js';
import { writeScenario } from '../workload/helpers.js';

type Doc = Record<string, any>;

function base(): Doc {
  return {
    computeEnvironments: [
      { computeEnvironmentName: 'ce', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 16, instanceTypes: ['c5'] } },
      { computeEnvironmentName: 'fg', type: 'MANAGED', computeResources: { type: 'FARGATE', maxvCpus: 16 } },
      { computeEnvironmentName: 'fgs', type: 'MANAGED', computeResources: { type: 'FARGATE_SPOT', maxvCpus: 16 } },
    ],
    jobQueues: [
      { jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }] },
      { jobQueueName: 'spot-only', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fgs' }] },
      { jobQueueName: 'mixed', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fgs' }, { order: 2, computeEnvironment: 'fg' }] },
    ],
    jobDefinitions: [
      { jobDefinitionName: 'd', type: 'container', containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 60 } },
      {
        jobDefinitionName: 'arm', type: 'container', platformCapabilities: ['FARGATE'],
        containerProperties: {
          resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '2048' }],
          runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
        },
        simulation: { duration: 60 },
      },
      {
        jobDefinitionName: 'x86', type: 'container', platformCapabilities: ['FARGATE'],
        containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '2048' }] },
        simulation: { duration: 60 },
      },
    ],
    jobs: [{ jobName: 'a', jobQueue: 'q', jobDefinition: 'd' }],
  };
}

function problemsOf(change: (d: Doc) => void) {
  const d = base();
  change(d);
  return problemsOfText(JSON.stringify(d, null, 2), 'case.json').map((p) => ({ path: p.path, message: p.message }));
}

describe('job queue priority and the API\'s integers', () => {
  it('refuses a priority of 2^40, and of 1001, and accepts 0 and 1000', () => {
    expect(problemsOf((d) => { d.jobQueues[0].priority = 2 ** 40; })).toEqual([
      { path: 'jobQueues[0].priority', message: 'priority must be between 0 and 1000, received 1099511627776' },
    ]);
    expect(problemsOf((d) => { d.jobQueues[0].priority = 1001; })).toEqual([
      { path: 'jobQueues[0].priority', message: 'priority must be between 0 and 1000, received 1001' },
    ]);
    expect(problemsOf((d) => { d.jobQueues[0].priority = 0; d.jobQueues[1].priority = 1000; })).toEqual([]);
  });

  it('applies the same range to UpdateJobQueue', () => {
    expect(problemsOf((d) => { d.actions = [{ at: 10, action: 'UpdateJobQueue', jobQueue: 'q', priority: 5000 }]; })).toEqual([
      { path: 'actions[0].priority', message: 'priority must be between 0 and 1000, received 5000' },
    ]);
  });

  it('keeps order and vCPU counts within AWS\'s 32-bit Integer', () => {
    expect(problemsOf((d) => {
      d.jobQueues[0].computeEnvironmentOrder[0].order = 2 ** 40;
      d.computeEnvironments[0].computeResources.maxvCpus = 2 ** 31;
    })).toEqual([
      { path: 'computeEnvironments[0].computeResources.maxvCpus', message: "computeResources.maxvCpus must be between 0 and 2147483647, received 2147483648 (the AWS API's Integer is 32-bit)" },
      { path: 'jobQueues[0].computeEnvironmentOrder[0].order', message: "computeEnvironmentOrder[0].order must be between 0 and 2147483647, received 1099511627776 (the AWS API's Integer is 32-bit)" },
    ]);
    expect(problemsOf((d) => { d.actions = [{ at: 10, action: 'UpdateComputeEnvironment', computeEnvironment: 'ce', computeResources: { maxvCpus: 2 ** 33 } }]; })).toEqual([
      { path: 'actions[0].computeResources.maxvCpus', message: "computeResources.maxvCpus must be between 0 and 2147483647, received 8589934592 (the AWS API's Integer is 32-bit)" },
    ]);
  });
});

describe('sizes of fleet shapes and jobs', () => {
  const unmanaged = (shape: Doc) => (d: Doc) => {
    d.computeEnvironments.push({ computeEnvironmentName: 'lab', type: 'UNMANAGED', simulation: { fleet: [shape] } });
  };
  const vcpuNote = '(the limit for one job or instance: the largest EC2 instances have 1920 vCPUs)';
  const memNote = '(the limit for one job or instance, 64 TiB: the largest EC2 instances have 32 TiB)';
  const gpuNote = '(the limit for one job or instance: the largest EC2 GPU instances have 8 GPUs)';

  it('refuses a custom shape with 2^31 vCPUs, 2^40 MiB or 1000 GPUs', () => {
    expect(problemsOf(unmanaged({ instanceType: 'huge', vcpus: 2 ** 31, memory: 2 ** 40, gpus: 1000 }))).toEqual([
      { path: 'computeEnvironments[3].simulation.fleet[0].vcpus', message: `simulation.fleet[0].vcpus must be between 1 and ${LIMITS.vcpusMax}, received 2147483648 ${vcpuNote}` },
      { path: 'computeEnvironments[3].simulation.fleet[0].memory', message: `simulation.fleet[0].memory must be between 1 and ${LIMITS.memoryMiBMax}, received 1099511627776 ${memNote}` },
      { path: 'computeEnvironments[3].simulation.fleet[0].gpus', message: `simulation.fleet[0].gpus must be between 0 and ${LIMITS.gpusMax}, received 1000 ${gpuNote}` },
    ]);
  });

  it('refuses more instances in one UNMANAGED environment than its limit, counting every entry', () => {
    const twice = (d: Doc) => {
      d.computeEnvironments.push({
        computeEnvironmentName: 'lab', type: 'UNMANAGED',
        simulation: { fleet: [{ instanceType: 'c5.large', count: 10_000 }, { instanceType: 'slot', vcpus: 1, memory: 1024, count: 10_000 }] },
      });
    };
    expect(problemsOf(twice)).toEqual([
      { path: 'computeEnvironments[3].simulation.fleet', message: 'simulation.fleet declares 20000 instances; an UNMANAGED compute environment may have at most 10000' },
    ]);
  });

  it('refuses job resource requirements and overrides beyond the limits', () => {
    expect(problemsOf((d) => {
      d.jobDefinitions[0].containerProperties = { resourceRequirements: [{ type: 'VCPU', value: '5000' }, { type: 'MEMORY', value: String(2 ** 40) }, { type: 'GPU', value: '100' }] };
      d.jobs[0].containerOverrides = { vcpus: 2 ** 31 };
    })).toEqual([
      { path: 'jobDefinitions[0].containerProperties.resourceRequirements[0].value', message: `containerProperties.resourceRequirements[0].value must be > 0 and ≤ ${LIMITS.vcpusMax}, received 5000 ${vcpuNote}` },
      { path: 'jobDefinitions[0].containerProperties.resourceRequirements[1].value', message: `containerProperties.resourceRequirements[1].value must be between 4 and ${LIMITS.memoryMiBMax}, received 1099511627776 ${memNote}` },
      { path: 'jobDefinitions[0].containerProperties.resourceRequirements[2].value', message: `containerProperties.resourceRequirements[2].value must be between 0 and ${LIMITS.gpusMax}, received 100 ${gpuNote}` },
      { path: 'jobs[0].containerOverrides.vcpus', message: `containerOverrides.vcpus must be > 0 and ≤ ${LIMITS.vcpusMax}, received 2147483648 ${vcpuNote}` },
    ]);
  });

  it('refuses a replayed row asking for more vCPUs than any job may have', () => {
    const file = writeScenario('  - { type: csv, file: t.csv, jobQueue: q, jobDefinition: d }', { 't.csv': 'submitTime,vcpus\n0,1\n1,5000\n' });
    expect(problemsFrom(() => loadScenario(file)).map((p) => p.message)).toEqual([
      `t.csv line 3, column 2: vcpus must be at most ${LIMITS.vcpusMax} (the limit for one job: no EC2 instance is larger), received 5000`,
    ]);
  });
});

describe('ARM64 jobs and Fargate Spot', () => {
  const message = (queue: string) =>
    `Job definition "arm:1" runs on ARM64 (runtimePlatform.cpuArchitecture), which Fargate Spot does not support, and job queue "${queue}" has only FARGATE_SPOT compute environments (AWS would leave the job RUNNABLE and block the queue): add a FARGATE compute environment to the queue or use X86_64`;

  it('refuses an ARM64 job on a queue with only Fargate Spot, at its job definition field', () => {
    expect(problemsOf((d) => { d.jobs.push({ jobName: 'b', jobQueue: 'spot-only', jobDefinition: 'arm' }); })).toEqual([
      { path: 'jobs[1].jobDefinition', message: message('spot-only') },
    ]);
  });

  it('accepts it on a queue that also has a FARGATE environment, and x86 jobs on Fargate Spot', () => {
    expect(problemsOf((d) => {
      d.jobs.push({ jobName: 'b', jobQueue: 'mixed', jobDefinition: 'arm' }, { jobName: 'c', jobQueue: 'spot-only', jobDefinition: 'x86' });
    })).toEqual([]);
  });

  it('refuses it from generators and replayed rows too', () => {
    expect(problemsOf((d) => {
      d.workloads = [
        { type: 'poisson', jobQueue: 'spot-only', jobDefinition: 'arm', meanInterarrivalSeconds: 60, count: 2 },
        { type: 'synthetic', name: 's', arrivals: { process: 'batch', count: 2 }, mix: [{ jobQueue: 'spot-only', jobDefinition: 'arm' }] },
      ];
    })).toEqual([
      { path: 'workloads[0].jobDefinition', message: message('spot-only') },
      { path: 'workloads[1].mix[0].jobDefinition', message: message('spot-only') },
    ]);
    const file = writeScenario('  - { type: csv, file: t.csv, jobDefinition: fd }', { 't.csv': 'submitTime,jobQueue\n0,fq\n' }, `${BASE_WITH_SPOT}`);
    expect(problemsFrom(() => loadScenario(file)).map((p) => p.message)).toEqual([`t.csv line 2, column 2: jobQueue: ${message('fq').replace('Job definition "arm:1"', 'job definition "fd:1"')}`]);
  });
});

/** The workload tests' base with a Fargate Spot queue and an ARM64 Fargate definition. */
const BASE_WITH_SPOT = `
name: wl
computeEnvironments:
  - computeEnvironmentName: fgs
    type: MANAGED
    computeResources: { type: FARGATE_SPOT, maxvCpus: 64 }
jobQueues:
  - { jobQueueName: fq, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: fgs }] }
jobDefinitions:
  - jobDefinitionName: fd
    type: container
    platformCapabilities: [FARGATE]
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "1" }, { type: MEMORY, value: "2048" }]
      runtimePlatform: { cpuArchitecture: ARM64 }
    simulation: { duration: 60 }
`;
