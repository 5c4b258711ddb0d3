// The alarm and rule metrics of a sweep (docs/sweep.md "Metrics"): `alarms.<AlarmName>.…` and
// `rules.<Name>.matches` named by its objective or constraints. Each configuration is the scenario
// as that configuration varies it, so each is checked on its own: a configuration whose values
// rename or remove the alarm (or give it a Period the sweep's metric series cannot evaluate) is
// an error naming it, at the line that names the metric. A run then evaluates only the alarms and
// rules the sweep names: the others would cost time and change no number it keeps.
import { periodProblem } from '../alarms/run-alarms.js';
import { DEFAULT_METRICS_PERIOD_SECONDS } from '../metrics/recorder.js';
import { metricPathProblem, type MetricNames } from '../metrics/summary-paths.js';
import type { Scenario } from '../scenario/types.js';
import { alarmOrRuleOf, type AlarmOrRuleMetric } from './run-metrics.js';

/** The period of a sweep run's metric series (the recorder's default, as `batchsim run` without --metrics-period). */
export const SWEEP_METRICS_PERIOD_SECONDS = DEFAULT_METRICS_PERIOD_SECONDS;

/** An alarm or rule metric and where the sweep file names it (its path there). */
export interface NamedMetric {
  metric: AlarmOrRuleMetric;
  at: string;
}

/** The names summary.json's keyed paths may take for this scenario. */
export function metricNamesOf(scenario: Scenario): MetricNames {
  return {
    computeEnvironments: scenario.computeEnvironments.map((c) => c.computeEnvironmentName),
    alarms: (scenario.alarms ?? []).map((a) => a.alarmName),
    rules: (scenario.eventRules ?? []).map((r) => r.name),
  };
}

/** Why this scenario cannot give `metric` (unknown alarm or rule, unknown field, an alarm Period the series cannot evaluate), or null. */
export function alarmOrRuleProblem(metric: AlarmOrRuleMetric, scenario: Scenario): string | null {
  const why = metricPathProblem(metric, metricNamesOf(scenario));
  if (why !== null) return why;
  const { section, name } = alarmOrRuleOf(metric);
  const alarm = section === 'alarms' ? scenario.alarms?.find((a) => a.alarmName === name) : undefined;
  if (alarm && periodProblem(alarm, SWEEP_METRICS_PERIOD_SECONDS) !== null) {
    return `Alarm "${name}" has Period ${alarm.metric.periodSeconds} s, not a whole number of the ${SWEEP_METRICS_PERIOD_SECONDS} s periods of a sweep run's metric series (give it a multiple of ${SWEEP_METRICS_PERIOD_SECONDS})`;
  }
  return null;
}

/**
 * Checks the named metrics against the scenario file's scenario and each configuration's as they
 * are read (`observe`), then reports each metric's problem once (`report`): the scenario's own
 * (it has no such alarm) as it is; otherwise the configurations whose values cause it, by name.
 */
export class AlarmAndRuleCheck {
  /** By where the metric is named: the scenario's own problem, and the first problem of configurations with theirs. */
  private readonly found = new Map<string, { base: string | null; message: string | null; configurations: string[] }>();

  constructor(private readonly named: readonly NamedMetric[]) {}

  /** `configuration` null: the scenario file as it is. */
  observe(configuration: string | null, scenario: Scenario): void {
    for (const n of this.named) {
      const why = alarmOrRuleProblem(n.metric, scenario);
      if (why === null) continue;
      const entry = this.found.get(n.at) ?? { base: null, message: null, configurations: [] };
      if (configuration === null) entry.base = why;
      else {
        entry.message ??= why;
        entry.configurations.push(configuration);
      }
      this.found.set(n.at, entry);
    }
  }

  report(report: (at: string, message: string) => void): void {
    for (const [at, { base, message, configurations }] of this.found) {
      if (base !== null) {
        report(at, base);
        continue;
      }
      if (message === null) continue;
      const shown = configurations.slice(0, 5).map((c) => JSON.stringify(c)).join(', ') + (configurations.length > 5 ? `, … (${configurations.length} in all)` : '');
      report(at, configurations.length === 1
        ? `In configuration ${shown} (its values change the scenario): ${message}`
        : `In configurations ${shown} (their values change the scenario): ${message}`);
    }
  }
}

/**
 * The scenario a run of the sweep simulates: only the alarms and rules named by `metrics` (none:
 * the scenario as it is). A name it lacks is an error — the sweep file's reader refuses that
 * before anything runs; this guards callers that build a sweep themselves.
 */
export function withOnlyNamed(scenario: Scenario, metrics: readonly AlarmOrRuleMetric[], configuration: string): Scenario {
  if (metrics.length === 0) return scenario;
  for (const m of metrics) {
    const why = alarmOrRuleProblem(m, scenario);
    if (why !== null) throw new RangeError(`configuration "${configuration}": ${why}`);
  }
  const wanted = new Set(metrics.map((m) => `${alarmOrRuleOf(m).section}\u0000${alarmOrRuleOf(m).name}`));
  return {
    ...scenario,
    alarms: (scenario.alarms ?? []).filter((a) => wanted.has(`alarms\u0000${a.alarmName}`)),
    eventRules: (scenario.eventRules ?? []).filter((r) => wanted.has(`rules\u0000${r.name}`)),
  };
}
