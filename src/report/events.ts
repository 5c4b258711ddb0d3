// events.jsonl (issue #5, spec §14.1): one EventBridge envelope per line — "Batch Job State Change"
// for every state change of an existing job (not the initial submission), "Batch Job Queue
// Blocked" when a queue's head job is newly reported blocked. `detail` is shaped like DescribeJobs'
// JobDetail as it stood at that moment. Built after the run from the recorder's event log, in the
// order things happened.
import { RandomStreams, randomUuid } from '../engine/random.js';
import { TextFile } from '../util/text-file.js';
import { NO_EXIT_CODE } from '../model/attempts.js';
import { JOB_STATUS_NAMES, JobKind, JobStatus } from '../model/jobs.js';
import { BLOCKED, type EventLog } from '../metrics/recorder.js';
import type { JobNames } from '../sim/naming.js';
import type { RunResult } from '../sim/run-result.js';

import { ACCOUNT, Arns } from '../model/arns.js';

/** ISO-8601 with second precision, as EventBridge's `time`. */
export function isoSecond(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19) + 'Z';
}

/** Attempt indices by job row (CSR), each row's in the order they ended. */
function attemptsByRow(sim: RunResult): { offsets: Int32Array; order: Int32Array } {
  const n = sim.jobs.count;
  const { attempts } = sim;
  const offsets = new Int32Array(n + 1);
  for (let a = 0; a < attempts.count; a++) offsets[attempts.job.data[a] + 1]++;
  for (let r = 0; r < n; r++) offsets[r + 1] += offsets[r];
  const fill = offsets.slice(0, n);
  const order = new Int32Array(attempts.count);
  for (let a = 0; a < attempts.count; a++) order[fill[attempts.job.data[a]]++] = a;
  return { offsets, order };
}

/** An EventBridge envelope as events.jsonl holds it (its keys in this order). */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': 'Batch Job State Change' | 'Batch Job Queue Blocked';
  source: 'aws.batch';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/**
 * Writes events.jsonl and returns how many envelopes it holds. `observe` sees each envelope and its
 * line (without the newline) as it is written, so that other outputs (rule matches) are made in
 * the same pass.
 */
export function writeEventsJsonl(path: string, sim: RunResult, names: JobNames, log: EventLog, observe?: (envelope: EventEnvelope, line: string) => void): number {
  const out = new TextFile(path);
  try {
    for (const envelope of eventEnvelopes(sim, names, log)) {
      const line = JSON.stringify(envelope);
      out.write(line + '\n');
      observe?.(envelope, line);
    }
  } finally {
    out.close();
  }
  return log.count;
}

/**
 * The envelopes of events.jsonl, one at a time in the order things happened, without writing them:
 * a run with millions of transitions is never held as envelopes. Each pass yields the same
 * envelopes (ids included: their stream starts afresh).
 */
export function* eventEnvelopes(sim: RunResult, names: JobNames, log: EventLog): Generator<EventEnvelope> {
  const { jobs, attempts, templates, jobQueues, reasons, scenario } = sim;
  const startMs = Date.parse(scenario.startTime);
  const { offsets, order } = attemptsByRow(sim);
  const lastStarted = new Float64Array(jobs.count).fill(-1);
  const platforms = new Map(scenario.jobDefinitions.map((d) => [`${d.jobDefinitionName}:${d.revision}`, d.platformCapabilities]));
  const images = new Map(scenario.jobDefinitions.map((d) => [`${d.jobDefinitionName}:${d.revision}`, d.image]));

  const attemptDetail = (a: number) => {
    const exitCode = attempts.exitCode.data[a];
    const started = attempts.startedAt.data[a];
    const reason = attempts.containerReason.data[a];
    return {
      container: { ...(exitCode === NO_EXIT_CODE ? {} : { exitCode }), ...(reason === 0 ? {} : { reason: reasons.values[reason] }) },
      ...(started >= 0 ? { startedAt: startMs + started } : {}),
      stoppedAt: startMs + attempts.stoppedAt.data[a],
      statusReason: reasons.values[attempts.reason.data[a]],
    };
  };

  // ARNs in the scenario's Region (settings.region) and its partition.
  const arns = new Arns(scenario.settings.region);
  // Made once: an event's ARNs, image and platforms are written for millions of events.
  const queueArns = jobQueues.map((q) => arns.jobQueueArn(q.name));
  const ofTemplate = templates.map((t) => ({
    definitionArn: arns.jobDefinitionArn(t.jobDefinition), image: images.get(t.jobDefinition) ?? t.image, platforms: platforms.get(t.jobDefinition) ?? ['EC2'],
  }));
  // Event ids come from their own stream, one per event in the order written.
  const ids = new RandomStreams(sim.seed).stream('ids', 'events');
  for (let i = 0; i < log.count; i++) {
    const row = log.row[i];
    const code = log.code[i];
    const time = log.time[i];
    const blocked = code === BLOCKED;
    const status = blocked ? JobStatus.RUNNABLE : code;
    if (status === JobStatus.RUNNING) lastStarted[row] = time;
    const t = templates[jobs.template.data[row]];
    const made = ofTemplate[jobs.template.data[row]];
    const kind = jobs.kind.data[row];
    const shape = sim.shapes.shapes[jobs.shape.data[row]];
    const jobId = names.jobId(row);
    const queueArn = queueArns[t.queue];
    const jobArn = arns.jobArn(jobId);
    const reason = blocked ? log.blockedReasons[log.reason[i]] : reasons.values[log.reason[i]];
    const terminal = status === JobStatus.SUCCEEDED || status === JobStatus.FAILED;

    const ended: ReturnType<typeof attemptDetail>[] = [];
    for (let k = offsets[row]; k < offsets[row + 1] && order[k] < log.attemptsEnded[i]; k++) ended.push(attemptDetail(order[k]));
    let startedAt = lastStarted[row];
    if (kind === JobKind.ARRAY_PARENT) startedAt = terminal ? jobs.startedAt.data[row] : -1;
    const container: Record<string, unknown> = {
      image: made.image,
      vcpus: shape.vcpus,
      memory: shape.memory,
      resourceRequirements: [
        { value: String(shape.vcpus), type: 'VCPU' },
        { value: String(shape.memory), type: 'MEMORY' },
        ...(shape.gpus > 0 ? [{ value: String(shape.gpus), type: 'GPU' }] : []),
      ],
    };
    if (terminal && ended.length > 0 && 'exitCode' in ended[ended.length - 1].container) {
      container.exitCode = (ended[ended.length - 1].container as { exitCode: number }).exitCode;
    }
    let arrayProperties: Record<string, unknown> | undefined;
    if (kind === JobKind.ARRAY_PARENT) {
      const summary = log.parentSummaries.get(i) ?? sim.arrays.get(row)!.statusSummary;
      arrayProperties = {
        statusSummary: Object.fromEntries(JOB_STATUS_NAMES.map((s, k) => [s, summary[k]])),
        size: sim.arrays.get(row)!.size,
      };
    } else if (kind === JobKind.ARRAY_CHILD) {
      arrayProperties = { index: jobs.ordinal.data[row] };
    }
    const detail = {
      jobArn,
      jobName: names.jobName(row),
      jobId,
      jobQueue: queueArn,
      status: JOB_STATUS_NAMES[status],
      ...(reason ? { statusReason: reason } : {}),
      attempts: ended,
      createdAt: startMs + jobs.createdAt.data[row],
      retryStrategy: t.retryStrategy ? { attempts: t.retryStrategy.attempts, evaluateOnExit: t.retryStrategy.evaluateOnExit } : { attempts: 1 },
      ...(startedAt >= 0 ? { startedAt: startMs + startedAt } : {}),
      ...(terminal ? { stoppedAt: startMs + time } : {}),
      dependsOn: names.dependsOn(row).map((id) => ({ jobId: id })),
      jobDefinition: made.definitionArn,
      parameters: {},
      container,
      ...(t.attemptDurationSeconds !== null ? { timeout: { attemptDurationSeconds: t.attemptDurationSeconds } } : {}),
      ...(arrayProperties ? { arrayProperties } : {}),
      ...multiNodeDetail(sim, row, kind),
      tags: {},
      platformCapabilities: made.platforms,
    };
    yield {
      version: '0',
      id: randomUuid(ids),
      'detail-type': blocked ? 'Batch Job Queue Blocked' : 'Batch Job State Change',
      source: 'aws.batch',
      account: ACCOUNT,
      time: isoSecond(startMs + time),
      region: arns.region,
      resources: blocked ? [jobArn, queueArn] : [jobArn],
      detail,
    };
  }
}

/**
 * DescribeJobs' multi-node fields (spec §12): `nodeProperties` (numNodes, mainNode) on the job,
 * `nodeDetails` (nodeIndex, isMainNode) on each node.
 */
function multiNodeDetail(sim: RunResult, row: number, kind: number): Record<string, unknown> {
  if (kind === JobKind.MULTINODE) {
    const spec = sim.multiNodes.get(row)!.spec;
    return { nodeProperties: { numNodes: spec.numNodes, mainNode: spec.mainNode } };
  }
  if (kind === JobKind.NODE) {
    const mnp = sim.multiNodes.get(sim.jobs.parent.data[row])!;
    return { nodeDetails: { nodeIndex: sim.jobs.ordinal.data[row], isMainNode: row === mnp.mainRow } };
  }
  return {};
}
