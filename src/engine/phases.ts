// The fixed order of events that share one instant (DESIGN §2). Lower runs first; ties keep
// insertion order. Pinned by test/engine/phases.test.ts — change it only deliberately.
//
// Why this order: a container that exits at t frees its slot before anything else looks at
// capacity at t; a timeout at t is judged after a natural exit at the same t (the job finished in
// time); instance launches/terminations settle next; jobs whose image pull ends at t start
// running; new submissions at t are then visible to the scheduler cycle at t; metric samples see
// the state after all of it.
export const Phase = {
  AttemptEnd: 0,
  Timeout: 1,
  InstanceChange: 2,
  JobStart: 3,
  Submission: 4,
  SchedulerCycle: 5,
  MetricSample: 6,
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export const PHASE_ORDER: readonly (keyof typeof Phase)[] = [
  'AttemptEnd', 'Timeout', 'InstanceChange', 'JobStart', 'Submission', 'SchedulerCycle', 'MetricSample',
];
