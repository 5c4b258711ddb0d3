// Running a sweep (docs/sweep.md): every configuration × seed — or one shard's slice of them — on a
// pool of worker threads, each run reduced to its metrics as it ends and handed to a callback.
// The runs are numbered configuration-major (configuration 0's seeds, then configuration 1's …),
// and the result lists them in that order whatever order the workers finished in.
import { createHash } from 'node:crypto';
import { SweepPool, defaultWorkers, runPool } from './pool.js';
import { cachedRunner, workerDataOf, type RunTask, type SweepWorkerData } from './sweep-run.js';
import { loadSweep, type Sweep } from './sweep-file.js';
import { planOf, type RunRow, type SweepPlan } from './sweep-results.js';

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

export interface SweepOptions {
  /** Worker threads (default: one per core). 0 runs in this thread (no pool). */
  workers?: number;
  /** Run only this slice of the runs (a machine of a sweep spread over several). */
  shard?: Shard;
  /** Seeds to run instead of the sweep file's (plan's adaptive replication). */
  seeds?: readonly number[];
  /** Configurations to run (default: all). */
  only?: readonly number[];
  /** Leave out invalid workload-trace rows instead of failing (as loaded with --skip-invalid). */
  skipInvalid?: boolean;
  /** Called as each run ends (in the order runs end), with how many of `total` are done. */
  onRun?: (row: RunRow, done: number, total: number) => void;
  /**
   * Keeps the worker pool for the next sweep of the same file (plan's rounds): the first sweep
   * given it makes the pool here, later ones run on it; whoever passes it destroys it at the end.
   */
  keep?: { pool?: SweepPool };
}

export interface SweepRuns {
  plan: SweepPlan;
  /** The runs in configuration-major order (a shard's slice only, with `shard`). */
  rows: RunRow[];
  /** Which runs of the whole sweep these are: [from, to) in configuration-major numbering. */
  range: [number, number];
  total: number;
}

/** The runs a sweep makes, configuration-major. */
export function sweepTasks(sweep: Sweep, options: Pick<SweepOptions, 'seeds' | 'only'> = {}): RunTask[] {
  const seeds = options.seeds ?? sweep.seeds;
  const configurations = options.only ?? sweep.configurations.map((c) => c.index);
  return configurations.flatMap((configuration) => seeds.map((seed) => ({ configuration, seed })));
}

/** Shard `index` of `count`: a contiguous slice, the sizes differing by at most one. */
export function shardRange(total: number, shard: Shard | undefined): [number, number] {
  if (!shard) return [0, total];
  return [Math.floor((shard.index * total) / shard.count), Math.floor(((shard.index + 1) * total) / shard.count)];
}

/** Runs a sweep (a file name, or one loadSweep read) and returns its runs; see SweepOptions. */
export async function sweep(input: string | Sweep, options: SweepOptions = {}): Promise<SweepRuns> {
  const s = typeof input === 'string' ? loadSweep(input) : input;
  const all = sweepTasks(s, options);
  const range = shardRange(all.length, options.shard);
  const tasks = all.slice(range[0], range[1]);
  const plan = planOf(s);
  const data: SweepWorkerData = workerDataOf(s.configurations, options.skipInvalid, plan.alarmAndRuleMetrics);
  const rows: RunRow[] = new Array(tasks.length);
  let done = 0;
  const finished = (i: number, metrics: number[]) => {
    rows[i] = { configuration: tasks[i].configuration, seed: tasks[i].seed, metrics };
    options.onRun?.(rows[i], ++done, tasks.length);
  };
  const workers = Math.min(options.workers ?? defaultWorkers(), tasks.length);
  if (workers <= 0) {
    // Only a sweep keeping alarm or rule metrics loads the recorded run (as its workers do).
    const watched = (plan.alarmAndRuleMetrics ?? []).length > 0 ? (await import('./watched-run.js')).watchedSummary : null;
    const run = cachedRunner(data, watched);
    tasks.forEach((t, i) => finished(i, run(t)));
  } else if (options.keep) {
    await (options.keep.pool ??= new SweepPool(data, workers)).run(tasks, finished);
  } else {
    await runPool(data, tasks, workers, finished);
  }
  return { plan, rows, range, total: all.length };
}

/**
 * What identifies a sweep's runs: its plan and every configuration's scenario data. Shards of one
 * sweep carry the same fingerprint; merging refuses shards that differ.
 */
export function fingerprint(s: Sweep): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(planOf(s)));
  for (const c of s.configurations) h.update(JSON.stringify(c.data));
  return h.digest('hex');
}
