// The states of an Amazon States Language definition, field by field (docs/step-functions.md
// "States"): Pass, Task, Wait, Choice, Parallel, Map, Succeed and Fail in JSONPath form. What
// batchsim does not run — JSONata, variables, distributed Map, activities, callbacks — is refused
// naming the feature; ordinary fields that change nothing in a simulation are noted.
import { timestampOrNaN } from '../stepfunctions/payload.js';
import { describe, fields, type Checker, type Fields } from './check.js';
import type { JobContext } from './jobs.js';
import { checkBatchParameters } from './step-functions-batch.js';
import {
  readCatch, readChoiceRule, readPathField, readRetry, readTemplateField, UNSUPPORTED_ASSIGN, UNSUPPORTED_JSONATA,
} from './step-functions-fields.js';
import type { CatcherSpec, ChoiceRuleSpec, MachineSpec, StateSpec, TaskResource } from './types-step-functions.js';

/** What reading a definition's states needs: the checker, the scenario's job context, and what it has seen. */
export interface AslContext {
  c: Checker;
  jobs: JobContext;
  /** The state machine is EXPRESS (no .sync integrations). */
  express: boolean;
  /** Every state name of the definition (names are unique in the whole definition, branches included) → its path. */
  names: Map<string, string>;
  /** Reads a nested machine (a Parallel branch, a Map's item processor). */
  machine(f: Fields): MachineSpec | undefined;
}

/** A transition a state makes (Next, Default, a Choice's or a Catch's Next), for checking that it exists. */
export interface Transition {
  target: string;
  path: string;
}

const TYPES = ['Pass', 'Task', 'Wait', 'Choice', 'Parallel', 'Map', 'Succeed', 'Fail'] as const;
const IO = ['InputPath', 'OutputPath'];
const SPECIAL: Record<string, string> = {
  Assign: UNSUPPORTED_ASSIGN,
  Arguments: UNSUPPORTED_JSONATA('Arguments'),
  Output: UNSUPPORTED_JSONATA('Output'),
};
const DISTRIBUTED = (key: string) => `${key} is for distributed Map states, which are not supported: use an inline Map (ProcessorConfig Mode INLINE) or a Batch array job`;

export function readState(ac: AslContext, f: Fields): { spec?: StateSpec; transitions: Transition[] } {
  const { c } = ac;
  const type = f.enum('Type', TYPES, { required: true });
  const transitions: Transition[] = [];
  if (!type) return { transitions };
  const common = ['Type', 'Comment', 'QueryLanguage'];
  checkQueryLanguage(f);
  const next = (): string | null | undefined => {
    const end = f.raw('End');
    const nextName = f.string('Next', { rule: 'the name of a state' });
    if (end !== undefined && end !== true) c.report(f.at('End'), `End must be true (or absent), received ${describe(end)}`);
    if (nextName !== undefined && end === true) c.report(f.at('End'), 'a state has either Next or End: true, not both', 'key');
    if (nextName === undefined && end !== true) {
      if (!f.has('Next')) c.report(f.path, `a ${type} state needs Next (the state that follows) or End: true`);
      return undefined;
    }
    if (nextName !== undefined) transitions.push({ target: nextName, path: f.at('Next') });
    return nextName ?? null;
  };
  const catchers = () => {
    const list = readCatch(f);
    for (const k of list) transitions.push({ target: k.next, path: `${k.path}.Next` });
    return list.map(({ path: _path, ...k }) => k);
  };
  const io = () => ({ inputPath: readPathField(f, 'InputPath'), outputPath: readPathField(f, 'OutputPath') });
  const comment = f.string('Comment');
  const extra = comment === undefined ? {} : { comment };

  switch (type) {
    case 'Pass': {
      f.allow([...common, ...IO, 'Parameters', 'Result', 'ResultPath', 'Next', 'End'], [], SPECIAL);
      const spec: StateSpec = { type, ...extra, ...io(), parameters: readTemplateField(f, 'Parameters'), result: f.raw('Result'), resultPath: readPathField(f, 'ResultPath', { reference: true }), next: null };
      const n = next();
      return n === undefined ? { transitions } : { spec: { ...spec, next: n }, transitions };
    }
    case 'Task': {
      f.allow([...common, ...IO, 'Resource', 'Parameters', 'ResultSelector', 'ResultPath', 'Retry', 'Catch', 'TimeoutSeconds', 'TimeoutSecondsPath', 'Next', 'End'],
        ['HeartbeatSeconds', 'HeartbeatSecondsPath', 'Credentials'], SPECIAL);
      const resource = readResource(ac, f);
      const parameters = readTemplateField(f, 'Parameters');
      // Parameters with problems of their own are not read as a SubmitJob as well.
      if (resource?.kind === 'batch' && (parameters || !f.has('Parameters'))) {
        checkBatchParameters(c, f.raw('Parameters') ?? {}, f.at('Parameters'), parameters ?? { kind: 'object', fields: [] }, ac.jobs);
      }
      const timeoutSeconds = f.number('TimeoutSeconds', { integer: true, min: 1, max: 99_999_999 }) ?? null;
      const timeoutSecondsPath = readPathField(f, 'TimeoutSecondsPath', { reference: true, nullable: false }) ?? null;
      if (timeoutSeconds !== null && timeoutSecondsPath !== null) c.report(f.at('TimeoutSecondsPath'), 'TimeoutSeconds and TimeoutSecondsPath cannot both be given', 'key');
      const spec = {
        type, ...extra, ...io(), parameters, resultSelector: readTemplateField(f, 'ResultSelector'), resultPath: readPathField(f, 'ResultPath', { reference: true }),
        retry: readRetry(f), catch: catchers(), timeoutSeconds, timeoutSecondsPath,
      };
      const n = next();
      return n === undefined || !resource ? { transitions } : { spec: { ...spec, resource, next: n }, transitions };
    }
    case 'Wait': {
      f.allow([...common, ...IO, 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath', 'Next', 'End'], [], SPECIAL);
      const given = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'].filter((k) => f.has(k));
      if (given.length !== 1) c.report(f.path, `a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath${given.length ? `, received ${given.join(', ')}` : ''}`);
      let wait: Extract<StateSpec, { type: 'Wait' }>['wait'] | undefined;
      if (given.length === 1) {
        const key = given[0];
        if (key === 'Seconds') {
          const s = f.number('Seconds', { integer: true, min: 0, max: 99_999_999 });
          if (s !== undefined) wait = { kind: 'seconds', seconds: s };
        } else if (key === 'Timestamp') {
          const t = f.string('Timestamp', { rule: 'a timestamp such as 2026-01-05T00:00:00Z (RFC 3339, with a zone)' });
          if (t !== undefined && Number.isFinite(timestampOrNaN(t))) wait = { kind: 'timestamp', timestamp: t };
          else if (t !== undefined) c.report(f.at('Timestamp'), `Timestamp must be a timestamp such as 2026-01-05T00:00:00Z (RFC 3339, with a zone), received ${describe(t)}`);
        } else {
          const p = readPathField(f, key, { reference: true, nullable: false });
          if (p) wait = { kind: key === 'SecondsPath' ? 'secondsPath' : 'timestampPath', path: p };
        }
      }
      const spec = { type, ...extra, ...io() };
      const n = next();
      return n === undefined || !wait ? { transitions } : { spec: { ...spec, wait, next: n }, transitions };
    }
    case 'Choice': {
      f.allow([...common, ...IO, 'Choices', 'Default'], [], { ...SPECIAL, Next: 'a Choice state has no Next: each rule of Choices has its own, and Default says where to go otherwise', End: 'a Choice state cannot end an execution: its rules and Default name the next state' });
      const list = f.list('Choices', { required: true, what: 'a non-empty list of rules' }) ?? [];
      if (f.has('Choices') && list.length === 0) c.report(f.at('Choices'), 'Choices must list at least one rule');
      const rules = list.map((r, i) => readChoiceRule(c, r, `${f.at('Choices')}[${i}]`, true));
      rules.forEach((r, i) => r?.next !== undefined && transitions.push({ target: r.next, path: `${f.at('Choices')}[${i}].Next` }));
      const def = f.string('Default', { rule: 'the name of a state' }) ?? null;
      if (def !== null) transitions.push({ target: def, path: f.at('Default') });
      if (!rules.every((r): r is ChoiceRuleSpec => r !== undefined)) return { transitions };
      return { spec: { type, ...extra, ...io(), choices: rules, default: def }, transitions };
    }
    case 'Parallel': {
      f.allow([...common, ...IO, 'Branches', 'Parameters', 'ResultSelector', 'ResultPath', 'Retry', 'Catch', 'Next', 'End'], [], SPECIAL);
      const list = f.list('Branches', { required: true, what: 'a non-empty list of branches, each with StartAt and States' }) ?? [];
      if (f.has('Branches') && list.length === 0) c.report(f.at('Branches'), 'Branches must list at least one branch');
      const branches = list.map((b, i) => {
        const bf = fields(c, b, `${f.at('Branches')}[${i}]`);
        return bf && ac.machine(bf);
      });
      const spec = {
        type, ...extra, ...io(), parameters: readTemplateField(f, 'Parameters'), resultSelector: readTemplateField(f, 'ResultSelector'),
        resultPath: readPathField(f, 'ResultPath', { reference: true }), retry: readRetry(f), catch: catchers(),
      };
      const n = next();
      if (n === undefined || !branches.every((b): b is MachineSpec => b !== undefined)) return { transitions };
      return { spec: { ...spec, branches, next: n }, transitions };
    }
    case 'Map':
      return readMap(ac, f, common, extra, io, next, catchers, transitions);
    case 'Succeed':
      f.allow([...common, ...IO], [], { ...SPECIAL, Next: 'a Succeed state ends its branch: it has no Next', End: 'a Succeed state always ends its branch: End is not needed' });
      return { spec: { type, ...extra, ...io() }, transitions };
    case 'Fail': {
      f.allow([...common, 'Error', 'Cause', 'ErrorPath', 'CausePath'], [], { ...SPECIAL, Next: 'a Fail state ends the execution: it has no Next', End: 'a Fail state always ends the execution: End is not needed' });
      const error = f.string('Error') ?? null;
      const cause = f.string('Cause') ?? null;
      const errorPath = readPathField(f, 'ErrorPath', { reference: true, nullable: false }) ?? null;
      const causePath = readPathField(f, 'CausePath', { reference: true, nullable: false }) ?? null;
      if (error !== null && errorPath !== null) c.report(f.at('ErrorPath'), 'Error and ErrorPath cannot both be given', 'key');
      if (cause !== null && causePath !== null) c.report(f.at('CausePath'), 'Cause and CausePath cannot both be given', 'key');
      return { spec: { type, ...extra, error, cause, errorPath, causePath }, transitions };
    }
  }
}

function readMap(
  ac: AslContext, f: Fields, common: string[], extra: { comment?: string }, io: () => { inputPath: string | null | undefined; outputPath: string | null | undefined },
  next: () => string | null | undefined, catchers: () => CatcherSpec[], transitions: Transition[],
): { spec?: StateSpec; transitions: Transition[] } {
  const { c } = ac;
  const distributed = Object.fromEntries(
    ['ItemReader', 'ItemBatcher', 'ResultWriter', 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath', 'ToleratedFailureCount', 'ToleratedFailureCountPath', 'Label']
      .map((k) => [k, DISTRIBUTED(k)]),
  );
  f.allow([...common, ...IO, 'ItemsPath', 'ItemSelector', 'Parameters', 'Iterator', 'ItemProcessor', 'MaxConcurrency', 'MaxConcurrencyPath', 'ResultSelector', 'ResultPath', 'Retry', 'Catch', 'Next', 'End'],
    [], { ...SPECIAL, ...distributed, Items: UNSUPPORTED_JSONATA('Items') });
  if (f.has('ItemSelector') && f.has('Parameters')) c.report(f.at('Parameters'), 'Parameters is the older name of ItemSelector: give one of them', 'key');
  const itemSelector = readTemplateField(f, f.has('Parameters') ? 'Parameters' : 'ItemSelector');
  let processor: MachineSpec | undefined;
  if (f.has('ItemProcessor') === f.has('Iterator')) {
    c.report(f.path, f.has('Iterator') ? 'Iterator is the older name of ItemProcessor: give one of them' : 'a Map state needs ItemProcessor (StartAt and States run for each item)');
  } else if (f.has('Iterator')) {
    const it = f.object('Iterator');
    processor = it && ac.machine(it);
  } else {
    const ip = f.object('ItemProcessor');
    if (ip) {
      const config = ip.object('ProcessorConfig');
      if (config) {
        config.allow(['Mode', 'ExecutionType']);
        const mode = config.enum('Mode', ['INLINE', 'DISTRIBUTED'] as const);
        if (mode === 'DISTRIBUTED') c.report(config.at('Mode'), 'Mode DISTRIBUTED (a distributed Map, which runs child executions) is not supported: use INLINE, or a Batch array job for large fan-outs');
        if (config.has('ExecutionType')) c.report(config.at('ExecutionType'), DISTRIBUTED('ExecutionType'), 'key');
      }
      processor = ac.machine(ip);
    }
  }
  const maxConcurrency = f.number('MaxConcurrency', { integer: true, min: 0, max: 99_999_999 }) ?? 0;
  const maxConcurrencyPath = readPathField(f, 'MaxConcurrencyPath', { reference: true, nullable: false }) ?? null;
  if (f.has('MaxConcurrency') && maxConcurrencyPath !== null) c.report(f.at('MaxConcurrencyPath'), 'MaxConcurrency and MaxConcurrencyPath cannot both be given', 'key');
  const spec = {
    type: 'Map' as const, ...extra, ...io(), itemsPath: readPathField(f, 'ItemsPath', { reference: true, nullable: false }) ?? undefined, itemSelector,
    maxConcurrency, maxConcurrencyPath, resultSelector: readTemplateField(f, 'ResultSelector'), resultPath: readPathField(f, 'ResultPath', { reference: true }),
    retry: readRetry(f), catch: catchers(),
  };
  const n = next();
  if (n === undefined || !processor) return { transitions };
  return { spec: { ...spec, processor, next: n }, transitions };
}

/** QueryLanguage JSONPath is what batchsim reads; JSONata is refused. */
export function checkQueryLanguage(f: Fields): void {
  const q = f.enum('QueryLanguage', ['JSONPath', 'JSONata'] as const);
  if (q === 'JSONata') f.c.report(f.at('QueryLanguage'), 'QueryLanguage JSONata is not supported: batchsim reads JSONPath definitions (the default)');
}

/**
 * What a Task calls. Batch SubmitJob (optimized, .sync, .sync:2, or the AWS SDK integration)
 * submits a simulated job; any other service completes at once (a notice says so). Callbacks and
 * activities are refused: nothing in a simulation would ever answer them.
 */
function readResource(ac: AslContext, f: Fields): TaskResource | undefined {
  const r = f.string('Resource', { required: true, rule: 'an ARN, such as arn:aws:states:::batch:submitJob.sync' });
  if (r === undefined) return undefined;
  const at = f.at('Resource');
  if (r.endsWith('.waitForTaskToken')) {
    ac.c.report(at, `${r}: the callback pattern (.waitForTaskToken) is not supported: nothing in a simulation sends the task token back, so the task would wait for ever`);
    return undefined;
  }
  if (/^arn:aws[a-z-]*:states:[^:]*:[^:]*:activity:/.test(r)) {
    ac.c.report(at, `${r}: activities are not supported: they wait for a worker, which a simulation does not have`);
    return undefined;
  }
  const batch = /^arn:aws[a-z-]*:states:::(?:aws-sdk:)?batch:submitJob(\.sync(?::2)?)?$/.exec(r);
  if (batch) {
    const sync = batch[1] !== undefined;
    // Reported, and still read as a Batch task: its Parameters get checked too.
    if (sync && ac.express) ac.c.report(at, `${r}: EXPRESS state machines do not support the .sync (run a job) integration pattern (AWS refuses the definition)`);
    return { kind: 'batch', sync, resource: r };
  }
  if (!/^arn:aws[a-z-]*:[a-z0-9-]+:/.test(r)) {
    ac.c.report(at, `Resource must be an ARN, such as arn:aws:states:::batch:submitJob.sync, received ${describe(r)}`);
    return undefined;
  }
  ac.c.notice(at, `Resource ${r} is not simulated: the task completes at once, its output the input it was given`);
  return { kind: 'other', resource: r };
}
