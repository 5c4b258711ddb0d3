// run --trace: a known timeline written step by step, the window kept, and the run itself
// unchanged by being watched.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordedSimulation } from '../../src/metrics/recorder.js';
import { TraceRecorder } from '../../src/metrics/trace-recorder.js';
import { traceFiles } from '../../src/report/trace.js';
import { writeRun } from '../../src/report/write-run.js';
import { BATCH_SCHEDULING } from '../../src/scheduler/cycle-policy.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { JobNames } from '../../src/sim/naming.js';
import { ROOT, batchsim } from '../helpers/cli.js';

const TINY = `
name: tiny
seed: 1
settings: { schedulerCycleSeconds: 0, imagePullSeconds: 0, cachedImageStartSeconds: 0 }
computeEnvironments:
  - computeEnvironmentName: slots
    type: UNMANAGED
    simulation: { fleet: [{ instanceType: slot, vcpus: 1, memory: 2048, count: 1 }] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: slots }] }
jobDefinitions:
  - jobDefinitionName: ten
    type: container
    containerProperties: { vcpus: 1, memory: 1024 }
    simulation: { duration: { distribution: fixed, value: 10 } }
jobs:
  - { jobName: A, jobQueue: q, jobDefinition: ten }
  - { jobName: B, jobQueue: q, jobDefinition: ten, submitAt: 2 }
`;

function traced(scenario: Scenario, fromMs: number, toMs: number) {
  const trace = new TraceRecorder({ fromMs, toMs });
  const { sim } = recordedSimulation(scenario, { onTransition: trace.onTransition, schedulingPolicy: trace.policy(BATCH_SCHEDULING) });
  trace.attach(sim);
  sim.run();
  return { sim, files: traceFiles(sim, trace, new JobNames(sim)) };
}

/** Lines without the 8-character job ids and instance ids (drawn from the seed). */
const plain = (text: string) => text.split('\n').map((l) => l.replace(/ \[[0-9a-f]{8}\]/g, '').replace(/i-[0-9a-f]{17}/g, 'i-…').trimEnd());

describe('--trace', () => {
  it('writes a one-slot queue step by step, in the order the simulator acted', () => {
    const { files } = traced(parseScenario(TINY, 'tiny.yaml'), 0, Infinity);
    expect(plain(files.text).slice(1)).toEqual([
      '00:00:00.000  instance i-… (slot, ON_DEMAND, slots) launched',
      '              A submitted: SUBMITTED',
      '              A SUBMITTED → RUNNABLE',
      '              cycle — q (priority 1) 1 waiting, head A',
      '                place A from q on i-… (slot, ON_DEMAND, slots)',
      '              A STARTING → RUNNING',
      '00:00:02.000  B submitted: SUBMITTED',
      '              B SUBMITTED → RUNNABLE',
      '              cycle — q (priority 1) 1 waiting, head B',
      '                not placed B (q): waits: capacity is launching, or an environment can still scale out, or it is busy at maxvCpus',
      '00:00:10.000  A RUNNING → SUCCEEDED — attempt 1 SUCCEEDED, exit code 0: Essential container in task exited',
      '              cycle — q (priority 1) 1 waiting, head B',
      '                place B from q on i-… (slot, ON_DEMAND, slots)',
      '              B STARTING → RUNNING',
      '00:00:20.000  B RUNNING → SUCCEEDED — attempt 1 SUCCEEDED, exit code 0: Essential container in task exited',
      '              instance i-… (slot, ON_DEMAND, slots) terminated (SIMULATION_END)',
      '',
    ]);
    const json = files.jsonl.trim().split('\n').map((l) => JSON.parse(l));
    expect(json.map((e) => e.kind)).toEqual(['instance', 'job', 'job', 'cycle', 'place', 'job', 'job', 'job', 'cycle', 'notPlaced', 'job', 'cycle', 'place', 'job', 'job', 'instance']);
    expect(json[10]).toMatchObject({ t: 10, kind: 'job', jobName: 'A', from: 'RUNNING', to: 'SUCCEEDED', attempt: { attempt: 1, outcome: 'SUCCEEDED', exitCode: 0 } });
  });

  it('keeps only the window', () => {
    const { files } = traced(parseScenario(TINY, 'tiny.yaml'), 2000, 10_000);
    const times = files.jsonl.trim().split('\n').map((l) => JSON.parse(l).t as number);
    expect(new Set(times)).toEqual(new Set([2, 10]));
    expect(files.text.split('\n')[0]).toContain('00:00:02.000 to 00:00:10.000');
  });

  it('changes nothing in the run: every file is the same bytes with and without it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-trace-'));
    for (const name of ['retry-heavy', 'fair-share-teams', 'mpi-multinode', 'spot-vs-ondemand/gpu-spot-spillover']) {
      const scenario = loadScenario(join(ROOT, 'scenarios', `${name}.yaml`));
      const plainRun = recordedSimulation(scenario).sim.run();
      const { sim } = traced(scenario, 0, Infinity);
      const a = join(dir, `${name.replace('/', '-')}-plain`);
      const b = join(dir, `${name.replace('/', '-')}-traced`);
      writeRun(plainRun, a);
      writeRun(sim, b);
      for (const f of readdirSync(a)) expect(readFileSync(join(b, f)), `${name}: ${f}`).toEqual(readFileSync(join(a, f)));
    }
  }, 120_000);

  it('from the CLI: trace.txt and trace.jsonl in the report; a bad window is refused (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-trace-cli-'));
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, TINY);
    const r = batchsim('run', file, '--trace', '..1h', '--out', join(dir, 'r'), '--no-charts');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'r', 'trace.txt'), 'utf8')).toContain('cycle — q (priority 1) 1 waiting, head B');
    expect(readFileSync(join(dir, 'r', 'trace.jsonl'), 'utf8').trim().split('\n')).toHaveLength(16);
    const bad = batchsim('run', file, '--trace', '10m..5m', '--out', join(dir, 's'));
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('batchsim: --trace 10m..5m: the window ends before it begins');
    const word = batchsim('run', file, '--trace', 'noon', '--out', join(dir, 's'));
    expect(word.status).toBe(2);
    expect(word.stderr).toContain('--trace must be a window FROM..TO');
  });
});
