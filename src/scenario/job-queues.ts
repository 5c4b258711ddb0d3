// `jobQueues`: CreateJobQueue requests (spec §6): FIFO queues, and fair-share queues that name a
// scheduling policy in schedulingPolicyArn (spec §7).
import { API_INTEGER, fields, type Checker, type Fields } from './check.js';
import { launchableTypes, type ComputeEnvironmentInfo, type ComputeEnvironmentsRead } from './compute-environments.js';
import { LIMITS } from './defaults.js';
import { RESOURCE_NAME, RESOURCE_NAME_RULE } from './names.js';
import { resolveReference } from './references.js';
import type { SchedulingPolicyInfo } from './scheduling-policies.js';
import type { JobQueueSpec, JobStateTimeLimitAction } from './types.js';

/** What jobs need to know about a queue, kept even when the queue has other problems. */
export interface JobQueueInfo {
  index: number;
  state: JobQueueSpec['state'];
  /** EC2 or FARGATE, from its compute environments; undefined when none could be resolved. */
  platform: 'EC2' | 'FARGATE' | undefined;
  /** Every compute environment is FARGATE_SPOT, which cannot run ARM64 jobs (spec §9). */
  fargateSpotOnly: boolean;
  /** Its compute environments in order, with their kind (EC2, SPOT, …): multi-node jobs refuse SPOT and UNMANAGED (spec §12). */
  computeEnvironments: { name: string; kind: string | undefined }[];
  /** Every instance type its environments may launch; null when not known (see readJobQueues). */
  instanceTypes: ReadonlySet<string> | null;
  /**
   * The fair-share scheduling policy's name, null for a FIFO queue, undefined when
   * schedulingPolicyArn could not be resolved (reported there; jobs then skip the share rules).
   * Fixed for the queue's life: a FIFO queue never gets a policy, a policy is never removed (spec §6.7).
   */
  schedulingPolicy: string | null | undefined;
}

const KNOWN = ['jobQueueName', 'priority', 'state', 'computeEnvironmentOrder', 'jobStateTimeLimitActions', 'jobQueueType', 'schedulingPolicyArn'];
const IGNORED = ['tags', 'jobQueueArn', 'status', 'statusReason'];
const SPECIAL = {
  serviceEnvironmentOrder: 'SageMaker service environments are not supported (use computeEnvironmentOrder)',
};

/**
 * `ceSpecs` (the compute environments read, complete ones) gives the instance types each queue may
 * launch, which a multi-node job's instance type is checked against; a queue with an incomplete
 * environment has none (instanceTypes null), so that is not checked.
 */
export function readJobQueues(
  c: Checker, items: unknown[], read: ComputeEnvironmentsRead, policies: Map<string, SchedulingPolicyInfo>,
): { specs: JobQueueSpec[]; byName: Map<string, JobQueueInfo> } {
  const ces = read.byName;
  const typesOf = new Map(read.specs.map((ce) => [ce.computeEnvironmentName, launchableTypes(ce)]));
  const specs: JobQueueSpec[] = [];
  const byName = new Map<string, JobQueueInfo>();
  if (items.length > LIMITS.jobQueues) {
    c.report('jobQueues', `At most ${LIMITS.jobQueues} job queues are allowed (AWS Batch quota), received ${items.length}`);
  }
  items.forEach((item, i) => {
    const f = fields(c, item, `jobQueues[${i}]`);
    if (!f) return;
    f.allow(KNOWN, IGNORED, SPECIAL);
    const name = f.string('jobQueueName', { required: true, pattern: RESOURCE_NAME, rule: RESOURCE_NAME_RULE });
    // 0–1000: CloudFormation's AWS::Batch::JobQueue schema (the API reference only says Integer; spec §6.1).
    const priority = f.number('priority', { required: true, integer: true, min: 0, max: LIMITS.priorityMax });
    const state = f.enum('state', ['ENABLED', 'DISABLED'] as const) ?? 'ENABLED';
    const order = readComputeEnvironmentOrder(f, ces);
    const platform = order.platform;
    readQueueType(f, platform);
    const jobStateTimeLimitActions = readTimeLimitActions(f);
    const schedulingPolicy = f.has('schedulingPolicyArn') ? resolveReference(f, 'schedulingPolicyArn', 'scheduling-policy', policies)?.name : null;

    if (name !== undefined) {
      const previous = byName.get(name);
      if (previous) c.report(f.at('jobQueueName'), `Duplicate job queue name "${name}" (already used by jobQueues[${previous.index}])`);
      else {
        const computeEnvironments = order.names.map((n) => ({ name: n, kind: ces.get(n)?.kind }));
        const instanceTypes = order.names.every((n) => typesOf.has(n)) ? new Set(order.names.flatMap((n) => typesOf.get(n)!)) : null;
        byName.set(name, { index: i, state, platform, fargateSpotOnly: order.fargateSpotOnly, computeEnvironments, instanceTypes, schedulingPolicy });
      }
    }
    if (name !== undefined && priority !== undefined && schedulingPolicy !== undefined) {
      specs.push({ jobQueueName: name, priority, state, computeEnvironmentOrder: order.names, jobStateTimeLimitActions, schedulingPolicy });
    }
  });
  return { specs, byName };
}

/** CreateJobQueue's (and UpdateJobQueue's) computeEnvironmentOrder: names sorted by `order`, and their platform. */
export function readComputeEnvironmentOrder(
  f: Fields, ces: Map<string, ComputeEnvironmentInfo>,
): { names: string[]; platform: 'EC2' | 'FARGATE' | undefined; fargateSpotOnly: boolean } {
  const list = f.list('computeEnvironmentOrder', { required: true, what: 'a list of 1 to 3 { order, computeEnvironment }' }) ?? [];
  const path = f.at('computeEnvironmentOrder');
  if (f.has('computeEnvironmentOrder') && list.length === 0) {
    f.c.report(path, `computeEnvironmentOrder must have between 1 and ${LIMITS.computeEnvironmentsPerQueue} entries, received 0`);
  } else if (list.length > LIMITS.computeEnvironmentsPerQueue) {
    f.c.report(path, `A job queue can have at most ${LIMITS.computeEnvironmentsPerQueue} compute environments, received ${list.length}`);
  }

  const entries: { order: number; name: string; j: number }[] = [];
  const seenOrder = new Map<number, number>();
  const seenName = new Map<string, number>();
  list.forEach((item, j) => {
    const e = fields(f.c, item, `${path}[${j}]`);
    if (!e) return;
    e.allow(['order', 'computeEnvironment']);
    const order = e.number('order', { required: true, integer: true, min: 0, ...API_INTEGER });
    const name = resolveReference(e, 'computeEnvironment', 'compute-environment', ces)?.name;
    if (order !== undefined) {
      const prev = seenOrder.get(order);
      if (prev !== undefined) f.c.report(e.at('order'), `Duplicate order ${order} in computeEnvironmentOrder (also used by computeEnvironmentOrder[${prev}])`);
      else seenOrder.set(order, j);
    }
    if (name !== undefined) {
      const prev = seenName.get(name);
      if (prev !== undefined) f.c.report(e.at('computeEnvironment'), `Compute environment "${name}" appears twice in computeEnvironmentOrder (also at computeEnvironmentOrder[${prev}])`);
      else seenName.set(name, j);
    }
    if (order !== undefined && name !== undefined) entries.push({ order, name, j });
  });

  const used = [...seenName.keys()].map((n) => ({ name: n, info: ces.get(n)! }));
  checkMixing(f, path, used);
  entries.sort((a, b) => a.order - b.order || a.j - b.j);
  const platform = used.find((u) => u.info.platform !== undefined)?.info.platform;
  const fargateSpotOnly = used.length > 0 && used.every((u) => u.info.kind === 'FARGATE_SPOT');
  return { names: entries.map((e) => e.name), platform, fargateSpotOnly };
}


/** All EC2-like or all Fargate, and one CPU architecture (spec §6.3). */
function checkMixing(f: Fields, path: string, used: { name: string; info: ComputeEnvironmentInfo }[]): void {
  const ec2 = used.find((u) => u.info.platform === 'EC2');
  const fargate = used.find((u) => u.info.platform === 'FARGATE');
  if (ec2 && fargate) {
    f.c.report(path, `A job queue cannot mix EC2 and Fargate compute environments, received "${ec2.name}" (${ec2.info.kind}) and "${fargate.name}" (${fargate.info.kind})`);
    return;
  }
  // An environment that mixes architectures itself has already been reported there.
  if (used.some((u) => u.info.arches.size > 1)) return;
  const byArch = new Map<string, string>();
  for (const u of used) for (const a of u.info.arches) if (!byArch.has(a)) byArch.set(a, u.name);
  if (byArch.size > 1) {
    const parts = [...byArch].map(([arch, name]) => `"${name}" (${arch})`);
    f.c.report(path, `All compute environments of a job queue must share one architecture, received ${parts.join(' and ')}`);
  }
}

/** jobQueueType (2026 API) is optional; when given it must agree with the environments. */
function readQueueType(f: Fields, platform: 'EC2' | 'FARGATE' | undefined): void {
  const v = f.raw('jobQueueType');
  if (v === 'EKS' || v === 'SAGEMAKER_TRAINING') {
    f.c.report(f.at('jobQueueType'), `jobQueueType ${v} is not supported (only ECS and ECS_FARGATE)`);
    return;
  }
  const type = f.enum('jobQueueType', ['ECS', 'ECS_FARGATE'] as const);
  if (type === undefined || platform === undefined) return;
  if ((type === 'ECS_FARGATE') !== (platform === 'FARGATE')) {
    f.c.report(f.at('jobQueueType'), `jobQueueType ${type} does not match its ${platform} compute environments (expected ${platform === 'FARGATE' ? 'ECS_FARGATE' : 'ECS'})`);
  }
}

/** Cancel the head job after it has been blocked for maxTimeSeconds with `reason` (spec §6.6). */
function readTimeLimitActions(f: Fields): JobStateTimeLimitAction[] {
  const out: JobStateTimeLimitAction[] = [];
  f.list('jobStateTimeLimitActions')?.forEach((item, j) => {
    const a = fields(f.c, item, `${f.at('jobStateTimeLimitActions')}[${j}]`);
    if (!a) return;
    a.allow(['reason', 'state', 'maxTimeSeconds', 'action']);
    const reason = a.string('reason', { required: true });
    const state = a.enum('state', ['RUNNABLE'] as const, { required: true });
    const maxTimeSeconds = a.number('maxTimeSeconds', { required: true, integer: true, min: LIMITS.jobStateTimeLimitSecondsMin, max: LIMITS.jobStateTimeLimitSecondsMax });
    const action = a.enum('action', ['CANCEL'] as const, { required: true });
    if (reason !== undefined && state && maxTimeSeconds !== undefined && action) out.push({ reason, state, maxTimeSeconds, action });
  });
  return out;
}
