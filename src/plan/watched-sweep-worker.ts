// The worker thread of a sweep that keeps alarm or rule metrics (docs/sweep.md "Metrics"): as
// sweep-worker.ts, each run recorded and its alarms and rules evaluated (watched-run.ts). A file
// of its own so that other sweeps' workers never load the recorder, the alarms or the rules.
import { workerData } from 'node:worker_threads';
import { cachedRunner, type SweepWorkerData } from './sweep-run.js';
import { watchedSummary } from './watched-run.js';

export default cachedRunner(workerData as SweepWorkerData, watchedSummary);
