// Dependencies on jobs that finished just before the dependent's first evaluation (found by the
// random-scenario generator, issue 8): a finished N_TO_N partner must count once — not once when
// the dependent is evaluated and again when the partner's end is resolved at the same cycle.
import { describe, expect, it } from 'vitest';
import { runYaml } from './helpers.js';

describe('an N_TO_N partner that finished before the dependent was evaluated', () => {
  it('does not release a SEQUENTIAL child early (N_TO_N + SEQUENTIAL)', () => {
    // One 14-vCPU slot. j0 (2 × 4 vCPU, exponential run times) starts at 0; j0[1] ends at 39 s,
    // j0[0] later. j1 (2 × 2 vCPU, exits 1, no retry) is submitted at 35.172 and evaluated at the
    // 40 s cycle, after j0[1] ended at 39 s (its end also resolved at 40 s). j1[0] waits for
    // j0[0]; j1[1] waits for j1[0] (SEQUENTIAL) — and j1[0] fails, so j1[1] never runs: FAILED
    // with "Dependent Job failed". Before the fix j1[1] started at 40 s.
    const run = runYaml(`
name: sequential-with-n-to-n
seed: 815509
settings: { schedulerCycleSeconds: 5, imagePullSeconds: 0 }
computeEnvironments:
  - computeEnvironmentName: ce0
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot, vcpus: 14, memory: 32768, count: 1 }] }
jobQueues:
  - { jobQueueName: q0, priority: 4, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce0 }] }
  - { jobQueueName: q1, priority: 7, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce0 }] }
jobDefinitions:
  - { jobDefinitionName: def0, type: container, containerProperties: { vcpus: 2, memory: 8192 }, simulation: { duration: 571, exitCode: 1 } }
  - { jobDefinitionName: def1, type: container, containerProperties: { vcpus: 4, memory: 8192 }, simulation: { duration: { distribution: exponential, mean: 184 } } }
jobs:
  - { jobName: j0, jobQueue: q1, jobDefinition: def1, submitAt: 0, arrayProperties: { size: 2 } }
  - { jobName: j1, jobQueue: q0, jobDefinition: def0, submitAt: 35.172, arrayProperties: { size: 2 }, dependsOn: [{ jobId: j0, type: N_TO_N }, { type: SEQUENTIAL }] }
`);
    const j00 = run.job('j0:0');
    const j01 = run.job('j0:1');
    expect(j01.stoppedAt!).toBeLessThan(40);
    expect(j00.stoppedAt!).toBeGreaterThan(40);
    const j10 = run.job('j1:0');
    expect(j10.status).toBe('FAILED');
    expect(j10.startedAt!).toBeGreaterThanOrEqual(j00.stoppedAt!);
    const j11 = run.job('j1:1');
    expect(j11).toMatchObject({ status: 'FAILED', startedAt: null, attempts: 0, reason: 'Dependent Job failed' });
    expect(j11.stoppedAt!).toBeGreaterThanOrEqual(j10.stoppedAt!);
  });

  it('does not leave a child PENDING forever (N_TO_N + a plain dependency)', () => {
    // One c5.xlarge (4 vCPU): j1 (q0, priority 5) and j3 (q1, priority 8, 8 × 2 vCPU), 441 s each.
    // j3[0] and j3[1] take the instance at 0 and end at 441; j7 (N_TO_N on j3, and after j1) is
    // submitted at 444 and evaluated at the 445 s cycle, where j3[0]/j3[1]'s ends are resolved
    // too. Every j7[k] must run once both j3[k] and j1 are done. Before the fix j7[0] and j7[1]
    // were counted twice and stayed PENDING at the end.
    const run = runYaml(`
name: n-to-n-partner-already-done
seed: 14
settings: { schedulerCycleSeconds: 5, imagePullSeconds: 0, cachedImageStartSeconds: 0 }
computeEnvironments:
  - computeEnvironmentName: ce0
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: c5.xlarge, count: 1 }] }
jobQueues:
  - { jobQueueName: q0, priority: 5, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce0 }] }
  - { jobQueueName: q1, priority: 8, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce0 }] }
jobDefinitions:
  - { jobDefinitionName: def0, type: container, containerProperties: { vcpus: 2, memory: 1024 }, simulation: { duration: 441 } }
jobs:
  - { jobName: j1, jobQueue: q0, jobDefinition: def0, submitAt: 0 }
  - { jobName: j3, jobQueue: q1, jobDefinition: def0, submitAt: 0, arrayProperties: { size: 8 } }
  - { jobName: j7, jobQueue: q1, jobDefinition: def0, submitAt: 444, arrayProperties: { size: 8 }, dependsOn: [{ jobId: j3, type: N_TO_N }, { jobId: j1 }] }
`);
    expect(run.job('j3:0')).toMatchObject({ startedAt: 0, stoppedAt: 441 });
    expect(run.job('j3:1')).toMatchObject({ startedAt: 0, stoppedAt: 441 });
    const j1 = run.job('j1');
    expect(j1.status).toBe('SUCCEEDED');
    for (let k = 0; k < 8; k++) {
      const child = run.job(`j7:${k}`);
      expect(child.status, `j7:${k}`).toBe('SUCCEEDED');
      expect(child.startedAt!, `j7:${k} after j3:${k}`).toBeGreaterThanOrEqual(run.job(`j3:${k}`).stoppedAt!);
      expect(child.startedAt!, `j7:${k} after j1`).toBeGreaterThanOrEqual(j1.stoppedAt!);
    }
    expect(run.job('j7')).toMatchObject({ status: 'SUCCEEDED' });
  });
});
