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
}

export interface RetryStrategySpec {
  attempts: number;
  evaluateOnExit: { onStatusReason?: string; onReason?: string; onExitCode?: string; action: 'RETRY' | 'EXIT' }[];
}

/** The non-AWS `simulation` block: how the container behaves when it runs. */
export interface SimulationSpec {
  duration: Distribution;
  /** Exit code of a run that is not interrupted. Default 0 (success). */
  exitCode: number;
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
}
