// The resources of every source as one account: what a description says about a resource's state
// understood (status, statusReason), identities dropped (ARNs, uuids: the scenario names things),
// resources of AWS Batch features batchsim does not simulate left out, the same resource given by
// two sources kept once, references between resources (ARNs, CloudFormation's and Terraform's
// resolved names) turned into the names of imported resources, and everything in a stable order.
import type { Problem } from '../scenario/errors.js';
import { nameFromReference } from '../scenario/names.js';
import { UNSUPPORTED } from '../scenario/unsupported.js';
import { UNRESOLVED, unresolvedReason } from './cfn-intrinsics.js';
import { compare } from '../scenario/instance-types.js';
import { KINDS, SECTIONS, define, isObj, nameOf, pruneEmpty, sortListOf, type Imported, type Kind, type Notice, type Obj, type SourceResult } from './model.js';

export interface Account {
  /** The resources kept, per kind, in the order the scenario lists them. */
  resources: Record<Kind, Imported[]>;
  notices: Notice[];
  problems: Problem[];
  /** Placeholders `<unresolved …>` of all sources, with why each could not be resolved. */
  unresolved: ReadonlyMap<string, string>;
}

/** Identity and bookkeeping fields of describe output (and Terraform state): not configuration. */
const IDENTITY: Record<Kind, string[]> = {
  computeEnvironment: ['computeEnvironmentArn', 'ecsClusterArn', 'uuid', 'containerOrchestrationType'],
  jobQueue: ['jobQueueArn'],
  jobDefinition: ['containerOrchestrationType'],
  schedulingPolicy: ['arn'],
};

export function buildAccount(results: SourceResult[]): Account {
  const notices: Notice[] = [];
  const problems: Problem[] = [];
  const note = (r: Imported, message: string) => notices.push({ file: r.file, where: r.label, message });
  const unresolved = new Map<string, string>();
  for (const s of results) for (const [token, why] of s.unresolved ?? []) unresolved.set(token, why);

  const kept: Imported[] = [];
  for (const s of results) {
    for (const r of s.resources) {
      r.request = pruneEmpty(r.request) as Obj;
      const why = unsupported(r);
      if (why !== undefined) {
        note(r, `not imported: ${why}`);
        continue;
      }
      if (understandState(r, s.kind, note)) kept.push(r);
    }
  }
  const unique = dropRepeats(kept, notices, problems);
  const byKind = Object.fromEntries(KINDS.map((k) => [k, unique.filter((r) => r.kind === k)])) as Record<Kind, Imported[]>;
  const names = (k: Kind) => new Set(byKind[k].map((r) => nameOf(r)!));
  byKind.jobQueue = byKind.jobQueue.filter((q) => resolveQueue(q, names('computeEnvironment'), names('schedulingPolicy'), unresolved, note));
  // Sets to AWS (Terraform gives them as sets), sorted so that one account read from two sources
  // reads the same: instance types, and share entries, which may not overlap.
  for (const ce of byKind.computeEnvironment) sortListOf(ce, 'computeResources.instanceTypes', String);
  for (const sp of byKind.schedulingPolicy) sortListOf(sp, 'fairsharePolicy.shareDistribution', (e) => String(isObj(e) ? e.shareIdentifier : ''));
  for (const k of KINDS) {
    byKind[k].sort((a, b) => compare(nameOf(a) ?? '', nameOf(b) ?? '') || (k === 'jobDefinition' ? revisionOf(a) - revisionOf(b) : 0));
  }
  for (const r of unique) r.request = canonical(r.request, FIRST[r.kind]) as Obj;
  const inactive = byKind.jobDefinition.filter((d) => d.request.status === 'INACTIVE');
  if (inactive.length > 0) {
    notices.push({
      file: inactive[0]!.file, where: '',
      message: `${inactive.length} job definition ${inactive.length === 1 ? 'revision is' : 'revisions are'} INACTIVE (deregistered): kept with status INACTIVE, so jobs cannot be submitted with ${inactive.length === 1 ? 'it' : 'them'} (${inactive.map((d) => `${nameOf(d)}:${revisionOf(d)}`).join(', ')})`,
    });
  }
  return { resources: byKind, notices, problems, unresolved };
}

/** Why batchsim cannot simulate this resource at all, or undefined. */
function unsupported(r: Imported): string | undefined {
  const q = r.request;
  switch (r.kind) {
    case 'computeEnvironment':
      if (q.eksConfiguration !== undefined || q.containerOrchestrationType === 'EKS') return 'EKS compute environments are not simulated (only ECS: EC2, SPOT, FARGATE, FARGATE_SPOT)';
      return undefined;
    case 'jobDefinition': {
      const key = Object.keys(UNSUPPORTED.jobDefinition).find((k) => q[k] !== undefined) as keyof typeof UNSUPPORTED.jobDefinition | undefined;
      return key === undefined ? undefined : `${key}: ${UNSUPPORTED.jobDefinition[key]}`;
    }
    case 'schedulingPolicy':
      return q.quotaSharePolicy !== undefined ? UNSUPPORTED.schedulingPolicy.quotaSharePolicy : undefined;
    case 'jobQueue':
      if (q.serviceEnvironmentOrder !== undefined || (typeof q.jobQueueType === 'string' && q.jobQueueType.startsWith('SAGEMAKER'))) {
        return 'a job queue of SageMaker service environments, which are not simulated';
      }
      return q.jobQueueType === 'EKS' ? 'a job queue of EKS compute environments, which are not simulated' : undefined;
  }
}

/**
 * What a description says about a resource's state, as the scenario can say it: an INVALID compute
 * environment or queue cannot work, so it is imported DISABLED; one being deleted is left out; a
 * deregistered job definition keeps status INACTIVE. desiredvCpus of a description is the scaler's
 * state at that moment, not configuration. Returns false when the resource is left out.
 */
function understandState(r: Imported, source: SourceResult['kind'], note: (r: Imported, m: string) => void): boolean {
  const q = r.request;
  for (const key of IDENTITY[r.kind]) delete q[key];
  if (r.kind === 'jobDefinition') {
    const arn = typeof q.jobDefinitionArn === 'string' ? /:(\d+)$/.exec(q.jobDefinitionArn) : null;
    if (q.revision === undefined && arn) q.revision = Number(arn[1]);
    delete q.jobDefinitionArn;
    if (q.status === 'ACTIVE') delete q.status;
    return true;
  }
  if (r.kind === 'computeEnvironment' && source !== 'cloudformation' && isObj(q.computeResources) && q.computeResources.desiredvCpus !== undefined) {
    delete q.computeResources.desiredvCpus;
    note(r, 'desiredvCpus left out: it is the scaling state at the time of the description, not configuration (the simulation starts from minvCpus)');
  }
  if (r.kind === 'computeEnvironment' && q.type === 'UNMANAGED') {
    note(r, 'UNMANAGED: AWS does not know its instances, so it has none in the simulation; declare them as simulation.fleet (docs/scenario.md) in a scenario of your own, as the next import rewrites this file');
  }
  const status = q.status;
  const reason = typeof q.statusReason === 'string' ? ` (statusReason: "${q.statusReason}")` : '';
  delete q.status;
  delete q.statusReason;
  if (status === 'DELETING' || status === 'DELETED') {
    note(r, `not imported: its status is ${status}${reason}`);
    return false;
  }
  if (status === 'INVALID') {
    q.state = 'DISABLED';
    note(r, `its status is INVALID${reason}: imported with state DISABLED, as AWS Batch cannot use it (set state ENABLED to simulate it as if it worked)`);
  }
  return true;
}

/**
 * The same resource given twice (e.g. by two describe files) is kept once; two different ones of a
 * name are a problem. A job definition's revision is part of its identity: revisions without a
 * stated number (CloudFormation, a Terraform plan) are registered in order.
 */
function dropRepeats(resources: Imported[], notices: Notice[], problems: Problem[]): Imported[] {
  const seen = new Map<string, Imported>();
  const out: Imported[] = [];
  for (const r of resources) {
    const name = nameOf(r);
    const stated = r.kind !== 'jobDefinition' || r.request.revision !== undefined;
    const key = `${r.kind}\u0000${name}\u0000${stated ? String(r.request.revision ?? '') : JSON.stringify(r.request)}`;
    const first = name === undefined ? undefined : seen.get(key);
    if (!first) {
      if (name !== undefined) seen.set(key, r);
      out.push(r);
    } else if (JSON.stringify(first.request) === JSON.stringify(r.request)) {
      notices.push({ file: r.file, where: r.label, message: `the same as ${first.label} (${first.file}): imported once` });
    } else {
      const what = `${SECTIONS[r.kind].what} "${name}${r.kind === 'jobDefinition' ? `:${String(r.request.revision)}` : ''}"`;
      problems.push(r.provenance.problem(SECTIONS[r.kind].nameField, `${what} is also defined by ${first.label} (${first.file}), differently; import one account's sources at a time`));
    }
  }
  return out;
}

/**
 * A queue's compute environments and scheduling policy by name (an ARN or a name); an entry naming
 * no imported environment is left out, and a queue left with none is not imported.
 */
function resolveQueue(q: Imported, environments: Set<string>, policies: Set<string>, unresolved: Map<string, string>, note: (r: Imported, m: string) => void): boolean {
  const why = (ref: string) => {
    const reason = unresolvedReason(ref, unresolved);
    return reason !== undefined ? `${ref}: ${reason}` : ref.startsWith(UNRESOLVED) ? ref : `"${ref}"`;
  };
  const order = Array.isArray(q.request.computeEnvironmentOrder) ? q.request.computeEnvironmentOrder : [];
  const entries = order.filter((e, i) => {
    if (!isObj(e) || typeof e.computeEnvironment !== 'string') return true;
    const name = nameFromReference(e.computeEnvironment, 'compute-environment');
    if (name !== undefined && environments.has(name)) {
      e.computeEnvironment = name;
      return true;
    }
    note(q, `computeEnvironmentOrder[${i}] left out: it refers to ${why(e.computeEnvironment)}, which is not among the imported compute environments (import the source that has it too)`);
    return false;
  });
  if (order.length > 0 && entries.length === 0) {
    note(q, 'not imported: none of its compute environments is among the imported ones');
    return false;
  }
  if (order.length > 0) q.request.computeEnvironmentOrder = entries;
  const policy = q.request.schedulingPolicyArn;
  if (typeof policy === 'string') {
    const name = nameFromReference(policy, 'scheduling-policy');
    if (name !== undefined && policies.has(name)) {
      q.request.schedulingPolicyArn = name;
    } else {
      delete q.request.schedulingPolicyArn;
      note(q, `schedulingPolicyArn left out: it refers to ${why(policy)}, which is not among the imported scheduling policies, so the queue is FIFO in the simulation (import the policy's source too)`);
    }
  }
  return true;
}

/** The fields a resource's request starts with, in the API reference's order; the rest follow sorted. */
const FIRST: Record<Kind, string[]> = {
  computeEnvironment: ['computeEnvironmentName', 'type', 'state', 'computeResources'],
  jobQueue: ['jobQueueName', 'priority', 'state', 'schedulingPolicyArn', 'computeEnvironmentOrder'],
  schedulingPolicy: ['name', 'fairsharePolicy'],
  jobDefinition: ['jobDefinitionName', 'revision', 'status', 'type', 'platformCapabilities', 'containerProperties', 'nodeProperties'],
};

/**
 * The request with its fields in one order whatever the source's (`FIRST`, then the rest sorted,
 * and sorted within), so that one account read from two sources is written the same. Lists keep
 * their order: it means something (evaluateOnExit's first match, node ranges).
 */
function canonical(v: unknown, first: readonly string[] = []): unknown {
  if (Array.isArray(v)) return v.map((x) => canonical(x));
  if (!isObj(v)) return v;
  const keys = Object.keys(v);
  const rest = keys.filter((k) => !first.includes(k)).sort(compare);
  const out: Obj = {};
  for (const k of [...first.filter((k) => keys.includes(k)), ...rest]) define(out, k, canonical(v[k]));
  return out;
}

function revisionOf(r: Imported): number {
  return typeof r.request.revision === 'number' ? r.request.revision : 0;
}

/** Plain code-unit order: the same on every machine (localeCompare is not). */
