// The alarms: section as PutMetricAlarm requests, and an alarm's datapoints from metric series.
import { describe, expect, it } from 'vitest';
import { alarmDatapoints } from '../../src/alarms/series.js';
import type { MetricsTable } from '../../src/metrics/metric-definitions.js';
import { Checker } from '../../src/scenario/check.js';
import { readAlarms } from '../../src/scenario/alarms.js';
import { readSource } from '../../src/scenario/source.js';

const NAMES = { jobQueues: ['q', 'etl'], computeEnvironments: ['spot'] };

function read(yaml: string) {
  const src = readSource(yaml, false);
  const c = new Checker(src.values, src.keys);
  const root = src.root as { alarms: unknown[] };
  const alarms = readAlarms(c, root.alarms, NAMES);
  return { alarms, problems: c.sorted(), notices: c.sorted(c.notices) };
}

const BACKLOG = `alarms:
  - AlarmName: backlog
    Namespace: AWS/Batch
    MetricName: RunnableJobCount
    Dimensions: [{ Name: JobQueue, Value: arn:aws:batch:us-east-1:123456789012:job-queue/q }]
    Statistic: Average
    Period: 300
    EvaluationPeriods: 3
    Threshold: 50
    ComparisonOperator: GreaterThanThreshold
    AlarmActions: [arn:aws:sns:us-east-1:123456789012:ops]
    AlarmDescription: the seed's backlog alarm
`;

describe('alarms: section', () => {
  it("reads the seed's backlog alarm onto metrics.csv's names", () => {
    const { alarms, problems, notices } = read(BACKLOG);
    expect(problems).toEqual([]);
    expect(alarms).toEqual([{
      alarmName: 'backlog',
      metric: { namespace: 'batchsim', metricName: 'RunnableJobs', dimensionName: 'JobQueueName', dimensionValue: 'q', statistic: 'Average', periodSeconds: 300 },
      rule: { threshold: 50, comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: 'missing' },
      alarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'], okActions: [], insufficientDataActions: [], actionsEnabled: true,
    }]);
    expect(notices.map((n) => n.path)).toEqual(['alarms[0].AlarmDescription']);
  });

  const cases: [string, string, string][] = [
    ['an anomaly band operator', 'ComparisonOperator: GreaterThanThreshold', 'ComparisonOperator: LessThanLowerOrGreaterThanUpperThreshold'],
    ['an unknown metric', 'MetricName: RunnableJobCount', 'MetricName: QueueDepth'],
    ['a metric in the wrong namespace', 'Namespace: AWS/Batch\n    MetricName: RunnableJobCount', 'Namespace: AWS/Batch\n    MetricName: RunningInstances'],
    ['an unknown queue', 'job-queue/q }', 'job-queue/nope }'],
    ['a dimension the metric lacks', 'Name: JobQueue,', 'Name: ComputeEnvironmentName,'],
    ['Statistic and ExtendedStatistic together', 'Statistic: Average', 'Statistic: Average\n    ExtendedStatistic: p90'],
    ['a period CloudWatch refuses', 'Period: 300', 'Period: 90'],
    ['M above N', 'EvaluationPeriods: 3', 'EvaluationPeriods: 3\n    DatapointsToAlarm: 4'],
    ['longer than a day', 'EvaluationPeriods: 3', 'EvaluationPeriods: 300'],
    ['metric math', 'Statistic: Average', 'Statistic: Average\n    Metrics: []'],
  ];
  for (const [what, from, to] of cases) {
    it(`refuses ${what}, at its line`, () => {
      const text = BACKLOG.replace(from, to);
      expect(text).not.toBe(BACKLOG);
      const { alarms, problems } = read(text);
      expect(alarms).toEqual([]);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0].path).toMatch(/^alarms\[0\]/);
      expect(problems[0].line).toBeGreaterThan(1);
    });
  }

  it('refuses two alarms of one name', () => {
    const twice = BACKLOG + BACKLOG.replace('alarms:\n', '');
    const { alarms, problems } = read(twice);
    expect(alarms).toHaveLength(1);
    expect(problems.map((p) => p.message)).toEqual(['AlarmName "backlog" is already alarms[0]\'s: PutMetricAlarm with the same name replaces an alarm, give each its own']);
  });
});

describe('alarm datapoints', () => {
  const table = (series: MetricsTable['series'], count: number): MetricsTable => ({ startMs: 0, periodSeconds: 60, count, series });
  const gauge = (k: number[], v: number[]) => ({ namespace: 'batchsim', metricName: 'RunnableJobs', dimensionName: 'JobQueueName', dimensionValue: 'q', statistic: 'Average' as const, unit: 'Count' as const, points: { k, v } });
  const watch = (statistic: 'Average' | 'Maximum' | 'Sum' | 'SampleCount' | { percentile: number }, metricName = 'RunnableJobs') =>
    ({ namespace: metricName === 'RunnableJobs' ? 'batchsim' : 'AWS/Batch', metricName, dimensionName: 'JobQueueName', dimensionValue: 'q', statistic, periodSeconds: 180 });

  it('a gauge: every timestamp on the line between its rows, then the statistic per period', () => {
    // Held 0 until index 2, 30 from index 3 (rows at 2 and 3), last row at 8.
    const t = table([gauge([0, 2, 3, 8], [0, 0, 30, 30])], 9);
    expect(alarmDatapoints(t, watch('Average'))).toEqual([0, 30, 30]);
    expect(alarmDatapoints(t, watch('Maximum'))).toEqual([0, 30, 30]);
    expect(alarmDatapoints(t, watch('SampleCount'))).toEqual([3, 3, 3]);
    expect(alarmDatapoints(table([gauge([0, 2, 3, 5], [0, 0, 30, 60])], 9), watch('Average'))).toEqual([0, 45, null]);
  });

  it('a sum: only the periods with rows have a datapoint', () => {
    const sums = { namespace: 'AWS/Batch', metricName: 'JobsEnteredFailed', dimensionName: 'JobQueueName', dimensionValue: 'q', statistic: 'Sum' as const, unit: 'Count' as const, points: { k: [1, 2, 7], v: [2, 3, 1] } };
    expect(alarmDatapoints(table([sums], 9), watch('Sum', 'JobsEnteredFailed'))).toEqual([5, null, 1]);
    expect(alarmDatapoints(table([sums], 9), watch({ percentile: 50 }, 'JobsEnteredFailed'))).toEqual([2.5, null, 1]);
  });

  it('a duration: Average weighted by SampleCount', () => {
    const d = (statistic: 'Average' | 'Maximum' | 'SampleCount', v: number[]) =>
      ({ namespace: 'AWS/Batch', metricName: 'RunnableToStartingTime', dimensionName: 'JobQueueName', dimensionValue: 'q', statistic, unit: 'Seconds' as const, points: { k: [0, 1], v } });
    const t = table([d('Average', [10, 40]), d('Maximum', [12, 50]), d('SampleCount', [3, 1])], 6);
    expect(alarmDatapoints(t, watch('Average', 'RunnableToStartingTime'))).toEqual([17.5, null]);
    expect(alarmDatapoints(t, watch('Maximum', 'RunnableToStartingTime'))).toEqual([50, null]);
    expect(alarmDatapoints(t, watch('SampleCount', 'RunnableToStartingTime'))).toEqual([4, null]);
  });
});
