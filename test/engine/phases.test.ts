// The fixed order of events that share one instant (src/engine/phases.ts, DESIGN §2), pinned two
// ways: the event queue, fed one event of every kind at one instant through PHASE_OF, must hand
// them out in the order written below; and a small scenario whose outcome depends on that order
// must come out as the order says. Changing the order is a deliberate act that changes this file.
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';
import { Phase, PHASE_ORDER } from '../../src/engine/phases.js';
import { parseScenario } from '../../src/scenario/load.js';
import { EventKind, PHASE_OF } from '../../src/sim/event-kinds.js';
import { simulate } from '../../src/sim/simulation.js';
import { writeAndRead, type CsvRow } from '../invariants/random-scenario.js';

type KindName = keyof typeof EventKind;
type PhaseName = keyof typeof Phase;

/** The phase each event kind must run in, written out by hand (why: src/engine/phases.ts). */
const PINNED: Record<KindName, PhaseName> = {
  AttemptEnd: 'AttemptEnd',
  TerminateStop: 'AttemptEnd',
  Timeout: 'Timeout',
  WorkflowTimeout: 'Timeout',
  InstanceReady: 'InstanceChange',
  IdleCheck: 'InstanceChange',
  SpotNotice: 'InstanceChange',
  SpotReclaim: 'InstanceChange',
  MarketChange: 'InstanceChange',
  JobStart: 'JobStart',
  SubmitJob: 'Submission',
  WorkloadArrival: 'Submission',
  ApiCall: 'Submission',
  Wakeup: 'Submission',
  Workflow: 'Submission',
  SchedulerCycle: 'SchedulerCycle',
  IdleCheckAfterCycle: 'SchedulerCycle',
};

const kindName = (kind: number) => (Object.keys(EventKind) as KindName[]).find((k) => EventKind[k] === kind)!;

describe('same-instant order through the event queue', () => {
  it('runs every event kind in its pinned phase (a new kind must be added here on purpose)', () => {
    const kinds = Object.keys(EventKind) as KindName[];
    expect(kinds.slice().sort()).toEqual((Object.keys(PINNED) as KindName[]).sort());
    for (const k of kinds) {
      const phase = (Object.keys(Phase) as PhaseName[]).find((p) => Phase[p] === PHASE_OF[EventKind[k]]);
      expect(phase, `phase of ${k}`).toBe(PINNED[k]);
    }
  });

  it('hands out one event of every kind at one instant in the pinned order, whatever order they were pushed in', () => {
    // Pushed in an order unrelated to the phases, with a later and an earlier event around them;
    // inside one phase, insertion order decides.
    const pushed: KindName[] = [
      'SchedulerCycle', 'Wakeup', 'MarketChange', 'JobStart', 'SpotReclaim', 'ApiCall', 'Timeout', 'TerminateStop',
      'SubmitJob', 'IdleCheck', 'AttemptEnd', 'WorkloadArrival', 'SpotNotice', 'InstanceReady', 'IdleCheckAfterCycle', 'Workflow', 'WorkflowTimeout',
    ];
    expect(pushed.slice().sort(), 'one of every kind').toEqual(Object.keys(EventKind).sort());
    const q = new EventQueue(4);
    const at = 1_000;
    q.push(at + 1, PHASE_OF[EventKind.AttemptEnd], EventKind.AttemptEnd, -1);
    pushed.forEach((k, i) => q.push(at, PHASE_OF[EventKind[k]], EventKind[k], i));
    q.push(at - 1, PHASE_OF[EventKind.SchedulerCycle], EventKind.SchedulerCycle, -2);
    const popped: string[] = [];
    while (q.pop()) popped.push(`${q.time} ${kindName(q.kind)}`);
    expect(popped).toEqual([
      '999 SchedulerCycle',
      // attempt ends free capacity first…
      '1000 TerminateStop', '1000 AttemptEnd',
      // …so that a container exiting at its deadline has finished in time…
      '1000 Timeout', '1000 WorkflowTimeout',
      // …then instances come, go and change price…
      '1000 MarketChange', '1000 SpotReclaim', '1000 IdleCheck', '1000 SpotNotice', '1000 InstanceReady',
      // …pulled images start running…
      '1000 JobStart',
      // …submissions and API calls at this instant are seen…
      '1000 Wakeup', '1000 ApiCall', '1000 SubmitJob', '1000 WorkloadArrival', '1000 Workflow',
      // …by the scheduler cycle of this instant; an idle check deferred past it comes after it.
      '1000 SchedulerCycle', '1000 IdleCheckAfterCycle',
      '1001 AttemptEnd',
    ]);
  });

  it('numbers the phases in the pinned order, metric samples last (and PHASE_ORDER lists them so)', () => {
    const order = (Object.keys(Phase) as PhaseName[]).sort((a, b) => Phase[a] - Phase[b]);
    expect(order).toEqual(['AttemptEnd', 'Timeout', 'InstanceChange', 'JobStart', 'Submission', 'SchedulerCycle', 'MetricSample']);
    expect(PHASE_ORDER).toEqual(order);
  });
});

// A scenario whose outcome depends on the order. One single-slot UNMANAGED instance (queue q)
// and a Spot environment (queue sq); cycles every 10 s, containers start the instant they are
// placed. Each job shows one rule:
// - first:   timeout 60 s = run time 60 s: it finished in time → SUCCEEDED at 60. (The engine
//            schedules no Timeout event unless the deadline comes first, so this holds whatever
//            the phase order; pinned as the outcome the AttemptEnd-before-Timeout rule promises.)
// - second:  submitted at 5, waits for the slot; first ends at 60, a cycle instant. AttemptEnd
//            before SchedulerCycle → placed at 60 (not 70).
// - third:   submitted at 120, a cycle instant, as second ends there. Attempt end and submission
//            before the cycle → placed at 120.
// - onspot:  its instance (launched at 0) is ready at 120, a cycle instant. InstanceChange before
//            SchedulerCycle → placed at 120. Runs 60 s to 180, the very instant its instance is
//            reclaimed (interruption at 130 + 50 s notice). AttemptEnd before the reclaim → SUCCEEDED.
// - gone:    submitted at 200 and cancelled at 200. Submissions before actions at one instant
//            (docs/scenario.md) → the cancel finds it: FAILED with the cancel's reason, never run.
//            (CancelJob is carried out at the next cycle, so this too holds by construction.)
const SCENARIO = `
name: phases
settings:
  schedulerCycleSeconds: 10
  instanceLaunchSeconds: 120
  imagePullSeconds: 0
  cachedImageStartSeconds: 0
  spot:
    noticeSeconds: 50
    pools:
      - { instanceType: c5.large, monthlyInterruptionRate: 0 }
computeEnvironments:
  - computeEnvironmentName: slots
    type: UNMANAGED
    state: ENABLED
    simulation:
      fleet:
        - { instanceType: slot, vcpus: 1, memory: 2048, count: 1 }
  - computeEnvironmentName: spot
    type: MANAGED
    computeResources: { type: SPOT, allocationStrategy: SPOT_CAPACITY_OPTIMIZED, minvCpus: 0, maxvCpus: 2, instanceTypes: [c5.large] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: slots }]
  - jobQueueName: sq
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: spot }]
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 1, memory: 1024 }
    timeout: { attemptDurationSeconds: 60 }
    simulation: { duration: 60 }
  - jobDefinitionName: spotwork
    type: container
    containerProperties: { vcpus: 2, memory: 2048 }
    simulation: { duration: 60 }
jobs:
  - { jobName: first, jobQueue: q, jobDefinition: work, submitAt: 0 }
  - { jobName: second, jobQueue: q, jobDefinition: work, submitAt: 5 }
  - { jobName: third, jobQueue: q, jobDefinition: work, submitAt: 120 }
  - { jobName: onspot, jobQueue: sq, jobDefinition: spotwork, submitAt: 0 }
  - { jobName: gone, jobQueue: sq, jobDefinition: spotwork, submitAt: 200 }
actions:
  - { at: 130, action: InterruptSpotInstances, computeEnvironment: spot }
  - { at: 200, action: CancelJob, jobId: gone, reason: cancelled at submission }
`;

describe('same-instant order in a run (a scenario whose outcome depends on it)', () => {
  const files = writeAndRead(simulate(parseScenario(SCENARIO, 'phases.yaml')));
  const job = (name: string): CsvRow => files.jobs.find((j) => j.jobName === name)!;
  const attempts = (name: string) => files.attempts.filter((a) => a.jobId === job(name).jobId)
    .map((a) => ({ placedAt: a.placedAt, stoppedAt: a.stoppedAt, outcome: a.outcome, exitCode: a.exitCode }));

  it('ends an attempt before its timeout at the same instant: SUCCEEDED, exit code 0', () => {
    expect(job('first')).toMatchObject({ status: 'SUCCEEDED', startedAt: '0', stoppedAt: '60' });
    expect(attempts('first')).toEqual([{ placedAt: '0', stoppedAt: '60', outcome: 'SUCCEEDED', exitCode: '0' }]);
  });

  it('frees a slot before the scheduler cycle at the same instant: the waiting job is placed then', () => {
    expect(attempts('second')).toEqual([{ placedAt: '60', stoppedAt: '120', outcome: 'SUCCEEDED', exitCode: '0' }]);
  });

  it('takes submissions before the scheduler cycle at the same instant', () => {
    expect(job('third')).toMatchObject({ createdAt: '120', startedAt: '120', status: 'SUCCEEDED' });
  });

  it('makes an instance ready before the scheduler cycle, and ends an attempt before a reclaim, at the same instant', () => {
    const [spot] = files.instances.filter((i) => i.computeEnvironment === 'spot');
    expect(spot).toMatchObject({ readyAt: '120', terminatedAt: '180', terminationReason: 'SPOT_INTERRUPTION' });
    expect(attempts('onspot')).toEqual([{ placedAt: '120', stoppedAt: '180', outcome: 'SUCCEEDED', exitCode: '0' }]);
  });

  it('submits before carrying out an action at the same instant', () => {
    expect(job('gone')).toMatchObject({ status: 'FAILED', statusReason: 'cancelled at submission', startedAt: '', attempts: '0' });
  });
});
