// Parallel branches, a SubmitJob that does not wait, timeouts, errors raised while the run goes
// on, and runs that must end although an execution still waits — each worked out by hand on the
// fleet of helpers.ts.
import { describe, expect, it } from 'vitest';
import { FLEET, machine, runWorkflow, type WorkflowRun } from './helpers.js';

const TASK = 'Type: Task\n          Resource: arn:aws:states:::batch:submitJob.sync';

/**
 * Runs the one execution `run` of a state machine that starts at `start` with `states` (YAML from
 * a new line, state names indented 8 spaces). `input`: the execution's input (YAML flow mapping);
 * `startAt`: when it starts (s); `timeoutSeconds`: the definition's; `actions`: one scenario action.
 */
function runStates(start: string, states: string, o: { input?: string; startAt?: number; timeoutSeconds?: number; actions?: string } = {}): WorkflowRun {
  const timeout = o.timeoutSeconds === undefined ? '' : `\n      TimeoutSeconds: ${o.timeoutSeconds}`;
  const execution = `  - { stateMachineArn: flow, name: run${o.startAt === undefined ? '' : `, startAt: ${o.startAt}`}${o.input === undefined ? '' : `, input: ${o.input}`} }`;
  const actions = o.actions === undefined ? '' : `actions:\n  - ${o.actions}\n`;
  return runWorkflow(actions + machine(`${timeout}\n      StartAt: ${start}\n      States:${states}`, execution));
}

describe('Parallel', () => {
  it('runs its branches at once and gives their results in branch order', () => {
    const run = runStates('Both', `
        Both:
          Type: Parallel
          Branches:
            - StartAt: A
              States:
                A: { Type: Task, Resource: "arn:aws:states:::batch:submitJob.sync", Parameters: { JobName: a, JobQueue: q, JobDefinition: work }, ResultSelector: { "id.$": $.JobId }, End: true }
            - StartAt: B
              States:
                B: { Type: Wait, Seconds: 50, Next: B2 }
                B2: { Type: Pass, Result: { b: 2 }, End: true }
          ResultSelector: { "a.$": "$[0].id", "b.$": "$[1].b" }
          ResultPath: $.both
          Next: Done
        Done: { Type: Succeed }`);
    expect(run.rows('run')).toEqual([
      ['', 'Both', 'Parallel', 0, 100, 'SUCCEEDED', ''],
      ['Both.Branches[0]', 'A', 'Task', 0, 100, 'SUCCEEDED', ''],
      ['Both.Branches[1]', 'B', 'Wait', 0, 50, 'SUCCEEDED', ''],
      ['Both.Branches[1]', 'B2', 'Pass', 50, 50, 'SUCCEEDED', ''],
      ['', 'Done', 'Succeed', 100, 100, 'SUCCEEDED', ''],
    ]);
    expect(run.execution('run').output).toEqual({ both: { a: run.job('a').id, b: 2 } });
  });

  it('stops the other branches when one fails, terminating their jobs, and lets Catch take over', () => {
    const run = runStates('Both', `
        Both:
          Type: Parallel
          Branches:
            - StartAt: A
              States:
                A: { Type: Task, Resource: "arn:aws:states:::batch:submitJob.sync", Parameters: { JobName: a, JobQueue: q, JobDefinition: broken }, End: true }
            - StartAt: B
              States:
                B: { Type: Wait, Seconds: 50, Next: B2 }
                B2: { Type: Task, Resource: "arn:aws:states:::batch:submitJob.sync", Parameters: { JobName: b, JobQueue: q, JobDefinition: work }, End: true }
          Catch: [{ ErrorEquals: [States.TaskFailed], ResultPath: $.error, Next: Recover }]
          Next: Done
        Recover: { Type: Pass, End: true }
        Done: { Type: Succeed }`);
    // a fails at 100; b (running since 50) is stopped: its branch is ABORTED at 100, and its job
    // gets TerminateJob at 100 — SIGTERM, then the 30 s grace — so it stops at 130.
    expect(run.rows('run')).toEqual([
      ['', 'Both', 'Parallel', 0, 100, 'CAUGHT', 'States.TaskFailed'],
      ['Both.Branches[0]', 'A', 'Task', 0, 100, 'FAILED', 'States.TaskFailed'],
      ['Both.Branches[1]', 'B', 'Wait', 0, 50, 'SUCCEEDED', ''],
      ['Both.Branches[1]', 'B2', 'Task', 50, 100, 'ABORTED', ''],
      ['', 'Recover', 'Pass', 100, 100, 'SUCCEEDED', ''],
    ]);
    expect(run.job('b')).toMatchObject({ status: 'FAILED', stoppedAt: 130 });
    expect(run.job('b').reason).toMatch(/^Terminated by Step Functions: another branch of Both failed/);
    expect(run.execution('run').status).toBe('SUCCEEDED');
  });
});

describe('a plain batch:submitJob (no .sync)', () => {
  const run = runStates('Submit', `
        Submit:
          Type: Task
          Resource: arn:aws:states:::batch:submitJob
          Parameters: { JobName: first, JobQueue: q, JobDefinition: work }
          ResultPath: $.first
          Next: After
        After:
          ${TASK}
          Parameters: { JobName: second, JobQueue: q, JobDefinition: short, DependsOn: [{ "JobId.$": $.first.JobId }] }
          ResultPath: null
          Next: Done
        Done: { Type: Succeed }`);

  it('does not wait for its job: the task ends at once with SubmitJob’s response', () => {
    expect(run.rows('run')).toEqual([
      ['', 'Submit', 'Task', 0, 0, 'SUCCEEDED', ''],
      ['', 'After', 'Task', 0, 130, 'SUCCEEDED', ''],
      ['', 'Done', 'Succeed', 130, 130, 'SUCCEEDED', ''],
    ]);
    const id = run.job('first').id;
    expect(run.execution('run').output).toEqual({ first: { JobArn: `arn:aws:batch:us-east-1:123456789012:job/${id}`, JobId: id, JobName: 'first' } });
  });

  it("lets a later SubmitJob depend on the job by the id from that response", () => {
    // first runs 0 → 100; second (short) waits for it: 100 → 130.
    expect(run.job('first')).toMatchObject({ status: 'SUCCEEDED', createdAt: 0, stoppedAt: 100 });
    expect(run.job('second')).toMatchObject({ status: 'SUCCEEDED', createdAt: 0, startedAt: 100, stoppedAt: 130 });
  });
});

describe('Wait', () => {
  it('waits Seconds, until a Timestamp (none in the past), or as long as SecondsPath and TimestampPath say', () => {
    // t = 0 is the scenario's startTime, 2026-01-01T00:00:00Z.
    const run = runStates('W1', `
        W1: { Type: Wait, Seconds: 5, Next: W2 }
        W2: { Type: Wait, Timestamp: "2026-01-01T00:01:00Z", Next: W3 }
        W3: { Type: Wait, Timestamp: "2025-12-31T23:00:00+00:00", Next: W4 }
        W4: { Type: Wait, SecondsPath: $.pause, Next: W5 }
        W5: { Type: Wait, TimestampPath: $.until, End: true }`, { input: '{ pause: 30, until: "2026-01-01T00:02:00.500Z" }' });
    expect(run.rows('run')).toEqual([
      ['', 'W1', 'Wait', 0, 5, 'SUCCEEDED', ''],
      ['', 'W2', 'Wait', 5, 60, 'SUCCEEDED', ''],
      ['', 'W3', 'Wait', 60, 60, 'SUCCEEDED', ''],
      ['', 'W4', 'Wait', 60, 90, 'SUCCEEDED', ''],
      ['', 'W5', 'Wait', 90, 120.5, 'SUCCEEDED', ''],
    ]);
  });

  it('fails with States.Runtime when SecondsPath does not select a whole number of seconds', () => {
    const run = runStates('W', `
        W: { Type: Wait, SecondsPath: $.pause, End: true }`, { input: '{ pause: soon }' });
    expect(run.rows('run')).toEqual([['', 'W', 'Wait', 0, 0, 'FAILED', 'States.Runtime']]);
  });
});

describe('the older Map fields, and integrations that are not simulated', () => {
  it('reads Iterator and Parameters as ItemProcessor and ItemSelector; a lambda:invoke task returns its input', () => {
    const run = runStates('Each', `
        Each:
          Type: Map
          ItemsPath: $.xs
          Parameters: { "x.$": "$$.Map.Item.Value", "tag.$": $.tag }
          Iterator:
            StartAt: Call
            States:
              Call:
                Type: Task
                Resource: arn:aws:states:::lambda:invoke
                Parameters: { FunctionName: f, "Payload.$": $ }
                OutputPath: $.Payload
                End: true
          End: true`, { input: '{ xs: [1, 2], tag: t }' });
    expect(run.execution('run').output).toEqual([{ x: 1, tag: 't' }, { x: 2, tag: 't' }]);
    expect(run.rows('run').map((r) => [r[0], r[4]])).toEqual([['', 0], ['Each[0]', 0], ['Each[1]', 0]]);
  });
});

describe('timeouts', () => {
  it('fails a task past its TimeoutSeconds with States.Timeout, terminating its job; States.TaskFailed does not match it', () => {
    const run = runStates('Slow', `
        Slow:
          ${TASK}
          Parameters: { JobName: slow, JobQueue: q, JobDefinition: work }
          TimeoutSeconds: 40
          Retry: [{ ErrorEquals: [States.TaskFailed], MaxAttempts: 3 }]
          Catch: [{ ErrorEquals: [States.Timeout], Next: Late }]
          End: true
        Late: { Type: Pass, End: true }`);
    expect(run.rows('run')).toEqual([
      ['', 'Slow', 'Task', 0, 40, 'CAUGHT', 'States.Timeout'],
      ['', 'Late', 'Pass', 40, 40, 'SUCCEEDED', ''],
    ]);
    // TerminateJob at 40: SIGTERM, 30 s grace.
    expect(run.job('slow')).toMatchObject({ status: 'FAILED', stoppedAt: 70 });
  });

  it('times an execution out at the definition’s TimeoutSeconds, stopping the state it is in', () => {
    const run = runStates('Nap', `
        Nap: { Type: Wait, Seconds: 60, End: true }`, { timeoutSeconds: 30 });
    expect(run.rows('run')).toEqual([['', 'Nap', 'Wait', 0, 30, 'ABORTED', '']]);
    const e = run.execution('run');
    expect([e.status, e.stopMs, e.error]).toEqual(['TIMED_OUT', 30_000, 'States.Timeout']);
  });
});

describe('errors while the run goes on', () => {
  it('answers a SubmitJob that names an unknown queue (from the input) with Batch.ClientException', () => {
    const run = runStates('Submit', `
        Submit:
          ${TASK}
          Parameters: { JobName: x, "JobQueue.$": $.queue, JobDefinition: work }
          Catch: [{ ErrorEquals: [Batch.ClientException], ResultPath: $.error, Next: Handled }]
          End: true
        Handled: { Type: Pass, End: true }`, { input: '{ queue: nope }' });
    expect(run.rows('run')[0]).toEqual(['', 'Submit', 'Task', 0, 0, 'CAUGHT', 'Batch.ClientException']);
    expect(run.execution('run').output).toEqual({ queue: 'nope', error: { Error: 'Batch.ClientException', Cause: 'Unknown job queue "nope" (known: "q")' } });
    expect(run.sim.jobs.count).toBe(0);
  });

  it('answers a SubmitJob to a DISABLED queue with Batch.ClientException', () => {
    const run = runStates('Submit', `
        Submit:
          ${TASK}
          Parameters: { JobName: x, JobQueue: q, JobDefinition: work }
          End: true`, { actions: '{ at: 5, action: UpdateJobQueue, jobQueue: q, state: DISABLED }', startAt: 10 });
    expect(run.rows('run')).toEqual([['', 'Submit', 'Task', 10, 10, 'FAILED', 'Batch.ClientException']]);
    expect(run.execution('run').cause).toBe('SubmitJob refused: job queue q is DISABLED');
  });

  it('fails the execution on a path that finds nothing (States.Runtime), whatever Catch says', () => {
    const run = runStates('Pick', `
        Pick: { Type: Pass, InputPath: $.missing, Next: Done }
        Done: { Type: Succeed }`);
    const e = run.execution('run');
    expect([e.status, e.error]).toEqual(['FAILED', 'States.Runtime']);
    expect(e.cause).toMatch(/The JSONPath '\$\.missing' specified for InputPath could not be found in the input \{\}/);
  });

  it('fails with States.NoChoiceMatched when no rule matches and there is no Default', () => {
    const run = runStates('Which', `
        Which: { Type: Choice, Choices: [{ Variable: $.n, NumericGreaterThan: 5, Next: Big }] }
        Big: { Type: Succeed }`, { input: '{ n: 1 }' });
    expect(run.rows('run')).toEqual([['', 'Which', 'Choice', 0, 0, 'FAILED', 'States.NoChoiceMatched']]);
  });
});

describe('the end of a run with executions', () => {
  /** One task `Big` that submits job `big` (`huge`: it never fits) and waits for it, TimeoutSeconds as given. */
  const waitForHuge = (timeoutSeconds?: number) => runStates('Big', `
        Big:
          ${TASK}
          Parameters: { JobName: big, JobQueue: q, JobDefinition: huge }${timeoutSeconds === undefined ? '' : `
          TimeoutSeconds: ${timeoutSeconds}`}
          End: true`);

  it('ends when nothing can run, leaving an execution that waits on a job that never fits RUNNING', () => {
    const run = waitForHuge();
    expect(run.sim.done).toBe(true);
    expect(run.execution('run').status).toBe('RUNNING');
    expect(run.rows('run')).toEqual([['', 'Big', 'Task', 0, null, 'RUNNING', '']]);
    expect(run.job('big').status).toBe('RUNNABLE');
  });

  it('ends a task waiting on such a job at its TimeoutSeconds, and the run after it', () => {
    const run = waitForHuge(7200);
    // The timeout keeps the run from being called stalled until it comes (docs/model.md, "The end
    // of a run"); the task fails then, and so does the execution. The TerminateJob it sends is
    // carried out at the next cycle even though the run had stopped making progress: the job,
    // never placed, ends FAILED at the timeout.
    expect(run.rows('run')).toEqual([['', 'Big', 'Task', 0, 7200, 'FAILED', 'States.Timeout']]);
    expect([run.execution('run').status, run.execution('run').stopMs]).toEqual(['FAILED', 7_200_000]);
    expect(run.job('big')).toMatchObject({ status: 'FAILED', stoppedAt: 7200 });
    expect(run.sim.done).toBe(true);
  });

  it("stops an execution that loops for ever at AWS's 25,000 history events (States.Runtime)", () => {
    const run = runStates('Again', `
        Again: { Type: Pass, Next: Loop }
        Loop: { Type: Choice, Choices: [{ Variable: $.stop, IsPresent: true, Next: Done }], Default: Again }
        Done: { Type: Succeed }`);
    const e = run.execution('run');
    expect([e.status, e.error, e.stopMs]).toEqual(['FAILED', 'States.Runtime', 0]);
    expect(e.cause).toBe('The execution reached the maximum number of history events (25000)');
    // Two events per state entered (and two for the start): 12,499 entries fit.
    expect(e.entries).toHaveLength(12_499);
    expect(run.sim.done).toBe(true);
  });

  it('runs a scenario without stateMachines exactly as before (no executions)', () => {
    const run = runWorkflow('jobs:\n  - { jobName: plain, jobQueue: q, jobDefinition: work }\n');
    expect(run.sim.executions).toBeNull();
    expect(run.scenario.stateMachines).toBeUndefined();
    expect(FLEET).not.toMatch(/stateMachines/);
  });
});
