// The seed's ML pipeline (scenarios/step-functions-ml-pipeline.yaml) end to end through the
// command line: validate, run, executions.csv and summary.json; the same seed gives the same
// bytes (run to completion, or driven step by step), another seed other times.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { recordedSimulation } from '../../src/metrics/recorder.js';
import { writeRun } from '../../src/report/write-run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { batchsim, ROOT } from '../helpers/cli.js';

const SCENARIO = 'scenarios/step-functions-ml-pipeline.yaml';
const root = mkdtempSync(join(tmpdir(), 'batchsim-sfn-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe(`${SCENARIO} through the CLI`, () => {
  const a = join(root, 'a');
  const b = join(root, 'b');
  const run = batchsim('run', SCENARIO, '--out', a);
  const again = batchsim('run', SCENARIO, '--out', b, '--no-charts');

  it('validates, listing the notifications it does not simulate as notices', () => {
    const v = batchsim('validate', SCENARIO);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/stateMachines\[\*\]\.definition\.States\.NotifySuccess\.Resource: Resource arn:aws:states:::sns:publish is not simulated: the task completes at once/);
  });

  it('runs and writes executions.csv beside the other files, and the report section', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(a)).toContain('executions.csv');
    expect(read(a, 'executions.csv').split('\n')[0]).toBe('execution,stateMachine,scope,state,type,enteredAt,exitedAt,status,error,cause,retries,jobIds');
    expect(read(a, 'report.html')).toMatch(/<section id="executions">\n<h2>Step Functions executions<\/h2>/);
  });

  it('runs the nightly executions to SUCCEEDED, and takes the failure branch for the broken transform', () => {
    const rows = rowsOf(read(a, 'executions.csv'));
    const executions = rows.filter((r) => r.type === 'Execution').map((r) => [r.execution, r.status, r.error]);
    expect(executions).toEqual([
      ['nightly-2026-03-02', 'SUCCEEDED', ''],
      ['canary-transform-8', 'FAILED', 'PipelineFailed'],
      ['nightly-2026-03-02-eu', 'SUCCEEDED', ''],
    ]);
    const canary = rows.filter((r) => r.execution === 'canary-transform-8' && r.type !== 'Execution').map((r) => [r.state, r.status, r.error, r.retries]);
    expect(canary).toEqual([
      ['Ingest', 'SUCCEEDED', '', '0'],
      ['Transform', 'CAUGHT', 'States.TaskFailed', '1'],
      ['NotifyFailure', 'SUCCEEDED', '', '0'],
      ['PipelineFailed', 'FAILED', 'PipelineFailed', '0'],
    ]);
    // Each state starts when the one before it ends; the transform's two attempts are two 100-way arrays.
    const nightly = rows.filter((r) => r.execution === 'nightly-2026-03-02' && r.type !== 'Execution');
    for (let i = 1; i < nightly.length; i++) expect(nightly[i]!.enteredAt).toBe(nightly[i - 1]!.exitedAt);
    const transformIds = rows.find((r) => r.execution === 'canary-transform-8' && r.state === 'Transform')!.jobIds.split(';');
    expect(transformIds).toHaveLength(2);
    const jobs = rowsOf(read(a, 'jobs.csv'));
    for (const id of transformIds) {
      expect(jobs.filter((j) => j.arrayJobId === id)).toHaveLength(100);
      expect(jobs.find((j) => j.jobId === id)).toMatchObject({ jobName: 'transform-clickstream-sample', kind: 'ARRAY_PARENT', status: 'FAILED' });
    }
  });

  it('counts the executions in summary.json', () => {
    const s = JSON.parse(read(a, 'summary.json')) as { executions: { total: number; byStatus: Record<string, number>; durationSeconds: { count: number } } };
    expect(s.executions.total).toBe(3);
    expect(s.executions.byStatus).toMatchObject({ SUCCEEDED: 2, FAILED: 1, RUNNING: 0 });
    expect(s.executions.durationSeconds.count).toBe(3);
  });

  it('writes the same bytes for the same seed', () => {
    expect(again.status).toBe(0);
    for (const f of ['executions.csv', 'summary.json', 'jobs.csv', 'attempts.csv', 'instances.csv', 'metrics.csv']) {
      expect(read(b, f), f).toBe(read(a, f));
    }
  });

  it('writes other times for another seed', () => {
    const c = join(root, 'c');
    expect(batchsim('run', SCENARIO, '--out', c, '--no-charts', '--seed', '13').status).toBe(0);
    expect(read(c, 'executions.csv')).not.toBe(read(a, 'executions.csv'));
  });

  it('writes the same executions.csv when the run is driven step by step', () => {
    const scenario = loadScenario(join(ROOT, SCENARIO));
    const { sim, recorder } = recordedSimulation(scenario);
    for (let t = 0; !sim.done && !sim.idle; t += 45_000) sim.advanceTo(t);
    sim.run();
    const d = join(root, 'd');
    writeRun(sim, d, { recorder });
    expect(read(d, 'executions.csv')).toBe(read(a, 'executions.csv'));
    expect(read(d, 'jobs.csv')).toBe(read(a, 'jobs.csv'));
  });
});
