// What a workload (a synthetic generator or a replayed trace) hands the simulation: one job
// submission at a time, in time order, pulled only when the previous one is submitted — so a
// million-row trace never becomes a million-element array.

export interface WorkloadJob {
  /** Submission time, ms since scenario start; never earlier than the previous job of the stream. */
  atMs: number;
  /** null: named `${stream.namePrefix}${n}`, n counting the stream's jobs from 0 (saves a string per job). */
  jobName: string | null;
  /** Index into Scenario.jobQueues. */
  jobQueue: number;
  /** Index into Scenario.jobDefinitions (its retry strategy, image and simulation block apply). */
  jobDefinition: number;
  vcpus: number;
  memory: number;
  gpus: number;
  /** Observed run time (replays), ms; null = drawn from the definition's simulation.duration. */
  durationMs: number | null;
  /** Exit code of every attempt (replays of failed jobs); null = the definition's exit-code model. */
  exitCode: number | null;
  /** arrayProperties.size (2–10,000), or 0. */
  arraySize: number;
  /** jobNames of earlier jobs of the same stream it waits for (plain dependencies). */
  dependsOn: readonly string[];
  /** timeout.attemptDurationSeconds (e.g. an SWF requested time); null = the definition's. */
  attemptDurationSeconds: number | null;
  /**
   * A job the trace shows as cancelled: before it ran (afterRunningMs null: FAILED at its first
   * evaluation with `reason`), or after running that long (the attempt ends TERMINATED).
   */
  cancelled: { reason: string; afterRunningMs: number | null } | null;
  /** SubmitJob shareIdentifier from a replay (fair-share queues); absent when the trace gives none. */
  shareIdentifier?: string;
  /** schedulingPriorityOverride (synthetic mix entries, describe-jobs schedulingPriority); absent: the definition's. */
  schedulingPriority?: number;
}

/** `dependsOn` of the many jobs that name none (shared, never changed). */
export const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

export interface WorkloadStream {
  /**
   * The next submission, or null when the stream is exhausted. The job is valid until the next
   * call (a generator may hand out one object again with new values): copy what you keep.
   */
  next(): WorkloadJob | null;
  /** Prefix for jobs without a jobName. */
  readonly namePrefix: string;
  /** Whether any job names another in dependsOn (the simulation then keeps a name → job map). */
  readonly usesDependencies: boolean;
  /** How many jobs the stream will hand out at most, when it is known up front (tables are then sized once). */
  readonly expectedJobs?: number;
  /**
   * Stops the stream before its end (a run cut by its horizon): a replay stops reading its file —
   * for gzip, the worker that inflates it ends. next() then returns null. Optional for generators,
   * which hold nothing; an unclosed replay is released when it is garbage-collected.
   */
  close?(): void;
}
