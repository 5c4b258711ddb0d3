// Scenario types, actions section: the timed API calls of `actions:` (CancelJob, TerminateJob,
// UpdateComputeEnvironment, UpdateJobQueue, InterruptSpotInstances).

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
