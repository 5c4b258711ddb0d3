import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, setAt } from '../../src/plan/set-path.js';

const scenario = () => ({
  computeEnvironments: [
    { computeEnvironmentName: 'gpu-spot', computeResources: { maxvCpus: 128, instanceTypes: ['g4dn'] } },
    { computeEnvironmentName: 'gpu-ondemand', computeResources: { maxvCpus: 64 } },
  ],
  jobQueues: [{ jobQueueName: 'training', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'gpu-spot' }] }],
});

describe('set paths', () => {
  it('parse AWS field names with [name] and [index] selectors', () => {
    expect(parsePath('computeEnvironments[gpu-spot].computeResources.maxvCpus')).toEqual([
      { field: 'computeEnvironments' }, { name: 'gpu-spot' }, { field: 'computeResources' }, { field: 'maxvCpus' },
    ]);
    expect(parsePath('jobQueues[0].computeEnvironmentOrder')).toEqual([{ field: 'jobQueues' }, { index: 0 }, { field: 'computeEnvironmentOrder' }]);
    expect(formatPath(parsePath('settings.spot.defaultBand') as never)).toBe('settings.spot.defaultBand');
  });

  it.each([
    ['', /empty/],
    ['[0].x', /must start with a field name/],
    ['a[b', /without its "]"/],
    ['a[]', /empty "\[\]"/],
    ['a..b', /field name at character 3/],
    ['a b', /expects "\." or "\[" at character 2/],
  ])('reject %j', (text, why) => {
    expect(parsePath(text)).toMatch(why);
  });

  it('set a value by name and return the path with indices', () => {
    const s = scenario();
    expect(setAt(s, parsePath('computeEnvironments[gpu-ondemand].computeResources.maxvCpus') as never, 256)).toEqual({ path: 'computeEnvironments[1].computeResources.maxvCpus' });
    expect(s.computeEnvironments[1].computeResources.maxvCpus).toBe(256);
  });

  it('select alarms by AlarmName and EventBridge rules by Name, as CloudWatch and EventBridge spell them', () => {
    const s = { alarms: [{ AlarmName: 'queue.idle', Threshold: 1 }, { AlarmName: 'batch-backlog', Threshold: 50 }], eventRules: [{ Name: 'failed', State: 'ENABLED' }] };
    expect(setAt(s, parsePath('alarms[batch-backlog].Threshold') as never, 80)).toEqual({ path: 'alarms[1].Threshold' });
    expect(setAt(s, parsePath('alarms[queue.idle].Threshold') as never, 2)).toEqual({ path: 'alarms[0].Threshold' });
    expect(setAt(s, parsePath('eventRules[failed].State') as never, 'DISABLED')).toEqual({ path: 'eventRules[0].State' });
    expect(s.alarms.map((a) => a.Threshold)).toEqual([2, 80]);
    expect(s.eventRules[0].State).toBe('DISABLED');
    expect(setAt(s, parsePath('alarms[backlog].Threshold') as never, 1)).toEqual({ error: 'no element of alarms has AlarmName "backlog" (there are "queue.idle", "batch-backlog")' });
  });

  it('set whole objects, as copies', () => {
    const s = scenario();
    const order = [{ order: 1, computeEnvironment: 'gpu-ondemand' }];
    setAt(s, parsePath('jobQueues[training].computeEnvironmentOrder') as never, order);
    order[0].order = 9;
    expect(s.jobQueues[0].computeEnvironmentOrder).toEqual([{ order: 1, computeEnvironment: 'gpu-ondemand' }]);
  });

  it('create settings the scenario leaves at their defaults', () => {
    const s: Record<string, unknown> = scenario();
    expect(setAt(s, parsePath('settings.spot.defaultBand') as never, '<5%')).toEqual({ path: 'settings.spot.defaultBand' });
    expect(s.settings).toEqual({ spot: { defaultBand: '<5%' } });
  });

  it('say why a path leads nowhere', () => {
    expect(setAt(scenario(), parsePath('computeEnvironments[gpu-spt].computeResources.maxvCpus') as never, 1)).toEqual({
      error: 'no element of computeEnvironments has computeEnvironmentName "gpu-spt" (there are "gpu-spot", "gpu-ondemand")',
    });
    expect(setAt(scenario(), parsePath('computeEnvironments[5].computeResources') as never, 1)).toEqual({ error: 'computeEnvironments has 2 elements, so [5] selects nothing' });
    expect(setAt(scenario(), parsePath('computeEnvironments[0].computeResources.maxvCpus.x') as never, 1)).toMatchObject({ error: expect.stringMatching(/is not a mapping/) });
  });
});
