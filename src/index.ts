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
export { estimate, wilson, pairedDifference, type Estimate, type Proportion } from './util/stats.js';
// CI checks (docs/check.md), alarms and EventBridge rules (docs/alarms.md, docs/events.md), import (docs/import.md).
export { check, type CheckOptions, type CheckResult } from './check/check.js';
export { alarmHistory, evaluateAt, type AlarmRule, type AlarmState } from './alarms/evaluate.js';
export { evaluateAlarms, type AlarmOutcome } from './alarms/run-alarms.js';
export { compileEventPattern, parseEventPattern, eventPattern, EventPattern, EventPatternError } from './events/pattern.js';
export { RuleMatcher, countRuleMatches } from './events/rule-matches.js';
export { planImport, writeImport, type ImportPlan, type ImportOptions } from './import/index.js';
