// What a run keeps of its Step Functions executions (executions.csv, summary.json, the report):
// per execution its status and times, and one entry per state it entered.

/** AWS's execution statuses; NOT_STARTED: the run ended (a horizon) before the execution's startAt. */
export const EXECUTION_STATUSES = ['NOT_STARTED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/**
 * How a state entry ended: SUCCEEDED (it went on to its Next, or ended its branch), FAILED (its
 * error was not caught), CAUGHT (a Catch sent the execution elsewhere), ABORTED (stopped because a
 * sibling branch failed, or the execution ended), RUNNING (still in it when the run ended).
 */
export type EntryStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CAUGHT' | 'ABORTED';

/** One state entered by an execution (a row of executions.csv). */
export interface StateEntry {
  /** Where in the execution: '' at the top; `Map[2]` in iteration 2 of the Map state `Map`; `Both.Branches[1]` in a Parallel's branch; nested with `/`. */
  scope: string;
  state: string;
  type: string;
  enteredMs: number;
  /** −1 while it has not been left. */
  exitedMs: number;
  status: EntryStatus;
  /** The error that ended it (FAILED, CAUGHT), or ''. */
  error: string;
  cause: string;
  /** Retries made (Retry) before it ended. */
  retries: number;
  /** Ids of the Batch jobs it submitted, one per attempt. */
  jobIds: string[];
}

export interface ExecutionRecord {
  name: string;
  stateMachine: string;
  executionArn: string;
  /** startAt, ms. */
  startAtMs: number;
  /** When it stopped, ms; −1 while running (or not started). */
  stopMs: number;
  status: ExecutionStatus;
  /** The error and cause it failed (or timed out) with; ''. */
  error: string;
  cause: string;
  /** Its output (SUCCEEDED), else null. */
  output: unknown;
  /** The states it entered, in the order entered. */
  entries: StateEntry[];
}

/** What a run offers its readers of its executions (RunResult.executions). */
export interface ExecutionsResult {
  readonly records: readonly ExecutionRecord[];
}
