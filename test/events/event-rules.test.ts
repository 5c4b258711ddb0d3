// The `eventRules:` section (src/scenario/event-rules.ts): PutRule requests with their EventPattern
// as a mapping or as JSON text, State, the bus, Targets (PutTargets' shape), and every refusal at
// its field path with the scenario file's line and column.
import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../src/events/pattern.js';
import { readRules } from './helpers.js';

const FAILED_RULE = `
eventRules:
  - Name: batch-failed-prod
    Description: page on failed jobs of the production queues
    EventPattern:
      source: [aws.batch]
      detail-type: [Batch Job State Change]
      detail:
        status: [FAILED]
        jobQueue:
          - arn:aws:batch:us-east-1:123456789012:job-queue/ProdQueue
    State: ENABLED
    Targets:
      - Id: sns
        Arn: arn:aws:sns:us-east-1:123456789012:batch-alerts
`;

describe('eventRules: what is read', () => {
  it('reads a PutRule request with a mapping pattern', () => {
    const { rules, problems, notices } = readRules(FAILED_RULE);
    expect(problems).toEqual([]);
    expect(rules).toEqual([{
      name: 'batch-failed-prod',
      eventPattern: {
        source: ['aws.batch'], 'detail-type': ['Batch Job State Change'],
        detail: { status: ['FAILED'], jobQueue: ['arn:aws:batch:us-east-1:123456789012:job-queue/ProdQueue'] },
      },
      eventPatternJson: '{"source":["aws.batch"],"detail-type":["Batch Job State Change"],"detail":{"status":["FAILED"],"jobQueue":["arn:aws:batch:us-east-1:123456789012:job-queue/ProdQueue"]}}',
      state: 'ENABLED', enabled: true, eventBusName: null,
      targets: [{ id: 'sns', arn: 'arn:aws:sns:us-east-1:123456789012:batch-alerts' }],
    }]);
    // Description changes nothing; Targets are recorded, not called: both said, at their keys.
    expect(notices.map((n) => [n.path, n.line])).toEqual([['eventRules[0].Description', 4], ['eventRules[0].Targets', 13]]);
    expect(notices[1]!.message).toMatch(/^Targets are recorded, not called/);
    // What is kept compiles again where it is matched (a scenario is plain data).
    expect(compileEventPattern(rules[0]!.eventPattern).problems).toEqual([]);
  });

  it('reads the pattern as JSON text, as the CLI and CloudFormation give it', () => {
    const { rules, problems } = readRules(`
eventRules:
  - Name: failed
    EventPattern: '{"source": ["aws.batch"], "detail": {"status": ["FAILED"]}}'
`);
    expect(problems).toEqual([]);
    expect(rules[0]!.eventPattern).toEqual({ source: ['aws.batch'], detail: { status: ['FAILED'] } });
    expect(rules[0]!.eventPatternJson).toBe('{"source":["aws.batch"],"detail":{"status":["FAILED"]}}');
  });

  it('reads a JSON scenario too', () => {
    const { rules, problems } = readRules(JSON.stringify({ eventRules: [{ Name: 'all-batch', EventPattern: { source: ['aws.batch'] } }] }), true);
    expect(problems).toEqual([]);
    expect(rules.map((r) => r.name)).toEqual(['all-batch']);
  });

  it('keeps a DISABLED rule, counting nothing, and says so', () => {
    const { rules, problems, notices } = readRules(`
eventRules:
  - Name: off
    EventPattern: { source: [aws.batch] }
    State: DISABLED
`);
    expect(problems).toEqual([]);
    expect(rules[0]).toMatchObject({ state: 'DISABLED', enabled: false });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ path: 'eventRules[0].State', line: 5 });
    expect(notices[0]!.message).toMatch(/DISABLED: EventBridge matches no event against a disabled rule, so this rule counts 0 matches/);
  });

  it('accepts ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS as enabled', () => {
    const { rules } = readRules('eventRules: [{ Name: r, EventPattern: { source: [aws.batch] }, State: ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS }]');
    expect(rules[0]!.enabled).toBe(true);
  });

  it('notes that a rule on another bus would not see Batch events in AWS; the default bus needs no word', () => {
    const { rules, notices } = readRules(`
eventRules:
  - { Name: a, EventPattern: { source: [aws.batch] }, EventBusName: default }
  - { Name: b, EventPattern: { source: [aws.batch] }, EventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/default" }
  - { Name: c, EventPattern: { source: [aws.batch] }, EventBusName: team-bus }
`);
    expect(rules.map((r) => r.eventBusName)).toEqual(['default', 'arn:aws:events:us-east-1:123456789012:event-bus/default', 'team-bus']);
    expect(notices.map((n) => n.path)).toEqual(['eventRules[2].EventBusName']);
    expect(notices[0]!.message).toMatch(/AWS Batch sends its events to the default event bus/);
  });

  it('notes a key given twice in JSON text, keeping the last as EventBridge does', () => {
    const { rules, problems, notices } = readRules(`
eventRules:
  - Name: twice
    EventPattern: '{"detail": {"status": ["FAILED"], "status": ["SUCCEEDED"]}}'
`);
    expect(problems).toEqual([]);
    expect(rules[0]!.eventPattern).toEqual({ detail: { status: ['SUCCEEDED'] } });
    expect(notices[0]!.message).toMatch(/^Duplicate key "status" in EventPattern: EventBridge uses the last one \(line 1, column 35 of the pattern's JSON\)$/);
  });
});

describe('eventRules: refusals, each at its path and position', () => {
  /** The one problem of a document. */
  const only = (text: string) => {
    const { rules, problems } = readRules(text);
    expect(problems).toHaveLength(1);
    return { rules, problem: problems[0]! };
  };

  it('places a pattern problem at its node in a mapping pattern', () => {
    const { rules, problem } = only(`
eventRules:
  - Name: too-many
    EventPattern:
      detail:
        status:
          - numeric: [">", 0, ">", 5]
`);
    expect(rules).toEqual([]);
    expect(problem).toMatchObject({ path: 'eventRules[0].EventPattern.detail.status[0].numeric[2]', line: 7, column: 31 });
    expect(problem.message).toMatch(/^Bad numeric range operator: >/);
  });

  it('places a pattern problem in JSON text at the string, saying where in the text', () => {
    const { problem } = only(`
eventRules:
  - Name: bad-text
    EventPattern: '{"source": ["aws.batch"],
      "detail": {"status": "FAILED"}}'
`);
    expect(problem).toMatchObject({ path: 'eventRules[0].EventPattern.detail.status', line: 4, column: 19 });
    expect(problem.message).toBe('"status" must be a list of values to match (e.g. ["FAILED"]) or a mapping of nested fields, received "FAILED" (line 1, column 48 of the pattern\'s JSON)');
  });

  it('refuses JSON text that does not parse, with the position in the text', () => {
    const { problem } = only(`
eventRules:
  - Name: broken
    EventPattern: '{"source": ["aws.batch"]'
`);
    expect(problem).toMatchObject({ path: 'eventRules[0].EventPattern', line: 4 });
    expect(problem.message).toMatch(/^EventPattern is not valid JSON: .*\(line 1, column 25 of the pattern's JSON\)$/);
  });

  const cases: { name: string; rule: string; path: string; message: RegExp }[] = [
    { name: 'a missing Name', rule: '{ EventPattern: { source: [aws.batch] } }', path: 'eventRules[0].Name', message: /^(eventRules\[0\]\.)?Name is required/ },
    { name: 'a Name with a space', rule: '{ Name: "my rule", EventPattern: { source: [aws.batch] } }', path: 'eventRules[0].Name', message: /must be a name of 1 to 64 letters, digits, dots/ },
    { name: 'a Name over 64 characters', rule: `{ Name: ${'r'.repeat(65)}, EventPattern: { source: [aws.batch] } }`, path: 'eventRules[0].Name', message: /1 to 64/ },
    { name: 'a missing EventPattern', rule: '{ Name: r }', path: 'eventRules[0].EventPattern', message: /^(eventRules\[0\]\.)?EventPattern is required \(an EventBridge event pattern/ },
    { name: 'a ScheduleExpression', rule: '{ Name: r, ScheduleExpression: "rate(5 minutes)", EventPattern: { source: [aws.batch] } }', path: 'eventRules[0].ScheduleExpression', message: /^ScheduleExpression is not supported: batchsim has no scheduled rules/ },
    { name: 'an EventPattern that is a list', rule: '{ Name: r, EventPattern: [aws.batch] }', path: 'eventRules[0].EventPattern', message: /^EventPattern must be a mapping or a JSON string, received a list of 1$/ },
    { name: 'JSON text that is not an object', rule: `{ Name: r, EventPattern: '["aws.batch"]' }`, path: 'eventRules[0].EventPattern', message: /^An event pattern must be a JSON object/ },
    { name: 'an empty pattern', rule: '{ Name: r, EventPattern: {} }', path: 'eventRules[0].EventPattern', message: /^Empty objects are not allowed/ },
    { name: 'an unknown State', rule: '{ Name: r, EventPattern: { source: [aws.batch] }, State: OFF }', path: 'eventRules[0].State', message: /^(eventRules\[0\]\.)?State must be one of ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, received "OFF"$/ },
    { name: 'an unknown field', rule: '{ Name: r, EventPattern: { source: [aws.batch] }, EventPatern: x }', path: 'eventRules[0].EventPatern', message: /^Unknown field "EventPatern" \(did you mean "EventPattern"\?\)$/ },
    { name: 'a target without Arn', rule: '{ Name: r, EventPattern: { source: [aws.batch] }, Targets: [{ Id: t }] }', path: 'eventRules[0].Targets[0].Arn', message: /^Targets\[0\]\.Arn is required \(an ARN of 1 to 1600 characters\)$/ },
    { name: 'a target with a bad Id', rule: '{ Name: r, EventPattern: { source: [aws.batch] }, Targets: [{ Id: "a b", Arn: x }] }', path: 'eventRules[0].Targets[0].Id', message: /must be a name of 1 to 64/ },
    { name: 'two targets with one Id', rule: '{ Name: r, EventPattern: { source: [aws.batch] }, Targets: [{ Id: t, Arn: x }, { Id: t, Arn: y }] }', path: 'eventRules[0].Targets[1].Id', message: /^Target Id "t" is already Targets\[0\]'s/ },
    { name: 'a target with Input and InputPath', rule: '{ Name: r, EventPattern: { source: [aws.batch] }, Targets: [{ Id: t, Arn: x, Input: "{}", InputPath: "$.detail" }] }', path: 'eventRules[0].Targets[0].InputPath', message: /mutually exclusive/ },
    { name: 'six targets', rule: `{ Name: r, EventPattern: { source: [aws.batch] }, Targets: [${Array.from({ length: 6 }, (_, k) => `{ Id: t${k}, Arn: x }`).join(', ')}] }`, path: 'eventRules[0].Targets', message: /at most 5 targets/ },
    { name: 'an unknown target field', rule: '{ Name: r, EventPattern: { source: [aws.batch] }, Targets: [{ Id: t, Arn: x, Topic: y }] }', path: 'eventRules[0].Targets[0].Topic', message: /^Unknown field "Topic"/ },
  ];

  it.each(cases)('refuses $name', ({ rule, path, message }) => {
    const { rules, problem } = only(`eventRules:\n  - ${rule}\n`);
    expect(rules).toEqual([]);
    expect(problem.path).toBe(path);
    expect(problem.message).toMatch(message);
    expect(problem.line).toBe(2);
  });

  it('refuses a second rule of the same name, keeping the first', () => {
    const { rules, problems } = readRules(`
eventRules:
  - { Name: dup, EventPattern: { source: [aws.batch] } }
  - { Name: dup, EventPattern: { source: [aws.ec2] } }
`);
    expect(rules.map((r) => r.eventPatternJson)).toEqual(['{"source":["aws.batch"]}']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'eventRules[1].Name', line: 4 });
    expect(problems[0]!.message).toMatch(/^Rule "dup" is already eventRules\[0\]/);
  });

  it('reports every problem of every rule at once, in file order', () => {
    const { problems } = readRules(`
eventRules:
  - Name: a
    EventPattern: { source: aws.batch, detail: { status: [] } }
  - Name: "b c"
    EventPattern: { source: [{ prefix: 1 }] }
`);
    expect(problems.map((p) => p.path)).toEqual([
      'eventRules[0].EventPattern.source',
      'eventRules[0].EventPattern.detail.status',
      'eventRules[1].Name',
      'eventRules[1].EventPattern.source[0].prefix',
    ]);
    expect(problems.every((p) => p.line !== undefined)).toBe(true);
  });
});
