// Runs one benchmark case in its own process (so peak RSS is that case's) and prints JSON.
import { simulate } from '../src/sim/simulation.js';
import { CASES } from './cases.js';

const name = process.argv[2];
const c = CASES[name];
if (!c) throw new Error(`unknown case ${name}`);
const scenario = c.build();
const t0 = process.hrtime.bigint();
const sim = simulate(scenario);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
let jobs = 0;
for (let r = 0; r < sim.jobs.count; r++) if (sim.jobs.kind.data[r] !== 1) jobs++;
process.stdout.write(
  JSON.stringify({
    name, describe: c.describe, seconds, events: sim.eventsProcessed, jobs, attempts: sim.attempts.count,
    instances: sim.instances.length, simulatedHours: sim.endTime / 3.6e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
