// A run's alarms (docs/alarms.md): each scenario alarm evaluated on the run's metric series —
// its state changes for alarms.csv, and for summary.json the time it spent in ALARM, how often it
// changed state and when it first went to ALARM.
import { isoTime } from '../metrics/metrics.js';
import type { MetricsTable } from '../metrics/metric-definitions.js';
import type { AlarmSpec } from '../scenario/alarms.js';
import { alarmHistory, type AlarmState } from './evaluate.js';
import { alarmDatapoints } from './series.js';

export interface AlarmChange {
  /** Seconds from the start: the end of the period whose evaluation changed the state. */
  atSeconds: number;
  from: AlarmState;
  to: AlarmState;
  reason: string;
}

export interface AlarmOutcome {
  alarmName: string;
  spec: AlarmSpec;
  /** One datapoint per alarm Period from t = 0 (null: missing): what the report draws. */
  datapoints: (number | null)[];
  changes: AlarmChange[];
  /** What summary.json says of it. */
  summary: AlarmSummary;
}

export interface AlarmSummary {
  state: AlarmState;
  secondsInAlarm: number;
  /** State changes, INSUFFICIENT_DATA → first state included. */
  transitions: number;
  /** When it first went to ALARM (seconds from the start); null if never. */
  firstAlarmSeconds: number | null;
}

/** A period that is not a whole number of metrics periods (the run's --metrics-period). */
export function periodProblem(spec: AlarmSpec, metricsPeriodSeconds: number): string | null {
  const p = spec.metric.periodSeconds;
  if (p % metricsPeriodSeconds === 0) return null;
  return `alarm ${JSON.stringify(spec.alarmName)}: Period ${p} s is not a whole number of metrics periods (${metricsPeriodSeconds} s): run with --metrics-period ${gcd(p, metricsPeriodSeconds)} or a divisor of ${p}`;
}

/** The first alarm of the scenario whose Period the metric series cannot give (periodProblem), or null. */
export function alarmPeriodProblem(scenario: { alarms?: readonly AlarmSpec[] }, metricsPeriodSeconds: number): string | null {
  for (const a of scenario.alarms ?? []) {
    const why = periodProblem(a, metricsPeriodSeconds);
    if (why) return why;
  }
  return null;
}

/** The stretches an alarm spent in ALARM, seconds: from each change to ALARM to the next change, or to `endSeconds` (at least the change). */
export function alarmStretches(changes: readonly { atSeconds: number; to: string }[], endSeconds: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  changes.forEach((c, i) => {
    if (c.to === 'ALARM') out.push({ from: c.atSeconds, to: i + 1 < changes.length ? changes[i + 1].atSeconds : Math.max(endSeconds, c.atSeconds) });
  });
  return out;
}

export function evaluateAlarms(alarms: readonly AlarmSpec[], table: MetricsTable): AlarmOutcome[] {
  return alarms.map((spec) => {
    const periodMs = spec.metric.periodSeconds * 1000;
    const datapoints = alarmDatapoints(table, spec.metric);
    const history = alarmHistory(spec.rule, datapoints, (j) => cloudWatchStamp(table.startMs + j * periodMs));
    const endSeconds = (datapoints.length * periodMs) / 1000;
    const changes = history.map((h) => ({ atSeconds: ((h.index + 1) * periodMs) / 1000, from: h.from, to: h.to, reason: h.reason }));
    let inAlarm = 0;
    for (const s of alarmStretches(changes, endSeconds)) inAlarm += s.to - s.from;
    const first = changes.find((c) => c.to === 'ALARM');
    return {
      alarmName: spec.alarmName, spec, datapoints, changes,
      summary: {
        state: changes.length ? changes[changes.length - 1].to : 'INSUFFICIENT_DATA',
        secondsInAlarm: inAlarm, transitions: changes.length, firstAlarmSeconds: first ? first.atSeconds : null,
      },
    };
  });
}

export const ALARMS_COLUMNS = ['timestamp', 'seconds', 'alarmName', 'oldState', 'newState', 'stateReason'] as const;

/** alarms.csv's rows: every state change of every alarm, in time order (then the scenario's order). */
export function alarmRows(outcomes: readonly AlarmOutcome[], startMs: number): (string | number)[][] {
  const rows = outcomes.flatMap((o, i) => o.changes.map((c) => ({ i, c, name: o.alarmName })));
  rows.sort((a, b) => a.c.atSeconds - b.c.atSeconds || a.i - b.i);
  return rows.map(({ c, name }) => [isoTime(startMs + c.atSeconds * 1000), c.atSeconds, name, c.from, c.to, c.reason]);
}

/** As CloudWatch writes a datapoint's time in a StateReason: dd/MM/yy HH:mm:ss (UTC). */
function cloudWatchStamp(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
