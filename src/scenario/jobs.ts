// `jobs`: SubmitJob requests plus `submitAt` (seconds since the scenario start). Overrides are
// applied here (containerOverrides over the definition's resources; retryStrategy and timeout
// replace the definition's; the job's `simulation` fields replace the definition's), so the
// engine gets each submission fully resolved.
import { fields, label, seconds, type Checker, type Fields } from './check.js';
import { LIMITS } from './defaults.js';
import { orderJobs, resolveDependencies, type DependencyDraft } from './dependencies.js';
import type { JobDefinitionDraft } from './job-definitions.js';
import type { JobQueueInfo } from './job-queues.js';
import { JOB_NAME, JOB_NAME_RULE } from './names.js';
import { checkResolved } from './overrides.js';
import { checkQueueFits, resolveJobDefinition, resolveJobQueue } from './references.js';
import { readRetryStrategy, readTimeout } from './retry.js';
import { readSchedulingPriority, readShareIdentifier } from './scheduling-policies.js';
import { readSimulation, resolveSimulation, type FamilyContext } from './simulation.js';
import type { JobSubmission, RetryStrategySpec } from './types.js';

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
  'jobName', 'jobQueue', 'jobDefinition', 'submitAt', 'arrayProperties', 'dependsOn', 'containerOverrides',
  'retryStrategy', 'timeout', 'simulation', 'shareIdentifier', 'schedulingPriorityOverride',
];
const IGNORED = ['parameters', 'tags', 'propagateTags'];
const SPECIAL = {
  nodeOverrides: 'multi-node jobs are not supported yet',
  ecsPropertiesOverride: 'ecsProperties (multi-container jobs) are not supported yet',
  eksPropertiesOverride: 'EKS jobs are not supported',
  consumableResourcePropertiesOverride: 'consumable resources are not supported yet',
};

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
  f.allow(KNOWN, IGNORED, SPECIAL);
  const jobName = f.string('jobName', { required: true, pattern: JOB_NAME, rule: JOB_NAME_RULE });
  const queue = resolveJobQueue(f, 'jobQueue', ctx.queues, { checkState: false });
  const definition = resolveJobDefinition(f, 'jobDefinition', ctx.definitions);
  checkQueueFits(f, 'jobDefinition', definition, queue);
  const submitAt = f.number('submitAt', seconds()) ?? 0;
  const arraySize = readArraySize(f);
  const dependsOn = readDependsOn(f);
  const resources = checkResolved(f, definition);
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
  }
  return draft;
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
