// The Batch side of a Task that calls `batch:submitJob`: the SubmitJob it makes (its Parameters
// read as a scenario's `jobs` entry would be, src/scenario/step-functions-batch.ts), and what it
// returns — SubmitJob's response, or with .sync the job as DescribeJobs describes it once it has
// ended, in Step Functions' PascalCase (docs/step-functions.md "Batch tasks").
import { NO_EXIT_CODE } from '../model/attempts.js';
import { JOB_STATUS_NAMES, JobKind, JobStatus } from '../model/jobs.js';
import { SUBMIT_REFUSED } from '../model/status-reasons.js';
import { submitJobFromParameters } from '../scenario/step-functions-batch.js';
import type { DependencySpec, JobSubmission } from '../scenario/types.js';
import type { RunContext } from '../sim/context.js';
import type { JobNames } from '../sim/naming.js';
import { Arns } from '../model/arns.js';
import { StatesError } from './errors.js';
import { isObj, preview } from './paths.js';

/** SubmitJob answered with an error: its parameters are not a valid request (AWS: ClientException). */
export const CLIENT_EXCEPTION = 'Batch.ClientException';


/**
 * The JobSubmission a Task's resolved Parameters make, submitted at `nowMs`. DependsOn entries
 * name jobs of the run by their ids (from an earlier Task's output); `findJob` gives the
 * submission index of an id. Throws Batch.ClientException for what AWS would refuse.
 */
export function submissionOf(run: RunContext, parameters: unknown, nowMs: number, findJob: (jobId: string) => number | undefined): JobSubmission {
  if (!isObj(parameters)) throw new StatesError(CLIENT_EXCEPTION, `The SubmitJob parameters must be an object, received ${preview(parameters)}`);
  const { DependsOn: depends, ...rest } = parameters;
  const byId: DependencySpec[] = [];
  const sequential: unknown[] = [];
  if (depends !== undefined) {
    if (!Array.isArray(depends)) throw new StatesError(CLIENT_EXCEPTION, `DependsOn must be a list, received ${preview(depends)}`);
    for (const d of depends) {
      if (!isObj(d)) throw new StatesError(CLIENT_EXCEPTION, `a DependsOn entry must be { JobId, Type }, received ${preview(d)}`);
      if (d.JobId === undefined) {
        sequential.push(d);
        continue;
      }
      const type = d.Type ?? null;
      if (typeof d.JobId !== 'string' || (type !== null && type !== 'N_TO_N' && type !== 'SEQUENTIAL')) {
        throw new StatesError(CLIENT_EXCEPTION, `a DependsOn entry must be { JobId: a job id, Type: N_TO_N or SEQUENTIAL }, received ${preview(d)}`);
      }
      if (type === 'SEQUENTIAL') throw new StatesError(CLIENT_EXCEPTION, 'a SEQUENTIAL dependency names no JobId (child i waits for child i−1 of the array job itself)');
      const job = findJob(d.JobId);
      if (job === undefined) throw new StatesError(CLIENT_EXCEPTION, `DependsOn names job ${d.JobId}, which does not exist`);
      byId.push({ job, type });
    }
  }
  const read = submitJobFromParameters(run.scenario, sequential.length > 0 ? { ...rest, DependsOn: sequential } : rest);
  if ('problems' in read) throw new StatesError(CLIENT_EXCEPTION, read.problems.map((p) => p.message).join('; '));
  const job = read.submission;
  for (const d of byId) {
    if (d.type === 'N_TO_N') {
      const other = run.submissions[d.job!]!.arraySize;
      if (job.arraySize === 0 || other !== job.arraySize) {
        throw new StatesError(CLIENT_EXCEPTION, `an N_TO_N dependency joins two array jobs of one size (this job's size ${job.arraySize}, the other's ${other})`);
      }
    }
  }
  return { ...job, submitAtMs: nowMs, dependsOn: [...job.dependsOn, ...byId] };
}

/** Whether SubmitJob refused the job (it ended FAILED at its submission: AWS answers with a ClientException). */
export function refusal(run: RunContext, row: number): string | null {
  const reason = run.reasons.values[run.jobs.reason.data[row]];
  return run.jobs.status.data[row] === JobStatus.FAILED && reason.startsWith(SUBMIT_REFUSED) ? reason : null;
}

/** SubmitJob's response (the request-response integration's output). */
export function submitResponse(run: RunContext, names: JobNames, row: number): Record<string, unknown> {
  const jobId = names.jobId(row);
  return { JobArn: new Arns(run.settings.region).jobArn(jobId), JobId: jobId, JobName: names.jobName(row) };
}

/**
 * The job as DescribeJobs gives it, in Step Functions' PascalCase: a .sync Task's output, and the
 * Cause of its States.TaskFailed. Times are epoch milliseconds, as the Batch API gives them.
 * `firstAttempt`: the attempt log's length when the job was submitted (its attempts come after).
 */
export function describeJob(run: RunContext, names: JobNames, row: number, firstAttempt: number): Record<string, unknown> {
  const { jobs, attempts, reasons, templates, jobQueues, scenario } = run;
  const epoch = Date.parse(scenario.startTime);
  const arns = new Arns(run.settings.region);
  const t = templates[jobs.template.data[row]]!;
  const kind = jobs.kind.data[row];
  const shape = run.shapes.shapes[jobs.shape.data[row]]!;
  const tried: Record<string, unknown>[] = [];
  for (let a = firstAttempt; a < attempts.count; a++) {
    if (attempts.job.data[a] !== row) continue;
    const exitCode = attempts.exitCode.data[a];
    const containerReason = attempts.containerReason.data[a];
    const started = attempts.startedAt.data[a];
    tried.push({
      Container: { ...(exitCode === NO_EXIT_CODE ? {} : { ExitCode: exitCode }), ...(containerReason === 0 ? {} : { Reason: reasons.values[containerReason] }) },
      ...(started >= 0 ? { StartedAt: epoch + started } : {}),
      StoppedAt: epoch + attempts.stoppedAt.data[a],
      StatusReason: reasons.values[attempts.reason.data[a]],
    });
  }
  const last = tried[tried.length - 1]?.Container as { ExitCode?: number } | undefined;
  const definition = scenario.jobDefinitions.find((d) => `${d.jobDefinitionName}:${d.revision}` === t.jobDefinition);
  const status = jobs.status.data[row];
  const reason = reasons.values[jobs.reason.data[row]];
  const at = (ms: number) => (ms >= 0 ? epoch + ms : undefined);
  const array = kind === JobKind.ARRAY_PARENT ? run.arrays.get(row) : undefined;
  const multi = kind === JobKind.MULTINODE ? run.multiNodes.get(row) : undefined;
  return {
    Attempts: tried,
    Container: {
      Image: definition?.image ?? t.image, Vcpus: shape.vcpus, Memory: shape.memory,
      ResourceRequirements: [
        { Type: 'VCPU', Value: String(shape.vcpus) }, { Type: 'MEMORY', Value: String(shape.memory) },
        ...(shape.gpus > 0 ? [{ Type: 'GPU', Value: String(shape.gpus) }] : []),
      ],
      ...(last?.ExitCode !== undefined ? { ExitCode: last.ExitCode } : {}),
    },
    CreatedAt: epoch + jobs.createdAt.data[row],
    DependsOn: run.dependencies.waitsOn(row).map((r) => ({ JobId: names.jobId(r) })),
    JobArn: arns.jobArn(names.jobId(row)),
    JobDefinition: arns.jobDefinitionArn(t.jobDefinition),
    JobId: names.jobId(row),
    JobName: names.jobName(row),
    JobQueue: arns.jobQueueArn(jobQueues[t.queue]!.name),
    Parameters: {},
    PlatformCapabilities: definition?.platformCapabilities ?? ['EC2'],
    PropagateTags: false,
    RetryStrategy: t.retryStrategy
      ? { Attempts: t.retryStrategy.attempts, EvaluateOnExit: t.retryStrategy.evaluateOnExit.map((e) => pascal(e)) }
      : { Attempts: 1 },
    ...(at(jobs.startedAt.data[row]) !== undefined ? { StartedAt: at(jobs.startedAt.data[row]) } : {}),
    Status: JOB_STATUS_NAMES[status],
    ...(reason ? { StatusReason: reason } : {}),
    ...(at(jobs.stoppedAt.data[row]) !== undefined ? { StoppedAt: at(jobs.stoppedAt.data[row]) } : {}),
    Tags: {},
    ...(t.attemptDurationSeconds !== null ? { Timeout: { AttemptDurationSeconds: t.attemptDurationSeconds } } : {}),
    ...(array ? { ArrayProperties: { Size: array.size, StatusSummary: Object.fromEntries(JOB_STATUS_NAMES.map((s, k) => [s, array.statusSummary[k]])) } } : {}),
    ...(multi ? { NodeProperties: { NumNodes: multi.spec.numNodes, MainNode: multi.spec.mainNode } } : {}),
  };
}

function pascal(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), v]));
}
