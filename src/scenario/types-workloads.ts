// Scenario types, workloads section: the Poisson shorthand, synthetic generators, and trace replays
// (CSV, SWF, describe-jobs) with their transform, summary and rejected rows.
import type { Distribution } from './types-jobs.js';

/**
 * The original Poisson shorthand: one job definition, exponential gaps. Its arrivals come from the
 * stream `arrivals/<workload index>`; the `synthetic` type keys its streams by workload name.
 */
export interface PoissonWorkloadSpec {
  type: 'poisson';
  /** Job names are `${jobNamePrefix}${n}` with n from 0. */
  jobNamePrefix: string;
  jobQueue: string;
  jobDefinition: number;
  /** SubmitJob shareIdentifier (required when jobQueue is a fair-share queue); absent or null: none. */
  shareIdentifier?: string | null;
  /** Mean time between submissions, seconds. */
  meanInterarrivalSeconds: number;
  count: number;
  startAtSeconds: number;
}

/** A size or duration distribution of a generator: the job-definition forms plus gamma and empirical. */
export type WorkloadDistribution =
  | Distribution
  | { distribution: 'gamma'; shape: number; scale: number }
  /** Uniform over the given values (a CSV column's, or listed inline), each value equally likely. */
  | { distribution: 'empirical'; values: number[] };

/** When a generator submits (times in seconds since the scenario start). */
export type ArrivalProcess =
  | { process: 'poisson'; meanInterarrivalSeconds: number; startAtSeconds: number }
  /**
   * Poisson with a rate that follows the hour of day: a 24-entry table (jobs per hour, step per
   * hour) or a sinusoid. `clockOffsetSeconds`: seconds of the day (in the profile's zone) at t = 0.
   */
  | { process: 'diurnal'; ratePerHourByHour: number[]; clockOffsetSeconds: number; startAtSeconds: number }
  | { process: 'diurnal'; sinusoid: { meanRatePerHour: number; amplitude: number; peakHour: number }; clockOffsetSeconds: number; startAtSeconds: number }
  /** `count` jobs at `atSeconds`, spread uniformly over [at, at + spreadSeconds) when spread > 0. */
  | { process: 'bursts'; bursts: { atSeconds: number; count: number; spreadSeconds: number }[] }
  /** A fixed batch: `count` jobs all at `atSeconds`. */
  | { process: 'batch'; atSeconds: number; count: number };

/** One entry of a generator's job mix: picked with probability weight / Σ weights. */
export interface JobMixEntry {
  weight: number;
  jobQueue: string;
  /** Index into Scenario.jobDefinitions. */
  jobDefinition: number;
  /** null: the job definition's value. Drawn values are rounded (see docs/workloads.md). */
  vcpus: WorkloadDistribution | null;
  memory: WorkloadDistribution | null;
  gpus: WorkloadDistribution | null;
  /** Seconds on the reference hardware; null: drawn from the definition's simulation.duration. */
  duration: WorkloadDistribution | null;
  /** null: plain jobs. Drawn sizes below 2 give a plain job, above 10,000 are capped. */
  arraySize: WorkloadDistribution | null;
  /** SubmitJob shareIdentifier (required when jobQueue is a fair-share queue); absent or null: none. */
  shareIdentifier?: string | null;
  /** schedulingPriorityOverride; absent: the definition's schedulingPriority. */
  schedulingPriority?: number;
}

/** Generated submissions: an arrival process and a job mix, from streams `arrivals/<name>/…`. */
export interface SyntheticWorkloadSpec {
  type: 'synthetic';
  /** Keys the random streams, so the same seed gives the same jobs whatever else changes. */
  name: string;
  jobNamePrefix: string;
  arrivals: ArrivalProcess;
  /** Most jobs to submit (null: as many as the process gives before untilSeconds). */
  count: number | null;
  /** No submissions after this time (seconds since the start); null: no limit. */
  untilSeconds: number | null;
  mix: JobMixEntry[];
}

/** What a replay does to the trace's jobs before submitting them (docs/workloads.md). */
export interface ReplayTransform {
  /** Jobs submitted in [fromMs, toMs) of the trace's clock are kept; null: unbounded. */
  window: { fromMs: number | null; toMs: number | null };
  /** Shift the trace so that window.from (else its first job in the window, before scaling) is at t = offset. */
  rebase: boolean;
  offsetMs: number;
  /** Load factor: < 1 keeps each job with that probability, > 1 submits extra copies. */
  scale: number;
  /** Most jobs submitted (after scaling); null: all. */
  maxJobs: number | null;
}

/** What the validating pass over a trace found (shown by `batchsim validate` and `run`). */
export interface ReplaySummary {
  /** Data rows (SWF jobs, CSV records, describe-jobs entries) read, whether used or not. */
  rows: number;
  /** Rows that became submissions (before scaling and maxJobs). */
  jobs: number;
  /** Rows left out by a documented rule, by reason (e.g. `run time -1`). */
  skipped: Record<string, number>;
  /** Invalid rows skipped with --skip-invalid. */
  rejected: number;
  /** Rows outside the window. */
  outsideWindow: number;
  /** Dependencies on jobs that are not part of the replay, dropped. */
  droppedDependencies: number;
  /** Trace-clock submit times (ms) of the first and last job kept, or null when none. */
  firstMs: number | null;
  lastMs: number | null;
}

/** Fields every replay shares. Queue and definition names in the file are resolved at run time too. */
interface ReplayCommon {
  /** Keys the random stream of `scale` and names the replay in messages; default: the file name. */
  name: string;
  /** The file as written in the scenario, and resolved against the scenario's directory. */
  file: string;
  path: string;
  /** Names of jobs the trace does not name: `${jobNamePrefix}${n}`. */
  jobNamePrefix: string;
  /** Default job queue (name), for rows that give none; null: every row must give one. */
  jobQueue: string | null;
  /** Default job definition (index), for rows that give none. */
  jobDefinition: number | null;
  /** Value in the file (name, ARN, `name:rev`, SWF number or header name) → scenario queue / definition. */
  jobQueueMap: Record<string, string>;
  jobDefinitionMap: Record<string, string>;
  transform: ReplayTransform;
  /** Whether any kept job names another (the simulation then keeps a name → job map). */
  usesDependencies: boolean;
  summary: ReplaySummary;
}

export type CsvField =
  | 'submitTime' | 'jobName' | 'jobQueue' | 'jobDefinition' | 'vcpus' | 'memory' | 'gpus' | 'duration'
  | 'exitCode' | 'arraySize' | 'dependsOn' | 'shareIdentifier' | 'timeout';

/** A CSV export replayed row by row (csv-parse, streamed). */
export interface CsvWorkloadSpec extends ReplayCommon {
  type: 'csv';
  /** Field → header name (matched ignoring case, spaces, `_` and `-`) or 1-based field number. */
  columns: Partial<Record<CsvField, string | number>>;
  header: boolean;
  delimiter: string;
  /** Unit of numeric submit times and durations. */
  timeUnit: 'seconds' | 'milliseconds';
}

/** The header of an SWF file (`; Key: value` lines), as far as it is given. */
export interface SwfHeader {
  version: string | null;
  computer: string | null;
  installation: string | null;
  acknowledge: string | null;
  information: string | null;
  conversion: string | null;
  unixStartTime: number | null;
  timeZoneString: string | null;
  startTime: string | null;
  endTime: string | null;
  maxJobs: number | null;
  maxRecords: number | null;
  maxProcs: number | null;
  maxNodes: number | null;
  /** Queue and partition numbers → names (`; Queue: 1 batch`). */
  queues: Record<string, string>;
  partitions: Record<string, string>;
  notes: string[];
}

/** A Standard Workload Format trace (Parallel Workloads Archive), plain or gzip. */
export interface SwfWorkloadSpec extends ReplayCommon {
  type: 'swf';
  /** SWF queue (field 15) and partition (field 16), by number or header name → job queue. */
  partitionMap: Record<string, string>;
  vcpusPerProcessor: number;
  /** Memory when the trace gives none: MiB per vCPU. */
  memoryPerVcpuMiB: number;
  /** Which memory field is tried first: requested (10) or used (7); the other is the fallback. */
  memoryFrom: 'requested' | 'used';
  /** Requested time (field 9) as timeout.attemptDurationSeconds (at least 60). */
  useRequestedTimeAsTimeout: boolean;
  /** A job whose run time is −1: left out, or run for the definition's duration, or for its requested time. */
  unknownRunTime: 'skip' | 'definition' | 'requested';
  /** shareIdentifier from the user (field 12) or group (field 13) id: `user<id>` / `group<id>`. */
  shareIdentifierFrom: 'none' | 'user' | 'group';
  header: SwfHeader;
}

/** `aws batch describe-jobs` output: `{ jobs: [...] }`, a bare list of jobs, or a list of such pages. */
export interface DescribeJobsWorkloadSpec extends ReplayCommon {
  type: 'describe-jobs';
  /** More files after `file` (all are read as one trace, sorted by createdAt). */
  moreFiles: { file: string; path: string }[];
}

export type ReplayWorkloadSpec = CsvWorkloadSpec | SwfWorkloadSpec | DescribeJobsWorkloadSpec;

export type WorkloadSpec = PoissonWorkloadSpec | SyntheticWorkloadSpec | ReplayWorkloadSpec;

/** A trace row left out with --skip-invalid (written to rejected-rows.csv). */
export interface RejectedRow {
  /** The trace file as the scenario names it. */
  file: string;
  line: number;
  /** CSV and SWF: field number (1 = first); JSON: character column. */
  column: number;
  message: string;
}
