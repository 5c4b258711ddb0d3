// How a CloudWatch metric alarm moves between OK, ALARM and INSUFFICIENT_DATA over a series of
// datapoints (docs/alarms.md), as the CloudWatch User Guide describes it ("Evaluating an alarm",
// "How alarm state is evaluated when data is missing"): at the end of each period CloudWatch
// looks at an evaluation range of recent datapoints, N + 2 here (its tables use 5 for N = 3);
//  - with at least N real datapoints in the range, the most recent N decide: ALARM when M or more
//    of them breach, else OK — the missing-data setting plays no part;
//  - with none, `missing` gives INSUFFICIENT_DATA, `ignore` keeps the state, `breaching` ALARM,
//    `notBreaching` OK;
//  - with some but fewer than N, every real one is used and the rest filled by the setting. For
//    `missing` and `ignore` the documented tables decide: ALARM when M real ones breach; else OK
//    when a real one does not breach; else (real ones all breach, fewer than M) `ignore` keeps the
//    state and `missing` gives ALARM only when the oldest datapoint of the range is a breaching
//    one, INSUFFICIENT_DATA otherwise (rows "X - - - -" and "- - - - X" of the tables).
// Tests hold this to every row of the two tables in the guide.

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
/** PutMetricAlarm's static-threshold ComparisonOperators, in the order messages list them. */
export const COMPARISON_OPERATORS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];
/** PutMetricAlarm's TreatMissingData values, in the order messages list them. */
export const TREAT_MISSING_DATA = ['missing', 'ignore', 'breaching', 'notBreaching'] as const;
export type TreatMissingData = (typeof TREAT_MISSING_DATA)[number];

export interface AlarmRule {
  threshold: number;
  comparisonOperator: ComparisonOperator;
  /** N. */
  evaluationPeriods: number;
  /** M (≤ N). */
  datapointsToAlarm: number;
  treatMissingData: TreatMissingData;
}

/** One evaluation: the state it leads to and why, in CloudWatch's wording. */
export interface Verdict {
  state: AlarmState | 'KEEP';
  /** The datapoints that decided (index into the series, value), most recent last. */
  evaluated: { index: number; value: number }[];
  /** How many of the N evaluated positions were filled by the missing-data setting. */
  filled: number;
  breaching: number;
}

export function breaches(rule: AlarmRule, v: number): boolean {
  switch (rule.comparisonOperator) {
    case 'GreaterThanOrEqualToThreshold': return v >= rule.threshold;
    case 'GreaterThanThreshold': return v > rule.threshold;
    case 'LessThanThreshold': return v < rule.threshold;
    case 'LessThanOrEqualToThreshold': return v <= rule.threshold;
  }
}

/** The evaluation at the end of datapoint `last` of `points` (null: missing). */
export function evaluateAt(rule: AlarmRule, points: readonly (number | null)[], last: number): Verdict {
  const { evaluationPeriods: n, datapointsToAlarm: m } = rule;
  const first = Math.max(0, last - (n + 2) + 1);
  const real: { index: number; value: number }[] = [];
  for (let i = first; i <= last; i++) if (points[i] !== null && points[i] !== undefined) real.push({ index: i, value: points[i]! });
  if (real.length >= n) {
    const evaluated = real.slice(real.length - n);
    const breaching = evaluated.filter((p) => breaches(rule, p.value)).length;
    return { state: breaching >= m ? 'ALARM' : 'OK', evaluated, filled: 0, breaching };
  }
  const filled = n - real.length;
  const realBreaching = real.filter((p) => breaches(rule, p.value)).length;
  switch (rule.treatMissingData) {
    case 'breaching':
      return { state: realBreaching + filled >= m ? 'ALARM' : 'OK', evaluated: real, filled, breaching: realBreaching + filled };
    case 'notBreaching':
      return { state: realBreaching >= m ? 'ALARM' : 'OK', evaluated: real, filled, breaching: realBreaching };
    case 'ignore':
    case 'missing': {
      let state: Verdict['state'];
      if (real.length === 0) state = rule.treatMissingData === 'ignore' ? 'KEEP' : 'INSUFFICIENT_DATA';
      else if (realBreaching >= m) state = 'ALARM';
      else if (realBreaching < real.length) state = 'OK';
      else if (rule.treatMissingData === 'ignore') state = 'KEEP';
      else state = real[0].index === first && last - first + 1 === n + 2 ? 'ALARM' : 'INSUFFICIENT_DATA';
      return { state, evaluated: real, filled, breaching: realBreaching };
    }
  }
}

const OPERATOR_WORDS: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/**
 * CloudWatch's StateReason for a change, e.g. `Threshold Crossed: 3 out of the last 3 datapoints
 * [62.0 (01/12/26 10:05:00), …] were greater than the threshold (50.0) (minimum 3 datapoints for
 * OK -> ALARM transition).` `stamp` formats a datapoint's index as CloudWatch shows its time.
 */
export function stateReason(rule: AlarmRule, from: AlarmState, to: AlarmState, v: Verdict, stamp: (index: number) => string): string {
  if (to === 'INSUFFICIENT_DATA') {
    const n = rule.evaluationPeriods;
    return `Insufficient Data: ${n} datapoint${n === 1 ? ' was' : 's were'} unknown.`;
  }
  const alarm = to === 'ALARM';
  const shown = v.evaluated.filter((p) => breaches(rule, p.value) === alarm).reverse();
  // Filled positions count as what the setting makes them: breaching, or not; `missing` and `ignore` leave them out.
  const filledAs = rule.treatMissingData === 'breaching' ? alarm : rule.treatMissingData === 'notBreaching' ? !alarm : false;
  const filled = filledAs ? v.filled : 0;
  const count = alarm ? v.breaching : v.evaluated.length - (v.breaching - (rule.treatMissingData === 'breaching' ? v.filled : 0)) + filled;
  const list = shown.map((p) => `${cwNumber(p.value)} (${stamp(p.index)})`).join(', ');
  const words = `${alarm ? '' : 'not '}${OPERATOR_WORDS[rule.comparisonOperator]}`;
  const total = rule.evaluationPeriods;
  const minimum = alarm ? rule.datapointsToAlarm : total - rule.datapointsToAlarm + 1;
  const treated = `treated as ${rule.treatMissingData === 'breaching' ? 'breaching' : 'not breaching'}`;
  const points = list ? `[${list}]${filled > 0 ? ` and ${filled} missing (${treated})` : ''}` : `(${filled} missing, ${treated})`;
  const head = total === 1
    ? `1 datapoint ${points} was ${words}`
    : `${count} out of the last ${total} datapoints ${points} ${count === 1 ? 'was' : 'were'} ${words}`;
  return `Threshold Crossed: ${head} the threshold (${cwNumber(rule.threshold)}) (minimum ${minimum} datapoint${minimum === 1 ? '' : 's'} for ${from} -> ${to} transition).`;
}

/** Numbers as CloudWatch writes them in reasons: at least one decimal (50.0, 62.25). */
function cwNumber(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(Math.round(x * 1e6) / 1e6);
}

export interface Transition {
  /** Index of the datapoint whose period's end made the change. */
  index: number;
  from: AlarmState;
  to: AlarmState;
  reason: string;
}

/** Every state change over the series, from INSUFFICIENT_DATA (a new alarm's state). */
export function alarmHistory(rule: AlarmRule, points: readonly (number | null)[], stamp: (index: number) => string): Transition[] {
  let state: AlarmState = 'INSUFFICIENT_DATA';
  const out: Transition[] = [];
  for (let i = 0; i < points.length; i++) {
    const v = evaluateAt(rule, points, i);
    if (v.state === 'KEEP' || v.state === state) continue;
    out.push({ index: i, from: state, to: v.state, reason: stateReason(rule, state, v.state, v, stamp) });
    state = v.state;
  }
  return out;
}
