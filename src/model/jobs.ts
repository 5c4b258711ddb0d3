// Jobs as a struct-of-arrays table. A row is a job: an ordinary job, an array parent, or one array
// child. Array children get rows (a handful of numbers each) when their parent is submitted, never
// objects, so a 10,000-child array costs a few hundred kilobytes; what all rows of one submission
// share (queue, definition, resources, behaviour) lives once in its JobTemplate.
import { Column } from '../engine/columns.js';
import type { NodePropertiesSpec, RetryStrategySpec, SimulationSpec } from '../scenario/types.js';

export const JobStatus = {
  SUBMITTED: 0,
  PENDING: 1,
  RUNNABLE: 2,
  STARTING: 3,
  RUNNING: 4,
  SUCCEEDED: 5,
  FAILED: 6,
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];
export const JOB_STATUS_NAMES = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;

/**
 * What a row is: a job, an array parent or child, a multi-node parallel job (MULTINODE: what is
 * queued and what the job's status says) or one of its nodes (NODE, `jobId#n`: what runs).
 */
export const JobKind = { JOB: 0, ARRAY_PARENT: 1, ARRAY_CHILD: 2, MULTINODE: 3, NODE: 4 } as const;
export type JobKind = (typeof JobKind)[keyof typeof JobKind];
export const JOB_KIND_NAMES = ['JOB', 'ARRAY_PARENT', 'ARRAY_CHILD', 'MULTINODE', 'NODE'] as const;

/**
 * Whether a row counts as a job in summary.json, metrics.csv and the charts: jobs, array children
 * and multi-node jobs do; array parents and multi-node nodes are parts of what is counted.
 */
export function countsAsJob(kind: number): boolean {
  return kind !== JobKind.ARRAY_PARENT && kind !== JobKind.NODE;
}

/** Whether a job in this state holds resources on an instance (STARTING or RUNNING). */
export function holdsResources(status: number): boolean {
  return status === JobStatus.STARTING || status === JobStatus.RUNNING;
}

export function isTerminal(status: number): boolean {
  return status === JobStatus.SUCCEEDED || status === JobStatus.FAILED;
}

/** What every row born of one SubmitJob (or one workload stream) shares. */
export interface JobTemplate {
  /** jobName, or the name prefix for a workload stream (rows then carry their ordinal). */
  jobName: string;
  /** Whether row names are `${jobName}${ordinal}` (workload streams). */
  numbered: boolean;
  queue: number;
  /** `name:revision`, as DescribeJobs shows it. */
  jobDefinition: string;
  image: string;
  /** The definition's runtimePlatform.cpuArchitecture: what a Fargate task is priced as. */
  arm64: boolean;
  vcpus: number;
  memory: number;
  gpus: number;
  /** Interned (vcpus, memory, gpus) so demand and fit can be counted per shape. */
  shape: number;
  arraySize: number;
  retryStrategy: RetryStrategySpec | null;
  attemptDurationSeconds: number | null;
  simulation: SimulationSpec;
  /** Whether simulation.speedupByFamily names any family (else every run time is the reference's). */
  speedups: boolean;
  /** SubmitJob shareIdentifier (fair-share queues), or null. */
  shareIdentifier: string | null;
  /** schedulingPriorityOverride, else the definition's schedulingPriority (0..9999; fair-share queues order by it). */
  schedulingPriority: number;
  /** A multi-node parallel job's nodes (spec §12), or null for a container job. */
  nodeProperties: NodePropertiesSpec | null;
}

/** Interned strings (status reasons) so a row stores a small integer. Index 0 is "no reason". */
export class StringTable {
  private readonly ids = new Map<string, number>([['', 0]]);
  readonly values: string[] = [''];
  /** The string looked up last: the hot path asks for the same reason job after job. */
  private lastString = '';
  private lastId = 0;
  id(s: string): number {
    if (s === this.lastString) return this.lastId;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.ids.set(s, id);
    }
    this.lastString = s;
    this.lastId = id;
    return id;
  }
}

const UNSET = -1;
export const NO_EXIT_OVERRIDE = -2147483648;

export class JobTable {
  count = 0;
  readonly template = new Column(Int32Array, 1024);
  /** Array index for children, stream sequence number for numbered rows, else −1. */
  readonly ordinal = new Column(Int32Array, 1024);
  readonly kind = new Column(Uint8Array, 1024);
  readonly parent = new Column(Int32Array, 1024);
  readonly status = new Column(Uint8Array, 1024);
  readonly reason = new Column(Int32Array, 1024);
  readonly createdAt = new Column(Float64Array, 1024, UNSET);
  readonly runnableAt = new Column(Float64Array, 1024, UNSET);
  readonly startedAt = new Column(Float64Array, 1024, UNSET);
  readonly stoppedAt = new Column(Float64Array, 1024, UNSET);
  /** startedAt of the first attempt (startedAt itself describes the latest one), for wait times. */
  readonly firstStartedAt = new Column(Float64Array, 1024, UNSET);
  readonly attempts = new Column(Uint8Array, 1024);
  /** Container run time of this job, drawn at submission, ms. */
  readonly duration = new Column(Float64Array, 1024);
  /** Unfinished dependencies (for a child: its own N_TO_N/SEQUENTIAL ones; its parent's gate its parent's). */
  readonly pendingDeps = new Column(Int32Array, 1024);
  /** Instance of the current attempt, or −1. */
  readonly instance = new Column(Int32Array, 1024, UNSET);
  /** When the current attempt was placed (entered STARTING), ms. */
  readonly placedAt = new Column(Float64Array, 1024, UNSET);
  /** When the current attempt's container is due to exit, ms (stale-event check). */
  readonly endsAt = new Column(Float64Array, 1024, UNSET);
  /** When the current attempt times out, ms (stale-event check). */
  readonly deadline = new Column(Float64Array, 1024, UNSET);
  /** Work left on the reference hardware, ms: the drawn duration, less what checkpoints saved. */
  readonly remaining = new Column(Float64Array, 1024);
  /** Exit code the current attempt's container will exit with. */
  readonly exitCode = new Column(Int32Array, 1024);
  /** container.reason the current attempt will end with (an OutOfMemoryError kill), interned; 0 for none. */
  readonly containerReason = new Column(Int32Array, 1024);
  /** CancelJob (1) or TerminateJob (2) requested and not yet carried out; reason in `cancelReason`. */
  readonly cancelRequest = new Column(Uint8Array, 1024);
  readonly cancelReason = new Column(Int32Array, 1024);
  /** Job shape id (vcpus, memory, gpus): the template's, or a replayed job's own. */
  readonly shape = new Column(Int32Array, 1024);
  /** timeout.attemptDurationSeconds in ms, −1 for none. */
  readonly timeout = new Column(Float64Array, 1024, UNSET);
  /** Exit code every attempt ends with (replays), or NO_EXIT_OVERRIDE to use the definition's model. */
  readonly exitOverride = new Column(Int32Array, 1024);
  /** 1: the run ends TERMINATED (a replayed job that was cancelled while running). */
  readonly endsTerminated = new Column(Uint8Array, 1024);
  /** 1: the job is terminal and its dependents have been told (at the cycle after it ended). */
  readonly resolved = new Column(Uint8Array, 1024);

  private readonly columns = [
    this.template, this.ordinal, this.kind, this.parent, this.status, this.reason, this.createdAt,
    this.runnableAt, this.startedAt, this.stoppedAt, this.firstStartedAt, this.attempts, this.duration, this.pendingDeps,
    this.instance, this.placedAt, this.endsAt, this.deadline, this.remaining, this.exitCode, this.containerReason, this.cancelRequest, this.cancelReason,
    this.shape, this.timeout, this.exitOverride, this.endsTerminated, this.resolved,
  ];

  /** Room for `n` rows in all, when the count is known before the run (the scenario's submissions). */
  reserve(n: number): void {
    for (const c of this.columns) c.reserve(n);
  }

  /** Appends `n` consecutive rows and returns the first row number. */
  add(n: number, template: number, kind: JobKind, parent: number): number {
    const first = this.count;
    this.count += n;
    if (this.count > this.template.data.length) for (const c of this.columns) c.ensure(this.count);
    if (n === 1) {
      // One job (the common case of a stream): plain stores, not five fill() calls.
      this.template.data[first] = template;
      this.kind.data[first] = kind;
      this.parent.data[first] = parent;
      this.ordinal.data[first] = UNSET;
      this.exitOverride.data[first] = NO_EXIT_OVERRIDE;
      return first;
    }
    this.template.data.fill(template, first, this.count);
    this.kind.data.fill(kind, first, this.count);
    this.parent.data.fill(parent, first, this.count);
    this.ordinal.data.fill(UNSET, first, this.count);
    this.exitOverride.data.fill(NO_EXIT_OVERRIDE, first, this.count);
    return first;
  }
}
