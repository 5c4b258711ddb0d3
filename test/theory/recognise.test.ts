// recogniseQueue: which scenarios batchsim treats as M/·/c, and for each condition of
// docs/model.md ("Queueing theory") a scenario that breaks only that one, with the reason given.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import type { ActionSpec, ExecutionSpec, JobSubmission, PoissonWorkloadSpec, Scenario } from '../../src/scenario/types.js';
import { recogniseQueue } from '../../src/theory/recognise.js';
import { fixedFleetCe, managedCe, queue, slotShape } from '../helpers/build.js';
import { MMC_TEACHING } from './mmc-replications.js';

const BASE = loadScenario(MMC_TEACHING);

/** scenarios/mmc-teaching.yaml with one change. */
function variant(change: (s: Scenario) => void): Scenario {
  const s = structuredClone(BASE);
  change(s);
  return s;
}
const def = (s: Scenario) => s.jobDefinitions[(s.workloads[0] as PoissonWorkloadSpec).jobDefinition];
const model = (s: Scenario) => recogniseQueue(s).model;
const reason = (s: Scenario) => recogniseQueue(s).reason;

describe('recogniseQueue: models', () => {
  it('reads scenarios/mmc-teaching.yaml as M/M/c: c = 10 slots, λ = 1/7.5 s, exponential run time of mean 60 s', () => {
    expect(recogniseQueue(BASE)).toEqual({
      model: { model: 'M/M/c', jobQueue: 'mmc', c: 10, lambda: 1 / 7.5, service: { kind: 'exponential', meanSeconds: 60, scv: 1 } },
      reason: null,
    });
  });

  it('names the model by its run time and its slot count', () => {
    const oneSlot = (s: Scenario) => (s.computeEnvironments[0].fleet = [s.computeEnvironments[0].fleet[0]]);
    const slow = (s: Scenario) => ((s.workloads[0] as PoissonWorkloadSpec).meanInterarrivalSeconds = 100);
    expect(model(variant((s) => (oneSlot(s), slow(s))))?.model).toBe('M/M/1');
    expect(model(variant((s) => (def(s).simulation.duration = { distribution: 'fixed', value: 60 })))?.model).toBe('M/D/c');
    expect(model(variant((s) => (oneSlot(s), slow(s), (def(s).simulation.duration = { distribution: 'fixed', value: 60 }))))?.model).toBe('M/D/1');
    const lognormal = variant((s) => (oneSlot(s), slow(s), (def(s).simulation.duration = { distribution: 'lognormal', median: 40, sigma: 0.8 })));
    expect(model(lognormal)).toMatchObject({ model: 'M/G/1', c: 1, service: { kind: 'general', meanSeconds: expect.closeTo(40 * Math.exp(0.32), 9), scv: expect.closeTo(Math.expm1(0.64), 12) } });
    expect(model(variant((s) => (def(s).simulation.duration = { distribution: 'uniform', min: 30, max: 90 })))).toMatchObject({ model: 'M/G/c', service: { meanSeconds: 60, scv: 1 / 12 } });
  });

  it('counts every instance that holds exactly one job, across the queue’s environments, whatever limits it', () => {
    const s = variant((x) => {
      // 3 vCPUs hold one 2-vCPU job; 4 vCPUs and 1.6 GiB hold one 1 GiB job (memory limits it).
      def(x).vcpus = 2;
      x.computeEnvironments = [fixedFleetCe('a', [slotShape(3, 8192), slotShape(3, 8192)]), fixedFleetCe('b', [{ ...slotShape(4, 1700), instanceType: 'small' }])];
      def(x).memory = 1024;
      x.jobQueues = [queue('mmc', 1, ['a', 'b'])];
      (x.workloads[0] as PoissonWorkloadSpec).meanInterarrivalSeconds = 30;
    });
    expect(reason(s)).toBeNull();
    expect(model(s)?.c).toBe(3);
  });

  it('accepts jobs that fail when nothing retries them (a failed attempt still held its slot for its run time)', () => {
    expect(model(variant((s) => (def(s).simulation.exitCodes = [{ exitCode: 1, weight: 0.2 }, { exitCode: 0, weight: 0.8 }])))?.model).toBe('M/M/c');
    expect(model(variant((s) => (def(s).retryStrategy = { attempts: 3, evaluateOnExit: [] })))?.model).toBe('M/M/c');
  });
});

describe('recogniseQueue: each condition broken alone', () => {
  const submission = { jobName: 'extra', jobQueue: 'mmc', jobDefinition: 0, submitAtMs: 0, arraySize: 0, dependsOn: [] } as unknown as JobSubmission;
  const cases: [string, (s: Scenario) => void, RegExp][] = [
    ['a second job queue', (s) => s.jobQueues.push(queue('other', 2, ['slots'])), /2 job queues \(one is needed\)/],
    ['a DISABLED queue', (s) => (s.jobQueues[0].state = 'DISABLED'), /job queue "mmc" is DISABLED/],
    ['a fair-share queue', (s) => (s.jobQueues[0].schedulingPolicy = 'fair'), /fair-share scheduling policy/],
    ['a time-limit action', (s) => s.jobQueues[0].jobStateTimeLimitActions.push({ reason: 'x', state: 'RUNNABLE', maxTimeSeconds: 600, action: 'CANCEL' }), /jobStateTimeLimitActions/],
    ['scheduler cycles', (s) => (s.settings.schedulerCycleSeconds = 10), /schedulerCycleSeconds is 10/],
    ['image pulls', (s) => (s.settings.imagePullSeconds = 15), /imagePullSeconds is 15/],
    ['cached-image starts', (s) => (s.settings.cachedImageStartSeconds = 3), /cachedImageStartSeconds is 3/],
    ['a second workload', (s) => s.workloads.push(s.workloads[0]), /exactly one workload, of type poisson/],
    ['submissions besides the workload', (s) => s.jobs.push(submission), /submits 1 job\(s\) in jobs:/],
    ['actions', (s) => s.actions.push({ atMs: 0, action: 'CancelJob', job: 0, reason: 'x' } as unknown as ActionSpec), /1 action\(s\)/],
    ['Step Functions executions', (s) => (s.executions = [{ stateMachine: 0, name: null, input: {}, startAtMs: 0 } as ExecutionSpec]), /Step Functions executions/],
    ['a multi-node definition', (s) => (def(s).type = 'multinode'), /multi-node job/],
    ['a timeout', (s) => (def(s).attemptDurationSeconds = 600), /has a timeout/],
    ['memory draws', (s) => (def(s).simulation.memory = { distribution: 'fixed', value: 100 }), /simulation\.memory/],
    ['image pulls that fail', (s) => (def(s).simulation.imagePullFailureProbability = 0.01), /imagePullFailureProbability/],
    ['failures that are retried', (s) => ((def(s).simulation.exitCode = 1), (def(s).retryStrategy = { attempts: 2, evaluateOnExit: [] })), /retries attempts that fail/],
    ['a MANAGED environment', (s) => ((s.computeEnvironments = [managedCe('slots', ['c5'])]), 0), /"slots" is MANAGED/],
    ['a DISABLED environment', (s) => (s.computeEnvironments[0].state = 'DISABLED'), /"slots" is DISABLED/],
    ['instances that hold two jobs', (s) => (s.computeEnvironments[0].fleet[3] = slotShape(2, 4096)), /slot2 of compute environment "slots" holds 2 jobs/],
    ['instances too small for a job', (s) => (def(s).memory = 4096), /holds 0 jobs/],
    ['a speedup on the fleet’s family', (s) => (def(s).simulation.speedupByFamily = { [s.computeEnvironments[0].fleet[0].family]: 2 }), /runs 2× faster/],
    ['no slots', (s) => (s.computeEnvironments[0].fleet = []), /has no slots/],
    ['a normal run time cut to a sliver', (s) => (def(s).simulation.duration = { distribution: 'normal', mean: 60, stddev: 100, min: 60, max: 61 }), /keeps only/],
    ['a zero run time', (s) => (def(s).simulation.duration = { distribution: 'fixed', value: 0 }), /mean run time of 0 s/],
    ['an overloaded queue', (s) => ((s.workloads[0] as PoissonWorkloadSpec).meanInterarrivalSeconds = 6), /unstable: utilisation ρ = λ·m\/c = 1 ≥ 1/],
  ];
  for (const [what, change, expected] of cases) {
    it(`not recognised with ${what}`, () => {
      const s = variant(change);
      expect(model(s)).toBeNull();
      expect(reason(s)).toMatch(expected);
    });
  }
});
