// Scenario types, jobs section: job definitions (with the non-AWS simulation block and its duration
// distributions) and SubmitJob requests with everything resolved.

/** A duration or size distribution. Values are in seconds unless the field says otherwise. */
export type Distribution =
  | { distribution: 'fixed'; value: number }
  | { distribution: 'uniform'; min: number; max: number }
  | { distribution: 'exponential'; mean: number }
  | { distribution: 'lognormal'; median: number; sigma: number }
  /** Normal truncated to [min, max] (min defaults to 0) by redrawing. */
  | { distribution: 'normal'; mean: number; stddev: number; min: number; max: number };

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
  /**
   * Peak memory of an attempt, MiB, drawn per attempt; above the job's memory the container is
   * killed for it (OutOfMemoryError, exit 137) part-way through its run. null = always within.
   */
  memory: Distribution | null;
  /** Probability that an attempt's image pull fails (CannotPullContainerError in STARTING, no exit code). */
  imagePullFailureProbability: number;
}

export interface JobDefinitionSpec {
  jobDefinitionName: string;
  revision: number;
  /** A deregistered revision (status INACTIVE in describe output): registered, but SubmitJob refuses it. */
  inactive?: true;
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
  /** schedulingPriority (0..9999): order within a share of a fair-share queue; absent: 0. */
  schedulingPriority?: number;
  simulation: SimulationSpec;
  /**
   * type multinode: nodeProperties resolved (spec §12). vcpus/memory/gpus/image above are then
   * the main node's; `simulation` is the main node's (the job's run time and exit codes).
   */
  nodeProperties?: NodePropertiesSpec;
}

/** A multi-node parallel job's nodes (spec §12), after nested ranges and nodeOverrides are resolved. */
export interface NodePropertiesSpec {
  numNodes: number;
  mainNode: number;
  /**
   * The one instance type every node runs on (a range's container.instanceType; all must agree),
   * or null: the compute environment's best-fitting type for the largest node, chosen at placement.
   */
  instanceType: string | null;
  /**
   * Node groups as disjoint, ascending segments covering 0..numNodes−1 (an inner range of the
   * definition overrides the outer one where they overlap, so one range may give several segments).
   */
  groups: NodeGroupSpec[];
  /** Whether some range of the definition is open-ended (`n:` or `:`), so nodeOverrides.numNodes is allowed. */
  openEnded: boolean;
}

export interface NodeGroupSpec {
  /** First and last node index of the segment (inclusive). */
  from: number;
  to: number;
  /** The range's `targetNodes` as written in the definition (for messages and reports). */
  targetNodes: string;
  vcpus: number;
  memory: number;
  gpus: number;
  image: string;
  /**
   * Non-AWS: how this group's containers behave (the range's own `simulation` block). null: a
   * child node runs until the main node exits; the main node's group always uses the job's.
   */
  simulation: SimulationSpec | null;
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
  /** shareIdentifier (required on a fair-share queue, refused on a FIFO one); absent or null: none. */
  shareIdentifier?: string | null;
  /** schedulingPriorityOverride, else the definition's schedulingPriority; absent: 0. */
  schedulingPriority?: number;
  /** Multi-node jobs: the definition's nodeProperties after nodeOverrides (numNodes, per-range containerOverrides). */
  nodeProperties?: NodePropertiesSpec;
}
