// `stateMachines` (CreateStateMachine requests) and `executions` (StartExecution requests plus
// `startAt`, seconds since the scenario start): the Step Functions part of a scenario
// (docs/step-functions.md). A definition is given as a mapping or as the JSON string AWS takes;
// it is checked as AWS checks it at CreateStateMachine — every state, field and transition —
// and for what batchsim can run.
import { stateMachineName } from '../stepfunctions/arns.js';
import { Arns } from '../model/arns.js';
import { Checker, Fields, describe, fields, isObj, seconds } from './check.js';
import type { JobContext } from './jobs.js';
import { knownKeys, knownNames } from './references.js';
import { define, readSource } from './source.js';
import { checkQueryLanguage, readState, type AslContext, type Transition } from './step-functions-states.js';
import type { ExecutionSpec, MachineSpec, StateMachineSpec, StateSpec } from './types-step-functions.js';

/** State machine, execution and state names: 1–80 characters, none of AWS's excluded ones. */
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const NAME_RULE = 'a name of 1 to 80 characters without spaces, brackets, wildcards or any of " # % \\ ^ | ~ ` $ & , ; : /';
/** StartExecution's input, and any state's, is at most 256 KiB (AWS's payload quota). */
const MAX_INPUT = 262_144;

const MACHINE_KNOWN = ['name', 'definition', 'type', 'roleArn'];
/** CreateStateMachine fields (and describe-state-machine output) that change nothing in a simulation. */
const MACHINE_IGNORED = [
  'loggingConfiguration', 'tracingConfiguration', 'tags', 'publish', 'versionDescription', 'encryptionConfiguration', 'stateMachineArn',
  'status', 'creationDate', 'revisionId', 'label', 'description', 'variableReferences',
];
const EXECUTION_KNOWN = ['stateMachineArn', 'name', 'input', 'startAt'];

export interface StepFunctionsRead {
  stateMachines: StateMachineSpec[];
  /** Sorted by startAtMs, then file order. */
  executions: ExecutionSpec[];
}

export function readStepFunctions(c: Checker, machines: unknown[], executions: unknown[], jobs: JobContext, region = 'us-east-1'): StepFunctionsRead {
  const arns = new Arns(region);
  const specs: (StateMachineSpec | undefined)[] = [];
  const byName = new Map<string, number>();
  machines.forEach((item, i) => {
    const f = fields(c, item, `stateMachines[${i}]`);
    if (!f) return;
    const { name, spec } = readStateMachine(f, jobs, arns);
    // Known by its name even when its definition has problems: executions that name it are checked.
    if (name !== undefined && byName.has(name)) c.report(f.at('name'), `State machine "${name}" already exists (stateMachines[${byName.get(name)}])`);
    else if (name !== undefined) byName.set(name, i);
    specs[i] = spec;
  });
  const read = executions.map((item, i) => {
    const f = fields(c, item, `executions[${i}]`);
    return f && readExecution(f, byName);
  });
  checkExecutionNames(c, read, specs);
  const out = read.flatMap((e, i) => (e ? [{ e, i }] : []));
  out.sort((a, b) => a.e.startAtMs - b.e.startAtMs || a.i - b.i);
  // Only read in full (no problems) is the scenario used: then every state machine is here, at its file index.
  return {
    stateMachines: specs.filter((s): s is StateMachineSpec => s !== undefined),
    executions: out.map(({ e: { path: _path, ...e } }) => e),
  };
}

function readStateMachine(f: Fields, jobs: JobContext, arns: Arns): { name: string | undefined; spec: StateMachineSpec | undefined } {
  f.allow(MACHINE_KNOWN, MACHINE_IGNORED);
  const name = f.string('name', { required: true, pattern: NAME, rule: NAME_RULE });
  const type = f.enum('type', ['STANDARD', 'EXPRESS'] as const) ?? 'STANDARD';
  const roleArn = f.string('roleArn') ?? null;
  const raw = f.raw('definition');
  let definition: MachineSpec | undefined;
  if (raw === undefined) f.missing('definition', 'the Amazon States Language definition: a mapping, or its JSON text');
  else if (typeof raw === 'string') definition = readDefinitionText(f.c, raw, f.at('definition'), jobs, type === 'EXPRESS');
  else if (isObj(raw)) definition = readDefinition(f.c, raw, f.at('definition'), jobs, type === 'EXPRESS');
  else f.c.report(f.at('definition'), `definition must be a mapping or a JSON string, received ${describe(raw)}`);
  if (name === undefined || !definition) return { name, spec: undefined };
  return { name, spec: { name, arn: arns.stateMachineArn(name), type, roleArn, definition } };
}

/**
 * A definition given as JSON text, as CreateStateMachine takes it. Its problems are placed at the
 * `definition` field, and say where in the text they are.
 */
function readDefinitionText(c: Checker, text: string, path: string, jobs: JobContext, express: boolean): MachineSpec | undefined {
  const source = readSource(text, true);
  const rekey = <T>(m: Map<string, T>) => new Map([...m].map(([k, v]) => [k === '' ? path : k.startsWith('[') ? `${path}${k}` : `${path}.${k}`, v]));
  const sub = new Checker(rekey(source.values), rekey(source.keys));
  sub.problems.push(...source.problems.map((p) => ({ ...p, path })));
  const spec = source.root === undefined ? undefined
    : isObj(source.root) ? readDefinition(sub, source.root, path, jobs, express)
    : (sub.report(path, `definition must be a JSON object with StartAt and States, received ${describe(source.root)}`), undefined);
  const where = (p: { line?: number; column?: number }) => (p.line === undefined ? '' : ` (line ${p.line}, column ${p.column ?? 1} of the definition's JSON)`);
  for (const p of sub.sorted()) c.report(p.path, `${p.message}${where(p)}`);
  for (const n of sub.sorted(sub.notices)) c.notice(n.path, `${n.message}${where(n)}`);
  return sub.problems.length === 0 ? spec : undefined;
}

function readDefinition(c: Checker, root: Record<string, unknown>, path: string, jobs: JobContext, express: boolean): MachineSpec | undefined {
  const names = new Map<string, string>();
  const ac: AslContext = { c, jobs, express, names, machine: (mf) => readMachine(ac, mf, false) };
  const before = c.problems.length;
  const spec = readMachine(ac, new Fields(c, root, path), true);
  return c.problems.length === before ? spec : undefined;
}

/** StartAt and States (of the definition, a Parallel branch or a Map's item processor), their transitions and reachability. */
function readMachine(ac: AslContext, f: Fields, top: boolean): MachineSpec | undefined {
  const { c } = ac;
  f.allow(
    top ? ['StartAt', 'States', 'Comment', 'Version', 'TimeoutSeconds', 'QueryLanguage'] : ['StartAt', 'States', 'Comment', 'ProcessorConfig', 'QueryLanguage'],
    [], top ? {} : { TimeoutSeconds: 'TimeoutSeconds is a field of the whole definition, not of a branch or item processor' },
  );
  checkQueryLanguage(f);
  f.string('Comment');
  if (top && f.has('Version') && f.raw('Version') !== '1.0') c.report(f.at('Version'), `Version must be "1.0", received ${describe(f.raw('Version'))}`);
  const timeoutSeconds = top ? (f.number('TimeoutSeconds', { integer: true, min: 1, max: 99_999_999 }) ?? null) : null;
  const startAt = f.string('StartAt', { required: true, rule: 'the name of the first state' });
  const sf = f.object('States', { required: true, what: 'a mapping of state names to states' });
  if (!sf) return undefined;
  const states: Record<string, StateSpec> = {};
  const transitions: Transition[] = [];
  const own = Object.keys(sf.obj);
  if (own.length === 0) c.report(sf.path, 'States must have at least one state');
  let ok = true;
  for (const name of own) {
    const at = sf.at(name);
    if (!NAME.test(name)) c.report(at, `State name ${JSON.stringify(name)} must be ${NAME_RULE}`, 'key');
    const seen = ac.names.get(name);
    if (seen !== undefined) c.report(at, `State name "${name}" is used twice in the definition (also at ${seen}): state names are unique in a whole definition, branches included`, 'key');
    else ac.names.set(name, at);
    const stf = fields(c, sf.obj[name], at);
    if (!stf) {
      ok = false;
      continue;
    }
    const read = readState(ac, stf);
    transitions.push(...read.transitions.map((t) => ({ ...t, from: name })));
    if (read.spec) define(states, name, read.spec);
    else ok = false;
  }
  if (startAt !== undefined && !own.includes(startAt)) {
    c.report(f.at('StartAt'), `StartAt names no state of these States: "${startAt}" (known: ${knownNames(own)})`);
    ok = false;
  }
  for (const t of transitions) {
    if (!own.includes(t.target)) {
      const elsewhere = ac.names.has(t.target) ? ' (a state of another branch or of the enclosing machine cannot be reached from here)' : '';
      c.report(t.path, `"${t.target}" is not a state of these States${elsewhere} (known: ${knownNames(own)})`);
      ok = false;
    }
  }
  if (ok && startAt !== undefined) checkReachable(c, sf, startAt, own, transitions as (Transition & { from: string })[]);
  return ok && startAt !== undefined ? { startAt, states, timeoutSeconds } : undefined;
}

/** Every state must be reachable from StartAt (AWS refuses a definition with one that is not). */
function checkReachable(c: Checker, sf: Fields, startAt: string, names: string[], transitions: (Transition & { from: string })[]): void {
  const reached = new Set([startAt]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of transitions) {
      if (reached.has(t.from) && !reached.has(t.target)) {
        reached.add(t.target);
        grew = true;
      }
    }
  }
  for (const n of names) if (!reached.has(n)) c.report(sf.at(n), `State "${n}" is not reachable from StartAt "${startAt}"`, 'key');
}

function readExecution(f: Fields, machines: Map<string, number>): (Omit<ExecutionSpec, 'stateMachine'> & { stateMachine: number; path: string }) | undefined {
  f.allow(EXECUTION_KNOWN, ['traceHeader']);
  const ref = f.string('stateMachineArn', { required: true, rule: 'a state machine name or ARN' });
  let machine: number | undefined;
  if (ref !== undefined) {
    const name = stateMachineName(ref);
    if (name === null) f.c.report(f.at('stateMachineArn'), `stateMachineArn must be a state machine name or an ARN ending in stateMachine:<name> (versions and aliases are not supported), received "${ref}"`);
    else if (!machines.has(name)) f.c.report(f.at('stateMachineArn'), `Unknown state machine "${name}" (known: ${knownKeys(machines)})`);
    else machine = machines.get(name);
  }
  const name = f.string('name', { pattern: NAME, rule: NAME_RULE }) ?? null;
  const input = readInput(f);
  const startAt = f.number('startAt', seconds()) ?? 0;
  if (machine === undefined || input === undefined) return undefined;
  return { stateMachine: machine, name, input: input.value, startAtMs: Math.round(startAt * 1000), path: f.path };
}

/** `input`: a JSON value, or its JSON text as StartExecution takes it; absent: {}. */
function readInput(f: Fields): { value: unknown } | undefined {
  if (!Object.prototype.hasOwnProperty.call(f.obj, 'input') || f.obj.input === null) return { value: {} };
  const v = f.obj.input;
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  if (text.length > MAX_INPUT) {
    f.c.report(f.at('input'), `input must be at most ${MAX_INPUT} characters of JSON (Step Functions' payload quota), received ${text.length}`);
    return undefined;
  }
  if (typeof v !== 'string') return { value: v };
  try {
    return { value: JSON.parse(v) as unknown };
  } catch (e) {
    f.c.report(f.at('input'), `input must be JSON text (or a mapping), received text that is not JSON: ${(e as Error).message}`);
    return undefined;
  }
}

/** An execution name is unique per state machine (AWS: ExecutionAlreadyExists). */
function checkExecutionNames(c: Checker, read: (ReturnType<typeof readExecution> | null | undefined)[], machines: (StateMachineSpec | undefined)[]): void {
  const seen = new Map<string, string>();
  for (const e of read) {
    if (!e || e.name === null) continue;
    const key = `${e.stateMachine}/${e.name}`;
    const first = seen.get(key);
    if (first) c.report(`${e.path}.name`, `Execution "${e.name}" of state machine "${machines[e.stateMachine]?.name}" already exists (${first}): names are unique per state machine`);
    else seen.set(key, e.path);
  }
}
