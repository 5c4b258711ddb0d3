// `actions`: timed API calls (CancelJob, TerminateJob, UpdateComputeEnvironment, UpdateJobQueue,
// UpdateSchedulingPolicy — the last two's fair-share fields in actions-scheduling.ts) and the
// non-AWS InterruptSpotInstances. Each is checked as AWS would check the request at that
// time: jobs must have been submitted, capacity updates are checked against the environment's
// values after earlier updates, and jobs may not be submitted to a queue an action has disabled.
// At one instant, submissions come before actions.
import { instanceType } from '../market/catalog.js';
import { readQueuePolicyUpdate, readUpdateSchedulingPolicy } from './actions-scheduling.js';
import { API_INTEGER, fields, label, quoteList, seconds as timeRule, type Checker, type Fields } from './check.js';
import { launchableTypes, type ComputeEnvironmentInfo, type ComputeEnvironmentsRead } from './compute-environments.js';
import { LIMITS } from './defaults.js';
import { readComputeEnvironmentOrder, type JobQueueInfo } from './job-queues.js';
import type { JobDraft, JobsRead } from './jobs.js';
import { append, knownKeys, knownNames, resolveReference, someOf } from './references.js';
import type { SchedulingPolicyInfo } from './scheduling-policies.js';
import type { ActionSpec, ComputeEnvironmentSpec, JobQueueSpec, SchedulingPolicySpec } from './types.js';

const ACTIONS = ['CancelJob', 'TerminateJob', 'UpdateComputeEnvironment', 'UpdateJobQueue', 'UpdateSchedulingPolicy', 'InterruptSpotInstances'] as const;
type ActionName = (typeof ACTIONS)[number];

/** CancelJob/TerminateJob `reason` (spec §13). */
const REASON_MAX = 1024;
const INSTANCE_ID = /^i-[0-9a-f]{17}$/;
/** `name:index` names one child of an array job; job names cannot contain a colon. */
const CHILD = /^(.+):(0|[1-9]\d*)$/;

/** CE fields that need an infrastructure update (spec §8.7), which actions do not model. */
const INFRASTRUCTURE = [
  'type', 'allocationStrategy', 'bidPercentage', 'instanceTypes', 'instanceRole', 'ec2KeyPair', 'ec2Configuration', 'imageId',
  'launchTemplate', 'placementGroup', 'securityGroupIds', 'subnets', 'tags', 'updateToLatestImageVersion', 'scalingPolicy',
];

export interface ActionContext {
  jobs: JobsRead;
  ces: ComputeEnvironmentsRead;
  queues: { specs: JobQueueSpec[]; byName: Map<string, JobQueueInfo> };
  policies: { specs: SchedulingPolicySpec[]; byName: Map<string, SchedulingPolicyInfo> };
}

interface Draft {
  spec: ActionSpec;
  /** Index in the file's `actions` list. */
  i: number;
  path: string;
}

/** Reads the actions, sorted by time then file order, and checks the jobs' queues over time. */
export function readActions(c: Checker, items: unknown[], ctx: ActionContext): ActionSpec[] {
  const drafts: Draft[] = [];
  const jobsByName = new Map<string, JobDraft[]>();
  for (const d of ctx.jobs.drafts) if (d.jobName !== undefined) append(jobsByName, d.jobName, d);
  items.forEach((item, i) => {
    const f = fields(c, item, `actions[${i}]`);
    const spec = f && readOne(f, ctx, jobsByName);
    if (f && spec) drafts.push({ spec, i, path: f.path });
  });
  drafts.sort((a, b) => a.spec.atMs - b.spec.atMs || a.i - b.i);
  checkCapacityUpdates(c, drafts, ctx.ces.specs);
  checkQueueStates(c, drafts, ctx);
  return drafts.map((d) => d.spec);
}

function readOne(f: Fields, ctx: ActionContext, jobsByName: Map<string, JobDraft[]>): ActionSpec | undefined {
  const at = f.number('at', { required: true, ...timeRule() });
  const action = readActionName(f);
  const atMs = at === undefined ? undefined : Math.round(at * 1000);
  switch (action) {
    case 'CancelJob':
    case 'TerminateJob':
      return readJobAction(f, action, atMs, ctx.jobs, jobsByName);
    case 'UpdateComputeEnvironment':
      return readUpdateComputeEnvironment(f, atMs, ctx.ces);
    case 'UpdateJobQueue':
      return readUpdateJobQueue(f, atMs, ctx);
    case 'UpdateSchedulingPolicy':
      return readUpdateSchedulingPolicy(f, atMs, ctx.policies.byName);
    case 'InterruptSpotInstances':
      return readInterrupt(f, atMs, ctx.ces);
    default:
      // Missing or unknown (reported): its other fields cannot be checked.
      return undefined;
  }
}

function readActionName(f: Fields): ActionName | undefined {
  const v = f.raw('action');
  if (v === undefined) {
    f.missing('action', `one of ${ACTIONS.join(', ')}`);
    return undefined;
  }
  const found = ACTIONS.find((a) => a === v);
  if (found) return found;
  const close = typeof v === 'string' ? ACTIONS.find((a) => a.toLowerCase() === v.toLowerCase()) : undefined;
  const shown = typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
  f.c.report(f.at('action'), close
    ? `Unknown action ${shown} (did you mean "${close}"? Action names are case-sensitive)`
    : `Unknown action ${shown} (known: ${ACTIONS.join(', ')})`);
  return undefined;
}

// --- CancelJob / TerminateJob ---------------------------------------------------------------

function readJobAction(
  f: Fields, action: 'CancelJob' | 'TerminateJob', atMs: number | undefined, jobs: JobsRead, byName: Map<string, JobDraft[]>,
): ActionSpec | undefined {
  f.allow(['at', 'action', 'jobId', 'reason']);
  const ref = f.string('jobId', { required: true, rule: 'the jobName of an entry of jobs, or name:index for one child of an array job' });
  let reason = f.string('reason', { required: true, rule: `a string of at most ${REASON_MAX} characters` });
  if (reason !== undefined && reason.length > REASON_MAX) {
    f.c.report(f.at('reason'), `reason must be at most ${REASON_MAX} characters, received ${reason.length}`);
    reason = undefined;
  }
  const target = ref === undefined ? undefined : resolveJob(f, ref, jobs, byName, atMs);
  if (atMs === undefined || reason === undefined || !target) return undefined;
  return { atMs, action, job: target.job, arrayIndex: target.arrayIndex, reason };
}

function resolveJob(
  f: Fields, ref: string, jobs: JobsRead, byName: Map<string, JobDraft[]>, atMs: number | undefined,
): { job: number; arrayIndex: number | null } | undefined {
  const at = f.at('jobId');
  const m = CHILD.exec(ref);
  const name = m ? m[1]! : ref;
  const arrayIndex = m ? Number(m[2]) : null;
  const matches = byName.get(name) ?? [];
  if (matches.length === 0) {
    f.c.report(at, `Unknown job "${name}": jobId must be the jobName of an entry of jobs, optionally with :index for an array child (known: ${knownKeys(byName)})`);
    return undefined;
  }
  if (matches.length > 1) {
    f.c.report(at, `Ambiguous jobId "${name}": ${matches.length} jobs have this jobName (${someOf(matches, (d) => d.path)}); give them distinct names`);
    return undefined;
  }
  const job = matches[0]!;
  let ok = true;
  if (arrayIndex !== null && job.arraySize !== undefined) {
    if (job.arraySize === 0) {
      f.c.report(at, `Job "${name}" (${job.path}) is not an array job, so jobId cannot name a child ("${ref}")`);
      ok = false;
    } else if (arrayIndex >= job.arraySize) {
      f.c.report(at, `Array index ${arrayIndex} is out of range: job "${name}" has arrayProperties.size ${job.arraySize} (children 0 to ${job.arraySize - 1})`);
      ok = false;
    }
  }
  if (atMs !== undefined && atMs < job.submitAtMs) {
    f.c.report(f.at('at'), `Job "${name}" is not submitted yet at ${seconds(atMs)} (${job.path}.submitAt is ${seconds(job.submitAtMs)})`);
    ok = false;
  }
  const position = jobs.positionOf.get(job);
  return ok && position !== undefined ? { job: position, arrayIndex } : undefined;
}

// --- UpdateComputeEnvironment -----------------------------------------------------------------

function readUpdateComputeEnvironment(f: Fields, atMs: number | undefined, ces: ComputeEnvironmentsRead): ActionSpec | undefined {
  f.allow(['at', 'action', 'computeEnvironment', 'state', 'computeResources'], ['serviceRole', 'updatePolicy', 'context', 'unmanagedvCpus']);
  const ce = resolveReference(f, 'computeEnvironment', 'compute-environment', ces.byName);
  const state = f.enum('state', ['ENABLED', 'DISABLED'] as const);
  const cr = f.object('computeResources');
  const values = { minvCpus: null as number | null, maxvCpus: null as number | null, desiredvCpus: null as number | null };
  let ok = state !== undefined || !f.has('state');
  if (cr) {
    const special = Object.fromEntries(INFRASTRUCTURE.map((k) => [k,
      `computeResources.${k} cannot be changed by an action: that is an infrastructure update (spec §8.7), which is not modelled; only minvCpus, maxvCpus and desiredvCpus can be updated`]));
    cr.allow(['minvCpus', 'maxvCpus', 'desiredvCpus'], [], special);
    for (const key of ['minvCpus', 'maxvCpus', 'desiredvCpus'] as const) {
      const v = cr.number(key, { integer: true, min: 0, ...API_INTEGER });
      if (v !== undefined) values[key] = v;
      else if (cr.has(key)) ok = false;
    }
    if (ce?.info.kind === 'UNMANAGED') {
      f.c.report(cr.path, `computeResources cannot be updated on an UNMANAGED compute environment ("${ce.name}" has the fixed fleet of its simulation.fleet)`);
      ok = false;
    } else if (ce?.info.platform === 'FARGATE') {
      for (const key of ['minvCpus', 'desiredvCpus'] as const) {
        if (!cr.has(key)) continue;
        f.c.report(cr.at(key), `${label(cr.at(key))} does not apply to ${ce.info.kind} compute environment "${ce.name}": a Fargate update only takes maxvCpus`);
        ok = false;
      }
    }
  }
  if (atMs === undefined || !ce || !ok) return undefined;
  return { atMs, action: 'UpdateComputeEnvironment', computeEnvironment: ce.name, state: state ?? null, ...values };
}

/**
 * Checks min ≤ max and desiredvCpus against each environment's values as configured and as changed
 * by earlier updates: spec §8.2 says an updated desiredvCpus must lie in [min, max] and must not be
 * lower than the current value. Batch also moves desiredvCpus with demand at run time, which the
 * file cannot know; the check uses the configured value (lowered only when maxvCpus is).
 */
function checkCapacityUpdates(c: Checker, drafts: Draft[], specs: ComputeEnvironmentSpec[]): void {
  const current = new Map<string, { min: number; max: number; desired: number }>();
  for (const s of specs) {
    const r = s.computeResources;
    if (r && (r.type === 'EC2' || r.type === 'SPOT')) current.set(s.computeEnvironmentName, { min: r.minvCpus, max: r.maxvCpus, desired: r.desiredvCpus });
  }
  for (const d of drafts) {
    const a = d.spec;
    if (a.action !== 'UpdateComputeEnvironment') continue;
    const cur = current.get(a.computeEnvironment);
    if (!cur) continue;
    const at = (key: string) => `${d.path}.computeResources.${key}`;
    const min = a.minvCpus ?? cur.min;
    const max = a.maxvCpus ?? cur.max;
    let ok = true;
    if (min > max) {
      if (a.minvCpus !== null) c.report(at('minvCpus'), `computeResources.minvCpus must be ≤ maxvCpus (${max}), received ${min}`);
      else c.report(at('maxvCpus'), `computeResources.maxvCpus must be ≥ minvCpus (${min}) of "${a.computeEnvironment}", received ${max}`);
      ok = false;
    }
    if (a.desiredvCpus !== null) {
      if (a.desiredvCpus < cur.desired) {
        c.report(at('desiredvCpus'),
          `computeResources.desiredvCpus cannot be lowered (spec §8.2): "${a.computeEnvironment}" has desiredvCpus ${cur.desired} at ${seconds(a.atMs)}, received ${a.desiredvCpus}`);
        ok = false;
      } else if (ok && (a.desiredvCpus < min || a.desiredvCpus > max)) {
        c.report(at('desiredvCpus'), `computeResources.desiredvCpus must be between minvCpus (${min}) and maxvCpus (${max}), received ${a.desiredvCpus}`);
        ok = false;
      }
    }
    if (ok) current.set(a.computeEnvironment, { min, max, desired: Math.min(max, Math.max(min, a.desiredvCpus ?? cur.desired)) });
  }
}

// --- UpdateJobQueue ---------------------------------------------------------------------------

function readUpdateJobQueue(f: Fields, atMs: number | undefined, ctx: ActionContext): ActionSpec | undefined {
  f.allow(['at', 'action', 'jobQueue', 'state', 'priority', 'computeEnvironmentOrder', 'schedulingPolicyArn'], [], {
    jobStateTimeLimitActions: 'jobStateTimeLimitActions cannot be changed by an action yet (set them on the queue in jobQueues)',
    serviceEnvironmentOrder: 'SageMaker service environments are not supported (use computeEnvironmentOrder)',
  });
  const queue = resolveReference(f, 'jobQueue', 'job-queue', ctx.queues.byName);
  const state = f.enum('state', ['ENABLED', 'DISABLED'] as const);
  const priority = f.number('priority', { integer: true, min: 0, max: LIMITS.priorityMax });
  let ok = (state !== undefined || !f.has('state')) && (priority !== undefined || !f.has('priority'));
  let order: string[] | null = null;
  if (f.has('computeEnvironmentOrder')) {
    const before = f.c.problems.length;
    const read = readComputeEnvironmentOrder(f, ctx.ces.byName);
    if (f.c.problems.length > before) ok = false;
    order = read.names;
    const was = queue?.info.platform;
    if (queue && was && read.platform && read.platform !== was) {
      // jobQueueType (ECS / ECS_FARGATE) is fixed when the queue is created, and its jobs were submitted for that platform.
      f.c.report(f.at('computeEnvironmentOrder'),
        `UpdateJobQueue cannot move job queue "${queue.name}" from ${was} to ${read.platform} compute environments (its jobs were submitted for ${was})`);
      ok = false;
    }
  }
  const policy = readQueuePolicyUpdate(f, queue, ctx.policies.byName);
  if (atMs === undefined || !queue || !ok || !policy.ok) return undefined;
  return {
    atMs, action: 'UpdateJobQueue', jobQueue: queue.name, state: state ?? null, priority: priority ?? null, computeEnvironmentOrder: order,
    schedulingPolicy: policy.schedulingPolicy,
  };
}


/**
 * SubmitJob to a DISABLED queue is refused (spec §6.7). A job's queue must be ENABLED at its
 * submitAt: as created, then as changed by UpdateJobQueue actions before that instant.
 */
function checkQueueStates(c: Checker, drafts: Draft[], ctx: ActionContext): void {
  // Each queue's state changes in time order (drafts are sorted by time, then file order).
  const changes = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (d.spec.action === 'UpdateJobQueue' && d.spec.state !== null) append(changes, d.spec.jobQueue, d);
  }
  for (const job of ctx.jobs.drafts) {
    const info = job.jobQueue === undefined ? undefined : ctx.queues.byName.get(job.jobQueue);
    if (!info) continue;
    // The last change strictly before the submission (at one instant, submissions come first).
    const list = changes.get(job.jobQueue!) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.spec.atMs < job.submitAtMs) lo = mid + 1;
      else hi = mid;
    }
    const by = lo > 0 ? list[lo - 1] : undefined;
    const state = by ? (by.spec as { state: 'ENABLED' | 'DISABLED' }).state : info.state;
    if (state === 'ENABLED') continue;
    const when = by ? ` at ${seconds(job.submitAtMs)} (set by ${by.path} at ${seconds(by.spec.atMs)})` : '';
    c.report(`${job.path}.jobQueue`, `Job queue "${job.jobQueue}" is DISABLED${when}, and AWS Batch refuses SubmitJob to a disabled queue`);
  }
}

// --- InterruptSpotInstances -------------------------------------------------------------------

function readInterrupt(f: Fields, atMs: number | undefined, ces: ComputeEnvironmentsRead): ActionSpec | undefined {
  f.allow(['at', 'action', 'instanceId', 'instanceType', 'computeEnvironment', 'count']);
  const before = f.c.problems.length;
  const instanceId = f.string('instanceId', { pattern: INSTANCE_ID, rule: 'an EC2 instance id: i- followed by 17 lower-case hexadecimal digits' });
  const type = f.string('instanceType', { rule: 'an instance type of the catalog, e.g. c5.large' });
  const ce = f.has('computeEnvironment') ? resolveReference(f, 'computeEnvironment', 'compute-environment', ces.byName, false) : undefined;
  const count = f.number('count', { integer: true, min: 1 });
  if (!f.has('instanceId') && !f.has('instanceType') && !f.has('computeEnvironment')) {
    f.c.report(f.path, 'InterruptSpotInstances needs at least one of instanceId, instanceType and computeEnvironment (to say which Spot instances to interrupt)');
  }
  if (ce && ce.info.kind !== undefined && ce.info.kind !== 'SPOT' && ce.info.kind !== 'FARGATE_SPOT') {
    f.c.report(f.at('computeEnvironment'), `InterruptSpotInstances needs a SPOT or FARGATE_SPOT compute environment, "${ce.name}" is ${ce.info.kind}`);
  }
  if (type !== undefined) checkInterruptType(f, type, ce, ces);
  if (atMs === undefined || f.c.problems.length > before) return undefined;
  return { atMs, action: 'InterruptSpotInstances', instanceId: instanceId ?? null, instanceType: type ?? null, computeEnvironment: ce?.name ?? null, count: count ?? null };
}

/** The type must be one a Spot environment (the named one, if any) can launch, or nothing could match. */
function checkInterruptType(f: Fields, type: string, ce: { name: string; info: ComputeEnvironmentInfo } | undefined, ces: ComputeEnvironmentsRead): void {
  const at = f.at('instanceType');
  if (!instanceType(type)) {
    f.c.report(at, `instanceType must be an instance type of the catalog, e.g. c5.large, received "${type}"`);
    return;
  }
  if (ce) {
    if (ce.info.kind === 'FARGATE_SPOT') {
      f.c.report(at, `instanceType does not apply to FARGATE_SPOT compute environment "${ce.name}" (Fargate has no instance types)`);
      return;
    }
    const spec = ces.specs.find((s) => s.computeEnvironmentName === ce.name);
    if (ce.info.kind === 'SPOT' && spec && !launchableTypes(spec).includes(type)) {
      f.c.report(at, `Compute environment "${ce.name}" cannot launch ${type} (its instance types: ${knownNames(launchableTypes(spec))})`);
    }
    return;
  }
  const spot = ces.specs.filter((s) => s.computeResources?.type === 'SPOT');
  if (!spot.some((s) => launchableTypes(s).includes(type))) {
    f.c.report(at, `No SPOT compute environment can launch ${type}, so no instance would match (SPOT environments: ${quoteList(spot.map((s) => s.computeEnvironmentName)) || 'none'})`);
  }
}

// --- shared -----------------------------------------------------------------------------------


/** 90 s, 12.5 s: a time as the file writes it. */
function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

