// jobs.csv, attempts.csv and instances.csv (DESIGN §4; every column in docs/outputs.md).
import { attemptCost, outcomeName } from '../metrics/ledger.js';
import { NO_EXIT_CODE } from '../model/attempts.js';
import { JOB_KIND_NAMES, JOB_STATUS_NAMES, JobKind } from '../model/jobs.js';
import type { JobNames } from '../sim/naming.js';
import type { RunResult } from '../sim/run-result.js';
import { CsvFile, seconds } from './csv-file.js';

export const JOBS_COLUMNS = [
  'jobId', 'jobName', 'jobQueue', 'jobDefinition', 'kind', 'arrayJobId', 'arrayIndex', 'status', 'statusReason',
  'createdAt', 'runnableAt', 'startedAt', 'stoppedAt', 'attempts', 'dependsOn', 'vcpus', 'memory', 'gpus', 'arraySize',
] as const;

export const ATTEMPTS_COLUMNS = [
  'jobId', 'attempt', 'computeEnvironment', 'instanceId', 'instanceType', 'purchaseOption', 'placedAt', 'startedAt',
  'stoppedAt', 'exitCode', 'statusReason', 'vcpus', 'memory', 'gpus', 'outcome', 'costUsd',
] as const;

export const INSTANCES_COLUMNS = [
  'instanceId', 'computeEnvironment', 'instanceType', 'purchaseOption', 'vcpus', 'memory', 'gpus', 'launchedAt',
  'readyAt', 'terminatedAt', 'terminationReason', 'billedSeconds', 'pricePerHour', 'costUsd', 'registeredMemory', 'busySeconds', 'idleUsd',
] as const;

export function writeJobsCsv(path: string, sim: RunResult, names: JobNames): void {
  const { jobs, templates, jobQueues, reasons } = sim;
  const out = new CsvFile(path, JOBS_COLUMNS);
  for (let r = 0; r < jobs.count; r++) {
    const t = templates[jobs.template.data[r]];
    const shape = sim.shapes.shapes[jobs.shape.data[r]];
    const kind = jobs.kind.data[r];
    const child = kind === JobKind.ARRAY_CHILD;
    out.row([
      names.jobId(r), names.jobName(r), jobQueues[t.queue].name, t.jobDefinition, JOB_KIND_NAMES[kind],
      child ? names.jobId(jobs.parent.data[r]) : '', child ? jobs.ordinal.data[r] : '',
      JOB_STATUS_NAMES[jobs.status.data[r]], reasons.values[jobs.reason.data[r]],
      seconds(jobs.createdAt.data[r]), seconds(jobs.runnableAt.data[r]), seconds(jobs.startedAt.data[r]),
      seconds(jobs.stoppedAt.data[r]), jobs.attempts.data[r], names.dependsOn(r).join(';'),
      shape.vcpus, shape.memory, shape.gpus, kind === JobKind.ARRAY_PARENT ? sim.arrays.get(r)!.size : '',
    ]);
  }
  out.close();
}

export function writeAttemptsCsv(path: string, sim: RunResult, names: JobNames): void {
  const { attempts, jobs, templates, instances, computeEnvironments, reasons } = sim;
  const out = new CsvFile(path, ATTEMPTS_COLUMNS);
  for (let a = 0; a < attempts.count; a++) {
    const row = attempts.job.data[a];
    const shape = sim.shapes.shapes[jobs.shape.data[row]];
    const inst = instances[attempts.instance.data[a]];
    const exitCode = attempts.exitCode.data[a];
    out.row([
      names.jobId(row), attempts.attempt.data[a], computeEnvironments[inst.computeEnvironment].name, inst.instanceId,
      inst.shape.instanceType, inst.purchaseOption.name, seconds(attempts.placedAt.data[a]), seconds(attempts.startedAt.data[a]),
      seconds(attempts.stoppedAt.data[a]), exitCode === NO_EXIT_CODE ? '' : exitCode, reasons.values[attempts.reason.data[a]],
      shape.vcpus, shape.memory, shape.gpus, outcomeName(attempts.outcome.data[a]), attemptCost(sim, a),
    ]);
  }
  out.close();
}

export function writeInstancesCsv(path: string, sim: RunResult): void {
  const out = new CsvFile(path, INSTANCES_COLUMNS);
  for (const inst of sim.instances) {
    out.row([
      inst.instanceId, sim.computeEnvironments[inst.computeEnvironment].name, inst.shape.instanceType, inst.purchaseOption.name,
      inst.shape.vcpus, inst.shape.memoryMiB, inst.shape.gpus, seconds(inst.launchedAt), seconds(inst.readyAt),
      seconds(inst.terminatedAt), inst.terminationReason, inst.billedSeconds(), inst.pricePerHour(), inst.costUsd(), inst.registeredMemory,
      inst.busyMs / 1000, inst.idleUsd(),
    ]);
  }
  out.close();
}
