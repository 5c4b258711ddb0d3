// Retry and Catch on a Batch task whose job fails every time (job definition `broken`: 100 s, exit
// code 1, from the scenario's simulation block): the waits between attempts follow IntervalSeconds
// × BackoffRate^n, capped by MaxDelaySeconds, and drawn below that with JitterStrategy FULL; when
// the retries are spent, Catch sends the execution to its failure branch with the error output.
import { describe, expect, it } from 'vitest';
import { machine, runWorkflow } from './helpers.js';

const flow = (retrier: string, catchers = '[{ ErrorEquals: [States.ALL], ResultPath: $.error, Next: Notify }]') => machine(`
      StartAt: Train
      States:
        Train:
          Type: Task
          Resource: arn:aws:states:::batch:submitJob.sync
          Parameters: { JobName: train, JobQueue: q, JobDefinition: broken }
          Retry: [${retrier}]
          Catch: ${catchers}
          Next: Done
        Done: { Type: Succeed }
        Notify:
          Type: Task
          Resource: arn:aws:states:::sns:publish
          Parameters: { TopicArn: arn:aws:sns:us-east-1:123456789012:alerts, "Message.$": $.error.Error }
          ResultPath: $.notified
          Next: Failed
        Failed: { Type: Fail, Error: TrainingFailed, CausePath: $.error.Error }`);

describe('Retry with backoff on a job that fails deterministically', () => {
  const run = runWorkflow(flow('{ ErrorEquals: [States.TaskFailed], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 3 }'));

  it('waits 10, 20 and 40 s between the four attempts', () => {
    // Attempt 1: 0 → 100 (exit 1: States.TaskFailed); +10 → attempt 2 at 110 → 210; +20 → 230 → 330;
    // +40 → 370 → 470; three retries spent.
    expect(run.jobsNamed('train')).toEqual([
      { createdAt: 0, stoppedAt: 100, status: 'FAILED' },
      { createdAt: 110, stoppedAt: 210, status: 'FAILED' },
      { createdAt: 230, stoppedAt: 330, status: 'FAILED' },
      { createdAt: 370, stoppedAt: 470, status: 'FAILED' },
    ]);
  });

  it('then catches the error into the failure branch, which notifies and fails the execution', () => {
    expect(run.rows('run')).toEqual([
      ['', 'Train', 'Task', 0, 470, 'CAUGHT', 'States.TaskFailed'],
      ['', 'Notify', 'Task', 470, 470, 'SUCCEEDED', ''],
      ['', 'Failed', 'Fail', 470, 470, 'FAILED', 'TrainingFailed'],
    ]);
    const train = run.execution('run').entries[0]!;
    expect(train.retries).toBe(3);
    expect(train.jobIds).toHaveLength(4);
    const e = run.execution('run');
    expect([e.status, e.stopMs, e.error, e.cause]).toEqual(['FAILED', 470_000, 'TrainingFailed', 'States.TaskFailed']);
  });

  it("gives the job's description as the cause, as DescribeJobs has it", () => {
    const cause = JSON.parse(run.execution('run').entries[0]!.cause) as Record<string, unknown>;
    expect(cause).toMatchObject({ JobName: 'train', Status: 'FAILED', StatusReason: 'Essential container in task exited' });
    expect(cause.JobId).toBe(run.execution('run').entries[0]!.jobIds[3]);
    expect(cause.Attempts).toEqual([expect.objectContaining({ Container: { ExitCode: 1 }, StatusReason: 'Essential container in task exited' })]);
    expect(cause.JobQueue).toBe('arn:aws:batch:us-east-1:123456789012:job-queue/q');
  });
});

describe('Retry limits', () => {
  it('caps each wait at MaxDelaySeconds', () => {
    const run = runWorkflow(flow('{ ErrorEquals: [States.ALL], IntervalSeconds: 10, BackoffRate: 3, MaxAttempts: 3, MaxDelaySeconds: 15 }'));
    // Waits 10, min(30, 15), min(90, 15).
    expect(run.jobsNamed('train').map((j) => j.createdAt)).toEqual([0, 110, 225, 340]);
  });

  it('retries nothing with MaxAttempts 0, and uses only the first retrier that matches', () => {
    const run = runWorkflow(flow('{ ErrorEquals: [States.TaskFailed], MaxAttempts: 0 }, { ErrorEquals: [States.ALL], MaxAttempts: 5 }'));
    expect(run.jobsNamed('train')).toHaveLength(1);
    expect(run.execution('run').entries[0]!.status).toBe('CAUGHT');
  });

  it('does not retry an error that no retrier names, and fails the execution when nothing catches it', () => {
    const run = runWorkflow(flow('{ ErrorEquals: [Batch.BatchException, States.Timeout], MaxAttempts: 5 }', '[{ ErrorEquals: [Batch.ClientException], ResultPath: $.error, Next: Notify }]'));
    expect(run.jobsNamed('train')).toHaveLength(1);
    expect(run.rows('run')).toEqual([['', 'Train', 'Task', 0, 100, 'FAILED', 'States.TaskFailed']]);
    expect(run.execution('run').status).toBe('FAILED');
  });

  it('draws each wait below the backed-off interval with JitterStrategy FULL, the same for the same seed', () => {
    const jittered = (seed: number) => runWorkflow(flow('{ ErrorEquals: [States.ALL], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 3, JitterStrategy: FULL }'), seed)
      .jobsNamed('train').map((j) => j.createdAt);
    const a = jittered(1);
    const waits = [a[1]! - 100, a[2]! - a[1]! - 100, a[3]! - a[2]! - 100];
    waits.forEach((w, n) => {
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThan(10 * 2 ** n);
    });
    expect(jittered(1)).toEqual(a);
    // Another seed draws other waits (the three of one seed equal another's by chance about never).
    expect(jittered(2)).not.toEqual(a);
  });
});
