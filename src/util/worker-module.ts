// Where a worker thread's module is: next to the module that starts it, built (.js) or, when
// batchsim runs from its TypeScript sources (tsx, vitest), the .ts file — which then needs the
// TypeScript loader the main thread has.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The worker module `name` beside the module at `selfUrl` (its import.meta.url), and the Node options it needs. */
export function workerModule(selfUrl: string, name: string): { filename: string; execArgv: string[] } {
  const self = fileURLToPath(selfUrl);
  const fromSource = self.endsWith('.ts');
  const filename = self.replace(/[^/\\]+\.(ts|js)$/, `${name}.${fromSource ? 'ts' : 'js'}`);
  return { filename, execArgv: fromSource ? ['--import', 'tsx'] : [] };
}

/**
 * Starts the worker module `name` beside `selfUrl`'s. From source it is required by ts-worker.cjs
 * through tsx's CommonJS hook (as piscina loads a pool's module): tsx's import hooks do not reach
 * a worker thread on Node 20, so the .ts file cannot be its entry.
 */
export function startWorker(selfUrl: string, name: string, workerData: unknown): Worker {
  const { filename, execArgv } = workerModule(selfUrl, name);
  if (execArgv.length === 0) return new Worker(filename, { workerData });
  return new Worker(fileURLToPath(new URL('./ts-worker.cjs', import.meta.url)), { execArgv, argv: [filename], workerData });
}
