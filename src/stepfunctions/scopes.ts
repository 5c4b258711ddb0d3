// The running parts of an execution: a Scope is a state machine being run — the execution's own,
// one branch of a Parallel state, or one iteration of a Map state — and an Active state is the
// state a scope is in. Plain data; runtime.ts moves them.
import type { MachineSpec, StateMachineSpec, StateSpec } from '../scenario/types-step-functions.js';
import type { ExecutionRecord, StateEntry } from './records.js';

export interface Execution {
  index: number;
  machine: StateMachineSpec;
  record: ExecutionRecord;
  input: unknown;
  root: Scope | null;
  /** History events so far (AWS fails an execution past 25,000). */
  history: number;
  /** Entries so far of each state, by `scope/state`: with the draw's ordinal in its entry, the key of a keyed draw. */
  visits: Map<string, number>;
}

export interface Scope {
  exec: Execution;
  machine: MachineSpec;
  /** StateEntry.scope of its states. */
  label: string;
  /** The Parallel or Map state it is a branch or iteration of, and its index there; null for the execution's own. */
  parent: { active: Active; index: number } | null;
  /** The Map item it runs on ($$.Map.Item), or null. */
  item: { index: number; value: unknown } | null;
  done: boolean;
  current: Active | null;
}

/** A Batch job a Task state submitted. */
export interface TaskJob {
  submission: number;
  /** Its row once submitted, else −1. */
  row: number;
  /** The attempt log's length when it was submitted (its attempts come after). */
  firstAttempt: number;
  sync: boolean;
}

export interface Active {
  scope: Scope;
  name: string;
  spec: StateSpec;
  entry: StateEntry;
  /** The state's input as it entered. */
  input: unknown;
  /** Bumped by each attempt and by an abort: events of an earlier attempt see a different token and do nothing. */
  token: number;
  /** Retries made per retrier (Retry[i]) in this entry. */
  retried: number[];
  /** Which entry of this state (in its scope) this is, 0 for the first; and the keyed draws it has made. */
  visit: number;
  draws: number;
  job: TaskJob | null;
  /** Parallel and Map: the branches or iterations running or done, their results, and what is left to start. */
  fan: Fan | null;
}

export interface Fan {
  children: Scope[];
  results: unknown[];
  /** Map: the items, the next to start, and how many may run at once. */
  items: unknown[];
  next: number;
  limit: number;
  running: number;
  finished: number;
  /** The input the branches and iterations get (after InputPath, Parameters). */
  input: unknown;
}
