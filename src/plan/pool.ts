// The worker pool a sweep runs on: piscina, one worker thread per core by default. Results come
// back in whatever order the workers finish; the caller files them by task index, so the outputs
// do not depend on the number of workers.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { workerModule } from '../util/worker-module.js';
import type { RunTask, SweepWorkerData } from './sweep-run.js';

/**
 * The worker module next to this one: sweep-worker.js when built, sweep-worker.ts when run from
 * source (tsx, vitest) — or watched-sweep-worker for a sweep keeping alarm or rule metrics.
 */
function workerFile(data: SweepWorkerData): { filename: string; execArgv: string[] } {
  return workerModule(import.meta.url, (data.alarmAndRuleMetrics ?? []).length > 0 ? 'watched-sweep-worker' : 'sweep-worker');
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Runs `tasks` on `workers` threads; `onResult(i, metrics)` is called as each finishes. Rejects
 * with the first task's error (the others are let finish, then the pool is closed).
 */
export async function runPool(data: SweepWorkerData, tasks: readonly RunTask[], workers: number, onResult: (index: number, metrics: number[]) => void): Promise<void> {
  const { filename, execArgv } = workerFile(data);
  const pool = new Piscina({ filename, execArgv, workerData: data, minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  try {
    await Promise.all(tasks.map((task, i) => pool.run(task).then((metrics: number[]) => onResult(i, metrics))));
  } finally {
    await pool.destroy();
  }
}
