// The normalized scenario: plain data produced by src/scenario from a YAML/JSON file after every
// check has passed. Names follow the AWS Batch API; everything the engine needs is resolved here
// (job definition revisions, resource requirements after overrides, instance-type families,
// dependency references), so the engine never has to look anything up by name or re-validate.
// The types are kept by section in types-settings.ts, types-compute.ts, types-jobs.ts,
// types-workloads.ts and types-actions.ts, and re-exported here, so importers use this file.
import type { Problem } from './errors.js';
import type { AlarmSpec } from './alarms.js';
import type { EventRuleSpec } from './event-rules.js';
import type { Expectation } from './expectations.js';
import type { ActionSpec } from './types-actions.js';
import type { ComputeEnvironmentSpec, JobQueueSpec, SchedulingPolicySpec } from './types-compute.js';
import type { JobDefinitionSpec, JobSubmission } from './types-jobs.js';
import type { Settings } from './types-settings.js';
import type { ExecutionSpec, StateMachineSpec } from './types-step-functions.js';
import type { RejectedRow, WorkloadSpec } from './types-workloads.js';

export type * from './types-actions.js';
export type * from './types-compute.js';
export type * from './types-jobs.js';
export type * from './types-settings.js';
export type * from './types-step-functions.js';
export type * from './types-workloads.js';

export interface Scenario {
  name: string;
  seed: number;
  /** ISO-8601 wall-clock time of t = 0, used only to convert times in outputs. */
  startTime: string;
  settings: Settings;
  computeEnvironments: ComputeEnvironmentSpec[];
  jobQueues: JobQueueSpec[];
  /** CreateSchedulingPolicy requests (fair share, spec §7), in file order; absent: none. */
  schedulingPolicies?: SchedulingPolicySpec[];
  jobDefinitions: JobDefinitionSpec[];
  /** Sorted by submitAtMs, then file order; dependencies always point to lower indices. */
  jobs: JobSubmission[];
  workloads: WorkloadSpec[];
  /** Sorted by atMs, then file order. */
  actions: ActionSpec[];
  /** CreateStateMachine requests (docs/step-functions.md), in file order; absent: none. */
  stateMachines?: StateMachineSpec[];
  /** StartExecution requests, sorted by startAtMs, then file order; absent with stateMachines. */
  executions?: ExecutionSpec[];
  /** CloudWatch alarms evaluated on the run's metric series (the `alarms:` section, docs/alarms.md); absent: none. */
  alarms?: AlarmSpec[];
  /** EventBridge rules matched against the run's events (the `eventRules:` section, docs/events.md); absent: none. */
  eventRules?: EventRuleSpec[];
  /** What `batchsim check` requires of a run (the `expect:` section, docs/check.md); absent: nothing. */
  expect?: Expectation[];
  /** Present when loaded with skipInvalid: the trace rows left out, in file order per workload. */
  rejectedRows?: RejectedRow[];
  /** AWS fields the file gives that are accepted but not simulated (networking, roles, tags, …), in file order. */
  notices?: Problem[];
}
