// `jobDefinitions`: RegisterJobDefinition requests (spec §11.1) plus the `simulation` block.
// Registering a name again makes the next revision, as AWS does: revisions are 1, 2, … in file order,
// unless an entry states its own (`revision` or `jobDefinitionArn`, as describe-job-definitions
// output does: an account's revisions need not start at 1 nor be contiguous). `status: INACTIVE`
// (a deregistered revision) is registered but cannot be submitted.
import { API_INTEGER, fields, type Checker, type Fields } from './check.js';
import { RESOURCE_NAME, RESOURCE_NAME_RULE, nameFromReference } from './names.js';
import {
  CONTAINER_IGNORED, CONTAINER_KNOWN, groupOf, mainNodeSize, readNodeProperties, requireResources, type NodeContext, type NodePropertiesDraft,
} from './node-properties.js';
import { checkPlatform, readResources, type Resources } from './resources.js';
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
  /** INACTIVE: deregistered (describe-job-definitions output); registered, but SubmitJob refuses it. */
  status: 'ACTIVE' | 'INACTIVE';
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
  'schedulingPriority', 'status', 'jobDefinitionArn',
];
/** Ordinary RegisterJobDefinition fields (and describe-job-definitions output) that do not affect the simulation. */
const IGNORED = ['parameters', 'tags', 'propagateTags', 'containerOrchestrationType'];

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
    if (draft) register(byName, draft);
  });
  return { drafts: inRevisionOrder(drafts, byName), byName };
}

/** Adds a registration to its name's list, which is kept in ascending revision order. */
function register(byName: Map<string, JobDefinitionDraft[]>, draft: JobDefinitionDraft): void {
  const list = byName.get(draft.name);
  if (!list) return void byName.set(draft.name, [draft]);
  let i = list.length;
  while (i > 0 && list[i - 1]!.revision > draft.revision) i--;
  list.splice(i, 0, draft);
}

/**
 * The registrations with each name's revisions in ascending order within the places that name
 * takes in the file (describe output may list revision 7 before 6), renumbering `index`, so that
 * the normalized scenario (and whoever takes "the last one" as the latest) sees them in order.
 */
function inRevisionOrder(drafts: (JobDefinitionDraft | undefined)[], byName: Map<string, JobDefinitionDraft[]>): (JobDefinitionDraft | undefined)[] {
  const ordered = (list: JobDefinitionDraft[]) => list.every((d, k) => k === 0 || list[k - 1]!.index < d.index);
  if ([...byName.values()].every(ordered)) return drafts;
  const out = [...drafts];
  for (const list of byName.values()) {
    const slots = list.map((d) => d.index).sort((a, b) => a - b);
    list.forEach((d, k) => {
      d.index = slots[k]!;
      out[d.index] = d;
    });
  }
  return out;
}

/** The revision a name without one is submitted with: the latest ACTIVE (API SubmitJob), or undefined when every revision is INACTIVE. */
export function latestActive(revisions: readonly JobDefinitionDraft[]): JobDefinitionDraft | undefined {
  for (let i = revisions.length - 1; i >= 0; i--) if (revisions[i]!.status === 'ACTIVE') return revisions[i];
  return undefined;
}

/** Revision `revision` of a name's registrations (kept in ascending order), by bisection. */
export function findRevision(revisions: readonly JobDefinitionDraft[], revision: number): JobDefinitionDraft | undefined {
  let lo = 0;
  let hi = revisions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (revisions[mid]!.revision < revision) lo = mid + 1;
    else hi = mid;
  }
  return revisions[lo]?.revision === revision ? revisions[lo] : undefined;
}

function readOne(f: Fields, index: number, byName: Map<string, JobDefinitionDraft[]>, ctx: DefinitionContext): JobDefinitionDraft | undefined {
  f.allow(KNOWN, IGNORED, UNSUPPORTED.jobDefinition);
  const name = f.string('jobDefinitionName', { required: true, pattern: RESOURCE_NAME, rule: RESOURCE_NAME_RULE });
  const revision = readRevision(f, name, name === undefined ? undefined : byName.get(name));
  const status = f.enum('status', ['ACTIVE', 'INACTIVE'] as const) ?? 'ACTIVE';
  const type = f.enum('type', ['container', 'multinode'] as const, { required: true });
  const capability = readCapability(f);
  const multinode = type === 'multinode';
  checkShape(f, type, capability);

  const container = multinode ? undefined : f.object('containerProperties', { required: true, what: 'a mapping with the image and resourceRequirements' });
  // runtimePlatform.cpuArchitecture is modelled (it sets the Fargate rate); operatingSystemFamily is not.
  container?.allow([...CONTAINER_KNOWN, 'runtimePlatform'], CONTAINER_IGNORED.filter((k) => k !== 'runtimePlatform'));
  const resources = container ? readResources(container) : {};
  if (container) {
    requireResources(container, resources, capability, 'containerProperties');
    if (capability) checkPlatform(f.c, capability, resources, () => true);
  }
  const image = container?.string('image') ?? name;
  // runtimePlatform.cpuArchitecture sets the Fargate rate (ARM is about 20 % cheaper); EC2 jobs
  // follow their instance's architecture.
  const runtimePlatform = container?.object('runtimePlatform');
  runtimePlatform?.allow(['cpuArchitecture'], ['operatingSystemFamily']);
  const cpuArchitecture = runtimePlatform?.enum('cpuArchitecture', ['X86_64', 'ARM64'] as const) ?? 'X86_64';
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
  const draft: JobDefinitionDraft = { index, name, revision, status, type, capability: platform, cpuArchitecture, resources, simulation: fieldsWritten, spec: undefined };
  if (nodes) draft.nodes = nodes.draft;
  // Only a deregistered revision says so: a replayed trace must not submit to it (src/workload/resolve.ts).
  const common = { jobDefinitionName: name, revision, retryStrategy, attemptDurationSeconds, cpuArchitecture, schedulingPriority, ...(status === 'INACTIVE' ? { inactive: true as const } : {}) };
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

/**
 * The revision of a registration: `revision`, else the one its `jobDefinitionArn` ends in (the two
 * must agree), else the next after the name's highest so far, as RegisterJobDefinition does. A
 * revision may be registered once per name.
 */
function readRevision(f: Fields, name: string | undefined, earlier: readonly JobDefinitionDraft[] | undefined): number {
  let fromArn: number | undefined;
  const arn = f.string('jobDefinitionArn', { rule: 'a job-definition ARN, arn:aws:batch:<region>:<account>:job-definition/<name>:<revision>' });
  if (arn !== undefined) {
    const inner = arn.startsWith('arn:') ? nameFromReference(arn, 'job-definition') : undefined;
    const m = inner === undefined ? null : /^([A-Za-z0-9_-]+):(\d+)$/.exec(inner);
    if (!m) {
      f.c.report(f.at('jobDefinitionArn'), `jobDefinitionArn must be an ARN ending in job-definition/<name>:<revision>, received "${arn}"`);
    } else if (name !== undefined && m[1] !== name) {
      f.c.report(f.at('jobDefinitionArn'), `jobDefinitionArn names job definition "${m[1]}", but jobDefinitionName is "${name}"`);
    } else {
      fromArn = Number(m[2]);
    }
  }
  const written = f.number('revision', { integer: true, min: 1, ...API_INTEGER });
  if (written !== undefined && fromArn !== undefined && written !== fromArn) {
    f.c.report(f.at('revision'), `revision ${written} disagrees with jobDefinitionArn, which ends in :${fromArn}`);
  }
  const stated = written ?? fromArn;
  if (name === undefined) return stated ?? 1;
  if (stated === undefined) return (earlier?.[earlier.length - 1]?.revision ?? 0) + 1;
  const twice = earlier && findRevision(earlier, stated);
  if (twice) {
    f.c.report(f.at(written !== undefined ? 'revision' : 'jobDefinitionArn'),
      `Job definition "${name}" revision ${stated} is registered twice (also jobDefinitions[${twice.index}]); each revision of a name is registered once`);
  }
  return stated;
}
