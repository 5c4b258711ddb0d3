// Resolving the job queue and job definition a trace row names (a name, an ARN, `name:revision`,
// an SWF queue number, …) to the scenario's, through the workload's mapping tables. The same code
// runs when the scenario is loaded (over the drafts being checked) and when the replay runs (over
// the normalized Scenario), so both passes accept and refuse the same rows.
import { nameFromReference } from '../scenario/names.js';
import { append, armOnFargateSpot, knownKeys } from '../scenario/references.js';
import { shareRule } from '../scenario/scheduling-policies.js';
import type { Scenario } from '../scenario/types.js';

export type Platform = 'EC2' | 'FARGATE';

export interface QueueTarget {
  index: number;
  name: string;
  state: 'ENABLED' | 'DISABLED';
  platform: Platform | undefined;
  /** Every compute environment is FARGATE_SPOT (no ARM64 jobs, spec §9). */
  fargateSpotOnly: boolean;
  /** Its fair-share scheduling policy, null for FIFO, undefined when unknown (see JobQueueInfo). */
  schedulingPolicy: string | null | undefined;
}

export interface DefinitionTarget {
  index: number;
  name: string;
  revision: number;
  platform: Platform | undefined;
  arch: 'X86_64' | 'ARM64';
  /** The definition's resources; null when the definition itself has problems (reported elsewhere). */
  resources: { vcpus: number; memory: number; gpus: number } | null;
  /** type multinode: a replay does not submit those (its rows are container jobs). */
  multiNode: boolean;
  /** Deregistered (INACTIVE): SubmitJob refuses it, and a bare name means the latest active revision. */
  inactive: boolean;
}

/** What a replay can refer to: the scenario's queues and definitions by name. */
export interface Catalog {
  queues: Map<string, QueueTarget>;
  /** Revisions of each name in order. */
  definitions: Map<string, DefinitionTarget[]>;
}

export function catalogOf(scenario: Scenario): Catalog {
  const ceType = new Map(scenario.computeEnvironments.map((ce) => [ce.computeEnvironmentName, ce.computeResources?.type ?? 'EC2']));
  const queues = new Map<string, QueueTarget>();
  scenario.jobQueues.forEach((q, index) => {
    const first = q.computeEnvironmentOrder[0];
    const type = first === undefined ? undefined : ceType.get(first);
    const platform: Platform | undefined = type === undefined ? undefined : type === 'FARGATE' || type === 'FARGATE_SPOT' ? 'FARGATE' : 'EC2';
    const fargateSpotOnly = q.computeEnvironmentOrder.length > 0 && q.computeEnvironmentOrder.every((ce) => ceType.get(ce) === 'FARGATE_SPOT');
    queues.set(q.jobQueueName, { index, name: q.jobQueueName, state: q.state, platform, fargateSpotOnly, schedulingPolicy: q.schedulingPolicy ?? null });
  });
  const definitions = new Map<string, DefinitionTarget[]>();
  scenario.jobDefinitions.forEach((d, index) => {
    const t: DefinitionTarget = {
      index, name: d.jobDefinitionName, revision: d.revision,
      platform: d.platformCapabilities.includes('FARGATE') ? 'FARGATE' : 'EC2',
      arch: d.cpuArchitecture ?? 'X86_64',
      resources: { vcpus: d.vcpus, memory: d.memory, gpus: d.gpus },
      multiNode: d.type === 'multinode',
      inactive: d.inactive === true,
    };
    append(definitions, d.jobDefinitionName, t);
  });
  return { queues, definitions };
}

export interface MappingSpec {
  jobQueue: string | null;
  jobDefinition: number | null;
  jobQueueMap: Record<string, string>;
  jobDefinitionMap: Record<string, string>;
}

/** Either the target or a message saying what was wrong. */
export type Resolved<T> = T | { error: string };

export function isError<T>(r: Resolved<T>): r is { error: string } {
  return typeof r === 'object' && r !== null && 'error' in r;
}

export class Resolver {
  private readonly queueCache = new Map<string, Resolved<QueueTarget>>();
  private readonly definitionCache = new Map<string, Resolved<DefinitionTarget>>();
  private readonly defaultDefinition: DefinitionTarget | undefined;

  constructor(private readonly catalog: Catalog, private readonly spec: MappingSpec) {
    if (spec.jobDefinition !== null) {
      for (const revisions of catalog.definitions.values()) {
        const found = revisions.find((d) => d.index === spec.jobDefinition);
        if (found) this.defaultDefinition = found;
      }
    }
  }

  /** `value` empty or undefined: the workload's default queue. */
  queue(value: string | undefined): Resolved<QueueTarget> {
    const key = value ?? '';
    let r = this.queueCache.get(key);
    if (r === undefined) {
      r = this.resolveQueue(key);
      this.queueCache.set(key, r);
    }
    return r;
  }

  definition(value: string | undefined): Resolved<DefinitionTarget> {
    const key = value ?? '';
    let r = this.definitionCache.get(key);
    if (r === undefined) {
      r = this.resolveDefinition(key);
      this.definitionCache.set(key, r);
    }
    return r;
  }

  private resolveQueue(value: string): Resolved<QueueTarget> {
    if (value === '') {
      if (this.spec.jobQueue === null) return { error: 'no job queue: the row gives none and the workload has no default jobQueue' };
      return this.queueByName(this.spec.jobQueue, value);
    }
    const name = nameFromReference(value, 'job-queue');
    // The table may name the value as written or the queue name inside an ARN.
    const mapped = own(this.spec.jobQueueMap, value) ?? (name === undefined ? undefined : own(this.spec.jobQueueMap, name));
    if (mapped !== undefined) return this.queueByName(mapped, value);
    // Names written in the trace are not quoted back (see trace.ts); the row's line and column say where.
    if (name === undefined) return { error: 'not a job queue name or job-queue ARN' };
    return this.queueByName(name, value);
  }

  /** A scenario queue by its name (no mapping); cached. */
  queueNamed(name: string): Resolved<QueueTarget> {
    const key = `\u0000${name}`;
    let r = this.queueCache.get(key);
    if (r === undefined) {
      r = this.queueByName(name, '');
      this.queueCache.set(key, r);
    }
    return r;
  }

  private queueByName(name: string, written: string): Resolved<QueueTarget> {
    const q = this.catalog.queues.get(name);
    if (!q) {
      const which = written !== '' ? 'unknown job queue (map other names to the scenario\'s queues with jobQueueMap)' : `unknown job queue "${name}"`;
      return { error: `${which}; known: ${knownKeys(this.catalog.queues)}` };
    }
    if (q.state === 'DISABLED') return { error: `job queue "${name}" is DISABLED, and AWS Batch refuses SubmitJob to a disabled queue` };
    return q;
  }

  private resolveDefinition(value: string): Resolved<DefinitionTarget> {
    const d = this.findDefinition(value);
    if (!isError(d) && d.multiNode) {
      return { error: `job definition "${d.name}:${d.revision}" is a multi-node (type multinode) definition: a replayed row is a container job (submit multi-node jobs in jobs)` };
    }
    return d;
  }

  private findDefinition(value: string): Resolved<DefinitionTarget> {
    if (value === '') {
      if (this.defaultDefinition) return this.defaultDefinition;
      return { error: 'no job definition: the row gives none and the workload has no default jobDefinition' };
    }
    // The table may name the value as written, without its revision, or the name inside an ARN.
    const inArn = nameFromReference(value, 'job-definition');
    const keys = [value, stripRevision(value), ...(inArn !== undefined && inArn !== value ? [inArn, stripRevision(inArn)] : [])];
    const ref = keys.map((k) => own(this.spec.jobDefinitionMap, k)).find((r) => r !== undefined) ?? value;
    const inner = nameFromReference(ref, 'job-definition');
    const m = inner === undefined ? null : /^([A-Za-z0-9_-]+)(?::(\d+))?$/.exec(inner);
    if (!m) return { error: 'not a job definition name, name:revision or job-definition ARN' };
    const revisions = this.catalog.definitions.get(m[1]!);
    if (!revisions) {
      return { error: `unknown job definition (map other names with jobDefinitionMap); known: ${knownKeys(this.catalog.definitions)}` };
    }
    // A mapped reference names the revision it wants; a revision written in the trace is used when
    // the scenario registers it, otherwise the latest (a trace's revision numbers are its account's).
    const wanted = m[2] === undefined ? undefined : Number(m[2]);
    const exact = wanted === undefined ? undefined : revisions.find((d) => d.revision === wanted);
    if (exact?.inactive) return { error: `job definition "${m[1]}:${wanted}" is INACTIVE (deregistered), and AWS Batch refuses SubmitJob with an inactive job definition` };
    if (exact) return exact;
    if (wanted !== undefined && ref !== value) return { error: `job definition "${m[1]}" has no revision ${wanted} (registered: ${revisions.map((d) => d.revision).join(', ')})` };
    // As SubmitJob: a name without a revision (or with one the scenario does not register) is the latest ACTIVE revision.
    const latest = revisions.filter((d) => !d.inactive).pop();
    return latest ?? { error: `job definition "${m[1]}" has no ACTIVE revision (${revisions.map((d) => d.revision).join(', ')} are INACTIVE)` };
  }
}

/** `arn:…:job-definition/name:3` → `arn:…:job-definition/name`, `name:3` → `name`. */
function stripRevision(value: string): string {
  return value.replace(/:\d+$/, '');
}

/** `table[key]` if the table has it itself: a key such as "constructor" must not find Object.prototype's. */
export function own<T>(table: Readonly<Record<string, T | undefined>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A definition and a queue of different platforms (spec §6.3), or an ARM64 job on Fargate Spot only (spec §9). */
export function platformMismatch(q: QueueTarget, d: DefinitionTarget): string | undefined {
  if (!q.platform || !d.platform) return undefined;
  if (q.platform !== d.platform) return `job definition "${d.name}:${d.revision}" requires ${d.platform} but job queue "${q.name}" has ${q.platform} compute environments`;
  if (d.platform === 'FARGATE' && d.arch === 'ARM64' && q.fargateSpotOnly) return armOnFargateSpot(`${d.name}:${d.revision}`, q.name);
  return undefined;
}

/**
 * SubmitJob's shareIdentifier rule (spec §7.2) for a replayed row going to `q`, the one scenario
 * jobs follow: what is wrong, to follow "shareIdentifier", or undefined.
 */
export function rowShareRule(q: QueueTarget, given: boolean): string | undefined {
  // On a FIFO queue a trace's identifier is dropped (keptShare), not refused: one trace can be
  // replayed onto FIFO and fair-share fleets alike (docs/workloads.md).
  if (q.schedulingPolicy === null) return undefined;
  return shareRule(q.name, q.schedulingPolicy, given);
}

/** The identifier a replayed row submits with: its own on a fair-share queue; none on a FIFO queue (SubmitJob would refuse it). */
export function keptShare(q: Resolved<QueueTarget>, share: string | undefined): string | undefined {
  return share !== undefined && !isError(q) && q.schedulingPolicy !== null ? share : undefined;
}
