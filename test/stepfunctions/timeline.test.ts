// Known answer: a workflow's timeline worked out by hand — Task (.sync) → Wait → Map over three
// items with MaxConcurrency 2 → Choice → Succeed — on the fleet of helpers.ts, where a job runs
// from the instant it is submitted. State transitions take no simulated time.
import { describe, expect, it } from 'vitest';
import { machine, runWorkflow } from './helpers.js';

const DEFINITION = `
      StartAt: Ingest
      States:
        Ingest:
          Type: Task
          Resource: arn:aws:states:::batch:submitJob.sync
          Parameters: { JobName: ingest, JobQueue: q, JobDefinition: work }
          ResultSelector: { JobId.$: $.JobId, Status.$: $.Status, Exit.$: "$.Attempts[0].Container.ExitCode" }
          ResultPath: $.ingest
          Next: Pause
        Pause: { Type: Wait, Seconds: 10, Next: Fan }
        Fan:
          Type: Map
          ItemsPath: $.items
          MaxConcurrency: 2
          ItemSelector: { "def.$": "$$.Map.Item.Value.def", "index.$": "$$.Map.Item.Index" }
          ItemProcessor:
            StartAt: Work
            States:
              Work:
                Type: Task
                Resource: arn:aws:states:::batch:submitJob.sync
                Parameters: { "JobName.$": "States.Format('item-{}', $.index)", JobQueue: q, "JobDefinition.$": $.def }
                ResultSelector: { "name.$": $.JobName, "took.$": "States.MathAdd($.StoppedAt, 0)" }
                End: true
          ResultPath: $.fan
          Next: Check
        Check:
          Type: Choice
          Choices:
            - { Variable: $.ingest.Status, StringEquals: FAILED, Next: Bad }
            - And: [{ Variable: $.ingest.Exit, NumericEquals: 0 }, { Variable: "$.fan[2].name", StringMatches: "item-*" }]
              Next: Done
          Default: Bad
        Done: { Type: Succeed, OutputPath: $.fan }
        Bad: { Type: Fail, Error: Unexpected }
`;

const EXECUTION = `  - stateMachineArn: flow
    name: known
    startAt: 5
    input: { items: [{ def: work }, { def: short }, { def: short }] }`;

describe('a Task → Wait → Map (MaxConcurrency 2) → Choice → Succeed timeline', () => {
  const run = runWorkflow(machine(DEFINITION, EXECUTION));

  it('enters and leaves each state at the times worked out by hand', () => {
    // Ingest: work (100 s) from 5 → 105. Pause: 10 s → 115. Fan: items 0 (work) and 1 (short) start
    // at 115; item 1 ends at 145 and frees its place: item 2 (short) runs 145 → 175; item 0 ends at
    // 215, the last: Fan leaves at 215; Check and Done at that instant.
    expect(run.rows('known')).toEqual([
      ['', 'Ingest', 'Task', 5, 105, 'SUCCEEDED', ''],
      ['', 'Pause', 'Wait', 105, 115, 'SUCCEEDED', ''],
      ['', 'Fan', 'Map', 115, 215, 'SUCCEEDED', ''],
      ['Fan[0]', 'Work', 'Task', 115, 215, 'SUCCEEDED', ''],
      ['Fan[1]', 'Work', 'Task', 115, 145, 'SUCCEEDED', ''],
      ['Fan[2]', 'Work', 'Task', 145, 175, 'SUCCEEDED', ''],
      ['', 'Check', 'Choice', 215, 215, 'SUCCEEDED', ''],
      ['', 'Done', 'Succeed', 215, 215, 'SUCCEEDED', ''],
    ]);
    const e = run.execution('known');
    expect([e.status, e.startAtMs, e.stopMs]).toEqual(['SUCCEEDED', 5000, 215_000]);
  });

  it('submits real jobs, named by the Parameters, at those times', () => {
    expect(run.job('ingest')).toMatchObject({ status: 'SUCCEEDED', createdAt: 5, startedAt: 5, stoppedAt: 105 });
    expect(run.job('item-0')).toMatchObject({ createdAt: 115, stoppedAt: 215 });
    expect(run.job('item-1')).toMatchObject({ createdAt: 115, stoppedAt: 145 });
    expect(run.job('item-2')).toMatchObject({ createdAt: 145, startedAt: 145, stoppedAt: 175 });
    expect(run.execution('known').entries[3]!.jobIds).toEqual([run.job('item-0').id]);
  });

  it("returns the Map's results in item order, through ResultSelector and OutputPath", () => {
    const epoch = Date.parse(run.scenario.startTime);
    // Done's OutputPath $.fan: the Map's results, each the iteration's ResultSelector of its job.
    expect(run.execution('known').output).toEqual([
      { name: 'item-0', took: epoch + 215_000 },
      { name: 'item-1', took: epoch + 145_000 },
      { name: 'item-2', took: epoch + 175_000 },
    ]);
  });

  it('ends the run when the execution ends', () => {
    expect(run.sim.endTime).toBe(215_000);
  });
});

describe('the Map limit', () => {
  it('runs an inline Map at most 40 iterations at once, however high MaxConcurrency is', () => {
    const items = Array.from({ length: 45 }, (_, i) => i).join(', ');
    const run = runWorkflow(machine(`
      StartAt: Fan
      States:
        Fan:
          Type: Map
          ItemsPath: $.items
          MaxConcurrency: 1000
          ItemProcessor:
            StartAt: Nap
            States:
              Nap: { Type: Wait, Seconds: 60, End: true }
          End: true`, `  - { stateMachineArn: flow, name: many, input: { items: [${items}] } }`));
    const naps = run.rows('many').filter((r) => r[1] === 'Nap');
    // 40 at once (AWS's inline Map), the other 5 as the first end.
    expect(naps.filter((r) => r[3] === 0)).toHaveLength(40);
    expect(naps.filter((r) => r[3] === 60)).toHaveLength(5);
    expect(run.execution('many').stopMs).toBe(120_000);
  });
});
