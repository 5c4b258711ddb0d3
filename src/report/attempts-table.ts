// attempts.csv from plain data — typed arrays and strings, no objects of the run — so the same
// formatting runs on the main thread or in a worker thread (attempts-worker.ts) while the main
// thread writes the other files: for a million attempts this table is the largest share of a
// run's output time (issue 9), and a run's outputs are otherwise written on one core of two.
import { attemptUsd, outcomeName, shareOf } from '../metrics/ledger.js';
import { ATTEMPT_OUTCOME_NAMES, NO_EXIT_CODE } from '../model/attempts.js';
import { JobIds } from '../sim/naming.js';
import type { RunResult } from '../sim/run-result.js';
import { startWorker } from '../util/worker-module.js';
import { csvText, secondsField, writeCsvFile } from './csv-file.js';

export const ATTEMPTS_COLUMNS = [
  'jobId', 'attempt', 'computeEnvironment', 'instanceId', 'instanceType', 'purchaseOption', 'placedAt', 'startedAt',
  'stoppedAt', 'exitCode', 'statusReason', 'containerReason', 'vcpus', 'memory', 'gpus', 'outcome', 'costUsd',
] as const;

/** Tables this long are written from a worker thread while the next rows are formatted (a worker costs ~40 ms to start). */
export const BACKGROUND_ROWS = 100_000;

/** Everything attempts.csv says, as numbers and interned strings. */
export interface AttemptsData {
  seed: number;
  /** Attempts, and their columns (the first `count` entries). */
  count: number;
  job: Int32Array;
  attempt: Uint8Array;
  instance: Int32Array;
  placedAt: Float64Array;
  startedAt: Float64Array;
  stoppedAt: Float64Array;
  exitCode: Int32Array;
  reason: Int32Array;
  containerReason: Int32Array;
  outcome: Uint8Array;
  /** Job rows, and what a job id and shape are made from. */
  jobRows: number;
  kind: Uint8Array;
  parent: Int32Array;
  ordinal: Int32Array;
  shape: Int32Array;
  /** Per instance: "computeEnvironment,instanceId,instanceType,purchaseOption", and what its cost is made from. */
  instanceFields: string[];
  pricePerHour: Float64Array;
  billedFrom: Float64Array;
  task: Uint8Array;
  instanceVcpus: Float64Array;
  instanceGpus: Float64Array;
  /** Per job shape: "vcpus,memory,gpus", and its vCPUs and GPUs. */
  shapeFields: string[];
  shapeVcpus: Float64Array;
  shapeGpus: Float64Array;
  /** Status reasons, escaped; outcomes by AttemptOutcome, escaped. */
  reasonTexts: string[];
  outcomeTexts: string[];
}

/**
 * The run's attempts as data. With `copy`, the columns are copied to their used length (what a
 * worker thread is sent: a view would carry its whole buffer); without, they are views.
 */
export function attemptsData(sim: RunResult, copy: boolean): AttemptsData {
  const { attempts, jobs, instances, computeEnvironments, shapes, reasons } = sim;
  const cut = <T extends Int32Array | Uint8Array | Float64Array>(a: T, n: number): T => (copy ? a.slice(0, n) : a.subarray(0, n)) as T;
  const n = attempts.count;
  const rows = jobs.count;
  return {
    seed: sim.seed,
    count: n,
    job: cut(attempts.job.data, n),
    attempt: cut(attempts.attempt.data, n),
    instance: cut(attempts.instance.data, n),
    placedAt: cut(attempts.placedAt.data, n),
    startedAt: cut(attempts.startedAt.data, n),
    stoppedAt: cut(attempts.stoppedAt.data, n),
    exitCode: cut(attempts.exitCode.data, n),
    reason: cut(attempts.reason.data, n),
    containerReason: cut(attempts.containerReason.data, n),
    outcome: cut(attempts.outcome.data, n),
    jobRows: rows,
    kind: cut(jobs.kind.data, rows),
    parent: cut(jobs.parent.data, rows),
    ordinal: cut(jobs.ordinal.data, rows),
    shape: cut(jobs.shape.data, rows),
    instanceFields: instances.map(
      (inst) =>
        `${csvText(computeEnvironments[inst.computeEnvironment].name)},${csvText(inst.instanceId)},` +
        `${csvText(inst.shape.instanceType)},${csvText(inst.purchaseOption.name)}`,
    ),
    pricePerHour: Float64Array.from(instances, (inst) => inst.pricePerHour()),
    billedFrom: Float64Array.from(instances, (inst) => inst.billedFrom),
    task: Uint8Array.from(instances, (inst) => (inst.task ? 1 : 0)),
    instanceVcpus: Float64Array.from(instances, (inst) => inst.shape.vcpus),
    instanceGpus: Float64Array.from(instances, (inst) => inst.shape.gpus),
    shapeFields: shapes.shapes.map((s) => `${s.vcpus},${s.memory},${s.gpus}`),
    shapeVcpus: Float64Array.from(shapes.shapes, (s) => s.vcpus),
    shapeGpus: Float64Array.from(shapes.shapes, (s) => s.gpus),
    reasonTexts: reasons.values.map(csvText),
    outcomeTexts: ATTEMPT_OUTCOME_NAMES.map((_, o) => csvText(outcomeName(o))),
  };
}

/** Job ids for the rows of `data` (the same ids JobNames gives the run: drawn from its seed in row order). */
export function jobIdsOf(data: AttemptsData): JobIds {
  return new JobIds(data.seed, () => ({ count: data.jobRows, kind: data.kind, parent: data.parent, ordinal: data.ordinal }));
}

/** Writes attempts.csv from `data`; `ids` names the jobs. */
export function writeAttemptsTable(path: string, d: AttemptsData, ids: { jobId(row: number): string }): void {
  writeCsvFile(path, ATTEMPTS_COLUMNS, { background: d.count >= BACKGROUND_ROWS }, (out) => {
    for (let a = 0; a < d.count; a++) {
      const row = d.job[a];
      const inst = d.instance[a];
      const shape = d.shape[row];
      const exitCode = d.exitCode[a];
      const share = shareOf(d.task[inst] === 1, d.instanceVcpus[inst], d.instanceGpus[inst], d.shapeVcpus[shape], d.shapeGpus[shape]);
      // A job id never needs quoting (a UUID, `<uuid>:<index>` or `<uuid>#<node>`).
      out.line(
        `${ids.jobId(row)},${d.attempt[a]},${d.instanceFields[inst]},` +
          `${secondsField(d.placedAt[a])},${secondsField(d.startedAt[a])},` +
          `${secondsField(d.stoppedAt[a])},${exitCode === NO_EXIT_CODE ? '' : exitCode},${d.reasonTexts[d.reason[a]]},${d.reasonTexts[d.containerReason[a]]},` +
          `${d.shapeFields[shape]},${d.outcomeTexts[d.outcome[a]]},${attemptUsd(d.pricePerHour[inst], d.billedFrom[inst], share, d.placedAt[a], d.stoppedAt[a])}`,
      );
    }
  });
}

/** attempts.csv being written by a worker thread: `done` settles when the file is whole (or with the worker's error, its code kept). */
export interface AttemptsAside {
  done: Promise<void>;
  /** Stops the worker (the report failed otherwise: its staging directory is being removed). */
  abort(): void;
}

/** Starts writing attempts.csv of `sim` in a worker thread. */
export function writeAttemptsAside(path: string, sim: RunResult): AttemptsAside {
  const worker = startWorker(import.meta.url, 'attempts-worker', { path, data: attemptsData(sim, true) });
  const done = new Promise<void>((resolve, reject) => {
    worker.once('message', (m: { ok: true } | { ok: false; message: string; code: string | null }) => {
      if (m.ok) resolve();
      else reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker writing ${path} stopped (exit code ${code}) before the file was whole`)));
  });
  // Settled or not, a failure is the awaiting caller's to report; none is left unhandled meanwhile.
  done.catch(() => undefined);
  return { done, abort: () => void worker.terminate() };
}
