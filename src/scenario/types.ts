// The normalized scenario: plain data produced by src/scenario from a YAML/JSON file after every
// check has passed. Names follow the AWS Batch API; everything the engine needs is resolved here
// (job definition revisions, resource requirements after overrides, instance-type families,
// dependency references), so the engine never has to look anything up by name or re-validate.

/** A duration or size distribution. Values are in seconds unless the field says otherwise. */
export type Distribution =
  | { distribution: 'fixed'; value: number }
  | { distribution: 'uniform'; min: number; max: number }
  | { distribution: 'exponential'; mean: number }
  | { distribution: 'lognormal'; median: number; sigma: number }
  /** Normal truncated to [min, max] (min defaults to 0) by redrawing. */
  | { distribution: 'normal'; mean: number; stddev: number; min: number; max: number };

/** Modelling knobs (spec §17). Every field has a default, listed in docs/scenario.md. */
export interface Settings {
  /** Length of a scheduler cycle; 0 = dispatch at the instant anything changes (teaching mode). Default 10. */
  schedulerCycleSeconds: number;
  /** Let jobs behind a blocked head-of-queue job be placed (spec §6.5 UNCONFIRMED). Default false. */
  backfill: boolean;
  /** How far behind a blocked head a backfill pass looks, in queue entries. Default 100. */
  backfillDepth: number;
  /** EC2 instance launch to ECS registration, seconds: a fixed number or a uniform range. Default 120–180. */
  instanceLaunchSeconds: { min: number; max: number };
  /** Idle time after which a managed instance is terminated (no scaling policy). Default 600. */
  idleScaleDownSeconds: number;
  /** STARTING duration when the instance has not pulled this job's image yet. Default 15. */
  imagePullSeconds: number;
  /** STARTING duration when the image is already cached on the instance. Default 3. */
  cachedImageStartSeconds: number;
  /** Registered memory = floor(nominal × fraction) − agent reserve (spec §8.8). Defaults 0.97 and 32. */
  registeredMemoryFraction: number;
  agentReservedMemoryMiB: number;
  /** Stop the run at this time even if events remain (seconds). Default: none. */
  horizonSeconds: number | null;
  /** What `optimal` resolves to: `default_x86_64` (AWS since 2025-11-01, default) or `legacy` (c4/m4/r4, c5/m5/r5). */
  optimalMeans: 'default_x86_64' | 'legacy';
  /** Delay between an attempt's timeout and Batch stopping it (spec §5: best effort, a few seconds). Default 0. */
  timeoutEnforcementSeconds: number;
  /** How long a container takes to stop after TerminateJob's SIGTERM (spec §13; ≤ 30, then SIGKILL). Default 0. */
  terminateGraceSeconds: number;
  spot: SpotSettings;
  fargate: FargateSettings;
}

/** The EC2 Spot market model (spec §8.5, §10; pricing-and-latency §3). */
export interface SpotSettings {
  /** Monthly interruption probability used for each Spot Instance Advisor band. Defaults: band midpoints, 0.25 for `>20%`. */
  interruptionRateByBand: { '<5%': number; '5-10%': number; '10-15%': number; '15-20%': number; '>20%': number };
  /** Band assumed for a type the advisor does not list. Default `>20%`. */
  defaultBand: '<5%' | '5-10%' | '10-15%' | '15-20%' | '>20%';
  /** Savings over on-demand (percent) for a type the advisor does not list. Default 60. */
  defaultSavingsPct: number;
  /** Interruption notice before the instance is gone. Default 120. */
  noticeSeconds: number;
  /**
   * Whether a job moves on to the next compute environment when a SPOT environment cannot get
   * capacity (pools short or priced over bidPercentage) although it is below maxvCpus. AWS
   * documents spillover only at maxvCpus (spec §6.2, UNCONFIRMED otherwise), so default false: the
   * job waits with `CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY`.
   */
  spilloverOnInsufficientCapacity: boolean;
  /** Per-type overrides and shortages. */
  pools: SpotPoolSpec[];
  /** A replayed price trace (sorted by time), or empty for the advisor-derived constant price. */
  priceTrace: SpotPricePoint[];
}

export interface SpotPoolSpec {
  instanceType: string;
  /** Most Spot instances of this type that can run at once (null: unlimited). */
  maxInstances: number | null;
  /** Windows during which no new Spot capacity of this type can be had (running instances stay). */
  outages: { fromMs: number; toMs: number }[];
  /** Overrides the band's monthly interruption probability. */
  monthlyInterruptionRate: number | null;
  /** Overrides the advisor's savings (percent). */
  savingsPct: number | null;
}

export interface SpotPricePoint {
  atMs: number;
  instanceType: string;
  /** USD per hour from this time on. */
  price: number;
}

/** Fargate (spec §9; pricing-and-latency §1). */
export interface FargateSettings {
  /** Task provisioning before the image pull, seconds. Default 30 (plus imagePullSeconds: no image cache on Fargate). */
  startSeconds: number;
  /** Fargate Spot discount off the Fargate price. Default 0.7. */
  spotDiscount: number;
  /** Monthly probability that a Fargate Spot task is interrupted. Default 0.05 (UNCONFIRMED: AWS publishes none). */
  spotMonthlyInterruptionRate: number;
  /** USD per vCPU-hour and per GB-hour, us-east-1 Linux. */
  x86VcpuHour: number;
  x86GbHour: number;
  armVcpuHour: number;
  armGbHour: number;
}

export type ComputeResourceType = 'EC2' | 'SPOT' | 'FARGATE' | 'FARGATE_SPOT';
export type AllocationStrategy =
  | 'BEST_FIT'
  | 'BEST_FIT_PROGRESSIVE'
  | 'SPOT_CAPACITY_OPTIMIZED'
  | 'SPOT_PRICE_CAPACITY_OPTIMIZED';

/** A concrete instance type as the engine sees it (catalog row or a fleet entry's own shape). */
export interface InstanceShape {
  instanceType: string;
  family: string;
  vcpus: number;
  /** Nominal memory, MiB. Registered memory is derived from settings. */
  memoryMiB: number;
  gpus: number;
  arch: 'x86_64' | 'arm64';
  onDemandUsdPerHour: number;
}

export interface ComputeEnvironmentSpec {
  computeEnvironmentName: string;
  type: 'MANAGED' | 'UNMANAGED';
  state: 'ENABLED' | 'DISABLED';
  /** Present on MANAGED environments. */
  computeResources: {
    type: ComputeResourceType;
    allocationStrategy: AllocationStrategy;
    minvCpus: number;
    maxvCpus: number;
    desiredvCpus: number;
    /** The `instanceTypes` entries as written (`c5`, `optimal`, `m5.large`). */
    requestedInstanceTypes: string[];
    /** Those entries resolved against the catalog, sorted by instanceType. */
    instanceTypes: InstanceShape[];
    bidPercentage: number;
    /** scalingPolicy.minScaleDownDelayMinutes, or null when unset (settings.idleScaleDownSeconds applies). */
    minScaleDownDelayMinutes: number | null;
  } | null;
  /** UNMANAGED only: the fixed fleet, one entry per instance (count already expanded). */
  fleet: InstanceShape[];
}

export interface JobQueueSpec {
  jobQueueName: string;
  priority: number;
  state: 'ENABLED' | 'DISABLED';
  /** Names of compute environments, sorted by ascending `order`. */
  computeEnvironmentOrder: string[];
  jobStateTimeLimitActions: JobStateTimeLimitAction[];
}

/** spec §6.6: cancel the head job once it has been RUNNABLE with `reason` for maxTimeSeconds. */
export interface JobStateTimeLimitAction {
  reason: string;
  state: 'RUNNABLE';
  maxTimeSeconds: number;
  action: 'CANCEL';
}

export interface RetryStrategySpec {
  attempts: number;
  evaluateOnExit: { onStatusReason?: string; onReason?: string; onExitCode?: string; action: 'RETRY' | 'EXIT' }[];
}

/** The non-AWS `simulation` block: how the container behaves when it runs. */
export interface SimulationSpec {
  /** Run time on the reference hardware (speedup 1). */
  duration: Distribution;
  /** Exit code of a run that is not interrupted (when `exitCodes` is empty). Default 0 (success). */
  exitCode: number;
  /**
   * Weighted exit codes, drawn per attempt from the `failures` stream; empty = always `exitCode`.
   * `failureProbability: p, failureExitCode: c` in the file becomes [{c, p}, {exitCode, 1 − p}].
   */
  exitCodes: { exitCode: number; weight: number }[];
  /** Run-time divisor by instance family (`p4d: 3` runs 3× faster than the reference); default 1. */
  speedupByFamily: Record<string, number>;
  /** Checkpoint interval, seconds: a retried attempt resumes from the last checkpoint. null = none. */
  checkpointSeconds: number | null;
}

export interface JobDefinitionSpec {
  jobDefinitionName: string;
  revision: number;
  type: 'container' | 'multinode';
  platformCapabilities: ('EC2' | 'FARGATE')[];
  /** containerProperties.image, or the definition name when no image is given (used for image-cache hits). */
  image: string;
  vcpus: number;
  memory: number;
  gpus: number;
  retryStrategy: RetryStrategySpec | null;
  attemptDurationSeconds: number | null;
  /** containerProperties.runtimePlatform.cpuArchitecture (prices a Fargate task); default X86_64. */
  cpuArchitecture?: 'X86_64' | 'ARM64';
  simulation: SimulationSpec;
}

export type DependencySpec =
  /** A plain dependency (or N_TO_N) on another submission, by its index in Scenario.jobs. */
  | { job: number; type: 'N_TO_N' | null }
  /** SEQUENTIAL on an array job: child i waits for child i−1. */
  | { job: null; type: 'SEQUENTIAL' };

/** A SubmitJob request with everything resolved. */
export interface JobSubmission {
  jobName: string;
  jobQueue: string;
  /** Index into Scenario.jobDefinitions (the resolved revision). */
  jobDefinition: number;
  /** Submission time, integer milliseconds since scenario start. */
  submitAtMs: number;
  /** arrayProperties.size, or 0 for a non-array job. */
  arraySize: number;
  dependsOn: DependencySpec[];
  /** Resource requirements after containerOverrides. */
  vcpus: number;
  memory: number;
  gpus: number;
  retryStrategy: RetryStrategySpec | null;
  attemptDurationSeconds: number | null;
  simulation: SimulationSpec;
}

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

/** Timed API calls (`actions:` in the file), at integer ms. */
export type ActionSpec =
  | {
      atMs: number;
      action: 'CancelJob' | 'TerminateJob';
      /** Scenario.jobs index of the job named by `jobId` (a jobName, optionally `name:index` for a child). */
      job: number;
      /** Array child index, or null for the job (or whole array) itself. */
      arrayIndex: number | null;
      reason: string;
    }
  | {
      atMs: number;
      action: 'UpdateComputeEnvironment';
      computeEnvironment: string;
      state: 'ENABLED' | 'DISABLED' | null;
      minvCpus: number | null;
      maxvCpus: number | null;
      desiredvCpus: number | null;
    }
  | {
      atMs: number;
      action: 'UpdateJobQueue';
      jobQueue: string;
      state: 'ENABLED' | 'DISABLED' | null;
      priority: number | null;
      /** New order (names sorted by `order`), or null to keep it. */
      computeEnvironmentOrder: string[] | null;
    }
  | {
      atMs: number;
      /** Non-AWS: force a Spot (or Fargate Spot) interruption, notice included, for tests and lessons. */
      action: 'InterruptSpotInstances';
      /** Which running Spot instances: all given filters must match; `count` caps how many (oldest first). */
      instanceId: string | null;
      instanceType: string | null;
      computeEnvironment: string | null;
      count: number | null;
    };

export interface Scenario {
  name: string;
  seed: number;
  /** ISO-8601 wall-clock time of t = 0, used only to convert times in outputs. */
  startTime: string;
  settings: Settings;
  computeEnvironments: ComputeEnvironmentSpec[];
  jobQueues: JobQueueSpec[];
  jobDefinitions: JobDefinitionSpec[];
  /** Sorted by submitAtMs, then file order; dependencies always point to lower indices. */
  jobs: JobSubmission[];
  workloads: WorkloadSpec[];
  /** Sorted by atMs, then file order. */
  actions: ActionSpec[];
  /** Present when loaded with skipInvalid: the trace rows left out, in file order per workload. */
  rejectedRows?: RejectedRow[];
}
