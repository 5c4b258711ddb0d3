// Alarm evaluation held to the CloudWatch User Guide: every row of its two tables in "How alarm
// state is evaluated when data is missing" (0 = not breaching, X = breaching, - = missing,
// oldest first; 5 datapoints retrieved), and CloudWatch's state-reason wording.
import { describe, expect, it } from 'vitest';
import { alarmHistory, evaluateAt, stateReason, type AlarmRule, type TreatMissingData } from '../../src/alarms/evaluate.js';

const points = (row: string) => row.split(' ').map((c) => (c === '-' ? null : c === 'X' ? 10 : 0));
const rule = (m: number, n: number, treat: TreatMissingData): AlarmRule => ({
  threshold: 5, comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: n, datapointsToAlarm: m, treatMissingData: treat,
});
const TREATMENTS: TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];
const state = (s: string) => (s === 'Insufficient data' ? 'INSUFFICIENT_DATA' : s === 'Retain current state' ? 'KEEP' : s);

// [data points, MISSING, IGNORE, BREACHING, NOT BREACHING]
const THREE_OF_THREE = [
  ['0 - X - X', 'OK', 'OK', 'OK', 'OK'],
  ['0 - - - -', 'OK', 'OK', 'OK', 'OK'],
  ['- - - - -', 'Insufficient data', 'Retain current state', 'ALARM', 'OK'],
  ['0 X X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['- - - - X', 'Insufficient data', 'Retain current state', 'ALARM', 'OK'],
  ['X - - - -', 'ALARM', 'Retain current state', 'ALARM', 'OK'],
];
const TWO_OF_THREE = [
  ['0 - X - X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['0 0 X 0 X', 'ALARM', 'ALARM', 'ALARM', 'ALARM'],
  ['0 - X - -', 'OK', 'OK', 'ALARM', 'OK'],
  ['- - - - 0', 'OK', 'OK', 'ALARM', 'OK'],
  ['- - - - X', 'Insufficient data', 'Retain current state', 'ALARM', 'OK'],
];

describe('alarm evaluation, the CloudWatch User Guide tables', () => {
  for (const [m, table] of [[3, THREE_OF_THREE], [2, TWO_OF_THREE]] as const) {
    for (const [row, ...expected] of table) {
      it(`${m} out of 3, "${row}" → ${expected.join(' / ')}`, () => {
        TREATMENTS.forEach((treat, i) => {
          expect(evaluateAt(rule(m, 3, treat), points(row), 4).state, treat).toBe(state(expected[i]));
        });
      });
    }
  }
});

describe('alarm history', () => {
  it("goes INSUFFICIENT_DATA → ALARM → OK as the seed's backlog alarm would (Average > 50 for 3 of 3)", () => {
    const r: AlarmRule = { threshold: 50, comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: 'missing' };
    const series = [10, 60, 70, 80, 55, 40, 60, 61];
    const h = alarmHistory(r, series, (i) => `t${i}`);
    expect(h.map((t) => [t.index, t.from, t.to])).toEqual([
      [0, 'INSUFFICIENT_DATA', 'OK'], // one real datapoint, not breaching: OK at once (the guide's row "0 - - - -")
      [3, 'OK', 'ALARM'],
      [5, 'ALARM', 'OK'],
    ]);
    expect(h[1].reason).toBe('Threshold Crossed: 3 out of the last 3 datapoints [80.0 (t3), 70.0 (t2), 60.0 (t1)] were greater than the threshold (50.0) (minimum 3 datapoints for OK -> ALARM transition).');
    expect(h[2].reason).toBe('Threshold Crossed: 1 out of the last 3 datapoints [40.0 (t5)] was not greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK transition).');
  });

  it('says when data ran out, and keeps its state under ignore', () => {
    const r = rule(1, 1, 'missing');
    expect(alarmHistory(r, [10, null, null, null], (i) => `t${i}`).map((t) => t.to)).toEqual(['ALARM', 'INSUFFICIENT_DATA']);
    expect(alarmHistory({ ...r, treatMissingData: 'ignore' }, [10, null, null, null], (i) => `t${i}`).map((t) => t.to)).toEqual(['ALARM']);
    const v = evaluateAt(r, [null, null, null, null], 3);
    expect(stateReason(r, 'ALARM', 'INSUFFICIENT_DATA', v, String)).toBe('Insufficient Data: 1 datapoint was unknown.');
  });

  it('says how missing datapoints were counted when the setting filled them', () => {
    const r: AlarmRule = { threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 5, datapointsToAlarm: 2, treatMissingData: 'notBreaching' };
    const h = alarmHistory(r, [null, 2, 3, null, null, null, null, null, null], (i) => `t${i}`);
    expect(h.map((t) => t.reason)).toEqual([
      'Threshold Crossed: 5 out of the last 5 datapoints (5 missing, treated as not breaching) were not greater than or equal to the threshold (1.0) (minimum 4 datapoints for INSUFFICIENT_DATA -> OK transition).',
      'Threshold Crossed: 2 out of the last 5 datapoints [3.0 (t2), 2.0 (t1)] were greater than or equal to the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).',
      // At t8 the range (t2…t8) holds one real datapoint, breaching; the four filled ones are what is not.
      'Threshold Crossed: 4 out of the last 5 datapoints (4 missing, treated as not breaching) were not greater than or equal to the threshold (1.0) (minimum 4 datapoints for ALARM -> OK transition).',
    ]);
    expect(h.map((t) => t.index)).toEqual([0, 2, 8]);
  });

  it('compares with each of the four static operators', () => {
    const at = (op: AlarmRule['comparisonOperator'], v: number) => evaluateAt({ ...rule(1, 1, 'missing'), comparisonOperator: op }, [v], 0).state;
    expect([at('GreaterThanThreshold', 5), at('GreaterThanOrEqualToThreshold', 5), at('LessThanThreshold', 5), at('LessThanOrEqualToThreshold', 5)]).toEqual(['OK', 'ALARM', 'OK', 'ALARM']);
    expect([at('LessThanThreshold', 4.9), at('GreaterThanThreshold', 5.1)]).toEqual(['ALARM', 'ALARM']);
  });
});
