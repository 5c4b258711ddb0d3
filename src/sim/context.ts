// What the parts of one run share: the scenario, the model's tables, and each other. Every part
// (lifecycle, dependencies, submissions, attempts, capacity, cycle, API calls) gets this one
// object, so none reaches into another's fields; type-only imports keep the modules acyclic.
import type { RandomStreams } from '../engine/random.js';
import type { SpotMarket } from '../market/spot-market.js';
import type { ArrayState } from '../model/arrays.js';
import type { AttemptLog } from '../model/attempts.js';
import type { ComputeEnvironment } from '../model/compute-environment.js';
import type { JobQueue } from '../model/job-queue.js';
import type { JobTable, JobTemplate, StringTable } from '../model/jobs.js';
import type { MultiNodeState } from '../model/multi-node.js';
import type { ShapeTable } from '../model/shapes.js';
import type { SchedulingPolicy } from '../scheduler/cycle-policy.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { ActionSpec, JobSubmission, Scenario, Settings } from '../scenario/types.js';
import type { ApiCalls } from './api-calls.js';
import type { AttemptRunner } from './attempt-runner.js';
import type { Capacity } from './capacity.js';
import type { Cycle } from './cycle.js';
import type { Dependencies } from './dependencies.js';
import type { Fleet } from './fleet.js';
import type { Kernel } from './kernel.js';
import type { JobLifecycle } from './lifecycle.js';
import type { MultiNodeRunner } from './multi-node.js';
import type { Submissions } from './submissions.js';

/** Receives every job state change as it happens (events and metrics subscribe here). */
export interface TransitionListener {
  (row: number, from: number, to: number, timeMs: number): void;
}

/** Two listeners as one (`a` first); either may be absent. */
export function bothListeners(a: TransitionListener | undefined, b: TransitionListener | undefined): TransitionListener | undefined {
  if (!a || !b) return a ?? b;
  return (row, from, to, t) => {
    a(row, from, to, t);
    b(row, from, to, t);
  };
}

/**
 * Receives a queue's head job each time it is newly reported blocked with a non-empty reason
 * (events.jsonl "Batch Job Queue Blocked", issue #5).
 */
export interface QueueBlockedListener {
  (queueIndex: number, row: number, reason: string, timeMs: number): void;
}

export interface RunContext {
  readonly scenario: Scenario;
  readonly settings: Settings;
  readonly seed: number;
  readonly streams: RandomStreams;
  readonly kernel: Kernel;
  // The model's tables.
  readonly jobs: JobTable;
  readonly attempts: AttemptLog;
  readonly templates: JobTemplate[];
  readonly shapes: ShapeTable;
  readonly reasons: StringTable;
  readonly arrays: Map<number, ArrayState>;
  /** Multi-node jobs by parent row. */
  readonly multiNodes: Map<number, MultiNodeState>;
  readonly computeEnvironments: ComputeEnvironment[];
  readonly jobQueues: JobQueue[];
  readonly market: SpotMarket;
  readonly fleet: Fleet;
  readonly scheduler: Scheduler;
  readonly schedulingPolicy: SchedulingPolicy;
  /** Every SubmitJob of the run: the scenario's, then those made while it runs (Simulation.submitJob). */
  readonly submissions: JobSubmission[];
  /** Every API call of the run: the scenario's actions, then those made while it runs. */
  readonly actions: ActionSpec[];
  // The parts.
  readonly lifecycle: JobLifecycle;
  readonly dependencies: Dependencies;
  readonly submitter: Submissions;
  readonly attemptRunner: AttemptRunner;
  readonly multiNode: MultiNodeRunner;
  readonly capacity: Capacity;
  readonly cycle: Cycle;
  readonly apiCalls: ApiCalls;
  readonly onTransition: TransitionListener | undefined;
  readonly onQueueBlocked: QueueBlockedListener | undefined;
}

/** CancelJob (1) and TerminateJob (2) requests, as JobTable.cancelRequest stores them. */
export const CANCEL = 1;
export const TERMINATE = 2;
