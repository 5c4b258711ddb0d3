// A sweep's worker thread (piscina): runs one configuration with one seed and returns the run's
// metrics (run-metrics.ts). The configurations' scenario data comes once, as workerData; each is
// validated into a Scenario the first time this worker runs it, and kept for its other seeds.
// A sweep that keeps alarm or rule metrics runs on watched-sweep-worker.ts instead.
import { workerData } from 'node:worker_threads';
import { cachedRunner, type SweepWorkerData } from './sweep-run.js';

export default cachedRunner(workerData as SweepWorkerData);
