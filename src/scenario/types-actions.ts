// Scenario types, actions section: the timed API calls of `actions:` (CancelJob, TerminateJob,
// UpdateComputeEnvironment, UpdateJobQueue, InterruptSpotInstances).

import type { FairsharePolicySpec } from './types-compute.js';

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
      /** Name of the scheduling policy that replaces the queue's (fair-share queues only), or null/absent to keep it. */
      schedulingPolicy?: string | null;
    }
  | {
      atMs: number;
      /** UpdateSchedulingPolicy: the policy's fairsharePolicy is replaced as a whole. */
      action: 'UpdateSchedulingPolicy';
      /** The policy's name (its `arn` in the request may be a name or an ARN). */
      schedulingPolicy: string;
      fairsharePolicy: FairsharePolicySpec;
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
