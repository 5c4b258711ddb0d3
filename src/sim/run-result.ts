// What a finished (or paused) run offers its readers — metrics, reports, the library, planners —
// read-only: the model's tables and the run's end. Readers depend on this, not on the parts of
// the engine that produced it.
import type { ArrayState } from '../model/arrays.js';
import type { MultiNodeState } from '../model/multi-node.js';
import type { AttemptLog } from '../model/attempts.js';
import type { ComputeEnvironment } from '../model/compute-environment.js';
import type { Instance } from '../model/instances.js';
import type { JobQueue } from '../model/job-queue.js';
import type { JobTable, JobTemplate, StringTable } from '../model/jobs.js';
import type { ShapeTable } from '../model/shapes.js';
import type { JobSubmission, Scenario } from '../scenario/types.js';
import type { StallReport } from './kernel.js';
import type { ExecutionsResult } from '../stepfunctions/records.js';

export interface RunResult {
  readonly scenario: Scenario;
  /** The seed the run used (the scenario's, or an override). */
  readonly seed: number;
  readonly jobs: JobTable;
  readonly attempts: AttemptLog;
  readonly templates: readonly JobTemplate[];
  readonly shapes: ShapeTable;
  /** Interned statusReason strings (JobTable.reason and AttemptLog.reason index them). */
  readonly reasons: StringTable;
  readonly arrays: ReadonlyMap<number, ArrayState>;
  /** Multi-node jobs by parent row (spec §12). */
  readonly multiNodes: ReadonlyMap<number, MultiNodeState>;
  readonly computeEnvironments: readonly ComputeEnvironment[];
  readonly jobQueues: readonly JobQueue[];
  /** Instances and Fargate tasks, in launch order. */
  readonly instances: readonly Instance[];
  /** Spot instances and Fargate Spot tasks reclaimed. */
  readonly spotInterruptions: number;
  /** When the run ended (ms): the last event that changed something, the horizon, or a stall. */
  readonly endTime: number;
  /** Set when the run was stopped for making no progress. */
  readonly stalled: StallReport | null;
  /** Events handled (benchmarks report events per second). */
  readonly eventsProcessed: number;
  /** Every SubmitJob of the run (the scenario's, then those made while it ran). */
  readonly submissions: readonly JobSubmission[];
  /** Submission index of each template, −1 for workload streams. */
  readonly templateSubmission: readonly number[];
  /** Row of each submission. */
  readonly submissionRow: readonly number[];
  /** Names of workload rows that carry one (others are named by their template). */
  readonly rowNames: ReadonlyMap<number, string>;
  /** The scenario's Step Functions executions (executions.csv), or null/absent when it has none. */
  readonly executions?: ExecutionsResult | null;
  /** The rows `row` waited on, after array expansion (jobs.csv `dependsOn`). */
  waitsOn(row: number): number[];
}
