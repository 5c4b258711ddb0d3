// SubmitJob `containerOverrides` (spec §11.2): resources over the job definition's, with the
// definition's platform rules checked again on the result. A multi-node job's are per node range,
// in nodeOverrides (node-overrides.ts), read by the same readContainerOverrides.
import { label, type Fields } from './check.js';
import type { JobDefinitionDraft } from './job-definitions.js';
import { checkPlatform, readResources, type ResourceValue, type Resources } from './resources.js';

const KNOWN = ['vcpus', 'memory', 'resourceRequirements', 'command', 'environment'];
const SPECIAL = {
  instanceType: 'containerOverrides.instanceType is only for multi-node parallel jobs, in nodeOverrides.nodePropertyOverrides[].containerOverrides',
};

/** What containerOverrides override: the resources as written by `owner` (`job definition "X"`, `node range "0:7" of job definition "X:1"`). */
export interface OverrideBase {
  resources: Resources;
  capability: 'EC2' | 'FARGATE' | undefined;
  owner: string;
}

/**
 * containerOverrides at `o` (a job's; `nodeRange`: a node property override's, which may also name
 * the instanceType): its fields, command and environment, then its resources over `base` — the
 * legacy-vs-resourceRequirements rule (spec §11.1) and the platform's rules on the result. Without
 * a base (an owner that could not be found, already reported) it is only read. `ok` is false when a
 * resource rule failed; a node range's override stops at the legacy rule, before the platform's.
 */
export function readContainerOverrides(
  o: Fields | undefined, base: OverrideBase | undefined, nodeRange: boolean,
): { over: Resources; effective: Resources; ok: boolean } {
  const over = o ? readResources(o) : {};
  if (o) {
    if (nodeRange) o.allow([...KNOWN, 'instanceType']);
    else o.allow(KNOWN, [], SPECIAL);
    checkCommand(o);
    checkEnvironment(o);
  }
  if (!base) return { over, effective: over, ok: false };
  const effective = { ...base.resources, ...over };
  if (!o) return { over, effective, ok: true }; // nothing overridden: the owner's values were checked where written
  let ok = true;
  for (const res of ['VCPU', 'MEMORY'] as const) {
    const written = base.resources[res];
    const v = over[res];
    if (!written || written.legacy || !v?.legacy) continue;
    o.c.report(v.path, `${label(v.path)} cannot override the ${res} that ${base.owner} gives in resourceRequirements; use containerOverrides.resourceRequirements`);
    ok = false;
  }
  if (!ok && nodeRange) return { over, effective, ok };
  if (base.capability) {
    const own = new Set<ResourceValue>(Object.values(over));
    const before = o.c.problems.length;
    checkPlatform(o.c, base.capability, effective, (v) => own.has(v));
    ok &&= o.c.problems.length === before;
  }
  return { over, effective, ok };
}

/** The job's vCPUs, memory and GPUs after overrides; undefined when the definition is unusable. */
export function checkResolved(f: Fields, definition: JobDefinitionDraft | undefined): { vcpus: number; memory: number; gpus: number } | undefined {
  const base = definition && { resources: definition.resources, capability: definition.capability, owner: `job definition "${definition.name}"` };
  const { effective } = readContainerOverrides(f.object('containerOverrides'), base, false);
  if (!definition) return undefined;

  const spec = definition.spec;
  if (!spec) return undefined;
  return {
    vcpus: effective.VCPU?.value ?? spec.vcpus,
    memory: effective.MEMORY?.value ?? spec.memory,
    gpus: effective.GPU?.value ?? spec.gpus,
  };
}

/** A command override may not contain an empty string (spec §11.3). */
function checkCommand(o: Fields): void {
  const list = o.list('command');
  list?.forEach((arg, j) => {
    const path = `${o.at('command')}[${j}]`;
    if (typeof arg !== 'string') o.c.report(path, `${label(path)} must be a string, received ${JSON.stringify(arg)}`);
    else if (arg === '') o.c.report(path, `${label(path)} must not be an empty string (AWS rejects empty command arguments)`);
  });
}

/** Environment names may not start with AWS_BATCH (reserved, spec §11.3). */
function checkEnvironment(o: Fields): void {
  const list = o.list('environment');
  list?.forEach((item, j) => {
    const path = `${o.at('environment')}[${j}]`;
    const name = typeof item === 'object' && item !== null ? (item as { name?: unknown }).name : undefined;
    if (typeof name !== 'string') {
      o.c.report(path, `${label(path)} must be { name, value } with a string name, received ${JSON.stringify(item)}`);
    } else if (name.startsWith('AWS_BATCH')) {
      o.c.report(`${path}.name`, `Environment variable names may not start with AWS_BATCH (reserved by AWS Batch), received "${name}"`);
    }
  });
}
