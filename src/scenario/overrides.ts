// SubmitJob `containerOverrides` (spec §11.2): resources over the job definition's, with the
// definition's platform rules checked again on the result. (A multi-node job's are per node
// range, in nodeOverrides: node-overrides.ts.)
import { label, type Fields } from './check.js';
import type { JobDefinitionDraft } from './job-definitions.js';
import { checkPlatform, readResources, type ResourceValue } from './resources.js';

const KNOWN = ['vcpus', 'memory', 'resourceRequirements', 'command', 'environment'];
const SPECIAL = {
  instanceType: 'containerOverrides.instanceType is only for multi-node parallel jobs, in nodeOverrides.nodePropertyOverrides[].containerOverrides',
};

/** The job's vCPUs, memory and GPUs after overrides; undefined when the definition is unusable. */
export function checkResolved(f: Fields, definition: JobDefinitionDraft | undefined): { vcpus: number; memory: number; gpus: number } | undefined {
  const o = f.object('containerOverrides');
  const over = o ? readResources(o) : {};
  if (o) {
    o.allow(KNOWN, [], SPECIAL);
    checkCommand(o);
    checkEnvironment(o);
  }
  if (!definition) return undefined;

  // Legacy vcpus/memory overrides cannot override what the definition put in resourceRequirements (spec §11.1).
  for (const [res, key] of [['VCPU', 'vcpus'], ['MEMORY', 'memory']] as const) {
    const base = definition.resources[res];
    const v = over[res];
    if (base && !base.legacy && v?.legacy) {
      f.c.report(v.path,
        `${label(v.path)} cannot override the ${res} that job definition "${definition.name}" gives in resourceRequirements; use containerOverrides.resourceRequirements`);
    }
  }
  const effective = { ...definition.resources, ...over };
  const own = new Set<ResourceValue>(Object.values(over));
  if (definition.capability) checkPlatform(f.c, definition.capability, effective, (v) => own.has(v));

  const spec = definition.spec;
  if (!spec) return undefined;
  return {
    vcpus: effective.VCPU?.value ?? spec.vcpus,
    memory: effective.MEMORY?.value ?? spec.memory,
    gpus: effective.GPU?.value ?? spec.gpus,
  };
}

/** A command override may not contain an empty string (spec §11.3). */
export function checkCommand(o: Fields): void {
  const list = o.list('command');
  list?.forEach((arg, j) => {
    const path = `${o.at('command')}[${j}]`;
    if (typeof arg !== 'string') o.c.report(path, `${label(path)} must be a string, received ${JSON.stringify(arg)}`);
    else if (arg === '') o.c.report(path, `${label(path)} must not be an empty string (AWS rejects empty command arguments)`);
  });
}

/** Environment names may not start with AWS_BATCH (reserved, spec §11.3). */
export function checkEnvironment(o: Fields): void {
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
