// jobs.csv, attempts.csv and instances.csv (DESIGN §4; every column in docs/outputs.md).
import { hasFairShareQueue } from '../metrics/share-metrics.js';
import { JOB_KIND_NAMES, JOB_STATUS_NAMES, JobKind } from '../model/jobs.js';
import type { JobNames } from '../sim/naming.js';
import type { RunResult } from '../sim/run-result.js';
import { BACKGROUND_ROWS, attemptsData, writeAttemptsTable } from './attempts-table.js';
import { csvText, seconds, secondsField, writeCsvFile } from './csv-file.js';

export { ATTEMPTS_COLUMNS } from './attempts-table.js';

export const JOBS_COLUMNS = [
  'jobId', 'jobName', 'jobQueue', 'jobDefinition', 'kind', 'arrayJobId', 'arrayIndex', 'status', 'statusReason',
  'createdAt', 'runnableAt', 'startedAt', 'stoppedAt', 'attempts', 'dependsOn', 'vcpus', 'memory', 'gpus', 'arraySize',
] as const;

/**
 * jobs.csv's columns for a run: JOBS_COLUMNS, then `shareIdentifier` when the scenario has a
 * fair-share queue. Only then, so a FIFO run's jobs.csv stays as it was (goldens); and last, so
 * the columns every run writes keep their places (DESIGN §4: more may follow them).
 */
function jobsColumns(sim: RunResult): readonly string[] {
  return hasFairShareQueue(sim.scenario) ? [...JOBS_COLUMNS, 'shareIdentifier'] : JOBS_COLUMNS;
}

export const INSTANCES_COLUMNS = [
  'instanceId', 'computeEnvironment', 'instanceType', 'purchaseOption', 'vcpus', 'memory', 'gpus', 'launchedAt',
  'readyAt', 'terminatedAt', 'terminationReason', 'billedSeconds', 'pricePerHour', 'costUsd', 'registeredMemory', 'busySeconds', 'idleUsd',
] as const;

// jobs.csv and attempts.csv have a row per job and per attempt (millions in a big run), so their
// records are formatted straight into strings; every interned string (queue, job definition,
// status, reason, compute environment, instance type, purchase option, outcome) is escaped once,
// and job ids not at all: a UUID, `<uuid>:<index>` or `<uuid>#<node>` never needs quoting.

export function writeJobsCsv(path: string, sim: RunResult, names: JobNames): void {
  const { jobs, templates, jobQueues, reasons } = sim;
  // Per template: "jobQueue,jobDefinition".
  const templateFields = templates.map((t) => `${csvText(jobQueues[t.queue].name)},${csvText(t.jobDefinition)}`);
  const shapeFields = sim.shapes.shapes.map((s) => `${s.vcpus},${s.memory},${s.gpus}`);
  const kindNames = JOB_KIND_NAMES.map(csvText);
  const statusNames = JOB_STATUS_NAMES.map(csvText);
  const reasonTexts = reasons.values.map(csvText);
  const columns = jobsColumns(sim);
  // Per template: ",shareIdentifier" (empty cell for none), or nothing without the column.
  const withShares = columns.length > JOBS_COLUMNS.length;
  const shareFields = templates.map((t) => (withShares ? `,${csvText(t.shareIdentifier ?? '')}` : ''));
  writeCsvFile(path, columns, { background: jobs.count >= BACKGROUND_ROWS }, (out) => {
    for (let r = 0; r < jobs.count; r++) {
      const kind = jobs.kind.data[r];
      const child = kind === JobKind.ARRAY_CHILD;
      const dependsOn = names.dependsOn(r);
      out.line(
        `${names.jobId(r)},${csvText(names.jobName(r))},${templateFields[jobs.template.data[r]]},${kindNames[kind]},` +
          `${child ? names.jobId(jobs.parent.data[r]) : ''},${child ? jobs.ordinal.data[r] : ''},` +
          `${statusNames[jobs.status.data[r]]},${reasonTexts[jobs.reason.data[r]]},` +
          `${secondsField(jobs.createdAt.data[r])},${secondsField(jobs.runnableAt.data[r])},${secondsField(jobs.startedAt.data[r])},` +
          `${secondsField(jobs.stoppedAt.data[r])},${jobs.attempts.data[r]},${dependsOn.join(';')},` +
          `${shapeFields[jobs.shape.data[r]]},${kind === JobKind.ARRAY_PARENT ? sim.arrays.get(r)!.size : ''}${shareFields[jobs.template.data[r]]}`,
      );
    }
  });
}

/** attempts.csv on this thread (writeAttemptsAside writes it from a worker thread, byte for byte the same). */
export function writeAttemptsCsv(path: string, sim: RunResult, names: JobNames): void {
  writeAttemptsTable(path, attemptsData(sim, false), names);
}

export function writeInstancesCsv(path: string, sim: RunResult): void {
  writeCsvFile(path, INSTANCES_COLUMNS, {}, (out) => {
    for (const inst of sim.instances) {
      out.row([
        inst.instanceId, sim.computeEnvironments[inst.computeEnvironment].name, inst.shape.instanceType, inst.purchaseOption.name,
        inst.shape.vcpus, inst.shape.memoryMiB, inst.shape.gpus, seconds(inst.launchedAt), seconds(inst.readyAt),
        seconds(inst.terminatedAt), inst.terminationReason, inst.billedSeconds(), inst.pricePerHour(), inst.costUsd(), inst.registeredMemory,
        inst.busyMs / 1000, inst.idleUsd(),
      ]);
    }
  });
}
