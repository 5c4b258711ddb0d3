// `jobDefinitions`: RegisterJobDefinition requests (spec §11.1) plus the `simulation` block.
// Registering a name again makes the next revision, as AWS does: revisions are 1, 2, … in file order.
import { fields, type Checker, type Fields } from './check.js';
import { RESOURCE_NAME, RESOURCE_NAME_RULE } from './names.js';
import {
  CONTAINER_IGNORED, CONTAINER_KNOWN, groupOf, mainNodeSize, readNodeProperties, requireResources, type NodeContext, type NodePropertiesDraft,
} from './node-properties.js';
import { checkPlatform, readResources, type Resources } from './resources.js';
import { append } from './references.js';
import { readRetryStrategy, readTimeout } from './retry.js';
import { readSchedulingPriority } from './scheduling-policies.js';
import { readSimulation, resolveSimulation, type FamilyContext, type SimulationFields } from './simulation.js';
import { UNSUPPORTED } from './unsupported.js';
import type { JobDefinitionSpec, NodePropertiesSpec, SimulationSpec } from './types.js';

/** One registration, kept even when incomplete so that jobs can refer to it without cascading problems. */
export interface JobDefinitionDraft {
  /** Index in jobDefinitions, which is also its index in Scenario.jobDefinitions. */
  index: number;
  name: string;
  revision: number;
  /** container or multinode; undefined when `type` is invalid. */
  type: 'container' | 'multinode' | undefined;
  /** EC2 or FARGATE; undefined when platformCapabilities is invalid. */
  capability: 'EC2' | 'FARGATE' | undefined;
  /** containerProperties.runtimePlatform.cpuArchitecture (X86_64 when absent or invalid). */
  cpuArchitecture: 'X86_64' | 'ARM64';
  /** As written, for checking containerOverrides against (spec §11.1 legacy-vs-resourceRequirements rule). */
  resources: Resources;
  /** The `simulation` block as written, for jobs to merge their own over. */
  simulation: SimulationFields | undefined;
  /** type multinode: the node ranges as registered, for a submission's nodeOverrides (undefined when they have problems). */
  nodes?: NodePropertiesDraft;
  /** Complete only when the registration had no problems. */
  spec: JobDefinitionSpec | undefined;
}

const KNOWN = [
  'jobDefinitionName', 'type', 'platformCapabilities', 'containerProperties', 'nodeProperties', 'retryStrategy', 'timeout', 'simulation', 'revision',
  'schedulingPriority',
];
/** Ordinary RegisterJobDefinition fields (and describe-job-definitions output) that do not affect the simulation. */
const IGNORED = ['parameters', 'tags', 'propagateTags', 'jobDefinitionArn', 'status', 'containerOrchestrationType'];

/** What registering a definition needs besides the entry: families for `speedup`, settings for registered memory. */
export interface DefinitionContext extends FamilyContext {
  /** Registered memory of an instance (spec §8.8), which a multi-node job's instance type must hold. */
  settings: NodeContext['settings'];
}

export function readJobDefinitions(
  c: Checker, items: unknown[], ctx: DefinitionContext,
): { drafts: (JobDefinitionDraft | undefined)[]; byName: Map<string, JobDefinitionDraft[]> } {
  const drafts: (JobDefinitionDraft | undefined)[] = [];
  const byName = new Map<string, JobDefinitionDraft[]>();
  items.forEach((item, i) => {
    const f = fields(c, item, `jobDefinitions[${i}]`);
    const draft = f ? readOne(f, i, byName, ctx) : undefined;
    drafts.push(draft);
    if (draft) append(byName, draft.name, draft);
  });
  return { drafts, byName };
}

function readOne(f: Fields, index: number, byName: Map<string, JobDefinitionDraft[]>, ctx: DefinitionContext): JobDefinitionDraft | undefined {
  f.allow(KNOWN, IGNORED, UNSUPPORTED.jobDefinition);
  const name = f.string('jobDefinitionName', { required: true, pattern: RESOURCE_NAME, rule: RESOURCE_NAME_RULE });
  const revision = (name === undefined ? 0 : (byName.get(name)?.length ?? 0)) + 1;
  checkRevision(f, name, revision);
  const type = f.enum('type', ['container', 'multinode'] as const, { required: true });
  const capability = readCapability(f);
  const multinode = type === 'multinode';
  checkShape(f, type, capability);

  const container = multinode ? undefined : f.object('containerProperties', { required: true, what: 'a mapping with the image and resourceRequirements' });
  container?.allow(CONTAINER_KNOWN, CONTAINER_IGNORED);
  const resources = container ? readResources(container) : {};
  if (container) {
    requireResources(container, resources, capability, 'containerProperties');
    if (capability) checkPlatform(f.c, capability, resources, () => true);
  }
  const image = container?.string('image') ?? name;
  // runtimePlatform.cpuArchitecture sets the Fargate rate (ARM is about 20 % cheaper); EC2 jobs
  // follow their instance's architecture.
  const cpuArchitecture = container?.object('runtimePlatform')?.enum('cpuArchitecture', ['X86_64', 'ARM64'] as const) ?? 'X86_64';
  const retryStrategy = readRetryStrategy(f) ?? null;
  const attemptDurationSeconds = readTimeout(f) ?? null;
  // Orders jobs within a share of a fair-share queue (spec §7.2); which queue is not known here.
  const schedulingPriority = readSchedulingPriority(f, 'schedulingPriority') ?? 0;
  // A multi-node job's simulation block is the main node's: the job's run time and exit codes.
  const fieldsWritten = readSimulation(f, { required: true, families: ctx });
  const simulation = fieldsWritten && resolveSimulation(f.c, fieldsWritten);
  const nodes = multinode && name !== undefined
    ? readNodeProperties(f, { definitionName: name, families: ctx, settings: ctx.settings })
    : undefined;

  if (name === undefined) return undefined;
  // A multinode definition refused for FARGATE is not also a Fargate job to every queue it is submitted to.
  const platform = multinode && capability === 'FARGATE' ? undefined : capability;
  const draft: JobDefinitionDraft = { index, name, revision, type, capability: platform, cpuArchitecture, resources, simulation: fieldsWritten, spec: undefined };
  if (nodes) draft.nodes = nodes.draft;
  const common = { jobDefinitionName: name, revision, retryStrategy, attemptDurationSeconds, cpuArchitecture, schedulingPriority };
  const { VCPU, MEMORY, GPU } = resources;
  if (type === 'container' && capability && VCPU && MEMORY && simulation && image !== undefined) {
    draft.spec = {
      ...common, type, platformCapabilities: [capability], image, vcpus: VCPU.value, memory: MEMORY.value, gpus: GPU?.value ?? 0, simulation,
    };
  } else if (multinode && capability === 'EC2' && nodes && simulation) {
    draft.spec = multiNodeSpec(common, nodes.spec, simulation);
  }
  return draft;
}

/**
 * Exactly one of containerProperties and nodeProperties, by type (spec §11.1); a multi-node job
 * runs on EC2 only (AWS Fargate does not support multi-node parallel jobs, spec §12).
 */
function checkShape(f: Fields, type: 'container' | 'multinode' | undefined, capability: 'EC2' | 'FARGATE' | undefined): void {
  if (type === 'container' && f.has('nodeProperties')) {
    f.c.report(f.at('nodeProperties'), 'nodeProperties is only for type multinode (a container job gives containerProperties)', 'key');
  }
  if (type !== 'multinode') return;
  if (f.has('containerProperties')) {
    f.c.report(f.at('containerProperties'),
      'containerProperties must be absent when type is multinode: each node range gives its container in nodeProperties.nodeRangeProperties[].container', 'key');
  }
  if (capability === 'FARGATE') {
    f.c.report(f.at('platformCapabilities'), 'platformCapabilities must be [EC2] for type multinode: AWS Fargate does not run multi-node parallel jobs');
  }
}

/** The spec of a multinode definition: its nodes, and the main node's group as the definition's own size and image. */
function multiNodeSpec(
  common: Omit<JobDefinitionSpec, 'type' | 'platformCapabilities' | 'image' | 'vcpus' | 'memory' | 'gpus' | 'simulation'>,
  nodeProperties: NodePropertiesSpec, simulation: SimulationSpec,
): JobDefinitionSpec {
  return {
    ...common, type: 'multinode', platformCapabilities: ['EC2'], image: groupOf(nodeProperties, nodeProperties.mainNode).image, ...mainNodeSize(nodeProperties),
    simulation, nodeProperties,
  };
}

/** platformCapabilities: [EC2] (default) or [FARGATE]. */
function readCapability(f: Fields): 'EC2' | 'FARGATE' | undefined {
  const list = f.list('platformCapabilities');
  if (!list) return f.has('platformCapabilities') ? undefined : 'EC2';
  if (list.length !== 1 || (list[0] !== 'EC2' && list[0] !== 'FARGATE')) {
    f.c.report(f.at('platformCapabilities'), `platformCapabilities must be [EC2] or [FARGATE], received ${JSON.stringify(list)}`);
    return undefined;
  }
  return list[0];
}

/** describe-job-definitions output carries `revision`; it must agree with the file order. */
function checkRevision(f: Fields, name: string | undefined, revision: number): void {
  if (!f.has('revision') || name === undefined) return;
  const v = f.raw('revision');
  if (v !== revision) {
    f.c.report(f.at('revision'),
      `revision must be ${revision} here (registrations of "${name}" are revisions 1, 2, … in file order), received ${JSON.stringify(v)}`);
  }
}
