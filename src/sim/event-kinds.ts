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
} as const;

/** The phase each kind runs in at its instant (src/engine/phases.ts gives the order). */
export const PHASE_OF = [
  Phase.Submission, Phase.Submission, Phase.SchedulerCycle, Phase.JobStart, Phase.AttemptEnd, Phase.InstanceChange,
  Phase.InstanceChange, Phase.Timeout, Phase.InstanceChange, Phase.InstanceChange, Phase.Submission, Phase.InstanceChange,
  Phase.Submission, Phase.AttemptEnd, Phase.SchedulerCycle,
] as const;

/**
 * Kinds that no longer matter once the work has ended (every job terminal, no submission or API
 * call to come): Spot notices and market moves of idle capacity, cycles with nothing to place,
 * stale job timers. Only instance readiness and idle scale-in still run then, so capacity above
 * minvCpus is billed until it would scale in, and capacity kept for minvCpus until the run's end.
 */
export const SKIPPED_AFTER_WORK: readonly boolean[] = [
  false, false, true, true, true, false, false, true, true, true, false, true, true, true, false,
];

/** Kinds whose arrival after the stall window shows a run going round without progress (a scheduler cycle). */
export const STALL_EVIDENCE: readonly boolean[] = [
  false, false, true, false, false, false, false, false, false, false, false, false, false, false, false,
];

/** Kinds that may unblock waiting jobs later (market moves, time-limit wake-ups): no stall while one is queued. */
export const TIMER_KINDS: readonly boolean[] = [
  false, false, false, false, false, false, false, false, false, false, false, true, true, false, false,
];

/** Kinds that bring work from outside: while one is pending the work has not ended. */
export const INPUT_KINDS: readonly boolean[] = [
  true, true, false, false, false, false, false, false, false, false, true, false, false, false, false,
];
