// The golden reports: which shipped scenarios are kept byte for byte, and how a report is made
// for them. Shared by the comparing test and by scripts/update-goldens.ts (the only writer).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { simulateRecorded } from '../../src/metrics/recorder.js';
import { writeRun } from '../../src/report/write-run.js';

/** Scenarios small enough to keep their whole report in the repo (a few MB in all). */
export const GOLDEN_SCENARIOS = [
  'scenarios/fargate-etl.yaml',
  'scenarios/retry-heavy.yaml',
  'scenarios/spot-vs-ondemand/gpu-ondemand.yaml',
  'scenarios/spot-vs-ondemand/gpu-spot.yaml',
  'scenarios/spot-vs-ondemand/gpu-spot-spillover.yaml',
];

/** The files compared: what `batchsim run` writes, less charts and the scenario echo. */
export const GOLDEN_FILES = ['summary.json', 'jobs.csv', 'attempts.csv', 'instances.csv', 'metrics.csv'];

export const GOLDEN_DIR = 'test/goldens';

export function goldenName(scenarioPath: string): string {
  return scenarioPath.replace(/^scenarios\//, '').replace(/\.ya?ml$/, '').replaceAll('/', '--');
}

/** Runs a scenario as `batchsim run` does (default seed, 60 s metrics) and returns its files' bytes. */
export function goldenRun(scenarioPath: string): Map<string, Buffer> {
  const scenario = loadScenario(scenarioPath);
  const { sim, recorder } = simulateRecorded(scenario, { metricsPeriodSeconds: 60, events: false });
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-golden-'));
  try {
    const out = join(dir, 'run');
    writeRun(sim, out, { recorder });
    return new Map(GOLDEN_FILES.map((f) => [f, readFileSync(join(out, f))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first line where two texts differ (1-based), or null when they are equal. */
export function firstDifferingLine(a: string, b: string): { line: number; expected: string; actual: string } | null {
  if (a === b) return null;
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return { line: i + 1, expected: la[i] ?? '<end of file>', actual: lb[i] ?? '<end of file>' };
  }
  return null;
}
