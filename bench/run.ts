// `npm run bench`: each case in a fresh process; prints events/s, jobs/s and peak memory.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { CASES } from './cases.js';

const only = process.argv.slice(2);
const names = only.length ? only : Object.keys(CASES);
console.log(`batchsim benchmark — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
for (const name of names) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/case.ts', name], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  console.log(
    `${name.padEnd(9)} ${r.describe}\n` +
      `          ${r.seconds.toFixed(2)} s wall, ${(r.events / r.seconds / 1e6).toFixed(2)} M events/s (${r.events} events), ` +
      `${(r.jobs / r.seconds / 1e3).toFixed(0)} k jobs/s (${r.jobs} jobs), peak RSS ${r.peakRssMiB.toFixed(0)} MiB, ` +
      `${r.instances} instances, ${r.simulatedHours.toFixed(1)} simulated hours`,
  );
}
