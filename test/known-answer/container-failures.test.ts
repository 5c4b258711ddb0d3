// Known answer: containers that fail the way AWS's do (spec §1.4, §4). An attempt whose peak
// memory (simulation.memory) is above the job's memory is killed where its memory, growing
// steadily over the run, crosses the job's: exit code 137, container reason `OutOfMemoryError:
// Container killed due to memory usage`, statusReason `Essential container in task exited`. An
// attempt whose image pull fails (simulation.imagePullFailureProbability) ends in STARTING when the
// pull would have ended, with `CannotPullContainerError: …` and no exit code. Retry rules match
// them with onReason and onStatusReason as AWS's own examples do.
import { describe, expect, it } from 'vitest';
import { OUT_OF_MEMORY, cannotPullContainer } from '../../src/model/status-reasons.js';
import { runYaml } from './helpers.js';

// c5.large on demand: launched at the cycle at 0, ready at 60, placed 60, image pull 20 → RUNNING 80.
const scenario = (simulation: string, retry: string) => `
name: container-failures
settings: { schedulerCycleSeconds: 10, instanceLaunchSeconds: 60, imagePullSeconds: 20, cachedImageStartSeconds: 0, idleScaleDownSeconds: 600 }
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, allocationStrategy: BEST_FIT, maxvCpus: 2, instanceTypes: [c5.large] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { image: "registry.example/work:1", vcpus: 2, memory: 2048 }
    retryStrategy: ${retry}
    simulation: ${simulation}
jobs:
  - { jobName: j, jobQueue: q, jobDefinition: work, submitAt: 0 }
`;

describe('a container that outgrows its memory', () => {
  // 100 s of work peaking at 4,096 MiB against 2,048: killed half-way, at 80 + 50 = 130.
  const oom = runYaml(scenario('{ duration: 100, memory: 4096 }', `{ attempts: 3, evaluateOnExit: [{ onReason: "OutOfMemoryError*", action: RETRY }, { onReason: "*", action: EXIT }] }`));

  it('is killed where its memory crosses the job’s, with exit 137 and AWS’s reasons', () => {
    const [first] = oom.attemptsOf('j');
    expect(first).toMatchObject({ startedAt: 80, stoppedAt: 130, exitCode: 137, outcome: 'FAILED', statusReason: 'Essential container in task exited', containerReason: OUT_OF_MEMORY });
  });

  it('is retried by an onReason rule until its attempts run out', () => {
    // Each retry goes back to the front of the queue; the cycle at 130 places it on the instance,
    // whose image is cached: RUNNING at once, killed 50 s later.
    expect(oom.attemptsOf('j').map((a) => [a.startedAt, a.stoppedAt, a.exitCode])).toEqual([[80, 130, 137], [130, 180, 137], [180, 230, 137]]);
    expect(oom.job('j')).toMatchObject({ status: 'FAILED', attempts: 3, stoppedAt: 230, reason: 'Essential container in task exited' });
    // The ledger counts every killed attempt as failed spend.
    expect(oom.summary().cost.wastedUsd.failed).toBeGreaterThan(0);
  });

  it('is left alone when its peak stays within the job’s memory', () => {
    const fits = runYaml(scenario('{ duration: 100, memory: 2048 }', '{ attempts: 3 }'));
    expect(fits.attemptsOf('j')).toEqual([expect.objectContaining({ startedAt: 80, stoppedAt: 180, exitCode: 0, outcome: 'SUCCEEDED', containerReason: '' })]);
  });

  it('fails at once when the rule says EXIT', () => {
    const exit = runYaml(scenario('{ duration: 100, memory: 4096 }', `{ attempts: 3, evaluateOnExit: [{ onReason: "OutOfMemoryError*", action: EXIT }] }`));
    expect(exit.attemptsOf('j')).toHaveLength(1);
    expect(exit.job('j')).toMatchObject({ status: 'FAILED', attempts: 1 });
  });
});

describe('an image that cannot be pulled', () => {
  const pull = cannotPullContainer('registry.example/work:1');

  it('fails the attempt in STARTING when the pull would have ended, with no exit code, and is retried by onStatusReason', () => {
    const run = runYaml(scenario('{ duration: 100, imagePullFailureProbability: 1 }', `{ attempts: 2, evaluateOnExit: [{ onStatusReason: "CannotPullContainerError*", action: RETRY }] }`));
    expect(run.attemptsOf('j').map((a) => ({ placedAt: a.placedAt, startedAt: a.startedAt, stoppedAt: a.stoppedAt, exitCode: a.exitCode, statusReason: a.statusReason, containerReason: a.containerReason, outcome: a.outcome }))).toEqual([
      { placedAt: 60, startedAt: null, stoppedAt: 80, exitCode: null, statusReason: pull, containerReason: pull, outcome: 'FAILED' },
      // A failed pull leaves no image on the instance: the retry, placed at once, pulls again (20 s).
      { placedAt: 80, startedAt: null, stoppedAt: 100, exitCode: null, statusReason: pull, containerReason: pull, outcome: 'FAILED' },
    ]);
    expect(run.job('j')).toMatchObject({ status: 'FAILED', attempts: 2, startedAt: null });
  });

  it('fails a share of attempts near the given probability, each drawn per attempt', () => {
    const many = runYaml(scenario('{ duration: 10, imagePullFailureProbability: 0.3 }', '{ attempts: 1 }').replace(
      '  - { jobName: j, jobQueue: q, jobDefinition: work, submitAt: 0 }',
      '  - { jobName: j, jobQueue: q, jobDefinition: work, submitAt: 0, arrayProperties: { size: 2000 } }',
    ));
    const failed = many.attempts.filter((a) => a.containerReason.startsWith('CannotPullContainerError')).length;
    // Binomial(2000, 0.3): mean 600, sd ≈ 20.5; ± 5 sd.
    expect(failed).toBeGreaterThan(600 - 103);
    expect(failed).toBeLessThan(600 + 103);
    expect(many.attempts).toHaveLength(2000);
  });
});
