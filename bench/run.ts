// `npm run bench`: each case in a fresh process; prints events/s, jobs/s and peak memory, and the
// engine's M/M/c jobs/s as a ratio of the bare-heap probe's, measured in the same run.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { CASES } from './cases.js';

const only = process.argv.slice(2);
const names = only.length ? only : [...Object.keys(CASES), 'probe', 'modelloop', 'sweep1', 'sweep2'];
console.log(`batchsim benchmark — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
// The sweep cases run the build (dist/), as `batchsim sweep` does: make it current first.
if (names.some((n) => n.startsWith('sweep'))) execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
const jobsPerSecond = new Map<string, number>();
const sweepSeconds = new Map<number, number>();
for (const name of names) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/case.ts', name], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  if (r.sweep) {
    sweepSeconds.set(r.workers, r.seconds);
    console.log(`${name.padEnd(9)} ${r.describe}\n          ${r.seconds.toFixed(2)} s, ${(r.runs / r.seconds).toFixed(1)} runs/s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
    continue;
  }
  const bare = name === 'probe' || name === 'modelloop';
  const seconds = bare ? r.seconds : r.simulateSeconds;
  jobsPerSecond.set(name, r.jobs / seconds);
  const whole = r.full ? `, whole run with outputs ${r.seconds.toFixed(2)} s` : '';
  const model = bare ? '' : `, ${r.instances} instances, ${r.simulatedHours.toFixed(1)} simulated hours`;
  console.log(
    `${name.padEnd(9)} ${r.describe}\n` +
      `          ${seconds.toFixed(2)} s simulate${whole}, ${(r.events / seconds / 1e6).toFixed(2)} M events/s (${r.events} events), ` +
      `${(r.jobs / seconds / 1e3).toFixed(0)} k jobs/s (${r.jobs} jobs), peak RSS ${r.peakRssMiB.toFixed(0)} MiB${model}`,
  );
}
if (jobsPerSecond.has('mmc90') && jobsPerSecond.has('probe')) {
  console.log(`engine / probe (M/M/c, ρ = 0.9, 1,000,000 jobs): ${(jobsPerSecond.get('mmc90')! / jobsPerSecond.get('probe')!).toFixed(3)} of the bare heap's jobs/s`);
}
if (jobsPerSecond.has('modelloop') && jobsPerSecond.has('probe')) {
  // The most the engine could reach while it records what it records (bench/model-loop.ts).
  console.log(`model loop / probe: ${(jobsPerSecond.get('modelloop')! / jobsPerSecond.get('probe')!).toFixed(3)} of the bare heap's jobs/s`);
}
if (sweepSeconds.has(1) && sweepSeconds.has(2)) {
  console.log(`sweep speed-up with 2 workers: ${(sweepSeconds.get(1)! / sweepSeconds.get(2)!).toFixed(2)}× (1,000 pipeline runs)`);
}
