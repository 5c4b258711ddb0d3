// vCPU, memory and GPU requirements: `resourceRequirements` or the legacy `vcpus`/`memory`, in
// containerProperties (job definitions) and containerOverrides (SubmitJob), with the EC2 and
// Fargate rules of spec §8.8, §9.1 and §11.1.
import { checkNumber, describe, fields, label, limitRule, type Checker, type Fields, type QuantityLimit } from './check.js';
import { LIMITS } from './defaults.js';

export type ResourceName = 'VCPU' | 'MEMORY' | 'GPU';

export interface ResourceValue {
  value: number;
  /** Where it was written, for problems. */
  path: string;
  /** Written as legacy `vcpus`/`memory` rather than in resourceRequirements. */
  legacy: boolean;
}

export type Resources = Partial<Record<ResourceName, ResourceValue>>;

/** Sizes of one job or instance shape (LIMITS.vcpusMax, …), said with the largest EC2 instances. */
export const VCPU_LIMIT: QuantityLimit = {
  max: LIMITS.vcpusMax, unit: '', maxNote: `(the limit for one job or instance: the largest EC2 instances have 1920 vCPUs)`,
};
export const MEMORY_LIMIT: QuantityLimit = {
  max: LIMITS.memoryMiBMax, unit: ' MiB', maxNote: `(the limit for one job or instance, 64 TiB: the largest EC2 instances have 32 TiB)`,
};
export const GPU_LIMIT: QuantityLimit = {
  max: LIMITS.gpusMax, unit: '', maxNote: `(the limit for one job or instance: the largest EC2 GPU instances have 8 GPUs)`,
};
export const ARRAY_SIZE_LIMIT: QuantityLimit = {
  max: LIMITS.arraySizeMax, unit: '', maxNote: `(the largest array job AWS Batch accepts)`,
};

const RULES = {
  VCPU: limitRule(VCPU_LIMIT, { above: true }),
  MEMORY: limitRule(MEMORY_LIMIT, { integer: true, min: LIMITS.memoryMiBMin }),
  GPU: limitRule(GPU_LIMIT, { integer: true }),
};

/** Reads the resources written in one containerProperties or containerOverrides mapping. */
export function readResources(f: Fields): Resources {
  const out: Resources = {};
  const list = f.list('resourceRequirements');
  const seen = new Map<ResourceName, number>();
  list?.forEach((item, j) => {
    const path = `${f.at('resourceRequirements')}[${j}]`;
    const e = fields(f.c, item, path);
    if (!e) return;
    e.allow(['type', 'value']);
    const type = e.enum('type', ['VCPU', 'MEMORY', 'GPU'] as const, { required: true });
    const value = readValue(e, type);
    if (type === undefined) return;
    const prev = seen.get(type);
    if (prev !== undefined) {
      f.c.report(e.at('type'), `resourceRequirements lists ${type} twice (also resourceRequirements[${prev}])`);
      return;
    }
    seen.set(type, j);
    if (value !== undefined) out[type] = { value, path: e.at('value'), legacy: false };
  });

  for (const [key, type] of [['vcpus', 'VCPU'], ['memory', 'MEMORY']] as const) {
    if (!f.has(key)) continue;
    if (seen.has(type)) {
      f.c.report(f.at(key), `${label(f.at(key))} and a ${type} entry in resourceRequirements both set the ${key}; use only resourceRequirements`);
      continue;
    }
    const value = checkNumber(f.c, f.raw(key), f.at(key), RULES[type]);
    if (value !== undefined) out[type] = { value, path: f.at(key), legacy: true };
  }
  return out;
}

/** `value` is a string in the AWS API ("2", "0.25"); a plain number is accepted too. */
function readValue(e: Fields, type: ResourceName | undefined): number | undefined {
  const raw = e.raw('value');
  if (raw === undefined) {
    e.missing('value', 'a number as a string, e.g. "2"');
    return undefined;
  }
  const n = typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number') {
    e.c.report(e.at('value'), `${label(e.at('value'))} must be a number as a string (e.g. "2"), received ${describe(raw)}`);
    return undefined;
  }
  return type === undefined ? undefined : checkNumber(e.c, n, e.at('value'), RULES[type]);
}

/** Fargate vCPU → allowed memory (MiB), spec §9.1. */
export const FARGATE_PAIRS: ReadonlyMap<number, readonly number[]> = new Map([
  [0.25, [512, 1024, 2048]],
  [0.5, steps(1024, 4096, 1024)],
  [1, steps(2048, 8192, 1024)],
  [2, steps(4096, 16384, 1024)],
  [4, steps(8192, 30720, 1024)],
  [8, steps(16384, 61440, 4096)],
  [16, steps(32768, 122880, 8192)],
]);

function steps(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let m = from; m <= to; m += step) out.push(m);
  return out;
}

/**
 * Checks resources against the platform. `own` says which values were written in the mapping
 * being checked: a job only reports problems that its overrides introduce, because its job
 * definition has already reported its own.
 */
export function checkPlatform(c: Checker, capability: 'EC2' | 'FARGATE', r: Resources, own: (v: ResourceValue) => boolean): void {
  const vcpu = r.VCPU;
  const memory = r.MEMORY;
  const gpu = r.GPU;
  if (capability === 'EC2') {
    if (vcpu && own(vcpu) && !Number.isInteger(vcpu.value)) {
      c.report(vcpu.path, `${label(vcpu.path)} must be a whole number of vCPUs on EC2, received ${vcpu.value} (fractional vCPUs are only for Fargate)`);
    }
    return;
  }
  for (const v of [vcpu, memory]) {
    if (v && own(v) && v.legacy) {
      c.report(v.path, `Fargate jobs must give VCPU and MEMORY in resourceRequirements, not the legacy ${label(v.path)}`);
    }
  }
  if (gpu && own(gpu) && gpu.value > 0) c.report(gpu.path, `Fargate jobs cannot request GPUs, received GPU ${gpu.value}`);
  if (!vcpu || !memory) return;
  const allowed = FARGATE_PAIRS.get(vcpu.value);
  if (!allowed) {
    if (own(vcpu)) c.report(vcpu.path, `Fargate VCPU must be one of ${[...FARGATE_PAIRS.keys()].join(', ')}, received ${vcpu.value}`);
    return;
  }
  if (allowed.includes(memory.value)) return;
  const message = `Fargate MEMORY for VCPU ${vcpu.value} must be one of ${allowed.join(', ')}, received ${memory.value}`;
  if (own(memory)) c.report(memory.path, message);
  else if (own(vcpu)) c.report(vcpu.path, `${message} (MEMORY from the job definition)`);
}
