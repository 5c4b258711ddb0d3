// Running a generated scenario with an event budget (so a livelock fails a property instead of
// hanging the suite) and reading back what a user sees: the CSVs and summary.json writeRun writes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Summary } from '../../src/metrics/summary.js';
import { writeRun } from '../../src/report/write-run.js';
import type { Scenario } from '../../src/scenario/types.js';
import { Simulation, simulate, type SimulateOptions } from '../../src/sim/simulation.js';
import { eventBudget } from './recipe.js';

/** simulate() with maxEvents = eventBudget(scenario): EventBudgetExceeded instead of a hang. */
export function simulateBounded(scenario: Scenario, options: Omit<SimulateOptions, 'maxEvents'> = {}): Simulation {
  return simulate(scenario, { ...options, maxEvents: eventBudget(scenario) });
}

export interface Transition { row: number; from: number; to: number; timeMs: number }

/**
 * Runs a scenario (within its event budget) and records every transition; `watch` may also look
 * at the live simulation.
 */
export function runRecorded(
  scenario: Scenario,
  options: Omit<SimulateOptions, 'onTransition' | 'maxEvents'> & { watch?: (sim: Simulation, t: Transition) => void } = {},
): { sim: Simulation; transitions: Transition[] } {
  const transitions: Transition[] = [];
  let live: Simulation | null = null;
  const sim = new Simulation(scenario, {
    seed: options.seed,
    maxEvents: eventBudget(scenario),
    onTransition: (row, from, to, timeMs) => {
      const t = { row, from, to, timeMs };
      transitions.push(t);
      options.watch?.(live!, t);
    },
  });
  live = sim;
  sim.run();
  return { sim, transitions };
}

/**
 * A job row's own size (vCPUs, memory MiB, GPUs) as the engine holds it: a submission's after
 * overrides, or a workload job's drawn size — not its template's.
 */
export function rowSize(sim: Simulation, row: number): { vcpus: number; memory: number; gpus: number } {
  return sim.shapes.shapes[sim.jobs.shape.data[row]];
}

export type CsvRow = Record<string, string>;

export interface RunFiles {
  summary: Summary;
  jobs: CsvRow[];
  attempts: CsvRow[];
  instances: CsvRow[];
  /** Raw bytes of every file written, by name. */
  bytes: Map<string, Buffer>;
}

export function readCsv(text: string): CsvRow[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as CsvRow[];
}

/** writeRun into a fresh temporary directory, read everything back, remove the directory. */
export function writeAndRead(sim: Simulation): RunFiles {
  const root = mkdtempSync(join(tmpdir(), 'batchsim-test-'));
  try {
    const dir = join(root, 'run');
    const written = writeRun(sim, dir);
    const bytes = new Map<string, Buffer>();
    for (const f of written.files) bytes.set(f, readFileSync(join(dir, f)));
    return {
      summary: JSON.parse(bytes.get('summary.json')!.toString('utf8')) as Summary,
      jobs: readCsv(bytes.get('jobs.csv')!.toString('utf8')),
      attempts: readCsv(bytes.get('attempts.csv')!.toString('utf8')),
      instances: readCsv(bytes.get('instances.csv')!.toString('utf8')),
      bytes,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A CSV time cell (seconds) as integer milliseconds, or null when empty. */
export function ms(cell: string | undefined): number | null {
  if (cell === undefined || cell === '') return null;
  return Math.round(Number(cell) * 1000);
}

