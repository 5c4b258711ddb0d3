// What a recorded run says of the scenario's alarms and EventBridge rules (docs/alarms.md,
// docs/events.md): alarms evaluated on the metric series, rules matched against the run's events
// (in the same pass that writes events.jsonl, when it is written) — into summary.json (`alarms`,
// `rules`) and, when writing a report, alarms.csv and rule-matches.jsonl. `batchsim check` calls
// it without a directory, for the summary alone.
import { join } from 'node:path';
import { ALARMS_COLUMNS, alarmRows, evaluateAlarms, type AlarmOutcome } from '../alarms/run-alarms.js';
import { RuleMatcher, ruleMatchesByName } from '../events/rule-matches.js';
import type { MetricsTable } from '../metrics/metric-definitions.js';
import { DEFAULT_METRICS_PERIOD_SECONDS, simulateRecorded, type RunRecorder } from '../metrics/recorder.js';
import { buildMetrics } from '../metrics/metrics.js';
import { summarize } from '../metrics/summary.js';
import type { Scenario } from '../scenario/types.js';
import type { Simulation } from '../sim/simulation.js';
import { JobNames } from '../sim/naming.js';
import type { Summary } from '../metrics/summary.js';
import type { RunResult } from '../sim/run-result.js';
import { writeCsvFile } from './csv-file.js';
import { eventEnvelopes, writeEventsJsonl } from './events.js';

export interface AlarmsAndRules {
  alarms: AlarmOutcome[];
  /** Files written into `dir`. */
  files: string[];
  /** Envelopes in events.jsonl, when it was written. */
  events?: number;
}

/**
 * Alarms and rules of `sim.scenario` into `summary` (and, with `dir`, their files; events.jsonl
 * too when the recorder keeps events for it). Rules need the recorder's event log: the CLI keeps
 * one whenever the scenario has rules.
 */
export function alarmsAndRules(sim: RunResult, recorder: RunRecorder, names: JobNames, metricsOf: () => MetricsTable, summary: Summary, dir: string | null): AlarmsAndRules {
  const out: AlarmsAndRules = { alarms: [], files: [] };
  const alarmSpecs = sim.scenario.alarms ?? [];
  if (alarmSpecs.length > 0) {
    // The metric series are asked for only here: a run without alarms (a sweep keeping rule metrics) does not build them.
    const metrics = metricsOf();
    out.alarms = evaluateAlarms(alarmSpecs, metrics);
    summary.alarms = Object.fromEntries(out.alarms.map((a) => [a.alarmName, a.summary]));
    if (dir !== null) {
      const rows = alarmRows(out.alarms, metrics.startMs);
      writeCsvFile(join(dir, 'alarms.csv'), ALARMS_COLUMNS, {}, (csv) => rows.forEach((r) => csv.row(r)));
      out.files.push('alarms.csv');
    }
  }
  const rules = sim.scenario.eventRules ?? [];
  const log = recorder.events;
  const eventsFile = dir !== null && log !== null && recorder.eventsFile;
  if (rules.length === 0 || log === null) {
    if (eventsFile) {
      out.events = writeEventsJsonl(join(dir, 'events.jsonl'), sim, names, log);
      out.files.push('events.jsonl');
    }
    return out;
  }
  // rule-matches.jsonl goes with events.jsonl (--events); the counts are always in summary.json.
  const matcher = new RuleMatcher(rules, { matchesFile: eventsFile ? join(dir, 'rule-matches.jsonl') : undefined });
  try {
    if (eventsFile) {
      out.events = writeEventsJsonl(join(dir, 'events.jsonl'), sim, names, log, (e, line) => matcher.observe(e, line));
      out.files.push('events.jsonl', 'rule-matches.jsonl');
    } else {
      for (const e of eventEnvelopes(sim, names, log)) matcher.observe(e);
    }
  } finally {
    // rule-matches.jsonl is closed whatever happened (the staging directory it is in goes on failure).
    matcher.close();
  }
  summary.rules = ruleMatchesByName(matcher.close());
  return out;
}

/** One seed of a scenario run under the recorder watchedRun uses (metric series; the event log when it has rules), not yet summarized. */
export function watchedSimulation(scenario: Scenario, seed: number): { sim: Simulation; recorder: RunRecorder } {
  const rules = (scenario.eventRules ?? []).length > 0;
  return simulateRecorded(scenario, { seed, metricsPeriodSeconds: DEFAULT_METRICS_PERIOD_SECONDS, events: rules, eventsFile: false });
}

/**
 * One seed of a scenario recorded (metric series, and the event log when it has rules) and
 * summarized with its alarms and rules — what `batchsim check` and a sweep that keeps alarm or
 * rule metrics read. No file is written.
 */
export function watchedRun(scenario: Scenario, seed: number): { sim: Simulation; recorder: RunRecorder; summary: Summary } {
  const { sim, recorder } = watchedSimulation(scenario, seed);
  const names = new JobNames(sim);
  const summary = summarize(sim, names);
  alarmsAndRules(sim, recorder, names, () => buildMetrics(sim, recorder), summary, null);
  return { sim, recorder, summary };
}
