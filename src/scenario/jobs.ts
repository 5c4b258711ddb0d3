// `jobs`: SubmitJob requests plus `submitAt` (seconds since the scenario start). Overrides are
// applied here (containerOverrides over the definition's resources, or a multi-node job's
// nodeOverrides over its node ranges; retryStrategy and timeout replace the definition's; the
// job's `simulation` fields replace the definition's), so the engine gets each submission fully resolved.
import { fields, label, seconds, type Checker, type Fields } from './check.js';
import { LIMITS } from './defaults.js';
import { orderJobs, resolveDependencies, type DependencyDraft } from './dependencies.js';
import type { JobDefinitionDraft } from './job-definitions.js';
import type { JobQueueInfo } from './job-queues.js';
import { JOB_NAME, JOB_NAME_RULE } from './names.js';
import { readNodeOverrides } from './node-overrides.js';
import { mainNodeSize } from './node-properties.js';
import { checkResolved } from './overrides.js';
import { checkMultiNodeQueue, checkQueueFits, resolveJobDefinition, resolveJobQueue } from './references.js';
import { readRetryStrategy, readTimeout } from './retry.js';
import { readSchedulingPriority, readShareIdentifier } from './scheduling-policies.js';
import { readSimulation, resolveSimulation, type FamilyContext } from './simulation.js';
import { UNSUPPORTED } from './unsupported.js';
import type { JobSubmission, NodePropertiesSpec, RetryStrategySpec } from './types.js';

/** One SubmitJob request as read, before dependencies are resolved and jobs ordered. */
export interface JobDraft {
  index: number;
  path: string;
  jobName: string | undefined;
  /** The queue submitted to, once resolved; its state at submitAtMs is checked with the actions. */
  jobQueue: string | undefined;
  submitAtMs: number;
  /** 0 for a non-array job; undefined when arrayProperties was invalid. */
  arraySize: number | undefined;
  dependsOn: DependencyDraft[];
  /** Everything else, complete only when the request had no problems. */
  resolved: Omit<JobSubmission, 'dependsOn' | 'jobName' | 'submitAtMs' | 'arraySize'> | undefined;
}

const KNOWN = [
  'jobName', 'jobQueue', 'jobDefinition', 'submitAt', 'arrayProperties', 'dependsOn', 'containerOverrides', 'nodeOverrides',
  'retryStrategy', 'timeout', 'simulation', 'shareIdentifier', 'schedulingPriorityOverride',
];
const IGNORED = ['parameters', 'tags', 'propagateTags'];

export interface JobContext {
  queues: Map<string, JobQueueInfo>;
  definitions: Map<string, JobDefinitionDraft[]>;
  families: FamilyContext;
}

/** The jobs in Scenario order, and the drafts (file order) with their index in it, for actions. */
export interface JobsRead {
  jobs: JobSubmission[];
  drafts: JobDraft[];
  positionOf: Map<JobDraft, number>;
}

/** Reads, checks and orders the jobs; the result is only meaningful when no problem was reported. */
export function readJobs(c: Checker, items: unknown[], ctx: JobContext): JobsRead {
  const drafts: JobDraft[] = [];
  items.forEach((item, i) => {
    const f = fields(c, item, `jobs[${i}]`);
    if (f) drafts.push(readOne(f, i, ctx));
  });
  resolveDependencies(c, drafts);
  return { ...orderJobs(drafts), drafts };
}

function readOne(f: Fields, index: number, ctx: JobContext): JobDraft {
  f.allow(KNOWN, IGNORED, UNSUPPORTED.submitJob);
  const jobName = f.string('jobName', { required: true, pattern: JOB_NAME, rule: JOB_NAME_RULE });
  const queue = resolveJobQueue(f, 'jobQueue', ctx.queues, { checkState: false });
  const definition = resolveJobDefinition(f, 'jobDefinition', ctx.definitions);
  const submitAt = f.number('submitAt', seconds()) ?? 0;
  const multinode = definition?.type === 'multinode';
  const arraySize = multinode ? refuseArray(f, definition) : readArraySize(f);
  const dependsOn = readDependsOn(f);
  const nodeProperties = multinode ? readNodeOverrides(f, definition) : refuseNodeOverrides(f, definition);
  const resources = multinode ? mainNodeResources(f, nodeProperties) : checkResolved(f, definition);
  checkQueueFits(f, 'jobDefinition', definition, queue);
  if (multinode) checkMultiNodeQueue(f, definition, queue, nodeProperties?.instanceType ?? null);
  const retryStrategy = readRetryStrategy(f);
  const timeout = readTimeout(f);
  const simulationFields = readSimulation(f, { required: false, families: ctx.families });
  const simulation = definition?.simulation && resolveSimulation(f.c, definition.simulation, simulationFields, definition.name);
  // Fair share (spec §7.2): the identifier is required on a fair-share queue and refused on a FIFO
  // one; the priority orders jobs within a share, and a FIFO queue ignores it.
  const shareIdentifier = readShareIdentifier(f, queue);
  const priorityOverride = readSchedulingPriority(f, 'schedulingPriorityOverride', queue);

  const draft: JobDraft = { index, path: f.path, jobName, jobQueue: queue?.name, submitAtMs: Math.round(submitAt * 1000), arraySize, dependsOn, resolved: undefined };
  const spec = definition?.spec;
  if (queue && spec && resources && simulation) {
    draft.resolved = {
      jobQueue: queue.name,
      jobDefinition: definition.index,
      ...resources,
      // SubmitJob's retryStrategy and timeout replace the definition's; they are not merged (spec §4.1, §11.2).
      retryStrategy: retryStrategy === undefined ? copyRetry(spec.retryStrategy) : retryStrategy,
      attemptDurationSeconds: timeout === undefined ? spec.attemptDurationSeconds : timeout,
      simulation,
      shareIdentifier,
      schedulingPriority: priorityOverride ?? spec.schedulingPriority ?? 0,
    };
    if (nodeProperties) draft.resolved.nodeProperties = nodeProperties;
  }
  return draft;
}

/** A multi-node job cannot be an array job (spec §12: its nodes, not array children, are its parts). */
function refuseArray(f: Fields, definition: JobDefinitionDraft): number {
  if (f.has('arrayProperties')) {
    f.c.report(f.at('arrayProperties'),
      `arrayProperties: a multi-node parallel job cannot be an array job (job definition "${definition.name}:${definition.revision}" is type multinode)`, 'key');
  }
  return 0;
}

/** nodeOverrides applies to multi-node jobs only (API SubmitJob). */
function refuseNodeOverrides(f: Fields, definition: JobDefinitionDraft | undefined): undefined {
  if (f.has('nodeOverrides') && definition?.type === 'container') {
    f.c.report(f.at('nodeOverrides'),
      `nodeOverrides is only for multi-node parallel jobs, and job definition "${definition.name}:${definition.revision}" is type container (use containerOverrides)`, 'key');
  }
  return undefined;
}

/**
 * A multi-node job's size is its main node's (the job's vcpus/memory/gpus in jobs.csv); its
 * overrides are per node range, so a job-wide containerOverrides has no node to apply to.
 */
function mainNodeResources(f: Fields, nodes: NodePropertiesSpec | undefined): { vcpus: number; memory: number; gpus: number } | undefined {
  if (f.has('containerOverrides')) {
    f.c.report(f.at('containerOverrides'),
      'containerOverrides does not apply to a multi-node parallel job: override its node ranges in nodeOverrides.nodePropertyOverrides[].containerOverrides', 'key');
    return undefined;
  }
  return nodes && mainNodeSize(nodes);
}

function copyRetry(r: RetryStrategySpec | null): RetryStrategySpec | null {
  return r && { attempts: r.attempts, evaluateOnExit: r.evaluateOnExit.map((e) => ({ ...e })) };
}

/** arrayProperties.size: 2..10000 (spec §3); 0 marks a plain job. */
function readArraySize(f: Fields): number | undefined {
  const ap = f.object('arrayProperties');
  if (!ap) return 0;
  ap.allow(['size']);
  return ap.number('size', { required: true, integer: true, min: LIMITS.arraySizeMin, max: LIMITS.arraySizeMax });
}

function readDependsOn(f: Fields): DependencyDraft[] {
  const list = f.list('dependsOn');
  if (!list) return [];
  if (list.length > LIMITS.dependenciesPerJob) {
    // AWS's own ClientException text (spec §2).
    f.c.report(f.at('dependsOn'), `Job cannot have more than ${LIMITS.dependenciesPerJob} dependencies, received ${list.length}`);
  }
  const out: DependencyDraft[] = [];
  list.forEach((item, j) => {
    const e = fields(f.c, item, `${f.at('dependsOn')}[${j}]`);
    if (!e) return;
    e.allow(['jobId', 'type']);
    const jobId = e.string('jobId');
    const type = e.enum('type', ['N_TO_N', 'SEQUENTIAL'] as const) ?? null;
    if (e.has('type') && type === null) return;
    if (type === 'SEQUENTIAL' && e.has('jobId')) {
      f.c.report(e.at('jobId'), `${label(e.at('jobId'))} must be absent for a SEQUENTIAL dependency (child i waits for child i−1 of this array job)`);
      return;
    }
    if (type !== 'SEQUENTIAL' && !e.has('jobId')) {
      e.missing('jobId', 'the jobName of another job in this file, unless type is SEQUENTIAL');
      return;
    }
    if (type === 'SEQUENTIAL' || jobId !== undefined) out.push({ path: e.path, jobId: jobId ?? null, type, target: undefined });
  });
  return out;
}
