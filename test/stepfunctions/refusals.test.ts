// Bad Step Functions input: every problem at once, at its field path and line, saying what was
// expected — and ASL features batchsim does not run refused by name (JSONata, variables,
// distributed Map, callbacks, activities, .sync on EXPRESS).
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { formatScenarioError, ScenarioError, type Problem } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { brokenFieldTests, problemsOfText, type BrokenFieldCase } from '../helpers/problems.js';
import { FLEET } from './helpers.js';

type Doc = Record<string, any>;

const problemsOf = (doc: Doc): Problem[] => problemsOfText(JSON.stringify(doc, null, 2), 'case.json');

/** A valid scenario: the fleet of helpers.ts and one state machine using every state type. */
function base(): Doc {
  const doc = parseYaml(FLEET) as Doc;
  doc.stateMachines = [{
    name: 'flow',
    definition: {
      StartAt: 'Submit',
      States: {
        Submit: {
          Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.sync',
          Parameters: { JobName: 'a', JobQueue: 'q', JobDefinition: 'work', 'ContainerOverrides': { Environment: [{ Name: 'X', 'Value.$': '$.x' }] } },
          Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
          ResultPath: '$.submit',
          Next: 'Pause',
        },
        Pause: { Type: 'Wait', Seconds: 5, Next: 'Fan' },
        Fan: {
          Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 2,
          ItemProcessor: { StartAt: 'Each', States: { Each: { Type: 'Pass', End: true } } },
          Next: 'Both',
        },
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'B1', States: { B1: { Type: 'Pass', End: true } } }],
          Next: 'Which',
        },
        Which: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Done' }], Default: 'Failed' },
        Done: { Type: 'Succeed' },
        Failed: { Type: 'Fail', Error: 'Bad' },
      },
    },
  }];
  doc.executions = [{ stateMachineArn: 'flow', name: 'e1', input: { items: [1, 2], n: 2, x: 'v' } }];
  return doc;
}

const S = (d: Doc) => d.stateMachines[0].definition.States;
const at = (state: string, field?: string) => `stateMachines[0].definition.States.${state}${field ? `.${field}` : ''}`;

const unsupported: BrokenFieldCase<Doc>[] = [
  { name: 'QueryLanguage JSONata', breakIt: (d) => (d.stateMachines[0].definition.QueryLanguage = 'JSONata'), paths: ['stateMachines[0].definition.QueryLanguage'], message: /^QueryLanguage JSONata is not supported/ },
  { name: 'Assign (variables)', breakIt: (d) => (S(d).Pause.Assign = { a: 1 }), paths: [at('Pause', 'Assign')], message: /^Assign \(workflow variables\) is not supported/ },
  { name: 'Arguments (JSONata)', breakIt: (d) => (S(d).Submit.Arguments = {}), paths: [at('Submit', 'Arguments')], message: /^Arguments belongs to JSONata definitions/ },
  {
    name: 'a distributed Map', breakIt: (d) => (S(d).Fan.ItemProcessor.ProcessorConfig = { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }),
    paths: [at('Fan', 'ItemProcessor.ProcessorConfig.Mode'), at('Fan', 'ItemProcessor.ProcessorConfig.ExecutionType')], message: /^Mode DISTRIBUTED \(a distributed Map, which runs child executions\) is not supported/,
  },
  { name: 'ItemReader', breakIt: (d) => (S(d).Fan.ItemReader = { Resource: 'arn:aws:states:::s3:getObject' }), paths: [at('Fan', 'ItemReader')], message: /^ItemReader is for distributed Map states, which are not supported/ },
  {
    name: 'the callback pattern', breakIt: (d) => (S(d).Submit.Resource = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken'), paths: [at('Submit', 'Resource')],
    message: /the callback pattern \(\.waitForTaskToken\) is not supported: nothing in a simulation sends the task token back/,
  },
  { name: 'an activity', breakIt: (d) => (S(d).Submit.Resource = 'arn:aws:states:us-east-1:123456789012:activity:review'), paths: [at('Submit', 'Resource')], message: /activities are not supported/ },
  {
    name: '.sync on an EXPRESS state machine', breakIt: (d) => (d.stateMachines[0].type = 'EXPRESS'), paths: [at('Submit', 'Resource')],
    message: 'arn:aws:states:::batch:submitJob.sync: EXPRESS state machines do not support the .sync (run a job) integration pattern (AWS refuses the definition)',
  },
  {
    name: 'an unknown intrinsic function', breakIt: (d) => (S(d).Submit.Parameters['JobName.$'] = 'States.Frobnicate($.x)', delete S(d).Submit.Parameters.JobName),
    paths: [at('Submit', 'Parameters.JobName.$')], message: /^JobName\.\$: unknown intrinsic function States\.Frobnicate \(known: States\.Format/,
  },
];

const structure: BrokenFieldCase<Doc>[] = [
  { name: 'a Next to no state', breakIt: (d) => (S(d).Pause.Next = 'Nowhere'), paths: [at('Pause', 'Next')], message: /^"Nowhere" is not a state of these States \(known: / },
  { name: 'an unreachable state', breakIt: (d) => (S(d).Orphan = { Type: 'Pass', End: true }), paths: [at('Orphan')], message: 'State "Orphan" is not reachable from StartAt "Submit"' },
  { name: 'neither Next nor End', breakIt: (d) => delete S(d).Pause.Next, paths: [at('Pause')], message: 'a Wait state needs Next (the state that follows) or End: true' },
  { name: 'a state name used twice', breakIt: (d) => (S(d).Both.Branches[0].States = { Done: { Type: 'Pass', End: true } }, S(d).Both.Branches[0].StartAt = 'Done'), paths: [at('Done')], message: /^State name "Done" is used twice in the definition \(also at stateMachines\[0\]\.definition\.States\.Both\.Branches\[0\]\.States\.Done\)/ },
  { name: 'a Next into another branch', breakIt: (d) => (S(d).Both.Branches[0].States.B1 = { Type: 'Pass', Next: 'Each' }), paths: [at('Both', 'Branches[0].States.B1.Next')], message: /^"Each" is not a state of these States \(a state of another branch or of the enclosing machine cannot be reached from here\)/ },
  { name: 'a Wait with two times', breakIt: (d) => (S(d).Pause.Timestamp = '2026-01-01T00:00:00Z'), paths: [at('Pause')], message: 'a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath, received Seconds, Timestamp' },
  { name: 'an unknown state type', breakIt: (d) => (S(d).Pause.Type = 'Sleep'), paths: [at('Pause', 'Type')], message: 'definition.States.Pause.Type must be one of Pass, Task, Wait, Choice, Parallel, Map, Succeed, Fail, received "Sleep"' },
  { name: 'an unknown States. error', breakIt: (d) => (S(d).Submit.Retry[0].ErrorEquals = ['States.TaskFailure']), paths: [at('Submit', 'Retry[0].ErrorEquals[0]')], message: /^Unknown error name "States\.TaskFailure"/ },
  { name: 'States.ALL not in the last catcher', breakIt: (d) => S(d).Submit.Catch.push({ ErrorEquals: ['Custom'], Next: 'Done' }), paths: [at('Submit', 'Catch[0].ErrorEquals')], message: 'States.ALL must be in the last catcher' },
  { name: 'a ResultPath that is not a Reference Path', breakIt: (d) => (S(d).Submit.ResultPath = '$.a[*]'), paths: [at('Submit', 'ResultPath')], message: /^ResultPath must be a Reference Path/ },
  { name: 'a Choice rule with two comparisons', breakIt: (d) => (S(d).Which.Choices[0].StringEquals = 'x'), paths: [at('Which', 'Choices[0]')], message: 'a Choice rule takes one comparison or one of And, Or, Not, received StringEquals, NumericGreaterThan' },
  { name: 'a comparison of the wrong type', breakIt: (d) => (S(d).Which.Choices[0].NumericGreaterThan = '1'), paths: [at('Which', 'Choices[0].NumericGreaterThan')], message: 'NumericGreaterThan must be a number, received "1"' },
];

const batch: BrokenFieldCase<Doc>[] = [
  { name: 'an unknown job queue', breakIt: (d) => (S(d).Submit.Parameters.JobQueue = 'nope'), paths: [at('Submit', 'Parameters.JobQueue')], message: 'Unknown job queue "nope" (known: "q")' },
  { name: 'a field SubmitJob does not have', breakIt: (d) => (S(d).Submit.Parameters.SubmitAt = 5), paths: [at('Submit', 'Parameters.SubmitAt')], message: /^SubmitAt is not a SubmitJob parameter \(expected one of JobName, / },
  { name: 'an array of size 1', breakIt: (d) => (S(d).Submit.Parameters.ArrayProperties = { Size: 1 }), paths: [at('Submit', 'Parameters.ArrayProperties.Size')], message: 'arrayProperties.size must be between 2 and 10000, received 1' },
  {
    name: 'a legacy vcpus override of resourceRequirements', breakIt: (d) => (S(d).Submit.Parameters.ContainerOverrides = { Vcpus: 3 }),
    paths: [at('Submit', 'Parameters.ContainerOverrides.Vcpus')], message: /^containerOverrides\.vcpus cannot override the VCPU that job definition "work" gives in resourceRequirements/,
  },
  { name: 'a missing JobDefinition', breakIt: (d) => delete S(d).Submit.Parameters.JobDefinition, paths: [at('Submit', 'Parameters')], message: /^jobDefinition is required/ },
];

const sections: BrokenFieldCase<Doc>[] = [
  { name: 'an unknown state machine', breakIt: (d) => (d.executions[0].stateMachineArn = 'other'), paths: ['executions[0].stateMachineArn'], message: 'Unknown state machine "other" (known: "flow")' },
  { name: 'a state machine ARN with a version', breakIt: (d) => (d.executions[0].stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:flow:3'), paths: ['executions[0].stateMachineArn'], message: /versions and aliases are not supported/ },
  { name: 'an execution name used twice', breakIt: (d) => d.executions.push({ stateMachineArn: 'flow', name: 'e1' }), paths: ['executions[1].name'], message: /^Execution "e1" of state machine "flow" already exists \(executions\[0\]\)/ },
  { name: 'input text that is not JSON', breakIt: (d) => (d.executions[0].input = '{"items": [1, 2'), paths: ['executions[0].input'], message: /^input must be JSON text \(or a mapping\)/ },
  { name: 'a negative startAt', breakIt: (d) => (d.executions[0].startAt = -1), paths: ['executions[0].startAt'], message: 'startAt must be ≥ 0, received -1' },
  { name: 'a missing definition', breakIt: (d) => delete d.stateMachines[0].definition, paths: ['stateMachines[0].definition'], message: /^definition is required/ },
];

describe('Step Functions problems, one broken field at a time', () => {
  brokenFieldTests(base, problemsOf, [['unsupported features', unsupported], ['structure', structure], ['Batch parameters', batch], ['sections', sections]], { placed: true });
});

describe('a definition given as JSON text', () => {
  it('is read like a mapping, and places its problems at the definition with their line in the text', () => {
    const doc = base();
    const definition = doc.stateMachines[0].definition;
    definition.States.Pause.Next = 'Nowhere';
    doc.stateMachines[0].definition = JSON.stringify(definition, null, 2);
    const problems = problemsOf(doc);
    expect(problems[0]!.path).toBe(at('Pause', 'Next'));
    expect(problems[0]!.message).toMatch(/^"Nowhere" is not a state of these States .* \(line \d+, column \d+ of the definition's JSON\)$/);
    expect(problems[0]!.line).toBeGreaterThan(0);
  });

  it('reports a JSON syntax error in the text', () => {
    const doc = base();
    doc.stateMachines[0].definition = '{"StartAt": "A", "States": {';
    const problems = problemsOf(doc);
    expect(problems.map((p) => p.path)).toEqual(['stateMachines[0].definition']);
    expect(problems[0]!.message).toMatch(/^JSON syntax error: .*of the definition's JSON\)$/);
  });
});

describe('notices', () => {
  it('lists other service integrations and ignored CreateStateMachine fields as accepted but not simulated, and --strict refuses them', () => {
    const doc = base();
    doc.stateMachines[0].tags = [{ key: 'team', value: 'ml' }];
    doc.stateMachines[0].definition.States.Done = { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { Message: 'hi' }, End: true };
    const s = parseScenario(JSON.stringify(doc, null, 2), 'case.json');
    expect(s.notices).toEqual([
      { path: 'stateMachines[0].definition.States.Done.Resource', message: 'Resource arn:aws:states:::sns:publish is not simulated: the task completes at once, its output the input it was given' },
      { path: 'stateMachines[0].tags', message: 'tags is accepted but not simulated: it changes nothing in the model' },
    ]);
    try {
      parseScenario(JSON.stringify(doc, null, 2), 'case.json', { strict: true });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect(formatScenarioError(e as ScenarioError)).toMatch(/Resource arn:aws:states:::sns:publish is not simulated.*\(--strict\)/);
    }
  });
});
