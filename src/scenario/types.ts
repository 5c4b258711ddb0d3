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

/** A synthetic arrival stream (the full generator family comes with the workloads issue). */
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

export type WorkloadSpec = PoissonWorkloadSpec;

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
}
