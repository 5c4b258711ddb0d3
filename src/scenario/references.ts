// Resolving the `jobQueue` and `jobDefinition` of a SubmitJob request (or a workload), with the
// checks AWS makes at submit time (spec §6.7, §11.1, §11.3).
import { quoteList, type Fields } from './check.js';
import { findRevision, latestActive, type JobDefinitionDraft } from './job-definitions.js';
import type { JobQueueInfo } from './job-queues.js';
import { nameFromReference } from './names.js';

/** "a", "b", … shortened to the first `max` names. */
export function knownNames(names: Iterable<string>, max = 10): string {
  const all = [...new Set(names)].sort();
  if (all.length === 0) return 'none';
  const shown = quoteList(all.slice(0, max));
  return all.length > max ? `${shown}, … ${all.length - max} more` : shown;
}

const knownCache = new WeakMap<ReadonlyMap<string, unknown>, { size: number; text: string }>();

/**
 * knownNames of a map's keys, computed once per map (and again only if it grew): a file with
 * thousands of names and as many unknown references would otherwise sort them for every problem.
 */
export function knownKeys(map: ReadonlyMap<string, unknown>): string {
  const hit = knownCache.get(map);
  if (hit && hit.size === map.size) return hit.text;
  const text = knownNames(map.keys());
  knownCache.set(map, { size: map.size, text });
  return text;
}

/** "jobs[0], jobs[2], … 98 more": the first `max` items, shown by `show` (only those are). */
export function someOf<T>(items: readonly T[], show: (item: T) => string, max = 5): string {
  const shown = items.slice(0, max).map(show).join(', ');
  return items.length > max ? `${shown}, … ${items.length - max} more` : shown;
}

/** Adds `value` to the list kept under `key` (names that several entries share). */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const KIND_LABEL = { 'job-queue': 'job queue', 'compute-environment': 'compute environment', 'scheduling-policy': 'scheduling policy' } as const;

/**
 * A job queue, compute environment or scheduling policy named by `key`, as a name or an ARN of that kind; reports a
 * malformed or unknown reference (listing the known names) and returns undefined then.
 */
export function resolveReference<T>(
  f: Fields, key: string, kind: keyof typeof KIND_LABEL, known: ReadonlyMap<string, T>, required = true,
): { name: string; info: T } | undefined {
  const what = KIND_LABEL[kind];
  const ref = f.string(key, { required, rule: `a ${what} name or ARN` });
  if (ref === undefined) return undefined;
  const name = nameFromReference(ref, kind);
  if (name === undefined) {
    f.c.report(f.at(key), `${key} must be a ${what} name or an ARN ending in ${kind}/<name>, received "${ref}"`);
    return undefined;
  }
  const info = known.get(name);
  if (info === undefined) {
    f.c.report(f.at(key), `Unknown ${what} "${name}" (known: ${knownKeys(known)})`);
    return undefined;
  }
  return { name, info };
}

/**
 * A queue name or ARN; the queue must exist and be ENABLED (AWS refuses SubmitJob otherwise).
 * `checkState: false` leaves the state to the caller (jobs: actions may change it over time).
 */
export function resolveJobQueue(
  f: Fields, key: string, queues: Map<string, JobQueueInfo>, opts: { checkState: boolean } = { checkState: true },
): { name: string; info: JobQueueInfo } | undefined {
  const queue = resolveReference(f, key, 'job-queue', queues);
  if (queue && opts.checkState && queue.info.state === 'DISABLED') {
    f.c.report(f.at(key), `Job queue "${queue.name}" is DISABLED, and AWS Batch refuses SubmitJob to a disabled queue`);
  }
  return queue;
}

/** `name`, `name:revision`, or `arn:aws:batch:…:job-definition/name[:revision]`; no revision = the latest. */
export function resolveJobDefinition(f: Fields, key: string, definitions: Map<string, JobDefinitionDraft[]>): JobDefinitionDraft | undefined {
  const ref = f.string(key, { required: true, rule: 'a job definition name, name:revision or ARN' });
  if (ref === undefined) return undefined;
  const inner = nameFromReference(ref, 'job-definition');
  const m = inner === undefined ? null : /^([A-Za-z0-9_-]+)(?::(\d+))?$/.exec(inner);
  if (!m) {
    f.c.report(f.at(key), `${key} must be name, name:revision or a job-definition ARN, received "${ref}"`);
    return undefined;
  }
  const name = m[1]!;
  const revisions = definitions.get(name);
  if (!revisions) {
    f.c.report(f.at(key), `Unknown job definition "${name}" (known: ${knownKeys(definitions)})`);
    return undefined;
  }
  if (m[2] === undefined) {
    // SubmitJob: "If the revision is not specified, then the latest active revision is used."
    const latest = latestActive(revisions);
    if (!latest) f.c.report(f.at(key), `Job definition "${name}" has no ACTIVE revision (${revisions.map((d) => d.revision).join(', ')} are INACTIVE), and AWS Batch submits a name without a revision to its latest active one`);
    return latest;
  }
  const revision = Number(m[2]);
  const found = findRevision(revisions, revision);
  if (!found) {
    f.c.report(f.at(key), `Job definition "${name}" has no revision ${revision} (registered: ${revisions.map((d) => d.revision).join(', ')})`);
  } else if (found.status === 'INACTIVE') {
    f.c.report(f.at(key), `Job definition "${name}:${revision}" is INACTIVE (deregistered), and AWS Batch refuses SubmitJob with an inactive job definition`);
  }
  return found;
}

/**
 * A FARGATE definition needs a Fargate queue and an EC2 definition an EC2 one; an ARM64 Fargate
 * definition needs a queue with a FARGATE environment, since Fargate Spot runs x86_64 only (spec §9).
 */
export function checkQueueFits(
  f: Fields, key: string, definition: JobDefinitionDraft | undefined, queue: { name: string; info: JobQueueInfo } | undefined,
): void {
  const capability = definition?.capability;
  const platform = queue?.info.platform;
  if (!definition || !queue || !capability || !platform) return;
  if (capability !== platform) {
    f.c.report(f.at(key),
      `Job definition "${definition.name}:${definition.revision}" requires ${capability} but job queue "${queue.name}" has ${platform} compute environments`);
  } else if (capability === 'FARGATE' && definition.cpuArchitecture === 'ARM64' && queue.info.fargateSpotOnly) {
    const message = armOnFargateSpot(`${definition.name}:${definition.revision}`, queue.name);
    f.c.report(f.at(key), message.charAt(0).toUpperCase() + message.slice(1));
  }
}

/** Workloads do not submit multi-node jobs: a multinode definition at `key` is a problem (reported; true). */
export function refuseMultiNode(f: Fields, key: string, definition: JobDefinitionDraft | undefined): boolean {
  if (definition?.type !== 'multinode') return false;
  f.c.report(f.at(key),
    `Job definition "${definition.name}:${definition.revision}" is a multi-node parallel job (type multinode), which workloads do not submit: submit it in jobs instead`);
  return true;
}

/**
 * A SubmitJob request's multi-node job (at f.jobQueue): it does not run on SPOT or UNMANAGED compute
 * environments (spec §12; AWS accepts the job and leaves it RUNNABLE), and its instance type (after
 * nodeOverrides) must be one the queue's environments launch. A queue of the other platform is
 * checkQueueFits's to report.
 */
export function checkMultiNodeQueue(
  f: Fields, definition: JobDefinitionDraft, queue: { name: string; info: JobQueueInfo } | undefined, instanceType: string | null,
): void {
  if (!queue || !definition.capability || definition.capability !== queue.info.platform) return;
  const ref = `${definition.name}:${definition.revision}`;
  const at = f.at('jobQueue');
  const refused = queue.info.computeEnvironments.filter((ce) => ce.kind === 'SPOT' || ce.kind === 'UNMANAGED');
  if (refused.length > 0) {
    const named = refused.map((ce) => `"${ce.name}" (${ce.kind})`).join(' and ');
    f.c.report(at,
      `Job queue "${queue.name}" cannot run multi-node parallel jobs (job definition "${ref}"): AWS Batch does not run them on SPOT or UNMANAGED compute environments, and the queue has ${named} (AWS would leave the job RUNNABLE)`);
    return;
  }
  const launchable = queue.info.instanceTypes;
  if (instanceType !== null && launchable && !launchable.has(instanceType)) {
    f.c.report(at,
      `Job queue "${queue.name}" cannot run job definition "${ref}" on its instance type ${instanceType}: none of the queue's compute environments (${quoteList(queue.info.computeEnvironments.map((ce) => ce.name))}) may launch it (add it, or its family, to their instanceTypes)`);
  }
}

/**
 * AWS accepts the job and then leaves it RUNNABLE, blocking the queue (API RuntimePlatform); a
 * simulator that ran it on Spot would be wrong, so it is refused. Shared with trace rows.
 */
export function armOnFargateSpot(definition: string, queue: string): string {
  return `job definition "${definition}" runs on ARM64 (runtimePlatform.cpuArchitecture), which Fargate Spot does not support, and job queue "${queue}" has only FARGATE_SPOT compute environments (AWS would leave the job RUNNABLE and block the queue): add a FARGATE compute environment to the queue or use X86_64`;
}
