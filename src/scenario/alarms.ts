// The `alarms:` section (docs/alarms.md): CloudWatch PutMetricAlarm requests, spelt as the API
// spells them (the CLI's --alarm-name is AlarmName), evaluated after the run on its metric series.
// Metric names are metrics.csv's (docs/outputs.md); the queue gauges also answer to the names
// Batch dashboards use — PendingJobCount, RunnableJobCount, … — in AWS/Batch or batchsim, with a
// JobQueue or JobQueueName dimension whose value is the queue's name or ARN.
import { kindOf, statisticProblem, type AlarmStatistic, type WatchedMetric } from '../alarms/series.js';
import { COMPARISON_OPERATORS, TREAT_MISSING_DATA, type AlarmRule, type ComparisonOperator, type TreatMissingData } from '../alarms/evaluate.js';
import { METRICS, SIM_NAMESPACE, stateWord } from '../metrics/metric-definitions.js';
import { PURCHASE_OPTION_NAMES } from '../metrics/summary-paths.js';
import { JOB_STATUS_NAMES } from '../model/jobs.js';
import { fields, quoteList, type Checker, type Fields } from './check.js';

export interface AlarmSpec {
  alarmName: string;
  metric: WatchedMetric;
  rule: AlarmRule;
  /** Recorded, not called. */
  alarmActions: string[];
  okActions: string[];
  insufficientDataActions: string[];
  actionsEnabled: boolean;
}

export interface AlarmNames {
  jobQueues: readonly string[];
  computeEnvironments: readonly string[];
}

const KNOWN = [
  'AlarmName', 'MetricName', 'Namespace', 'Statistic', 'ExtendedStatistic', 'Dimensions', 'Period', 'EvaluationPeriods', 'DatapointsToAlarm',
  'Threshold', 'ComparisonOperator', 'TreatMissingData', 'AlarmActions', 'OKActions', 'InsufficientDataActions', 'ActionsEnabled',
];
const IGNORED = ['AlarmDescription', 'Unit', 'EvaluateLowSampleCountPercentile', 'Tags'];
const UNSUPPORTED: Record<string, string> = {
  Metrics: 'Metrics (metric math and multiple metrics) is not supported: an alarm here watches one metric (MetricName, Namespace, Dimensions)',
  ThresholdMetricId: 'ThresholdMetricId (anomaly-detection bands) is not supported: give a static Threshold',
};
const BAND_OPERATORS = ['LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'];
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
/** The queue gauges by the names Batch dashboards give them: RunnableJobCount → RunnableJobs. */
const JOB_COUNT_ALIASES = new Map(JOB_STATUS_NAMES.map((_, s) => [`${stateWord(s)}JobCount`, `${stateWord(s)}Jobs`]));
/** Dimension names as AWS writes them → metrics.csv's. */
const DIMENSION_ALIASES: Record<string, string> = { JobQueue: 'JobQueueName', ComputeEnvironment: 'ComputeEnvironmentName' };

export function readAlarms(c: Checker, items: unknown[], names: AlarmNames): AlarmSpec[] {
  const out: AlarmSpec[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const f = fields(c, item, `alarms[${i}]`);
    if (!f) return;
    const a = readAlarm(f, names);
    if (!a) return;
    const before = seen.get(a.alarmName);
    if (before !== undefined) {
      c.report(f.at('AlarmName'), `AlarmName "${a.alarmName}" is already alarms[${before}]'s: PutMetricAlarm with the same name replaces an alarm, give each its own`);
      return;
    }
    seen.set(a.alarmName, i);
    out.push(a);
  });
  return out;
}

function readAlarm(f: Fields, names: AlarmNames): AlarmSpec | undefined {
  const before = f.c.problems.length;
  f.allow(KNOWN, IGNORED, UNSUPPORTED);
  const refusedField = f.c.problems.length > before;
  const alarmName = f.string('AlarmName', { required: true, pattern: /^[\x20-\x7e]{1,255}$/, rule: 'a name of 1 to 255 ASCII characters' });
  const metric = readMetric(f, names);
  const threshold = f.number('Threshold', { required: true });
  const evaluationPeriods = f.number('EvaluationPeriods', { required: true, integer: true, min: 1 });
  const datapointsToAlarm = f.number('DatapointsToAlarm', { integer: true, min: 1 });
  if (datapointsToAlarm !== undefined && evaluationPeriods !== undefined && datapointsToAlarm > evaluationPeriods) {
    f.c.report(f.at('DatapointsToAlarm'), `DatapointsToAlarm (${datapointsToAlarm}) must not exceed EvaluationPeriods (${evaluationPeriods}): it is M of the last N datapoints`);
  }
  if (metric && evaluationPeriods !== undefined && metric.periodSeconds * evaluationPeriods > 86_400) {
    f.c.report(f.at('EvaluationPeriods'), `EvaluationPeriods × Period is ${metric.periodSeconds * evaluationPeriods} s: CloudWatch allows at most one day (86400 s)`);
  }
  const comparisonOperator = readOperator(f);
  const treatMissingData = (f.enum('TreatMissingData', TREAT_MISSING_DATA) ?? 'missing') as TreatMissingData;
  const actions = (key: string) => {
    const list = f.list(key) ?? [];
    list.forEach((a, i) => {
      if (typeof a !== 'string') f.c.report(`${f.at(key)}[${i}]`, `${key} entries must be ARNs (strings)`);
    });
    return list.filter((a): a is string => typeof a === 'string');
  };
  const alarmActions = actions('AlarmActions');
  const okActions = actions('OKActions');
  const insufficientDataActions = actions('InsufficientDataActions');
  const actionsEnabled = f.boolean('ActionsEnabled') ?? true;
  if (refusedField || alarmName === undefined || !metric || threshold === undefined || evaluationPeriods === undefined || !comparisonOperator) return undefined;
  if (datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods) return undefined;
  if (metric.periodSeconds * evaluationPeriods > 86_400) return undefined;
  return {
    alarmName, metric, alarmActions, okActions, insufficientDataActions, actionsEnabled,
    rule: { threshold, comparisonOperator, evaluationPeriods, datapointsToAlarm: datapointsToAlarm ?? evaluationPeriods, treatMissingData },
  };
}

function readOperator(f: Fields): ComparisonOperator | undefined {
  const v = f.raw('ComparisonOperator');
  if (typeof v === 'string' && BAND_OPERATORS.includes(v)) {
    f.c.report(f.at('ComparisonOperator'), `ComparisonOperator ${v} is for anomaly-detection bands, which are not supported: use one of ${COMPARISON_OPERATORS.join(', ')}`);
    return undefined;
  }
  return f.enum('ComparisonOperator', COMPARISON_OPERATORS, { required: true });
}

function readMetric(f: Fields, names: AlarmNames): WatchedMetric | undefined {
  const given = f.string('MetricName', { required: true, rule: 'a metric name of metrics.csv, e.g. RunnableJobs (or RunnableJobCount)' });
  const namespace = f.string('Namespace', { required: true, rule: 'AWS/Batch or batchsim' });
  const period = f.number('Period', { required: true, integer: true, min: 10 });
  if (period !== undefined && period !== 10 && period !== 30 && period % 60 !== 0) {
    f.c.report(f.at('Period'), `Period must be 10, 30 or a multiple of 60 seconds, received ${period}`);
  }
  const statistic = readStatistic(f);
  if (given === undefined || namespace === undefined) return undefined;
  const alias = JOB_COUNT_ALIASES.get(given);
  const metricName = alias ?? given;
  const ns = alias && (namespace === 'AWS/Batch' || namespace === SIM_NAMESPACE) ? SIM_NAMESPACE : namespace;
  const defs = METRICS.filter((m) => m.metricName === metricName);
  if (defs.length === 0) {
    const known = [...new Set(METRICS.map((m) => m.metricName))];
    f.c.report(f.at('MetricName'), `Unknown metric "${given}" (metrics.csv has ${quoteList(known)}, and ${[...JOB_COUNT_ALIASES.keys()].slice(0, 3).join(', ')}, … for the queue gauges; docs/outputs.md)`);
    return undefined;
  }
  const def = defs.find((m) => m.namespace === ns);
  if (!def) {
    f.c.report(f.at('Namespace'), `${given} is in namespace ${defs[0].namespace}, received ${JSON.stringify(namespace)}`);
    return undefined;
  }
  const dimension = readDimension(f, def.dimensions, names);
  const kind = kindOf(def.namespace, def.metricName)!;
  if (statistic !== undefined) {
    const why = statisticProblem(kind, statistic);
    if (why) f.c.report(f.at(f.has('Statistic') ? 'Statistic' : 'ExtendedStatistic'), `${given}: ${why}`);
    if (why) return undefined;
  }
  if (!dimension || statistic === undefined || period === undefined || (period !== 10 && period !== 30 && period % 60 !== 0)) return undefined;
  return { namespace: def.namespace, metricName: def.metricName, dimensionName: dimension.name, dimensionValue: dimension.value, statistic, periodSeconds: period };
}

function readStatistic(f: Fields): AlarmStatistic | undefined {
  if (f.has('Statistic') === f.has('ExtendedStatistic')) {
    f.c.report(f.path, `${f.path} needs exactly one of Statistic (${STATISTICS.join(', ')}) or ExtendedStatistic (a percentile such as p90)`);
    return undefined;
  }
  if (f.has('Statistic')) return f.enum('Statistic', STATISTICS);
  const v = f.string('ExtendedStatistic', { pattern: /^p(\d{1,2}(\.\d{1,10})?|100(\.0+)?)$/, rule: 'a percentile p0 to p100, e.g. p90 or p99.9 (trimmed means and other extended statistics are not supported)' });
  return v === undefined ? undefined : { percentile: Number(v.slice(1)) };
}

/** The one dimension of the metric, its name as metrics.csv writes it and its value checked against the scenario. */
function readDimension(f: Fields, allowed: readonly string[], names: AlarmNames): { name: string; value: string } | undefined {
  const list = f.list('Dimensions', { required: true, what: `one { Name, Value }, Name one of ${allowed.join(', ')}` });
  if (!list) return undefined;
  if (list.length !== 1) {
    f.c.report(f.at('Dimensions'), `Dimensions must hold exactly one { Name, Value } (${allowed.join(' or ')}): metrics.csv keeps each series by one dimension, received ${list.length}`);
    return undefined;
  }
  const d = fields(f.c, list[0], `${f.at('Dimensions')}[0]`);
  if (!d) return undefined;
  d.allow(['Name', 'Value']);
  const given = d.string('Name', { required: true });
  const value = d.string('Value', { required: true });
  if (given === undefined || value === undefined) return undefined;
  const name = DIMENSION_ALIASES[given] ?? given;
  if (!allowed.includes(name)) {
    f.c.report(d.at('Name'), `Dimension ${given} is not one of this metric's: ${allowed.join(', ')}`);
    return undefined;
  }
  // A queue or environment may be named by its ARN, as in the console.
  const plain = value.replace(/^arn:[^:]+:batch:[^:]*:[^:]*:(job-queue|compute-environment)\//, '');
  const known = name === 'JobQueueName' ? names.jobQueues : name === 'ComputeEnvironmentName' ? names.computeEnvironments : name === 'PurchaseOption' ? PURCHASE_OPTION_NAMES : null;
  if (known && !known.includes(plain)) {
    f.c.report(d.at('Value'), `Unknown ${name === 'PurchaseOption' ? 'purchase option' : name === 'JobQueueName' ? 'job queue' : 'compute environment'} "${value}" (known: ${quoteList(known)})`);
    return undefined;
  }
  return { name, value: plain };
}
