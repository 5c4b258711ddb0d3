// The numbers of summary.json, named by their path (docs/outputs.md): what a sweep keeps of a run,
// what `batchsim check` bounds and compares with a baseline. One list of what a path may be, so
// a misspelt metric is refused where it is written, before anything runs.
import type { PurchaseOptionName } from '../market/purchase-options.js';
import { ATTEMPT_OUTCOME_NAMES } from '../model/attempts.js';
import { JOB_STATUS_NAMES } from '../model/jobs.js';

export const PURCHASE_OPTION_NAMES = ['ON_DEMAND', 'SPOT', 'FARGATE', 'FARGATE_SPOT'] as const satisfies readonly PurchaseOptionName[];

/** Numbers at a fixed path. */
const FIXED = [
  'makespanSeconds', 'endSeconds', 'jobs.total', 'jobs.arrayJobs', 'attempts', 'spotInterruptions',
  'cost.totalUsd', 'cost.wastedUsd.interrupted', 'cost.wastedUsd.timedOut', 'cost.wastedUsd.failed',
  'cost.wastedUsd.terminated', 'cost.wastedUsd.idle', 'cost.wastedUsd.total',
  'waitSeconds.count', 'waitSeconds.mean', 'waitSeconds.p50', 'waitSeconds.p95', 'waitSeconds.p99', 'waitSeconds.max',
  'vcpuUtilisation', 'instances.total', 'blocked.count',
  'littlesLaw.windowSeconds', 'littlesLaw.meanRunnableJobs', 'littlesLaw.runnableEntries', 'littlesLaw.arrivalRatePerSecond',
  'littlesLaw.meanRunnableWaitSeconds', 'littlesLaw.lambdaW', 'littlesLaw.relativeDifference', 'littlesLaw.stillRunnable',
] as const;

/** What the scenario names, for the paths keyed by it. */
export interface MetricNames {
  computeEnvironments: readonly string[];
  /** AlarmNames of the alarms: section (alarms.<name>.…). */
  alarms?: readonly string[];
  /** Names of the eventRules: section (rules.<name>.matches). */
  rules?: readonly string[];
}

/** What summary.json says of each alarm and rule (names may hold dots: the field is the last part). */
const NAMED = [
  { section: 'alarms', fields: ['secondsInAlarm', 'transitions', 'firstAlarmSeconds'], names: (n: MetricNames) => n.alarms ?? [], what: 'an alarm' },
  { section: 'rules', fields: ['matches'], names: (n: MetricNames) => n.rules ?? [], what: 'a rule' },
] as const;

function namedPath(path: string): { section: (typeof NAMED)[number]; name: string; field: string } | null {
  for (const section of NAMED) {
    if (!path.startsWith(`${section.section}.`)) continue;
    const dot = path.lastIndexOf('.');
    return { section, name: path.slice(section.section.length + 1, dot), field: path.slice(dot + 1) };
  }
  return null;
}

/** Numbers keyed by a name: the names a key may be (null: any name, e.g. an instance type never launched counts 0). */
const KEYED: readonly { prefix: string; keys: (n: MetricNames) => readonly string[] | null; what: string }[] = [
  { prefix: 'jobs.byStatus', keys: () => JOB_STATUS_NAMES, what: 'a job status' },
  { prefix: 'attemptsByOutcome', keys: () => ATTEMPT_OUTCOME_NAMES, what: 'an attempt outcome' },
  { prefix: 'cost.byPurchaseOption', keys: () => PURCHASE_OPTION_NAMES, what: 'a purchase option' },
  { prefix: 'cost.byComputeEnvironment', keys: (n) => n.computeEnvironments, what: "one of the scenario's compute environments" },
  { prefix: 'instances.byInstanceType', keys: () => null, what: 'an instance type' },
];

/** Why `path` names no number of summary.json (with the paths it may have meant), or null when it does. */
export function metricPathProblem(path: string, names: MetricNames): string | null {
  if ((FIXED as readonly string[]).includes(path)) return null;
  const named = namedPath(path);
  if (named) {
    const { section, name, field } = named;
    const known = section.names(names);
    if (!known.includes(name)) return `Unknown metric "${path}": ${section.section}.<name>.${section.fields[0]} names ${known.length ? `${section.what} of the scenario (${known.join(', ')})` : `${section.what}, and the scenario has none`}`;
    if (!(section.fields as readonly string[]).includes(field)) return `Unknown metric "${path}": ${section.what} has ${section.fields.join(', ')}`;
    return null;
  }
  for (const k of KEYED) {
    if (!path.startsWith(k.prefix + '.')) continue;
    const key = path.slice(k.prefix.length + 1);
    const keys = k.keys(names);
    if (keys === null ? key !== '' : keys.includes(key)) return null;
    return `Unknown metric "${path}": after ${k.prefix}. comes ${k.what}${keys && keys.length > 0 ? ` (${keys.join(', ')})` : ''}`;
  }
  const close = [...FIXED, ...KEYED.map((k) => `${k.prefix}.…`)].filter((p) => p.split('.')[0] === path.split('.')[0]);
  return `Unknown metric "${path}" (summary.json has ${close.length > 0 ? close.join(', ') : `${FIXED.slice(0, 7).join(', ')}, … (docs/outputs.md)`})`;
}

/** The number at `path` of a summary; a keyed number the run never produced (no such instance launched) is 0. */
export function summaryValue(summary: object, path: string): number {
  const named = namedPath(path);
  if (named) {
    const entry = (summary as Record<string, Record<string, Record<string, unknown>> | undefined>)[named.section.section]?.[named.name];
    const v = entry?.[named.field];
    // An alarm that never went to ALARM did so at no time: later than any bound.
    return typeof v === 'number' ? v : named.field === 'firstAlarmSeconds' ? Infinity : 0;
  }
  let v: unknown = summary;
  for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? v : 0;
}
