// scenario.json: what ran, abbreviated — the normalized scenario's fleets, queues, definitions,
// settings and (the first few of) its submissions and actions. report.html shows it, and
// `batchsim chart DIR` reads it back, so a report directory describes itself.
import type { Scenario } from '../scenario/types.js';
import type { AlarmChartInput } from './charts-alarms.js';

const LIST_LIMIT = 50;

export interface ScenarioDescription {
  name: string;
  seed: number;
  startTime: string;
  settings: Scenario['settings'];
  computeEnvironments: {
    name: string;
    type: string;
    state: string;
    resourceType: string | null;
    allocationStrategy: string | null;
    minvCpus: number | null;
    maxvCpus: number | null;
    instanceTypes: string[];
    fleet: { instanceType: string; count: number }[];
  }[];
  jobQueues: { name: string; priority: number; state: string; computeEnvironmentOrder: string[] }[];
  jobDefinitions: {
    name: string; revision: number; vcpus: number; memory: number; gpus: number; platformCapabilities: string[];
    retryAttempts: number; attemptDurationSeconds: number | null; duration: unknown;
  }[];
  submissions: {
    total: number;
    shown: { jobName: string; jobQueue: string; jobDefinition: string; submitAtSeconds: number; arraySize: number; dependsOn: string[] }[];
  };
  workloads: unknown[];
  actions: { total: number; shown: unknown[] };
  /** The alarms: section (only when the scenario has one): what the alarms chart draws. */
  alarms?: AlarmDescription[];
}

/** An alarm as scenario.json describes it: its metric and rule. */
export type AlarmDescription = Omit<AlarmChartInput, 'changes'> & { treatMissingData: string };

/** A copy of plain data with every array cut to LIST_LIMIT entries (a long empirical list, say). */
function abbreviate(value: unknown): unknown {
  if (Array.isArray(value)) {
    const shown = value.slice(0, LIST_LIMIT).map(abbreviate);
    return value.length > LIST_LIMIT ? [...shown, `… ${value.length - LIST_LIMIT} more`] : shown;
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, abbreviate(v)]));
  return value;
}

/**
 * A replay's files as the scenario names them: the resolved absolute paths differ from machine to
 * machine and would break byte-identical reports.
 */
function withoutResolvedPaths(w: Scenario['workloads'][number]): unknown {
  const { path: _path, ...rest } = w as unknown as { path?: string } & Record<string, unknown>;
  if (Array.isArray(rest.moreFiles)) rest.moreFiles = (rest.moreFiles as { file: string }[]).map((f) => f.file);
  return rest;
}

export function describeScenario(s: Scenario, seed: number): ScenarioDescription {
  const def = (i: number) => `${s.jobDefinitions[i].jobDefinitionName}:${s.jobDefinitions[i].revision}`;
  return {
    name: s.name,
    seed,
    startTime: s.startTime,
    settings: s.settings.spot.priceTrace.length > LIST_LIMIT
      ? { ...s.settings, spot: { ...s.settings.spot, priceTrace: s.settings.spot.priceTrace.slice(0, LIST_LIMIT) } }
      : s.settings,
    computeEnvironments: s.computeEnvironments.map((ce) => {
      const cr = ce.computeResources;
      const fleet = new Map<string, number>();
      for (const f of ce.fleet) fleet.set(f.instanceType, (fleet.get(f.instanceType) ?? 0) + 1);
      return {
        name: ce.computeEnvironmentName,
        type: ce.type,
        state: ce.state,
        resourceType: cr?.type ?? null,
        allocationStrategy: cr?.allocationStrategy ?? null,
        minvCpus: cr?.minvCpus ?? null,
        maxvCpus: cr?.maxvCpus ?? null,
        instanceTypes: cr ? cr.requestedInstanceTypes : [],
        fleet: [...fleet].map(([instanceType, count]) => ({ instanceType, count })),
      };
    }),
    jobQueues: s.jobQueues.map((q) => ({ name: q.jobQueueName, priority: q.priority, state: q.state, computeEnvironmentOrder: q.computeEnvironmentOrder })),
    jobDefinitions: s.jobDefinitions.map((d) => ({
      name: d.jobDefinitionName, revision: d.revision, vcpus: d.vcpus, memory: d.memory, gpus: d.gpus,
      platformCapabilities: d.platformCapabilities, retryAttempts: d.retryStrategy?.attempts ?? 1,
      attemptDurationSeconds: d.attemptDurationSeconds, duration: d.simulation.duration,
    })),
    submissions: {
      total: s.jobs.length,
      shown: s.jobs.slice(0, LIST_LIMIT).map((j) => ({
        jobName: j.jobName, jobQueue: j.jobQueue, jobDefinition: def(j.jobDefinition), submitAtSeconds: j.submitAtMs / 1000,
        arraySize: j.arraySize,
        dependsOn: j.dependsOn.map((d) => (d.job === null ? 'SEQUENTIAL' : `${s.jobs[d.job].jobName}${d.type === 'N_TO_N' ? ' (N_TO_N)' : ''}`)),
      })),
    },
    workloads: s.workloads.map((w) => abbreviate(withoutResolvedPaths(w))),
    actions: { total: s.actions.length, shown: s.actions.slice(0, LIST_LIMIT) },
    ...(s.alarms && s.alarms.length > 0 ? { alarms: s.alarms.map(describeAlarm) } : {}),
  };
}

function describeAlarm(a: NonNullable<Scenario['alarms']>[number]): AlarmDescription {
  const m = a.metric;
  return {
    alarmName: a.alarmName, namespace: m.namespace, metricName: m.metricName, dimensionName: m.dimensionName, dimensionValue: m.dimensionValue,
    statistic: typeof m.statistic === 'object' ? `p${m.statistic.percentile}` : m.statistic, periodSeconds: m.periodSeconds,
    threshold: a.rule.threshold, comparisonOperator: a.rule.comparisonOperator, evaluationPeriods: a.rule.evaluationPeriods,
    datapointsToAlarm: a.rule.datapointsToAlarm, treatMissingData: a.rule.treatMissingData,
  };
}
