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
} as const;

/** The phase each kind runs in at its instant (src/engine/phases.ts gives the order). */
export const PHASE_OF = [
  Phase.Submission, Phase.Submission, Phase.SchedulerCycle, Phase.JobStart, Phase.AttemptEnd, Phase.InstanceChange,
  Phase.InstanceChange, Phase.Timeout, Phase.InstanceChange, Phase.InstanceChange, Phase.Submission, Phase.InstanceChange,
  Phase.Submission, Phase.AttemptEnd,
] as const;
