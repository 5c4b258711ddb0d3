// Runs one benchmark case in its own process (so peak RSS is that case's) and prints JSON. A
// `full` case is timed as `batchsim run` works: simulate under a recorder, then write every output
// (CSVs, metrics.csv, charts, report.html) into a temporary directory. `probe` is the bare-heap
// M/M/c probe (bench/probe.ts); `modelloop` the same queue on the engine's data model in one loop
// (bench/model-loop.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateRecorded } from '../src/metrics/recorder.js';
import { writeReport } from '../src/report/write-run.js';
import { simulate } from '../src/sim/simulation.js';
import { CASES, MMC90, MMC90_INTERARRIVAL } from './cases.js';
import { mmcModelLoop } from './model-loop.js';
import { mmcProbe } from './probe.js';

const name = process.argv[2];
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

if (name === 'sweep1' || name === 'sweep2') {
  // Issue 10: a whole `batchsim sweep` of 1,000 pipeline runs (simulate, aggregate, write every
  // output) on 1 or 2 worker threads — from the build (dist/, made by bench/run.ts first), as
  // `batchsim sweep` runs: worker threads that load TypeScript through tsx run it 4× slower.
  const dist = '../dist/plan/';
  const { loadSweep } = (await import(`${dist}sweep-file.js`)) as typeof import('../src/plan/sweep-file.js');
  const { sweep } = (await import(`${dist}sweep.js`)) as typeof import('../src/plan/sweep.js');
  const { writeSweepDir } = (await import(`${dist}write-sweep.js`)) as typeof import('../src/plan/write-sweep.js');
  const workers = name === 'sweep1' ? 1 : 2;
  const s = loadSweep('bench/pipeline-sweep.yaml');
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-bench-'));
  const t0 = process.hrtime.bigint();
  try {
    const runs = await sweep(s, { workers });
    await writeSweepDir(join(dir, 'sweep'), runs.plan, runs.rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const runsCount = s.configurations.length * s.seeds.length;
  // Peak RSS of this process; worker threads share it.
  process.stdout.write(JSON.stringify({ name, describe: `batchsim sweep of bench/pipeline-sweep.yaml: ${runsCount} runs of the 20,012-job pipeline on ${workers} worker${workers > 1 ? 's' : ''}, every output written`, sweep: true, seconds, runs: runsCount, workers, peakRssMiB: peakRssMiB() }) + '\n');
} else if (name === 'probe') {
  const r = mmcProbe(MMC90.servers, MMC90_INTERARRIVAL, MMC90.meanServiceSeconds, MMC90.jobs, CASES.mmc90.build().seed);
  process.stdout.write(JSON.stringify({ name, describe: 'bare typed-array heap, the same M/M/c queue as mmc90', ...r, peakRssMiB: peakRssMiB() }) + '\n');
} else if (name === 'modelloop') {
  const { seconds, jobs, events, endMs } = mmcModelLoop(MMC90.servers, MMC90_INTERARRIVAL, MMC90.meanServiceSeconds, MMC90.jobs, CASES.mmc90.build().seed);
  const describe = 'the engine’s data model and events for mmc90 in one loop, no layers (bench/model-loop.ts)';
  process.stdout.write(JSON.stringify({ name, describe, seconds, jobs, events, endMs, peakRssMiB: peakRssMiB() }) + '\n');
} else {
  const c = CASES[name];
  if (!c) throw new Error(`unknown case ${name}`);
  const scenario = c.build();
  const t0 = process.hrtime.bigint();
  let sim;
  let simulateSeconds: number;
  if (c.full) {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-bench-'));
    try {
      const recorded = simulateRecorded(scenario, { metricsPeriodSeconds: 60 });
      sim = recorded.sim;
      simulateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      await writeReport(sim, join(dir, 'report'), { recorder: recorded.recorder });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    sim = simulate(scenario);
    simulateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let jobs = 0;
  for (let r = 0; r < sim.jobs.count; r++) if (sim.jobs.kind.data[r] !== 1) jobs++;
  process.stdout.write(
    JSON.stringify({
      name, describe: c.describe, full: c.full ?? false, seconds, simulateSeconds, events: sim.eventsProcessed, jobs, attempts: sim.attempts.count,
      instances: sim.instances.length, simulatedHours: sim.endTime / 3.6e6, peakRssMiB: peakRssMiB(),
    }) + '\n',
  );
}
