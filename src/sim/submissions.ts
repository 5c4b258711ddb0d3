// Where jobs come from (spec §1.1): the scenario's SubmitJob requests at their submitAt, workload
// streams pulled one submission at a time, and SubmitJob calls made while the run is driven step
// by step. Each becomes rows through the lifecycle; what all rows of one submission share is its
// JobTemplate.
import type { JobTemplate } from '../model/jobs.js';
import type { ShapeTable } from '../model/shapes.js';
import type { JobSubmission, NodePropertiesSpec } from '../scenario/types.js';
import { openScenarioWorkload } from '../workload/open.js';
import type { WorkloadJob, WorkloadStream } from '../workload/types.js';
import type { RunContext } from './context.js';
import { EventKind } from './event-kinds.js';

/** Rows a stream's expectedJobs may reserve up front (16 M); past it tables grow as rows come. */
const SIZING_HINT_CAP = 1 << 24;

interface WorkloadCursor {
  stream: WorkloadStream;
  /** The submission due next (already pulled from the stream). */
  pending: WorkloadJob | null;
  /** Template per (queue, definition) seen in this stream: key queue × definitions + definition. */
  templates: Map<number, number>;
  /** Template per (queue, definition, shareIdentifier, schedulingPriority) for jobs that give either. */
  sharedTemplates: Map<string, number>;
  /** jobName → row, for dependencies between the stream's jobs. */
  rows: Map<string, number>;
  emitted: number;
}

export class Submissions {
  /** Row of each submission (RunContext.submissions index), −1 until submitted. */
  readonly submissionRow: number[] = [];
  /** Submission index of each template, −1 for workload streams. */
  readonly templateSubmission: number[] = [];
  /** Names of workload rows (others are named by their template). */
  readonly rowNames = new Map<number, string>();
  /** Plain dependencies of workload rows, by row. */
  readonly workloadDeps = new Map<number, number[]>();
  /** Template of each submission. */
  private readonly submissionTemplate: number[] = [];
  private readonly workloads: WorkloadCursor[] = [];

  constructor(private readonly run: RunContext) {}

  /**
   * Queues the scenario's submissions and the first arrival of each workload stream. What they
   * say of their size (rows, and at least one attempt per job that runs) sizes the job and attempt
   * tables once instead of growing them by copying.
   */
  scheduleScenario(): void {
    const { scenario } = this.run;
    let rows = 0;
    let runnable = 0;
    for (const j of this.run.submissions) {
      rows += j.arraySize === 0 ? 1 : j.arraySize + 1;
      runnable += Math.max(1, j.arraySize);
    }
    for (let i = 0; i < scenario.workloads.length; i++) {
      const stream = openScenarioWorkload(scenario, i, this.run.streams);
      this.workloads.push({ stream, pending: null, templates: new Map(), sharedTemplates: new Map(), rows: new Map(), emitted: 0 });
      // A stream's stated count is only a hint, and may be far more than a horizon lets run.
      const expected = Math.min(stream.expectedJobs ?? 0, SIZING_HINT_CAP);
      rows += expected;
      runnable += expected;
    }
    this.run.jobs.reserve(rows);
    this.run.attempts.reserve(runnable);
    for (let i = 0; i < this.run.submissions.length; i++) this.schedule(i);
    for (let i = 0; i < this.workloads.length; i++) this.scheduleNextArrival(i);
  }

  /**
   * A SubmitJob made while the run is driven step by step: submitted at max(now, submitAtMs),
   * exactly as if the scenario had listed it. Returns its submission index (what dependsOn names).
   */
  submit(job: JobSubmission): number {
    const { submissions } = this.run;
    for (const d of job.dependsOn) {
      if (d.job !== null && !(d.job >= 0 && d.job < submissions.length)) throw new RangeError(`dependsOn names submission ${d.job}, which does not exist yet`);
    }
    submissions.push(job);
    this.schedule(submissions.length - 1);
    return submissions.length - 1;
  }

  private schedule(i: number): void {
    const { scenario, jobQueues } = this.run;
    const job = this.run.submissions[i];
    const def = scenario.jobDefinitions[job.jobDefinition];
    this.submissionTemplate[i] = this.template(
      {
        jobName: job.jobName, numbered: false, queue: jobQueues.findIndex((q) => q.name === job.jobQueue), jobDefinition: `${def.jobDefinitionName}:${def.revision}`,
        image: def.image, arm64: def.cpuArchitecture === 'ARM64', vcpus: job.vcpus, memory: job.memory, gpus: job.gpus, arraySize: job.arraySize,
        retryStrategy: job.retryStrategy, attemptDurationSeconds: job.attemptDurationSeconds, simulation: job.simulation,
        shareIdentifier: job.shareIdentifier ?? null, schedulingPriority: job.schedulingPriority ?? def.schedulingPriority ?? 0,
        nodeProperties: job.nodeProperties ?? null,
      },
      i,
    );
    this.submissionRow[i] = -1;
    this.run.kernel.push(Math.max(this.run.kernel.now, job.submitAtMs), EventKind.SubmitJob, i);
  }

  private template(t: Omit<JobTemplate, 'shape' | 'speedups'>, submission: number): number {
    const { templates, shapes } = this.run;
    const shape = t.nodeProperties ? gangShape(shapes, t.nodeProperties) : shapes.intern(t.vcpus, t.memory, t.gpus);
    templates.push({ ...t, shape, speedups: Object.keys(t.simulation.speedupByFamily).length > 0 });
    this.templateSubmission.push(submission);
    return templates.length - 1;
  }

  /** SubmitJob event: the submission's rows are created and accepted. */
  submitJob(i: number): void {
    const template = this.submissionTemplate[i];
    const row = this.run.lifecycle.createRows(template, this.run.templates[template].arraySize, null);
    this.submissionRow[i] = row;
    this.run.lifecycle.accept(row);
  }

  /** The run ended: replays stop reading their files (a gzip replay's worker ends now). */
  closeStreams(): void {
    for (const cursor of this.workloads) cursor.stream.close?.();
  }

  /** Pulls the stream's next submission and schedules it (never before now: streams are in time order). */
  private scheduleNextArrival(w: number): void {
    const cursor = this.workloads[w];
    cursor.pending = cursor.stream.next();
    if (cursor.pending) this.run.kernel.push(Math.max(this.run.kernel.now, cursor.pending.atMs), EventKind.WorkloadArrival, w);
  }

  /** WorkloadArrival event: the stream's pending submission becomes rows; the next one is pulled. */
  workloadArrival(w: number): void {
    const { jobs, lifecycle } = this.run;
    const cursor = this.workloads[w];
    const job = cursor.pending!;
    const row = lifecycle.createRows(this.workloadTemplate(cursor, job), job.arraySize, job);
    const ordinal = cursor.emitted++;
    if (job.jobName !== null) this.rowNames.set(row, job.jobName);
    else jobs.ordinal.data[row] = ordinal;
    if (job.dependsOn.length > 0) {
      const on = job.dependsOn.map((n) => cursor.rows.get(n)).filter((r): r is number => r !== undefined);
      if (on.length > 0) this.workloadDeps.set(row, on);
    }
    // Names are kept only for streams whose jobs name others (no string per job otherwise).
    if (cursor.stream.usesDependencies) cursor.rows.set(job.jobName ?? `${cursor.stream.namePrefix}${ordinal}`, row);
    lifecycle.accept(row);
    this.scheduleNextArrival(w);
  }

  /**
   * Workload jobs share a template per (queue, definition) — and per shareIdentifier and
   * schedulingPriority when they give them (fair-share queues); their size and run time are per row.
   */
  private workloadTemplate(cursor: WorkloadCursor, job: WorkloadJob): number {
    const shared = job.shareIdentifier !== undefined || job.schedulingPriority !== undefined;
    const key = job.jobQueue * this.run.scenario.jobDefinitions.length + job.jobDefinition;
    const sharedKey = shared ? `${key}/${job.schedulingPriority ?? ''}/${job.shareIdentifier ?? ''}` : '';
    let template = shared ? cursor.sharedTemplates.get(sharedKey) : cursor.templates.get(key);
    if (template === undefined) {
      const def = this.run.scenario.jobDefinitions[job.jobDefinition];
      template = this.template(
        {
          jobName: cursor.stream.namePrefix, numbered: true, queue: job.jobQueue, jobDefinition: `${def.jobDefinitionName}:${def.revision}`,
          image: def.image, arm64: def.cpuArchitecture === 'ARM64', vcpus: def.vcpus, memory: def.memory, gpus: def.gpus, arraySize: 0,
          retryStrategy: def.retryStrategy, attemptDurationSeconds: def.attemptDurationSeconds, simulation: def.simulation,
          shareIdentifier: job.shareIdentifier ?? null, schedulingPriority: job.schedulingPriority ?? def.schedulingPriority ?? 0,
          nodeProperties: def.nodeProperties ?? null,
        },
        -1,
      );
      if (shared) cursor.sharedTemplates.set(sharedKey, template);
      else cursor.templates.set(key, template);
    }
    return template;
  }
}

/**
 * A multi-node job's shape: its gang (nodes, instance type, the largest node — what one type must
 * hold for every node) and, as vcpus/memory/gpus, its nodes' totals.
 */
function gangShape(shapes: ShapeTable, p: NodePropertiesSpec): number {
  let vcpus = 0;
  let memory = 0;
  let gpus = 0;
  let node = { vcpus: 0, memory: 0, gpus: 0 };
  for (const g of p.groups) {
    const n = g.to - g.from + 1;
    vcpus += n * g.vcpus;
    memory += n * g.memory;
    gpus += n * g.gpus;
    node = { vcpus: Math.max(node.vcpus, g.vcpus), memory: Math.max(node.memory, g.memory), gpus: Math.max(node.gpus, g.gpus) };
  }
  const nodeShape = shapes.shapes[shapes.intern(node.vcpus, node.memory, node.gpus)];
  return shapes.internGang({ nodes: p.numNodes, instanceType: p.instanceType, node: nodeShape }, vcpus, memory, gpus);
}
