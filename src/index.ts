// The library API: drive batchsim from your own TypeScript.
export { loadScenario, parseScenario } from './scenario/load.js';
export { ScenarioError, formatScenarioError } from './scenario/errors.js';
export type { Scenario, Settings } from './scenario/types.js';
export {
  simulate, Simulation, EventBudgetExceeded, type RunResult, type RunState, type SimulateOptions, type StallReport, type TransitionListener,
} from './sim/simulation.js';
export { BATCH_SCHEDULING, type SchedulingPolicy, type CycleDecisions, type CycleView } from './scheduler/cycle-policy.js';
export { recordedSimulation } from './metrics/recorder.js';
export { summarize, type Summary } from './metrics/summary.js';
export { writeRun, writeReport, rerenderReport } from './report/write-run.js';
export { simulateRecorded, RunRecorder, type RecordOptions } from './metrics/recorder.js';
export { JobNames } from './sim/naming.js';
export { compare, comparisonRows, runSummary, type ComparisonRow } from './plan/compare.js';
export { openScenarioWorkload, openWorkload } from './workload/open.js';
export type { WorkloadJob, WorkloadStream } from './workload/types.js';
// The planner (docs/sweep.md).
export { loadSweep, parseSweep, type Sweep, type Configuration, type Constraint, type Objective } from './plan/sweep-file.js';
export { sweep, sweepTasks, shardRange, fingerprint, type SweepOptions, type SweepRuns, type Shard } from './plan/sweep.js';
export { plan, type PlanOptions, type PlanResult } from './plan/plan.js';
export { aggregate, planOf, runsCsv, parseRunsCsv, configsCsv, paretoCsv, type SweepOutcome, type SweepPlan, type RunRow, type ConfigurationResult } from './plan/sweep-results.js';
export { adviceText, sweepSummary } from './plan/advice.js';
export { writeSweepDir, writeShardDir, readShards } from './plan/write-sweep.js';
export { RUN_METRICS, type RunMetric } from './plan/run-metrics.js';
export { estimate, wilson, pairedDifference, type Estimate, type Proportion } from './plan/stats.js';
