import { describe, it, expect } from 'vitest';
import type { Problem } from '../../src/scenario/errors.js';
import { brokenFieldTests, problemsOfText, type BrokenFieldCase } from '../helpers/problems.js';

// Cases reach deep into plain JSON, so the document is loosely typed on purpose.
type Doc = Record<string, any>;

/** A valid scenario that each case breaks in one place. */
function base(): Doc {
  return {
    computeEnvironments: [
      { computeEnvironmentName: 'ce-od', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 256, instanceTypes: ['c5'] } },
      { computeEnvironmentName: 'ce-gpu', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 64, instanceTypes: ['g5'] } },
      { computeEnvironmentName: 'ce-fargate', type: 'MANAGED', computeResources: { type: 'FARGATE', maxvCpus: 64 } },
    ],
    jobQueues: [
      { jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce-od' }] },
      { jobQueueName: 'fq', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce-fargate' }] },
    ],
    jobDefinitions: [
      { jobDefinitionName: 'work', type: 'container', containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 60 } },
      {
        jobDefinitionName: 'small', type: 'container', platformCapabilities: ['FARGATE'],
        containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '2048' }] },
        simulation: { duration: 60 },
      },
    ],
    jobs: [
      { jobName: 'a', jobQueue: 'q', jobDefinition: 'work' },
      { jobName: 'b', jobQueue: 'q', jobDefinition: 'work', arrayProperties: { size: 10 }, dependsOn: [{ jobId: 'a' }] },
    ],
  };
}

const problemsOf = (doc: Doc, file = 'case.json'): Problem[] => problemsOfText(JSON.stringify(doc, null, 2), file);

const ec2Env = (name: string, types: string[] = ['m5']) => ({ computeEnvironmentName: name, type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 8, instanceTypes: types } });

type Case = BrokenFieldCase<Doc>;

const cases: Case[] = [
  {
    name: 'unknown compute environment in a queue',
    breakIt: (d) => { d.jobQueues[0].computeEnvironmentOrder[0].computeEnvironment = 'ce-spot'; },
    paths: ['jobQueues[0].computeEnvironmentOrder[0].computeEnvironment'],
    message: 'Unknown compute environment "ce-spot" (known: "ce-fargate", "ce-gpu", "ce-od")',
  },
  {
    name: 'array size 1',
    breakIt: (d) => { d.jobs[1].arrayProperties.size = 1; },
    paths: ['jobs[1].arrayProperties.size'],
    message: 'arrayProperties.size must be between 2 and 10000, received 1',
  },
  {
    name: 'array size 10001',
    breakIt: (d) => { d.jobs[1].arrayProperties.size = 10001; },
    paths: ['jobs[1].arrayProperties.size'],
    message: 'arrayProperties.size must be between 2 and 10000, received 10001',
  },
  {
    name: 'array size that is not an integer',
    breakIt: (d) => { d.jobs[1].arrayProperties.size = 2.5; },
    paths: ['jobs[1].arrayProperties.size'],
    message: 'arrayProperties.size must be an integer, received 2.5',
  },
  {
    name: '21 dependencies',
    breakIt: (d) => { d.jobs[1].dependsOn = Array.from({ length: 21 }, () => ({ jobId: 'a' })); },
    paths: ['jobs[1].dependsOn'],
    message: 'Job cannot have more than 20 dependencies, received 21',
  },
  {
    name: '4 compute environments in one queue',
    breakIt: (d) => {
      d.computeEnvironments.push(ec2Env('ce-x'), ec2Env('ce-y'));
      d.jobQueues[0].computeEnvironmentOrder = ['ce-od', 'ce-gpu', 'ce-x', 'ce-y'].map((c, i) => ({ order: i + 1, computeEnvironment: c }));
    },
    paths: ['jobQueues[0].computeEnvironmentOrder'],
    message: 'A job queue can have at most 3 compute environments, received 4',
  },
  {
    name: 'a queue with no compute environments',
    breakIt: (d) => { d.jobQueues[0].computeEnvironmentOrder = []; },
    paths: ['jobQueues[0].computeEnvironmentOrder'],
    message: 'computeEnvironmentOrder must have between 1 and 3 entries, received 0',
  },
  {
    name: 'duplicate compute environment names',
    breakIt: (d) => { d.computeEnvironments[1].computeEnvironmentName = 'ce-od'; },
    paths: ['computeEnvironments[1].computeEnvironmentName'],
    message: 'Duplicate compute environment name "ce-od" (already used by computeEnvironments[0])',
  },
  {
    name: 'duplicate job queue names',
    breakIt: (d) => { d.jobQueues[1].jobQueueName = 'q'; },
    paths: ['jobQueues[1].jobQueueName'],
    message: 'Duplicate job queue name "q" (already used by jobQueues[0])',
  },
  {
    name: 'duplicate order in a queue',
    breakIt: (d) => { d.jobQueues[0].computeEnvironmentOrder.push({ order: 1, computeEnvironment: 'ce-gpu' }); },
    paths: ['jobQueues[0].computeEnvironmentOrder[1].order'],
    message: 'Duplicate order 1 in computeEnvironmentOrder (also used by computeEnvironmentOrder[0])',
  },
  {
    name: 'dependency cycle',
    breakIt: (d) => { d.jobs[0].dependsOn = [{ jobId: 'b' }]; },
    paths: ['jobs[0].dependsOn'],
    message: 'Dependency cycle: a → b → a',
  },
  {
    name: 'longer dependency cycle',
    breakIt: (d) => {
      d.jobs.push({ jobName: 'c', jobQueue: 'q', jobDefinition: 'work', dependsOn: [{ jobId: 'b' }] });
      d.jobs[0].dependsOn = [{ jobId: 'c' }];
    },
    paths: ['jobs[0].dependsOn'],
    message: 'Dependency cycle: a → c → b → a',
  },
  {
    name: 'EC2 and Fargate environments in one queue',
    breakIt: (d) => { d.jobQueues[0].computeEnvironmentOrder.push({ order: 2, computeEnvironment: 'ce-fargate' }); },
    paths: ['jobQueues[0].computeEnvironmentOrder'],
    message: 'A job queue cannot mix EC2 and Fargate compute environments, received "ce-od" (EC2) and "ce-fargate" (FARGATE)',
  },
  {
    name: 'an UNMANAGED environment counts as EC2 when mixing',
    breakIt: (d) => {
      d.computeEnvironments.push({ computeEnvironmentName: 'lab', type: 'UNMANAGED' });
      d.jobQueues[1].computeEnvironmentOrder.push({ order: 2, computeEnvironment: 'lab' });
    },
    paths: ['jobQueues[1].computeEnvironmentOrder'],
    message: /cannot mix EC2 and Fargate.*"lab" \(UNMANAGED\)/,
  },
  {
    name: 'architectures mixed across a queue',
    breakIt: (d) => {
      d.computeEnvironments.push(ec2Env('ce-arm', ['c6g']));
      d.jobQueues[0].computeEnvironmentOrder.push({ order: 2, computeEnvironment: 'ce-arm' });
    },
    paths: ['jobQueues[0].computeEnvironmentOrder'],
    message: 'All compute environments of a job queue must share one architecture, received "ce-od" (x86_64) and "ce-arm" (arm64)',
  },
  {
    name: 'architectures mixed inside an environment',
    breakIt: (d) => { d.computeEnvironments[0].computeResources.instanceTypes = ['c5', 'm6g.large']; },
    paths: ['computeEnvironments[0].computeResources.instanceTypes'],
    message: 'All instance types of a compute environment must share one architecture, received x86_64 (c5) and arm64 (m6g.large)',
  },
  {
    name: 'Fargate memory not allowed for the vCPU, listing the valid values',
    breakIt: (d) => { d.jobDefinitions[1].containerProperties.resourceRequirements[1].value = '1024'; },
    paths: ['jobDefinitions[1].containerProperties.resourceRequirements[1].value'],
    message: 'Fargate MEMORY for VCPU 1 must be one of 2048, 3072, 4096, 5120, 6144, 7168, 8192, received 1024',
  },
  {
    name: 'Fargate vCPU not in the table, listing the valid values',
    breakIt: (d) => { d.jobDefinitions[1].containerProperties.resourceRequirements[0].value = '3'; },
    paths: ['jobDefinitions[1].containerProperties.resourceRequirements[0].value'],
    message: 'Fargate VCPU must be one of 0.25, 0.5, 1, 2, 4, 8, 16, received 3',
  },
  {
    name: 'Fargate pair broken by a SubmitJob override',
    breakIt: (d) => {
      d.jobs.push({ jobName: 'f', jobQueue: 'fq', jobDefinition: 'small', containerOverrides: { resourceRequirements: [{ type: 'MEMORY', value: '16384' }] } });
    },
    paths: ['jobs[2].containerOverrides.resourceRequirements[0].value'],
    message: 'Fargate MEMORY for VCPU 1 must be one of 2048, 3072, 4096, 5120, 6144, 7168, 8192, received 16384',
  },
  {
    name: 'Fargate with the legacy vcpus/memory fields',
    breakIt: (d) => { d.jobDefinitions[1].containerProperties = { vcpus: 1, memory: 2048 }; },
    paths: ['jobDefinitions[1].containerProperties.vcpus', 'jobDefinitions[1].containerProperties.memory'],
    message: 'Fargate jobs must give VCPU and MEMORY in resourceRequirements, not the legacy containerProperties.vcpus',
  },
  {
    name: 'GPU on Fargate',
    breakIt: (d) => { d.jobDefinitions[1].containerProperties.resourceRequirements.push({ type: 'GPU', value: '1' }); },
    paths: ['jobDefinitions[1].containerProperties.resourceRequirements[2].value'],
    message: 'Fargate jobs cannot request GPUs, received GPU 1',
  },
  {
    name: 'fractional vCPUs on EC2',
    breakIt: (d) => { d.jobDefinitions[0].containerProperties = { resourceRequirements: [{ type: 'VCPU', value: '0.5' }, { type: 'MEMORY', value: '512' }] }; },
    paths: ['jobDefinitions[0].containerProperties.resourceRequirements[0].value'],
    message: 'containerProperties.resourceRequirements[0].value must be a whole number of vCPUs on EC2, received 0.5 (fractional vCPUs are only for Fargate)',
  },
  {
    name: 'legacy vcpus and a VCPU resourceRequirement together',
    breakIt: (d) => { d.jobDefinitions[0].containerProperties.resourceRequirements = [{ type: 'VCPU', value: '2' }]; },
    paths: ['jobDefinitions[0].containerProperties.vcpus'],
    message: 'containerProperties.vcpus and a VCPU entry in resourceRequirements both set the vcpus; use only resourceRequirements',
  },
  {
    name: 'a legacy override of a resourceRequirements value',
    breakIt: (d) => {
      d.jobDefinitions[0].containerProperties = { resourceRequirements: [{ type: 'VCPU', value: '2' }, { type: 'MEMORY', value: '512' }] };
      d.jobs[0].containerOverrides = { vcpus: 4 };
    },
    paths: ['jobs[0].containerOverrides.vcpus'],
    message: /^containerOverrides.vcpus cannot override the VCPU that job definition "work" gives in resourceRequirements/,
  },
  {
    name: 'no memory in a job definition',
    breakIt: (d) => { delete d.jobDefinitions[0].containerProperties.memory; },
    paths: ['jobDefinitions[0].containerProperties'],
    message: 'containerProperties must give the memory (MiB): a MEMORY entry in resourceRequirements (or the legacy memory)',
  },
  {
    name: 'memory below 4 MiB',
    breakIt: (d) => { d.jobDefinitions[0].containerProperties.memory = 3; },
    paths: ['jobDefinitions[0].containerProperties.memory'],
    message: 'containerProperties.memory must be ≥ 4, received 3',
  },
  {
    name: 'evaluateOnExit without attempts',
    breakIt: (d) => { d.jobDefinitions[0].retryStrategy = { evaluateOnExit: [{ onExitCode: '1', action: 'RETRY' }] }; },
    paths: ['jobDefinitions[0].retryStrategy.attempts'],
    message: /^RetryAttempts must be provided with retry strategy/,
  },
  {
    name: 'retry attempts above 10',
    breakIt: (d) => { d.jobs[0].retryStrategy = { attempts: 11 }; },
    paths: ['jobs[0].retryStrategy.attempts'],
    message: 'retryStrategy.attempts must be between 1 and 10, received 11',
  },
  {
    name: 'six evaluateOnExit entries',
    breakIt: (d) => { d.jobDefinitions[0].retryStrategy = { attempts: 2, evaluateOnExit: Array.from({ length: 6 }, () => ({ onExitCode: '1', action: 'exit' })) }; },
    paths: ['jobDefinitions[0].retryStrategy.evaluateOnExit'],
    message: 'retryStrategy.evaluateOnExit can have at most 5 entries, received 6',
  },
  {
    name: 'bad evaluateOnExit patterns and action',
    breakIt: (d) => {
      d.jobDefinitions[0].retryStrategy = {
        attempts: 2,
        evaluateOnExit: [{ onExitCode: '1a', action: 'RETRY' }, { onStatusReason: 'Host*EC2', action: 'RESTART' }, { onReason: 'x'.repeat(513), action: 'EXIT' }],
      };
    },
    paths: [
      'jobDefinitions[0].retryStrategy.evaluateOnExit[0].onExitCode',
      'jobDefinitions[0].retryStrategy.evaluateOnExit[1].onStatusReason',
      'jobDefinitions[0].retryStrategy.evaluateOnExit[1].action',
      'jobDefinitions[0].retryStrategy.evaluateOnExit[2].onReason',
    ],
    message: 'retryStrategy.evaluateOnExit[0].onExitCode must be digits, optionally ending in *, received "1a"',
  },
  {
    name: 'timeout below 60 seconds',
    breakIt: (d) => { d.jobs[0].timeout = { attemptDurationSeconds: 59 }; },
    paths: ['jobs[0].timeout.attemptDurationSeconds'],
    message: 'timeout.attemptDurationSeconds must be ≥ 60, received 59',
  },
  {
    name: 'unknown instance type',
    breakIt: (d) => { d.computeEnvironments[0].computeResources.instanceTypes = ['c5', 'x9.large']; },
    paths: ['computeEnvironments[0].computeResources.instanceTypes[1]'],
    message: 'Unknown instance type or family "x9.large" (similar families: x1, x1e, x2gd, x2idn, x2iedn, x2iezn, x8g, x8i; 167 families in the catalog; categories: default_x86_64, default_arm64, optimal)',
  },
  {
    name: 'SPOT allocation strategy on EC2',
    breakIt: (d) => { d.computeEnvironments[0].computeResources.allocationStrategy = 'SPOT_PRICE_CAPACITY_OPTIMIZED'; },
    paths: ['computeEnvironments[0].computeResources.allocationStrategy'],
    message: 'computeResources.allocationStrategy SPOT_PRICE_CAPACITY_OPTIMIZED is only valid with type SPOT, received type EC2',
  },
  {
    name: 'minvCpus above maxvCpus',
    breakIt: (d) => { d.computeEnvironments[0].computeResources.minvCpus = 512; },
    paths: ['computeEnvironments[0].computeResources.minvCpus'],
    message: 'computeResources.minvCpus must be ≤ maxvCpus (256), received 512',
  },
  {
    name: 'desiredvCpus outside [min, max]',
    breakIt: (d) => { d.computeEnvironments[0].computeResources.desiredvCpus = 300; },
    paths: ['computeEnvironments[0].computeResources.desiredvCpus'],
    message: 'computeResources.desiredvCpus must be between minvCpus (0) and maxvCpus (256), received 300',
  },
  {
    name: 'missing maxvCpus',
    breakIt: (d) => { delete d.computeEnvironments[0].computeResources.maxvCpus; },
    paths: ['computeEnvironments[0].computeResources.maxvCpus'],
    message: 'computeResources.maxvCpus is required (an integer ≥ 0)',
  },
  {
    name: 'instanceTypes on Fargate',
    breakIt: (d) => { d.computeEnvironments[2].computeResources.instanceTypes = ['c5']; },
    paths: ['computeEnvironments[2].computeResources.instanceTypes'],
    message: 'computeResources.instanceTypes must be absent for FARGATE compute environments',
  },
  {
    name: 'minScaleDownDelayMinutes below 20',
    breakIt: (d) => { d.computeEnvironments[0].computeResources.scalingPolicy = { minScaleDownDelayMinutes: 10 }; },
    paths: ['computeEnvironments[0].computeResources.scalingPolicy.minScaleDownDelayMinutes'],
    message: 'computeResources.scalingPolicy.minScaleDownDelayMinutes must be 0 (unset) or between 20 and 10080, received 10',
  },
  {
    name: 'computeResources on an UNMANAGED environment',
    breakIt: (d) => { d.computeEnvironments[0].type = 'UNMANAGED'; },
    paths: ['computeEnvironments[0].computeResources'],
    message: 'computeResources must be absent on an UNMANAGED compute environment (declare its instances in simulation.fleet)',
  },
  {
    name: 'custom fleet entry without its shape',
    breakIt: (d) => { d.computeEnvironments.push({ computeEnvironmentName: 'lab', type: 'UNMANAGED', simulation: { fleet: [{ instanceType: 'box', memory: 1024 }] } }); },
    paths: ['computeEnvironments[3].simulation.fleet[0].vcpus'],
    message: 'simulation.fleet[0].vcpus is required (an integer ≥ 1 for a custom instance type ("box" is not in the catalog))',
  },
  {
    name: '51 compute environments',
    breakIt: (d) => { for (let i = 0; i < 48; i++) d.computeEnvironments.push(ec2Env(`extra-${i}`)); },
    paths: ['computeEnvironments'],
    message: 'At most 50 compute environments are allowed (AWS Batch quota), received 51',
  },
  {
    name: '51 job queues',
    breakIt: (d) => {
      for (let i = 0; i < 49; i++) d.jobQueues.push({ jobQueueName: `extra-${i}`, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce-od' }] });
    },
    paths: ['jobQueues'],
    message: 'At most 50 job queues are allowed (AWS Batch quota), received 51',
  },
  {
    name: 'scheduling policy that schedulingPolicies does not define',
    breakIt: (d) => { d.jobQueues[0].schedulingPolicyArn = 'arn:aws:batch:us-east-1:123456789012:scheduling-policy/fs'; },
    paths: ['jobQueues[0].schedulingPolicyArn'],
    message: 'Unknown scheduling policy "fs" (known: none)',
  },
  {
    name: 'jobStateTimeLimitActions outside 600..86400 seconds',
    breakIt: (d) => { d.jobQueues[0].jobStateTimeLimitActions = [{ reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY', state: 'RUNNABLE', maxTimeSeconds: 60, action: 'CANCEL' }]; },
    paths: ['jobQueues[0].jobStateTimeLimitActions[0].maxTimeSeconds'],
    message: 'jobStateTimeLimitActions[0].maxTimeSeconds must be between 600 and 86400, received 60',
  },
  {
    name: 'multinode job definition given containerProperties instead of nodeProperties, and an array job of it',
    breakIt: (d) => { d.jobDefinitions[0].type = 'multinode'; },
    paths: ['jobDefinitions[0].nodeProperties', 'jobDefinitions[0].containerProperties', 'jobs[1].arrayProperties'],
    message: 'nodeProperties is required (a mapping with numNodes, mainNode and nodeRangeProperties)',
  },
  {
    name: 'job definition without simulation.duration',
    breakIt: (d) => { d.jobDefinitions[0].simulation = { exitCode: 1 }; },
    paths: ['jobDefinitions[0].simulation.duration'],
    message: /^simulation.duration is required/,
  },
  {
    name: 'bad distribution parameters',
    breakIt: (d) => { d.jobDefinitions[0].simulation.duration = { distribution: 'uniform', min: 10, max: 5 }; },
    paths: ['jobDefinitions[0].simulation.duration.max'],
    message: 'simulation.duration.max must be ≥ min (10), received 5',
  },
  {
    name: 'unknown distribution',
    breakIt: (d) => { d.jobDefinitions[0].simulation.duration = { distribution: 'weibull', shape: 2 }; },
    paths: ['jobDefinitions[0].simulation.duration.distribution'],
    message: 'simulation.duration.distribution must be one of fixed, uniform, exponential, lognormal, normal, received "weibull"',
  },
  {
    name: 'unknown job definition revision',
    breakIt: (d) => { d.jobs[0].jobDefinition = 'work:2'; },
    paths: ['jobs[0].jobDefinition'],
    message: 'Job definition "work" has no revision 2 (registered: 1)',
  },
  {
    name: 'unknown job queue',
    breakIt: (d) => { d.jobs[0].jobQueue = 'nope'; },
    paths: ['jobs[0].jobQueue'],
    message: 'Unknown job queue "nope" (known: "fq", "q")',
  },
  {
    name: 'submitting to a DISABLED queue',
    breakIt: (d) => { d.jobQueues[0].state = 'DISABLED'; },
    paths: ['jobs[0].jobQueue', 'jobs[1].jobQueue'],
    message: 'Job queue "q" is DISABLED, and AWS Batch refuses SubmitJob to a disabled queue',
  },
  {
    name: 'Fargate job definition on an EC2 queue',
    breakIt: (d) => { d.jobs[0].jobDefinition = 'small'; },
    paths: ['jobs[0].jobDefinition'],
    message: 'Job definition "small:1" requires FARGATE but job queue "q" has EC2 compute environments',
  },
  {
    name: 'EC2 job definition on a Fargate queue',
    breakIt: (d) => { d.jobs[0].jobQueue = 'fq'; },
    paths: ['jobs[0].jobDefinition'],
    message: 'Job definition "work:1" requires EC2 but job queue "fq" has FARGATE compute environments',
  },
  {
    name: 'dependency on an unknown job',
    breakIt: (d) => { d.jobs[1].dependsOn[0].jobId = 'zz'; },
    paths: ['jobs[1].dependsOn[0].jobId'],
    message: 'Unknown job "zz": jobId must be the jobName of another job in this file (known: "a", "b")',
  },
  {
    name: 'dependency on an ambiguous job name',
    breakIt: (d) => { d.jobs.push({ jobName: 'a', jobQueue: 'q', jobDefinition: 'work' }); },
    paths: ['jobs[1].dependsOn[0].jobId'],
    message: 'Ambiguous jobId "a": 2 jobs have this jobName (jobs[0], jobs[2]); give them distinct names',
  },
  {
    name: 'self-dependency',
    breakIt: (d) => { d.jobs[0].dependsOn = [{ jobId: 'a' }]; },
    paths: ['jobs[0].dependsOn[0].jobId'],
    message: 'A job cannot depend on itself ("a")',
  },
  {
    name: 'dependency on a job submitted later',
    breakIt: (d) => { d.jobs[0].submitAt = 100; },
    paths: ['jobs[1].dependsOn[0].jobId'],
    message: 'Job "b" depends on "a" (jobs[0]), which is submitted later (submitAt 100 > 0)',
  },
  {
    name: 'SEQUENTIAL on a non-array job',
    breakIt: (d) => { d.jobs[0].dependsOn = [{ type: 'SEQUENTIAL' }]; },
    paths: ['jobs[0].dependsOn[0].type'],
    message: 'SEQUENTIAL dependencies are only for array jobs (this job has no arrayProperties)',
  },
  {
    name: 'SEQUENTIAL with a jobId',
    breakIt: (d) => { d.jobs[1].dependsOn = [{ jobId: 'a', type: 'SEQUENTIAL' }]; },
    paths: ['jobs[1].dependsOn[0].jobId'],
    message: /^dependsOn\[0\].jobId must be absent for a SEQUENTIAL dependency/,
  },
  {
    name: 'N_TO_N between arrays of different sizes',
    breakIt: (d) => { d.jobs.push({ jobName: 'c', jobQueue: 'q', jobDefinition: 'work', arrayProperties: { size: 5 }, dependsOn: [{ jobId: 'b', type: 'N_TO_N' }] }); },
    paths: ['jobs[2].dependsOn[0].type'],
    message: 'N_TO_N needs array jobs of the same size: this job has size 5, "b" has size 10',
  },
  {
    name: 'N_TO_N on a non-array job',
    breakIt: (d) => { d.jobs[1].dependsOn[0].type = 'N_TO_N'; },
    paths: ['jobs[1].dependsOn[0].type'],
    message: 'N_TO_N needs "a" to be an array job too, but it has no arrayProperties',
  },
  {
    name: 'dependency without jobId or SEQUENTIAL',
    breakIt: (d) => { d.jobs[1].dependsOn = [{ type: 'N_TO_N' }]; },
    paths: ['jobs[1].dependsOn[0].jobId'],
    message: 'dependsOn[0].jobId is required (the jobName of another job in this file, unless type is SEQUENTIAL)',
  },
  {
    name: 'job name not starting with a letter or digit',
    breakIt: (d) => { d.jobs[0].jobName = '-x'; },
    paths: ['jobs[0].jobName', 'jobs[1].dependsOn[0].jobId'],
    message: /^jobName must be a name of up to 128 letters.*received "-x"$/,
  },
  {
    name: 'shareIdentifier on a FIFO queue',
    breakIt: (d) => { d.jobs[0].shareIdentifier = 'blue'; },
    paths: ['jobs[0].shareIdentifier'],
    message: 'shareIdentifier is not allowed: job queue "q" has no scheduling policy (a FIFO queue), and AWS Batch refuses SubmitJob with a shareIdentifier to it',
  },
  {
    name: 'misspelled field, with a suggestion',
    breakIt: (d) => { d.jobQueues[0].prioirty = 2; },
    paths: ['jobQueues[0].prioirty'],
    message: 'Unknown field "prioirty" (did you mean "priority"?)',
  },
  {
    name: 'unknown top-level key',
    breakIt: (d) => { d.queues = []; },
    paths: ['queues'],
    message: /^Unknown field "queues"/,
  },
  {
    name: 'a string where a number is expected',
    breakIt: (d) => { d.settings = { schedulerCycleSeconds: 'ten' }; },
    paths: ['settings.schedulerCycleSeconds'],
    message: 'settings.schedulerCycleSeconds must be a number ≥ 0, received "ten"',
  },
  {
    name: 'registeredMemoryFraction outside (0, 1]',
    breakIt: (d) => { d.settings = { registeredMemoryFraction: 0 }; },
    paths: ['settings.registeredMemoryFraction'],
    message: 'settings.registeredMemoryFraction must be > 0 and ≤ 1, received 0',
  },
  {
    name: 'terminateGraceSeconds above the 30 s SIGKILL limit',
    breakIt: (d) => { d.settings = { terminateGraceSeconds: 31 }; },
    paths: ['settings.terminateGraceSeconds'],
    message: 'settings.terminateGraceSeconds must be between 0 and 30, received 31',
  },
  {
    name: 'unknown field in settings.spot',
    breakIt: (d) => { d.settings = { spot: { noticeSecond: 60 } }; },
    paths: ['settings.spot.noticeSecond'],
    message: 'Unknown field "noticeSecond" (did you mean "noticeSeconds"?)',
  },
  {
    name: 'unknown setting',
    breakIt: (d) => { d.settings = { backfil: true }; },
    paths: ['settings.backfil'],
    message: 'Unknown field "backfil" (did you mean "backfill"?)',
  },
  {
    name: 'CancelJob without a reason',
    breakIt: (d) => { d.actions = [{ action: 'CancelJob', at: 10, jobId: 'a' }]; },
    paths: ['actions[0].reason'],
    message: /^reason is required/,
  },
  {
    name: 'startTime without a zone',
    breakIt: (d) => { d.startTime = '2026-01-05T00:00:00'; },
    paths: ['startTime'],
    message: /^startTime must be an ISO-8601 date-time with a zone.*local time is not reproducible\)$/,
  },
  {
    name: 'unsupported workload type',
    breakIt: (d) => { d.workloads = [{ type: 'pareto', file: 'x.csv' }]; },
    paths: ['workloads[0].type'],
    message: 'workload type pareto is not supported (supported: poisson, synthetic, csv, swf, describe-jobs)',
  },
  {
    name: 'Poisson workload with both rate forms',
    breakIt: (d) => { d.workloads = [{ type: 'poisson', jobQueue: 'q', jobDefinition: 'work', ratePerHour: 10, meanInterarrivalSeconds: 360, count: 5 }]; },
    paths: ['workloads[0].ratePerHour'],
    message: 'Give either meanInterarrivalSeconds or ratePerHour, not both',
  },
];

describe('parseScenario problems, one broken field at a time', () => {
  brokenFieldTests(base, (d) => problemsOf(d), cases);
});


describe('parseScenario reports every problem at once', () => {
  it('collects problems from every section in one error, in file order', () => {
    const doc = base();
    doc.seed = -1;
    doc.computeEnvironments[0].computeResources.instanceTypes = ['nope'];
    doc.jobQueues[0].computeEnvironmentOrder[0].computeEnvironment = 'ce-missing';
    doc.jobDefinitions[0].timeout = { attemptDurationSeconds: 1 };
    doc.jobs[0].arrayProperties = { size: 1 };
    doc.jobs[1].dependsOn = [{ jobId: 'ghost' }];
    const problems = problemsOf(doc);
    expect(problems).toHaveLength(6);
    expect(problems.map((p) => p.path)).toEqual([
      'computeEnvironments[0].computeResources.instanceTypes[0]',
      'jobQueues[0].computeEnvironmentOrder[0].computeEnvironment',
      'jobDefinitions[0].timeout.attemptDurationSeconds',
      'jobs[0].arrayProperties.size',
      'jobs[1].dependsOn[0].jobId',
      'seed',
    ]);
    for (const p of problems) expect(p.line).toBeGreaterThan(0);
  });

  it('still checks jobs against a job definition that has its own problems, without cascading', () => {
    const doc = base();
    doc.jobDefinitions[0].simulation = {};
    const problems = problemsOf(doc);
    expect(problems.map((p) => p.path)).toEqual(['jobDefinitions[0].simulation.duration']);
  });
});

describe('parseScenario positions in YAML', () => {
  const yaml = [
    'name: q3',                                              // 1
    'computeEnvironments:',                                  // 2
    '  - computeEnvironmentName: ce-gpu',                    // 3
    '    type: MANAGED',                                     // 4
    '    computeResources: { type: EC2, maxvCpus: 8, instanceTypes: [g5] }', // 5
    '  - computeEnvironmentName: ce-od',                     // 6
    '    type: MANAGED',                                     // 7
    '    computeResources: { type: EC2, maxvCpus: "lots", instanceTypes: [c5] }', // 8
    'jobQueues:',                                            // 9
    '  - jobQueueName: q',                                   // 10
    '    priority: 1',                                       // 11
    '    priority: 2',                                       // 12
    '    computeEnvironmentOrder:',                          // 13
    '      - order: 1',                                      // 14
    '        computeEnvironment: ce-spot',                   // 15
  ].join('\n');

  it('gives line and column of the offending node', () => {
    const problems = problemsOfText(yaml);
    expect(problems).toEqual([
      {
        path: 'computeEnvironments[1].computeResources.maxvCpus',
        message: 'computeResources.maxvCpus must be an integer ≥ 0, received "lots"',
        line: 8, column: 46,
      },
      { path: 'jobQueues[0].priority', message: 'Duplicate key "priority" (each key may appear once in a mapping)', line: 12, column: 5 },
      {
        path: 'jobQueues[0].computeEnvironmentOrder[0].computeEnvironment',
        message: 'Unknown compute environment "ce-spot" (known: "ce-gpu", "ce-od")',
        line: 15, column: 29,
      },
    ]);
  });

  it('positions a missing field at its enclosing mapping', () => {
    const problems = problemsOfText('jobs:\n  - jobQueue: q\n    jobDefinition: d\n');
    expect(problems.find((p) => p.path === 'jobs[0].jobName')).toEqual({ path: 'jobs[0].jobName', message: expect.stringMatching(/^jobName is required/), line: 2, column: 5 });
  });

  it('turns a YAML syntax error into a problem with line and column', () => {
    const problems = problemsOfText('name: x\njobs:\n  - jobName: a\n    jobQueue: [q\nseed: 2\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ path: '', line: 5, column: 1 });
    expect(problems[0]!.message).toMatch(/^YAML syntax error: /);
  });

  it('turns a JSON syntax error into a problem with line and column', () => {
    const problems = problemsOfText('{\n  "name": "x",\n  "seed": 1,\n}\n', 'x.json');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: '', line: 4, column: 1 });
    expect(problems[0]!.message).toMatch(/^JSON syntax error: /);
  });

  it('rejects JSON that only YAML would accept', () => {
    expect(problemsOfText('{ "name": "x", // comment\n "seed": 1 }', 'x.json')[0]!.message).toMatch(/^JSON syntax error/);
    expect(problemsOfText('{ "name": "x", // comment\n "seed": 1 }', 'x.yaml')[0]!.message).not.toMatch(/^JSON/);
  });

  it('reports an empty file and a file that is not a mapping', () => {
    expect(problemsOfText('')).toEqual([{ path: '', message: expect.stringMatching(/^The scenario file is empty/) }]);
    expect(problemsOfText('- a\n- b\n')).toEqual([{
      path: '', message: 'The scenario must be a mapping with computeEnvironments, jobQueues, jobDefinitions and jobs, received a list of 2', line: 1, column: 1,
    }]);
  });
});
