// `jobDefinitions`: RegisterJobDefinition requests (spec §11.1) plus the `simulation` block.
// Registering a name again makes the next revision, as AWS does: revisions are 1, 2, … in file order.
import { fields, type Checker, type Fields } from './check.js';
import { RESOURCE_NAME, RESOURCE_NAME_RULE } from './names.js';
import { checkPlatform, readResources, type Resources } from './resources.js';
import { append } from './references.js';
import { readRetryStrategy, readTimeout } from './retry.js';
import { readSchedulingPriority } from './scheduling-policies.js';
import { readSimulation, resolveSimulation, type FamilyContext, type SimulationFields } from './simulation.js';
import type { JobDefinitionSpec } from './types.js';

/** One registration, kept even when incomplete so that jobs can refer to it without cascading problems. */
export interface JobDefinitionDraft {
  /** Index in jobDefinitions, which is also its index in Scenario.jobDefinitions. */
  index: number;
  name: string;
  revision: number;
  /** EC2 or FARGATE; undefined when platformCapabilities is invalid. */
  capability: 'EC2' | 'FARGATE' | undefined;
  /** containerProperties.runtimePlatform.cpuArchitecture (X86_64 when absent or invalid). */
  cpuArchitecture: 'X86_64' | 'ARM64';
  /** As written, for checking containerOverrides against (spec §11.1 legacy-vs-resourceRequirements rule). */
  resources: Resources;
  /** The `simulation` block as written, for jobs to merge their own over. */
  simulation: SimulationFields | undefined;
  /** Complete only when the registration had no problems. */
  spec: JobDefinitionSpec | undefined;
}

const KNOWN = [
  'jobDefinitionName', 'type', 'platformCapabilities', 'containerProperties', 'retryStrategy', 'timeout', 'simulation', 'revision', 'schedulingPriority',
];
/** Ordinary RegisterJobDefinition fields (and describe-job-definitions output) that do not affect the simulation. */
const IGNORED = ['parameters', 'tags', 'propagateTags', 'jobDefinitionArn', 'status', 'containerOrchestrationType'];
const SPECIAL = {
  nodeProperties: 'multi-node jobs are not supported yet',
  ecsProperties: 'ecsProperties (multi-container jobs) are not supported yet; use containerProperties',
  eksProperties: 'EKS jobs are not supported; use containerProperties',
  consumableResourceProperties: 'consumable resources are not supported yet',
};
const CONTAINER_KNOWN = ['image', 'resourceRequirements', 'vcpus', 'memory'];
const CONTAINER_IGNORED = [
  'command', 'environment', 'jobRoleArn', 'executionRoleArn', 'volumes', 'mountPoints', 'linuxParameters', 'logConfiguration',
  'secrets', 'ulimits', 'user', 'privileged', 'readonlyRootFilesystem', 'networkConfiguration', 'fargatePlatformConfiguration',
  'ephemeralStorage', 'runtimePlatform', 'repositoryCredentials', 'enableExecuteCommand', 'instanceType',
];

export function readJobDefinitions(
  c: Checker, items: unknown[], families: FamilyContext,
): { drafts: (JobDefinitionDraft | undefined)[]; byName: Map<string, JobDefinitionDraft[]> } {
  const drafts: (JobDefinitionDraft | undefined)[] = [];
  const byName = new Map<string, JobDefinitionDraft[]>();
  items.forEach((item, i) => {
    const f = fields(c, item, `jobDefinitions[${i}]`);
    const draft = f ? readOne(f, i, byName, families) : undefined;
    drafts.push(draft);
    if (draft) append(byName, draft.name, draft);
  });
  return { drafts, byName };
}

function readOne(f: Fields, index: number, byName: Map<string, JobDefinitionDraft[]>, families: FamilyContext): JobDefinitionDraft | undefined {
  f.allow(KNOWN, IGNORED, SPECIAL);
  const name = f.string('jobDefinitionName', { required: true, pattern: RESOURCE_NAME, rule: RESOURCE_NAME_RULE });
  const revision = (name === undefined ? 0 : (byName.get(name)?.length ?? 0)) + 1;
  checkRevision(f, name, revision);
  const type = f.enum('type', ['container', 'multinode'] as const, { required: true });
  if (type === 'multinode') f.c.report(f.at('type'), 'multi-node jobs are not supported yet (type must be container)');
  const capability = readCapability(f);

  const container = f.object('containerProperties', { required: type !== 'multinode', what: 'a mapping with the image and resourceRequirements' });
  container?.allow(CONTAINER_KNOWN, CONTAINER_IGNORED);
  const resources = container ? readResources(container) : {};
  if (container) {
    for (const [res, what] of [['VCPU', 'vCPUs'], ['MEMORY', 'memory (MiB)']] as const) {
      if (!resources[res] && !hasAttempt(container, res)) {
        f.c.report(container.path, `containerProperties must give the ${what}: a ${res} entry in resourceRequirements${capability === 'FARGATE' ? '' : ` (or the legacy ${res === 'VCPU' ? 'vcpus' : 'memory'})`}`);
      }
    }
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
  const fieldsWritten = readSimulation(f, { required: true, families });
  const simulation = fieldsWritten && resolveSimulation(f.c, fieldsWritten);

  if (name === undefined) return undefined;
  const draft: JobDefinitionDraft = { index, name, revision, capability, cpuArchitecture, resources, simulation: fieldsWritten, spec: undefined };
  const { VCPU, MEMORY, GPU } = resources;
  if (type === 'container' && capability && VCPU && MEMORY && simulation && image !== undefined) {
    draft.spec = {
      jobDefinitionName: name, revision, type, platformCapabilities: [capability], image,
      vcpus: VCPU.value, memory: MEMORY.value, gpus: GPU?.value ?? 0,
      retryStrategy, attemptDurationSeconds, cpuArchitecture, schedulingPriority,
      simulation,
    };
  }
  return draft;
}

/** True when the resource was written but rejected (already reported), so "missing" would be noise. */
function hasAttempt(container: Fields, res: 'VCPU' | 'MEMORY'): boolean {
  if (container.has(res === 'VCPU' ? 'vcpus' : 'memory')) return true;
  const list = container.raw('resourceRequirements');
  return Array.isArray(list) && list.some((e) => typeof e === 'object' && e !== null && (e as { type?: unknown }).type === res);
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
