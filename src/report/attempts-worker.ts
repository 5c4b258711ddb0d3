// A worker thread that writes attempts.csv (attempts-table.ts) while the main thread writes the
// rest of a report; it answers { ok } or the error its write threw, code included.
import { parentPort, workerData } from 'node:worker_threads';
import { jobIdsOf, writeAttemptsTable, type AttemptsData } from './attempts-table.js';

const { path, data } = workerData as { path: string; data: AttemptsData };
try {
  writeAttemptsTable(path, data, jobIdsOf(data));
  parentPort!.postMessage({ ok: true });
} catch (err) {
  const e = err as { message?: string; code?: string };
  parentPort!.postMessage({ ok: false, message: String(e?.message ?? err), code: e?.code ?? null });
}
