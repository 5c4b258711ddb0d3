// Multi-node parallel jobs in the scenario file (spec §12, §11; API NodeProperties,
// NodeRangeProperty, NodeOverrides, NodePropertyOverride): job definitions resolved into node
// groups, SubmitJob's nodeOverrides, and every refusal with its path and message.
import { describe, expect, it } from 'vitest';
import { Checker } from '../../src/scenario/check.js';
import { DEFAULT_SETTINGS } from '../../src/scenario/defaults.js';
import { readJobDefinitions } from '../../src/scenario/job-definitions.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import { parseTargetNodes, TARGET_NODES_RULE } from '../../src/scenario/node-properties.js';
import type { Problem } from '../../src/scenario/errors.js';
import type { Scenario } from '../../src/scenario/types.js';
import { problemsOfText, timed } from '../helpers/problems.js';
import { runScenario } from '../known-answer/helpers.js';

// Cases reach deep into plain JSON, so the document is loosely typed on purpose.
type Doc = Record<string, any>;

const req = (vcpus: number, memory: number, gpus?: number) => [
  { type: 'VCPU', value: String(vcpus) }, { type: 'MEMORY', value: String(memory) }, ...(gpus === undefined ? [] : [{ type: 'GPU', value: String(gpus) }]),
];
const range = (targetNodes: string, vcpus: number, memory: number, extra: Doc = {}) => ({
  targetNodes, container: { image: `img-${targetNodes}`, resourceRequirements: req(vcpus, memory) }, ...extra,
});

/**
 * A valid scenario: an on-demand m5 environment, a multinode definition of 8 nodes with ranges
 * "0:7" (8 vCPU / 16384 MiB) and the nested "4:5" (4 vCPU / 8192 MiB), main node 0, and a job of it.
 */
function base(): Doc {
  return {
    computeEnvironments: [
      { computeEnvironmentName: 'od', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 1024, instanceTypes: ['m5'] } },
      { computeEnvironmentName: 'spot', type: 'MANAGED', computeResources: { type: 'SPOT', maxvCpus: 1024, instanceTypes: ['m5'] } },
      { computeEnvironmentName: 'mine', type: 'UNMANAGED', simulation: { fleet: [{ instanceType: 'm5.2xlarge', count: 8 }] } },
      { computeEnvironmentName: 'fg', type: 'MANAGED', computeResources: { type: 'FARGATE', maxvCpus: 64 } },
      { computeEnvironmentName: 'od-c5', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 1024, instanceTypes: ['c5'] } },
    ],
    jobQueues: [
      { jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'od' }] },
      { jobQueueName: 'mixed', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'spot' }, { order: 2, computeEnvironment: 'od' }] },
      { jobQueueName: 'own', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'mine' }] },
      { jobQueueName: 'fq', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fg' }] },
      { jobQueueName: 'cq', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'od-c5' }] },
    ],
    jobDefinitions: [
      {
        jobDefinitionName: 'mpi', type: 'multinode',
        nodeProperties: { numNodes: 8, mainNode: 0, nodeRangeProperties: [range('0:7', 8, 16384), range('4:5', 4, 8192)] },
        simulation: { duration: 7200 },
      },
      { jobDefinitionName: 'work', type: 'container', containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 60 } },
    ],
    jobs: [{ jobName: 'mpi-run', jobQueue: 'q', jobDefinition: 'mpi' }],
  };
}

const load = (doc: Doc): Scenario => parseScenario(JSON.stringify(doc), 'case.json');
const problemsOf = (doc: Doc): Problem[] => problemsOfText(JSON.stringify(doc, null, 2), 'case.json');
const mpi = (d: Doc) => d.jobDefinitions[0];
const ranges = (d: Doc) => mpi(d).nodeProperties.nodeRangeProperties;
const NP = 'jobDefinitions[0].nodeProperties';
const NR = `${NP}.nodeRangeProperties`;
const group = (from: number, to: number, targetNodes: string, vcpus: number, memory: number, image = `img-${targetNodes}`) => ({
  from, to, targetNodes, vcpus, memory, gpus: 0, image, simulation: null,
});

describe('targetNodes', () => {
  it('reads start:end inclusive, :n from node 0, n: to the last node, : for every node and n alone', () => {
    expect(parseTargetNodes('0:3')).toEqual({ start: 0, end: 3 });
    expect(parseTargetNodes(':3')).toEqual({ start: 0, end: 3 });
    expect(parseTargetNodes('4:')).toEqual({ start: 4, end: null });
    expect(parseTargetNodes(':')).toEqual({ start: 0, end: null });
    expect(parseTargetNodes('5')).toEqual({ start: 5, end: 5 });
    for (const bad of ['', 'a', '1-3', '1:2:3', '-1:', '1.5']) expect(parseTargetNodes(bad), bad).toBeUndefined();
    expect(parseTargetNodes(' 2 : 5 ')).toEqual({ start: 2, end: 5 });
    expect(parseTargetNodes('\t3\n')).toEqual({ start: 3, end: 3 });
  });

  it('refuses a 20,000-character targetNodes quickly, showing its start', () => {
    // Spaces around ':' and a bad last character made the old regex backtrack for minutes.
    const text = `${' '.repeat(9999)}:${' '.repeat(9999)}x`;
    const d = base();
    ranges(d)[1].targetNodes = text;
    const { value: problems, ms } = timed(() => problemsOf(d));
    expect(ms).toBeLessThan(1000);
    expect(problems.map((p) => [p.path, p.message])).toEqual([[`${NR}[1].targetNodes`,
      `nodeProperties.nodeRangeProperties[1].targetNodes must be ${TARGET_NODES_RULE}, received "${' '.repeat(57)}..."`]]);
  });
});

describe('a multinode job definition', () => {
  it('resolves nested ranges into disjoint ascending node groups, the inner range winning', () => {
    const s = load(base());
    const def = s.jobDefinitions[0]!;
    expect(def.nodeProperties).toEqual({
      numNodes: 8, mainNode: 0, instanceType: null, openEnded: false,
      groups: [group(0, 3, '0:7', 8, 16384), group(4, 5, '4:5', 4, 8192), group(6, 7, '0:7', 8, 16384)],
    });
    // The definition's own size, image and simulation are the main node's.
    expect(def).toMatchObject({ type: 'multinode', platformCapabilities: ['EC2'], vcpus: 8, memory: 16384, gpus: 0, image: 'img-0:7' });
    expect(def.simulation.duration).toEqual({ distribution: 'fixed', value: 7200 });
    // A job without nodeOverrides runs the definition's nodes; its size is its main node's.
    expect(s.jobs[0]).toMatchObject({ vcpus: 8, memory: 16384, gpus: 0, arraySize: 0, nodeProperties: def.nodeProperties });
  });

  it('takes its size from the main node wherever the main node is', () => {
    const d = base();
    mpi(d).nodeProperties.mainNode = 5;
    const s = load(d);
    expect(s.jobDefinitions[0]).toMatchObject({ vcpus: 4, memory: 8192, image: 'img-4:5' });
    expect(s.jobs[0]).toMatchObject({ vcpus: 4, memory: 8192 });
  });

  it('keeps each range\'s simulation block for its child nodes, and the instance type all ranges name', () => {
    const d = base();
    mpi(d).nodeProperties.nodeRangeProperties = [
      range('0', 8, 16384, { instanceTypes: ['m5.4xlarge'] }),
      range('1:', 8, 16384, { container: { instanceType: 'm5.4xlarge', resourceRequirements: req(8, 16384) }, simulation: { duration: 300, exitCode: 3 } }),
    ];
    const np = load(d).jobDefinitions[0]!.nodeProperties!;
    expect(np.instanceType).toBe('m5.4xlarge');
    expect(np.openEnded).toBe(true);
    expect(np.groups.map((g) => [g.from, g.to, g.targetNodes, g.image, g.simulation?.duration, g.simulation?.exitCode])).toEqual([
      [0, 0, '0', 'img-0', undefined, undefined],
      // No image given: the definition's name, as for container jobs.
      [1, 7, '1:', 'mpi', { distribution: 'fixed', value: 300 }, 3],
    ]);
  });

  it('is open-ended only with a range whose upper end is left open (":" or "n:"), not ":n"', () => {
    const d = base();
    mpi(d).nodeProperties.nodeRangeProperties = [range(':7', 8, 16384)];
    expect(load(d).jobDefinitions[0]!.nodeProperties!.openEnded).toBe(false);
    mpi(d).nodeProperties.nodeRangeProperties = [range(':', 8, 16384)];
    expect(load(d).jobDefinitions[0]!.nodeProperties!.openEnded).toBe(true);
  });

  it('holds the seed\'s MPI shape: 8 nodes of 32 vCPU on m5.8xlarge with memory within its registered 127,107 MiB', () => {
    // m5.8xlarge: 32 vCPU, 131,072 MiB nominal; registered floor(131072 × 0.97) − 32 = 127,107 MiB (spec §8.8).
    const d = base();
    mpi(d).nodeProperties.nodeRangeProperties = [range('0:7', 32, 126976, { instanceTypes: ['m5.8xlarge'] })];
    const np = load(d).jobDefinitions[0]!.nodeProperties!;
    expect(np).toMatchObject({ numNodes: 8, instanceType: 'm5.8xlarge', groups: [group(0, 7, '0:7', 32, 126976)] });
    ranges(d)[0].container.resourceRequirements = req(32, 127108);
    expect(problemsOf(d)).toEqual([expect.objectContaining({
      path: `${NR}[0].container`,
      message: 'Node range "0:7" needs 32 vCPUs, 127108 MiB and 0 GPUs per node, more than instance type m5.8xlarge holds (32 vCPUs, 127107 MiB of registered memory of its 131072 MiB, 0 GPUs)',
    })]);
  });

  it('checks the instance type against the registered memory of the settings it is read with', () => {
    const c = new Checker(new Map(), new Map());
    const defs = [{ ...mpi(base()), nodeProperties: { numNodes: 2, mainNode: 0, nodeRangeProperties: [range(':', 32, 120000, { instanceTypes: ['m5.8xlarge'] })] } }];
    readJobDefinitions(c, defs, { customFamilies: new Set(), settings: DEFAULT_SETTINGS });
    expect(c.problems).toEqual([]);
    // floor(131072 × 0.9) − 32 = 117,932 MiB.
    readJobDefinitions(c, defs, { customFamilies: new Set(), settings: { registeredMemoryFraction: 0.9, agentReservedMemoryMiB: 32 } });
    expect(c.problems.map((p) => p.message)).toEqual([expect.stringContaining('(32 vCPUs, 117932 MiB of registered memory of its 131072 MiB, 0 GPUs)')]);
    // …and a scenario file's settings are the ones it is read with.
    const d = base();
    d.settings = { registeredMemoryFraction: 0.9 };
    d.jobDefinitions[0] = defs[0];
    expect(problemsOf(d).map((p) => p.message)).toEqual([expect.stringContaining('117932 MiB of registered memory')]);
  });
});

interface Case {
  name: string;
  breakIt: (d: Doc) => void;
  /** Every problem, as [path, message], in file order. */
  problems: [string, string][];
}

const definitionCases: Case[] = [
  {
    name: 'numNodes 0',
    breakIt: (d) => { mpi(d).nodeProperties.numNodes = 0; },
    problems: [[`${NP}.numNodes`, 'nodeProperties.numNodes must be ≥ 1, received 0']],
  },
  {
    name: 'numNodes above 1,000',
    breakIt: (d) => { mpi(d).nodeProperties.numNodes = 1001; },
    problems: [[`${NP}.numNodes`, 'nodeProperties.numNodes must be between 1 and 1000, received 1001 (AWS Batch runs at most 1,000 nodes per multi-node job)']],
  },
  {
    name: 'mainNode not below numNodes',
    breakIt: (d) => { mpi(d).nodeProperties.mainNode = 8; },
    problems: [[`${NP}.mainNode`, 'nodeProperties.mainNode must be less than numNodes (8): node indexes run from 0 to 7, received 8']],
  },
  {
    name: 'six node ranges',
    breakIt: (d) => { mpi(d).nodeProperties.nodeRangeProperties = ['0', '1', '2', '3', '4', '5:'].map((t) => range(t, 1, 1024)); },
    problems: [[NR, 'A multi-node job can have at most 5 node ranges (node groups), received 6']],
  },
  {
    name: 'no node range',
    breakIt: (d) => { mpi(d).nodeProperties.nodeRangeProperties = []; },
    problems: [[NR, 'nodeProperties.nodeRangeProperties must list at least one node range { targetNodes, container }, received an empty list']],
  },
  {
    name: 'a node no range covers',
    breakIt: (d) => { mpi(d).nodeProperties.nodeRangeProperties = [range('0:2', 1, 1024), range('4:', 1, 1024)]; },
    problems: [[NR, 'The node ranges must cover every node from 0 to 7 (numNodes 8); node 3 is in none of them']],
  },
  {
    name: 'targetNodes that is not a range',
    breakIt: (d) => { ranges(d)[1].targetNodes = '4-5'; },
    problems: [[`${NR}[1].targetNodes`, 'nodeProperties.nodeRangeProperties[1].targetNodes must be a node range such as "0:3" (nodes 0 to 3), "4" (node 4), ":3" (from node 0), "4:" (to the last node) or ":" (every node), received "4-5"']],
  },
  {
    name: 'targetNodes that ends before it starts',
    breakIt: (d) => { ranges(d)[1].targetNodes = '5:4'; },
    problems: [[`${NR}[1].targetNodes`, 'nodeProperties.nodeRangeProperties[1].targetNodes "5:4" ends (node 4) before it starts (node 5)']],
  },
  {
    name: 'targetNodes past the last node',
    breakIt: (d) => { ranges(d)[0].targetNodes = '0:8'; },
    problems: [[`${NR}[0].targetNodes`, 'nodeProperties.nodeRangeProperties[0].targetNodes "0:8" names node 8, but the job has 8 nodes (nodes 0 to 7)']],
  },
  {
    name: 'two ranges over the same nodes',
    breakIt: (d) => { ranges(d)[1].targetNodes = ':7'; },
    problems: [[`${NR}[1].targetNodes`, 'nodeProperties.nodeRangeProperties[1].targetNodes ":7" covers the same nodes as nodeProperties.nodeRangeProperties[0] ("0:7"): give each node range its own nodes']],
  },
  {
    name: 'ranges that overlap without nesting',
    breakIt: (d) => { mpi(d).nodeProperties.nodeRangeProperties = [range('0:4', 1, 1024), range('3:', 1, 1024)]; },
    problems: [[`${NR}[1].targetNodes`, 'nodeProperties.nodeRangeProperties[1].targetNodes "3:" overlaps nodeProperties.nodeRangeProperties[0] ("0:4") at nodes 3 to 4 without either containing the other (nested ranges override the outer one; partly overlapping ones are ambiguous)']],
  },
  {
    name: 'a partial overlap after a range that contains it',
    breakIt: (d) => { mpi(d).nodeProperties = { numNodes: 10, mainNode: 0, nodeRangeProperties: ['0:9', '0:5', '3:8'].map((t) => range(t, 1, 1024)) }; },
    problems: [[`${NR}[2].targetNodes`, 'nodeProperties.nodeRangeProperties[2].targetNodes "3:8" overlaps nodeProperties.nodeRangeProperties[1] ("0:5") at nodes 3 to 5 without either containing the other (nested ranges override the outer one; partly overlapping ones are ambiguous)']],
  },
  {
    name: 'a partial overlap before a range that contains it',
    breakIt: (d) => { mpi(d).nodeProperties = { numNodes: 10, mainNode: 0, nodeRangeProperties: ['0:5', '0:9', '3:8'].map((t) => range(t, 1, 1024)) }; },
    problems: [[`${NR}[2].targetNodes`, 'nodeProperties.nodeRangeProperties[2].targetNodes "3:8" overlaps nodeProperties.nodeRangeProperties[0] ("0:5") at nodes 3 to 5 without either containing the other (nested ranges override the outer one; partly overlapping ones are ambiguous)']],
  },
  {
    name: 'a range without a container',
    breakIt: (d) => { delete ranges(d)[1].container; },
    problems: [[`${NR}[1].container`, 'nodeProperties.nodeRangeProperties[1].container is required (a mapping with the image and resourceRequirements of these nodes)']],
  },
  {
    name: 'a container without vCPUs',
    breakIt: (d) => { ranges(d)[1].container.resourceRequirements = [{ type: 'MEMORY', value: '1024' }]; },
    problems: [[`${NR}[1].container`, 'nodeProperties.nodeRangeProperties[1].container must give the vCPUs: a VCPU entry in resourceRequirements (or the legacy vcpus)']],
  },
  {
    name: 'fractional vCPUs (EC2)',
    breakIt: (d) => { ranges(d)[1].container.resourceRequirements = req(0.5, 1024); },
    problems: [[`${NR}[1].container.resourceRequirements[0].value`, 'nodeProperties.nodeRangeProperties[1].container.resourceRequirements[0].value must be a whole number of vCPUs on EC2, received 0.5 (fractional vCPUs are only for Fargate)']],
  },
  {
    name: 'ecsProperties in a range',
    breakIt: (d) => { ranges(d)[1].ecsProperties = {}; },
    problems: [[`${NR}[1].ecsProperties`, 'ecsProperties (multi-container node ranges) are not supported yet; use container']],
  },
  {
    name: 'instanceTypes with two elements',
    breakIt: (d) => { ranges(d)[1].instanceTypes = ['m5.xlarge', 'm5.2xlarge']; },
    problems: [[`${NR}[1].instanceTypes`, 'nodeProperties.nodeRangeProperties[1].instanceTypes must list exactly one instance type (AWS limits this list to one element), received ["m5.xlarge","m5.2xlarge"]']],
  },
  {
    name: 'instanceTypes and container.instanceType naming different types',
    breakIt: (d) => { ranges(d)[1].instanceTypes = ['m5.xlarge']; ranges(d)[1].container.instanceType = 'm5.2xlarge'; },
    problems: [[`${NR}[1].instanceTypes`, 'nodeProperties.nodeRangeProperties[1].instanceTypes names "m5.xlarge" but nodeProperties.nodeRangeProperties[1].container.instanceType names "m5.2xlarge": a multi-node job runs on one instance type']],
  },
  {
    name: 'an instance type the catalog does not have (or a family)',
    breakIt: (d) => { ranges(d)[0].container.instanceType = 'm5'; },
    problems: [[`${NR}[0].container.instanceType`, 'Unknown instance type "m5": a multi-node job names one EC2 instance type of the catalog, such as "m5.8xlarge" (not a family or category)']],
  },
  {
    name: 'ranges on different instance types',
    breakIt: (d) => { ranges(d)[0].container.instanceType = 'm5.2xlarge'; ranges(d)[1].instanceTypes = ['m5.4xlarge']; },
    problems: [[`${NR}[1].instanceTypes[0]`, 'All node ranges of a multi-node job must use the same instance type: nodeProperties.nodeRangeProperties[1] uses "m5.4xlarge" but nodeProperties.nodeRangeProperties[0] uses "m5.2xlarge"']],
  },
  {
    name: 'an instance type too small for a range',
    breakIt: (d) => { ranges(d)[1].instanceTypes = ['m5.xlarge']; },
    problems: [[`${NR}[0].container`, 'Node range "0:7" needs 8 vCPUs, 16384 MiB and 0 GPUs per node, more than instance type m5.xlarge holds (4 vCPUs, 15860 MiB of registered memory of its 16384 MiB, 0 GPUs)']],
  },
  {
    name: 'a simulation block without duration',
    breakIt: (d) => { ranges(d)[1].simulation = { exitCode: 1 }; },
    problems: [[`${NR}[1].simulation.duration`, 'nodeProperties.nodeRangeProperties[1].simulation.duration is required (how long the child nodes of this range run; without a simulation block they run until the main node exits)']],
  },
  {
    name: 'a simulation block on a range that holds only the main node',
    breakIt: (d) => { mpi(d).nodeProperties.nodeRangeProperties = [range('0', 1, 1024, { simulation: { duration: 5 } }), range('1:', 1, 1024)]; },
    problems: [[`${NR}[0].simulation`, 'nodeProperties.nodeRangeProperties[0].simulation is never used: this range holds only the main node (node 0), which runs the job definition\'s simulation block']],
  },
  {
    name: 'type multinode on Fargate',
    breakIt: (d) => { mpi(d).platformCapabilities = ['FARGATE']; },
    problems: [['jobDefinitions[0].platformCapabilities', 'platformCapabilities must be [EC2] for type multinode: AWS Fargate does not run multi-node parallel jobs']],
  },
  {
    name: 'containerProperties on a multinode definition',
    breakIt: (d) => { mpi(d).containerProperties = { vcpus: 1, memory: 1024 }; },
    problems: [['jobDefinitions[0].containerProperties', 'containerProperties must be absent when type is multinode: each node range gives its container in nodeProperties.nodeRangeProperties[].container']],
  },
  {
    name: 'nodeProperties on a container definition',
    breakIt: (d) => { d.jobDefinitions[1].nodeProperties = mpi(d).nodeProperties; },
    problems: [['jobDefinitions[1].nodeProperties', 'nodeProperties is only for type multinode (a container job gives containerProperties)']],
  },
];

const J = 'jobs[0]';
const NO = `${J}.nodeOverrides`;
const submit = (d: Doc, extra: Doc) => Object.assign(d.jobs[0], extra);

const submissionCases: Case[] = [
  {
    name: 'numNodes without an open-ended range',
    breakIt: (d) => submit(d, { nodeOverrides: { numNodes: 10 } }),
    problems: [[`${NO}.numNodes`, 'nodeOverrides.numNodes needs a node range with an open upper end (":" or "n:") in job definition "mpi:1", whose ranges are "0:7", "4:5"']],
  },
  {
    name: 'numNodes not above the main node',
    breakIt: (d) => {
      mpi(d).nodeProperties = { numNodes: 8, mainNode: 3, nodeRangeProperties: [range(':', 1, 1024)] };
      submit(d, { nodeOverrides: { numNodes: 3 } });
    },
    problems: [[`${NO}.numNodes`, 'nodeOverrides.numNodes (3) must be greater than the main node\'s index in job definition "mpi:1" (mainNode 3)']],
  },
  {
    name: 'numNodes not above a range\'s lower bound',
    breakIt: (d) => {
      mpi(d).nodeProperties.nodeRangeProperties = [range('0:5', 1, 1024), range('6:', 1, 1024)];
      submit(d, { nodeOverrides: { numNodes: 6 } });
    },
    problems: [[`${NO}.numNodes`, 'nodeOverrides.numNodes (6) must be greater than the lower bound of every node range of job definition "mpi:1": "6:" starts at node 6']],
  },
  {
    name: 'numNodes above 1,000',
    breakIt: (d) => { ranges(d)[0].targetNodes = '0:'; submit(d, { nodeOverrides: { numNodes: 1001 } }); },
    problems: [[`${NO}.numNodes`, 'nodeOverrides.numNodes must be between 1 and 1000, received 1001 (AWS Batch runs at most 1,000 nodes per multi-node job)']],
  },
  {
    name: 'an override whose targetNodes is none of the definition\'s ranges',
    breakIt: (d) => submit(d, { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '0:3', containerOverrides: { vcpus: 2 } }] } }),
    problems: [[`${NO}.nodePropertyOverrides[0].targetNodes`, 'NodeOverride targets should match job definition: nodeOverrides.nodePropertyOverrides[0].targetNodes "0:3" (nodes 0 to 3) is none of the node ranges of job definition "mpi:1" ("0:7", "4:5")']],
  },
  {
    name: 'an override on nodes the job does not have',
    breakIt: (d) => submit(d, { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '0:9' }] } }),
    problems: [[`${NO}.nodePropertyOverrides[0].targetNodes`, 'nodeOverrides.nodePropertyOverrides[0].targetNodes "0:9" names node 9, but the job has 8 nodes (nodes 0 to 7)']],
  },
  {
    name: 'two overrides of one range',
    breakIt: (d) => submit(d, { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '4:5' }, { targetNodes: '4:5' }] } }),
    problems: [[`${NO}.nodePropertyOverrides[1].targetNodes`, 'nodeOverrides.nodePropertyOverrides[1].targetNodes "4:5" targets node range "4:5" again (also nodeOverrides.nodePropertyOverrides[0]): give each node range one override']],
  },
  {
    name: 'a legacy vcpus override of a range that gives resourceRequirements',
    breakIt: (d) => submit(d, { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '4:5', containerOverrides: { vcpus: 2 } }] } }),
    problems: [[`${NO}.nodePropertyOverrides[0].containerOverrides.vcpus`, 'nodeOverrides.nodePropertyOverrides[0].containerOverrides.vcpus cannot override the VCPU that node range "4:5" of job definition "mpi:1" gives in resourceRequirements; use containerOverrides.resourceRequirements']],
  },
  {
    name: 'an empty command argument in a node override',
    breakIt: (d) => submit(d, { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '0:7', containerOverrides: { command: ['mpirun', ''] } }] } }),
    problems: [[`${NO}.nodePropertyOverrides[0].containerOverrides.command[1]`, 'nodeOverrides.nodePropertyOverrides[0].containerOverrides.command[1] must not be an empty string (AWS rejects empty command arguments)']],
  },
  {
    name: 'an override naming a second instance type',
    breakIt: (d) => {
      ranges(d)[0].instanceTypes = ['m5.2xlarge'];
      submit(d, { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '4:5', containerOverrides: { instanceType: 'm5.4xlarge' } }] } });
    },
    problems: [[`${NO}.nodePropertyOverrides[0].containerOverrides.instanceType`, 'All node ranges of a multi-node job must use the same instance type: this override gives node range "4:5" "m5.4xlarge" but node range "0:7" uses "m5.2xlarge"']],
  },
  {
    name: 'an override naming an instance type too small for the nodes',
    breakIt: (d) => submit(d, { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '0:7', instanceTypes: ['m5.large'] }] } }),
    // Both ranges are too big for it: the one override that named the type is where both are said.
    problems: [
      [`${NO}.nodePropertyOverrides[0].instanceTypes[0]`, 'Node range "0:7" needs 8 vCPUs, 16384 MiB and 0 GPUs per node, more than instance type m5.large holds (2 vCPUs, 7914 MiB of registered memory of its 8192 MiB, 0 GPUs)'],
      [`${NO}.nodePropertyOverrides[0].instanceTypes[0]`, 'Node range "4:5" needs 4 vCPUs, 8192 MiB and 0 GPUs per node, more than instance type m5.large holds (2 vCPUs, 7914 MiB of registered memory of its 8192 MiB, 0 GPUs)'],
    ],
  },
  {
    name: 'an override growing a range past its instance type',
    breakIt: (d) => {
      ranges(d)[0].instanceTypes = ['m5.2xlarge'];
      submit(d, { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '4:5', containerOverrides: { resourceRequirements: req(16, 8192) } }] } });
    },
    problems: [[`${NO}.nodePropertyOverrides[0]`, 'Node range "4:5" needs 16 vCPUs, 8192 MiB and 0 GPUs per node, more than instance type m5.2xlarge holds (8 vCPUs, 31752 MiB of registered memory of its 32768 MiB, 0 GPUs)']],
  },
  {
    name: 'containerOverrides on a multi-node job',
    breakIt: (d) => submit(d, { containerOverrides: { vcpus: 2 } }),
    problems: [[`${J}.containerOverrides`, 'containerOverrides does not apply to a multi-node parallel job: override its node ranges in nodeOverrides.nodePropertyOverrides[].containerOverrides']],
  },
  {
    name: 'arrayProperties on a multi-node job',
    breakIt: (d) => submit(d, { arrayProperties: { size: 4 } }),
    problems: [[`${J}.arrayProperties`, 'arrayProperties: a multi-node parallel job cannot be an array job (job definition "mpi:1" is type multinode)']],
  },
  {
    name: 'nodeOverrides on a container job',
    breakIt: (d) => submit(d, { jobDefinition: 'work', nodeOverrides: { numNodes: 2 } }),
    problems: [[`${J}.nodeOverrides`, 'nodeOverrides is only for multi-node parallel jobs, and job definition "work:1" is type container (use containerOverrides)']],
  },
  {
    name: 'containerOverrides.instanceType on a container job',
    breakIt: (d) => submit(d, { jobDefinition: 'work', containerOverrides: { instanceType: 'm5.large' } }),
    problems: [[`${J}.containerOverrides.instanceType`, 'containerOverrides.instanceType is only for multi-node parallel jobs, in nodeOverrides.nodePropertyOverrides[].containerOverrides']],
  },
];

const queueCases: Case[] = [
  {
    name: 'a queue with a SPOT environment',
    breakIt: (d) => submit(d, { jobQueue: 'mixed' }),
    problems: [[`${J}.jobQueue`, 'Job queue "mixed" cannot run multi-node parallel jobs (job definition "mpi:1"): AWS Batch does not run them on SPOT or UNMANAGED compute environments, and the queue has "spot" (SPOT) (AWS would leave the job RUNNABLE)']],
  },
  {
    name: 'a queue with an UNMANAGED environment',
    breakIt: (d) => submit(d, { jobQueue: 'own' }),
    problems: [[`${J}.jobQueue`, 'Job queue "own" cannot run multi-node parallel jobs (job definition "mpi:1"): AWS Batch does not run them on SPOT or UNMANAGED compute environments, and the queue has "mine" (UNMANAGED) (AWS would leave the job RUNNABLE)']],
  },
  {
    name: 'a Fargate queue',
    breakIt: (d) => submit(d, { jobQueue: 'fq' }),
    problems: [[`${J}.jobDefinition`, 'Job definition "mpi:1" requires EC2 but job queue "fq" has FARGATE compute environments']],
  },
  {
    name: 'a Poisson workload of a multinode definition',
    breakIt: (d) => { d.workloads = [{ type: 'poisson', jobQueue: 'q', jobDefinition: 'mpi', meanInterarrivalSeconds: 600, count: 3 }]; },
    problems: [['workloads[0].jobDefinition', 'Job definition "mpi:1" is a multi-node parallel job (type multinode), which workloads do not submit: submit it in jobs instead']],
  },
  {
    name: 'a synthetic workload mixing in a multinode definition',
    breakIt: (d) => {
      d.workloads = [{
        type: 'synthetic', name: 'day', arrivals: { process: 'poisson', ratePerHour: 10 }, count: 20,
        mix: [{ jobQueue: 'q', jobDefinition: 'work' }, { jobQueue: 'q', jobDefinition: 'mpi' }],
      }];
    },
    problems: [['workloads[0].mix[1].jobDefinition', 'Job definition "mpi:1" is a multi-node parallel job (type multinode), which workloads do not submit: submit it in jobs instead']],
  },
];

const dependencyCases: Case[] = [
  {
    name: 'N_TO_N from a multi-node job',
    breakIt: (d) => d.jobs.push({ jobName: 'arr', jobQueue: 'q', jobDefinition: 'work', arrayProperties: { size: 8 } }, { jobName: 'm2', jobQueue: 'q', jobDefinition: 'mpi', dependsOn: [{ jobId: 'arr', type: 'N_TO_N' }] }),
    problems: [['jobs[2].dependsOn[0].type', 'N_TO_N dependencies are only for array jobs (this job has no arrayProperties)']],
  },
  {
    name: 'N_TO_N on a multi-node job',
    breakIt: (d) => d.jobs.push({ jobName: 'arr', jobQueue: 'q', jobDefinition: 'work', arrayProperties: { size: 8 }, dependsOn: [{ jobId: 'mpi-run', type: 'N_TO_N' }] }),
    problems: [['jobs[1].dependsOn[0].type', 'N_TO_N needs "mpi-run" to be an array job too, but it has no arrayProperties']],
  },
  {
    name: 'SEQUENTIAL on a multi-node job',
    breakIt: (d) => submit(d, { dependsOn: [{ type: 'SEQUENTIAL' }] }),
    problems: [[`${J}.dependsOn[0].type`, 'SEQUENTIAL dependencies are only for array jobs (this job has no arrayProperties)']],
  },
];

describe.each([
  ['job definition', definitionCases],
  ['submission', submissionCases],
  ['queue and workload', queueCases],
  ['dependency', dependencyCases],
] as const)('refused: %s', (_kind, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, { breakIt, problems }) => {
    const d = base();
    breakIt(d);
    expect(problemsOf(d).map((p) => [p.path, p.message])).toEqual(problems);
  });
});

describe('nodeOverrides', () => {
  it('numNodes extends an open range ("1:") to the new last node', () => {
    const d = base();
    mpi(d).nodeProperties.nodeRangeProperties = [range('0', 8, 16384), range('1:', 4, 8192)];
    submit(d, { nodeOverrides: { numNodes: 10 } });
    const s = load(d);
    expect(s.jobs[0]!.nodeProperties).toEqual({
      numNodes: 10, mainNode: 0, instanceType: null, openEnded: true, groups: [group(0, 0, '0', 8, 16384), group(1, 9, '1:', 4, 8192)],
    });
    // The definition keeps its own 8 nodes.
    expect(s.jobDefinitions[0]!.nodeProperties!.numNodes).toBe(8);
  });

  it('numNodes below the definition\'s ends a closed range at the new last node', () => {
    const d = base();
    mpi(d).nodeProperties.nodeRangeProperties = [range(':', 8, 16384), range('2:5', 4, 8192)];
    submit(d, { nodeOverrides: { numNodes: 4 } });
    // ":" now ends at node 3, and "2:5" (nested in it, so winning its nodes) ends there too.
    expect(load(d).jobs[0]!.nodeProperties!.groups).toEqual([group(0, 1, ':', 8, 16384), group(2, 3, '2:5', 4, 8192)]);
  });

  it('a range override changes only the nodes that range holds after nesting', () => {
    const d = base();
    submit(d, {
      nodeOverrides: {
        nodePropertyOverrides: [
          // The outer range: nodes 4–5 keep the inner range's values.
          { targetNodes: '0:7', containerOverrides: { resourceRequirements: req(16, 32768, 0), environment: [{ name: 'RANKS', value: '8' }] } },
        ],
      },
    });
    const job = load(d).jobs[0]!;
    expect(job.nodeProperties!.groups).toEqual([group(0, 3, '0:7', 16, 32768), group(4, 5, '4:5', 4, 8192), group(6, 7, '0:7', 16, 32768)]);
    expect(job).toMatchObject({ vcpus: 16, memory: 32768 });
  });

  it('an override names a range by its nodes, so ":7" targets the definition\'s "0:7", and may set the job\'s instance type', () => {
    const d = base();
    submit(d, { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: ':7', containerOverrides: { instanceType: 'm5.4xlarge' } }] } });
    expect(load(d).jobs[0]!.nodeProperties!.instanceType).toBe('m5.4xlarge');
  });
});

describe('the queue\'s instance types', () => {
  it('must include the job\'s instance type', () => {
    const d = base();
    ranges(d)[0].instanceTypes = ['m5.4xlarge'];
    expect(problemsOf(d)).toEqual([]);
    submit(d, { jobQueue: 'cq' });
    expect(problemsOf(d).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'jobs[0].jobQueue: Job queue "cq" cannot run job definition "mpi:1" on its instance type m5.4xlarge: none of the queue\'s compute environments ("od-c5") may launch it (add it, or its family, to their instanceTypes)',
    ]);
  });
});

describe('scenarios/mpi-multinode.yaml (the seed\'s MPI example)', () => {
  const s = loadScenario('scenarios/mpi-multinode.yaml');

  it('loads as 8 nodes of 32 vCPU on m5.8xlarge, each within the instance\'s registered memory', () => {
    const job = s.jobs.find((j) => j.jobName === 'cfd-run')!;
    expect(job.nodeProperties).toEqual({
      numNodes: 8, mainNode: 0, instanceType: 'm5.8xlarge', openEnded: false,
      groups: [group(0, 7, '0:7', 32, 126976, 'public.ecr.aws/example/cfd-mpi:latest')],
    });
    expect(job).toMatchObject({ vcpus: 32, memory: 126976, attemptDurationSeconds: 10800 });
  });

  it('runs the gang whole on 8 m5.8xlarge for 2 hours between its neighbours', () => {
    const r = runScenario(s);
    const nodes = Array.from({ length: 8 }, (_, n) => r.job(`cfd-run#${n}`));
    expect(new Set(nodes.map((n) => n.instanceId)).size).toBe(8);
    expect(new Set(nodes.map((n) => n.instanceType))).toEqual(new Set(['m5.8xlarge']));
    const mpiRun = r.job('cfd-run');
    expect(mpiRun).toMatchObject({ kind: 'MULTINODE', status: 'SUCCEEDED', attempts: 1 });
    expect(mpiRun.stoppedAt! - mpiRun.startedAt!).toBe(7200);
    expect(mpiRun.startedAt!).toBeGreaterThan(r.job('mesh-prep').stoppedAt!);
    expect(r.job('post-process').startedAt!).toBeGreaterThan(mpiRun.stoppedAt!);
  });
});
