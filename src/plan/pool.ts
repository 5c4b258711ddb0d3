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

/** A pool of `workers` threads holding a sweep's scenarios: runs tasks until destroyed (plan's rounds share one). */
export class SweepPool {
  private readonly pool: Piscina;

  constructor(data: SweepWorkerData, workers: number) {
    const { filename, execArgv } = workerFile(data);
    this.pool = new Piscina({ filename, execArgv, workerData: data, minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  }

  /** Runs `tasks`; `onResult(i, metrics)` as each finishes. Rejects with the first task's error. */
  async run(tasks: readonly RunTask[], onResult: (index: number, metrics: number[]) => void): Promise<void> {
    await Promise.all(tasks.map((task, i) => this.pool.run(task).then((metrics: number[]) => onResult(i, metrics))));
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

/** Runs `tasks` on a pool of `workers` threads made for them, then closes it; see SweepPool.run. */
export async function runPool(data: SweepWorkerData, tasks: readonly RunTask[], workers: number, onResult: (index: number, metrics: number[]) => void): Promise<void> {
  const pool = new SweepPool(data, workers);
  try {
    await pool.run(tasks, onResult);
  } finally {
    await pool.destroy();
  }
}
