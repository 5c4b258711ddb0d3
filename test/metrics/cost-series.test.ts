// The Cost series adds up to the bill, even for a run that ends at t = 0 (its instance billed the
// one-minute minimum at once): Σ Cost = the last CumulativeCost = summary cost.totalUsd.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { runAndRead } from './helpers.js';

describe('the Cost series of a run that ends at t = 0', () => {
  it('holds the 60-second minimum bill of the instance that was up', () => {
    // One UNMANAGED c5.large; the only job needs 4 vCPUs and is left RUNNABLE. Nothing happens
    // after t = 0: the instance is billed 60 s × 0.085 / 3600 = $0.001416667.
    const files = runAndRead(parseScenario(`
name: zero-length
settings: { schedulerCycleSeconds: 0, imagePullSeconds: 0, cachedImageStartSeconds: 0 }
computeEnvironments:
  - computeEnvironmentName: ce0
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: c5.large, count: 1 }] }
jobQueues:
  - { jobQueueName: q0, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce0 }] }
jobDefinitions:
  - { jobDefinitionName: def0, type: container, containerProperties: { vcpus: 4, memory: 512 }, simulation: { duration: 1 } }
jobs:
  - { jobName: j0, jobQueue: q0, jobDefinition: def0 }
`, 'zero-length.yaml'), { metricsPeriodSeconds: 60 });
    expect(files.summary.endSeconds).toBe(0);
    expect(files.summary.cost.totalUsd).toBeCloseTo((60 * 0.085) / 3600, 6);
    const cost = files.metrics.filter((r) => r.metricName === 'Cost');
    const cumulative = files.metrics.filter((r) => r.metricName === 'CumulativeCost');
    expect(cost.length).toBeGreaterThan(0);
    expect(cost.reduce((s, r) => s + Number(r.value), 0)).toBeCloseTo(files.summary.cost.totalUsd, 6);
    expect(Number(cumulative[cumulative.length - 1].value)).toBeCloseTo(files.summary.cost.totalUsd, 6);
  });
});
