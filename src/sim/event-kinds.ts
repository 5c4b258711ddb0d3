// What an event in the queue means; its `arg` is a job row, an instance index, or an index into
// the scenario's submissions, workloads, actions or price-change times.
import { Phase } from '../engine/phases.js';

export const EventKind = {
  SubmitJob: 0,
  WorkloadArrival: 1,
  SchedulerCycle: 2,
  JobStart: 3,
  AttemptEnd: 4,
  InstanceReady: 5,
  IdleCheck: 6,
  Timeout: 7,
  SpotNotice: 8,
  SpotReclaim: 9,
  ApiCall: 10,
  MarketChange: 11,
  Wakeup: 12,
  TerminateStop: 13,
  /** An idle check deferred past the scheduler cycle of its instant (the cycle may use the instance). */
  IdleCheckAfterCycle: 14,
  /** A Step Functions step (src/stepfunctions): an execution starts, a Wait or a retry interval ends, a .sync task's job has ended. */
  Workflow: 15,
  /** A Step Functions timeout: a Task's TimeoutSeconds, an execution's. */
  WorkflowTimeout: 16,
} as const;

/**
 * What the kernel needs to know of each kind, stated once: its phase at an instant
 * (src/engine/phases.ts gives the order) and how it bears on the end of the run.
 * - `input`: brings work from outside; while one is queued the work has not ended.
 * - `timer`: may unblock waiting jobs later (market moves, time-limit wake-ups): no stall while queued.
 * - `droppedAfterWork`: no longer matters once the work has ended (every job terminal, nothing to
 *   come) or nothing can make progress: Spot notices and market moves of idle capacity, cycles
 *   with nothing to place, stale job timers. Instance readiness and idle scale-in still run then,
 *   so capacity above minvCpus is billed until it would scale in, and minvCpus capacity until the end.
 * - `stallEvidence`: arriving after the stall window, shows a run going round without progress.
 */
interface KindTraits {
  phase: Phase;
  input?: true;
  timer?: true;
  droppedAfterWork?: true;
  stallEvidence?: true;
}

const TRAITS: Record<keyof typeof EventKind, KindTraits> = {
  SubmitJob: { phase: Phase.Submission, input: true },
  WorkloadArrival: { phase: Phase.Submission, input: true },
  SchedulerCycle: { phase: Phase.SchedulerCycle, droppedAfterWork: true, stallEvidence: true },
  JobStart: { phase: Phase.JobStart, droppedAfterWork: true },
  AttemptEnd: { phase: Phase.AttemptEnd, droppedAfterWork: true },
  InstanceReady: { phase: Phase.InstanceChange },
  IdleCheck: { phase: Phase.InstanceChange },
  Timeout: { phase: Phase.Timeout, droppedAfterWork: true },
  SpotNotice: { phase: Phase.InstanceChange, droppedAfterWork: true },
  SpotReclaim: { phase: Phase.InstanceChange, droppedAfterWork: true },
  ApiCall: { phase: Phase.Submission, input: true },
  MarketChange: { phase: Phase.InstanceChange, timer: true, droppedAfterWork: true },
  Wakeup: { phase: Phase.Submission, timer: true, droppedAfterWork: true },
  TerminateStop: { phase: Phase.AttemptEnd, droppedAfterWork: true },
  IdleCheckAfterCycle: { phase: Phase.SchedulerCycle },
  // An execution's next step is work still to come, like a submission (it may submit jobs).
  Workflow: { phase: Phase.Submission, input: true },
  // A timeout may end a task whose job can never run: no stall while one is queued.
  WorkflowTimeout: { phase: Phase.Timeout, timer: true },
};

const byKind = <T>(f: (t: KindTraits) => T): T[] => {
  const out: T[] = [];
  for (const [name, kind] of Object.entries(EventKind)) out[kind] = f(TRAITS[name as keyof typeof EventKind]);
  return out;
};

/** The phase each kind runs in at its instant. */
export const PHASE_OF: readonly Phase[] = byKind((t) => t.phase);

/** The traits above as bits of one byte per kind (one load per event on the kernel's hot path). */
export const Trait = { Input: 1, Timer: 2, DroppedAfterWork: 4, StallEvidence: 8 } as const;
export const TRAITS_OF: Uint8Array = Uint8Array.from(
  byKind((t) => (t.input ? Trait.Input : 0) | (t.timer ? Trait.Timer : 0) | (t.droppedAfterWork ? Trait.DroppedAfterWork : 0) | (t.stallEvidence ? Trait.StallEvidence : 0)),
);
