// Scenario types, compute section: compute environments with their resolved instance types, and
// job queues with their compute-environment order and state time-limit actions.

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
  /**
   * Name of the fair-share scheduling policy (Scenario.schedulingPolicies) the queue uses, from
   * its schedulingPolicyArn (a name or an ARN); absent or null: a FIFO queue.
   */
  schedulingPolicy?: string | null;
}

/** A CreateSchedulingPolicy request (spec §7.1): its name and its fair-share policy. */
export interface SchedulingPolicySpec {
  name: string;
  fairsharePolicy: FairsharePolicySpec;
}

/** fairsharePolicy, with AWS's defaults filled in. */
export interface FairsharePolicySpec {
  /** 0..604800 as given (0 is the documented minimum window; docs/model.md says what the model makes of it). Default 0. */
  shareDecaySeconds: number;
  /** 0..99. Default 0. */
  computeReservation: number;
  /** Weights by share identifier; an identifier ending in `*` covers every identifier with that prefix. */
  shareDistribution: { shareIdentifier: string; weightFactor: number }[];
}

/** spec §6.6: cancel the head job once it has been RUNNABLE with `reason` for maxTimeSeconds. */
export interface JobStateTimeLimitAction {
  reason: string;
  state: 'RUNNABLE';
  maxTimeSeconds: number;
  action: 'CANCEL';
}
