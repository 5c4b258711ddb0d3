// The Parameters of a Task that calls `arn:aws:states:::batch:submitJob[.sync]`: a SubmitJob
// request in Step Functions' PascalCase. They are read by the same code as a scenario's `jobs`
// (jobs.ts readJobs): the PascalCase keys become the API's camelCase, and the request is checked
// and resolved exactly as a SubmitJob in the file would be. Fields given as literals are checked
// when the scenario is read (problems at their place in the definition); the whole request, with
// its `.$` values filled in, again when the Task runs (a problem then is the Task's error).
import { Checker, Fields, fields, isObj, parentPath } from './check.js';
import type { Problem } from './errors.js';
import { readJobs, type JobContext } from './jobs.js';
import { resolveJobDefinition, resolveJobQueue } from './references.js';
import { childPath, define } from './source.js';
import type { JobSubmission, Scenario } from './types.js';
import type { StateMachineSpec, TemplateSpec } from './types-step-functions.js';

/** SubmitJob's fields as Step Functions names them (the AWS Step Functions Developer Guide, "Run AWS Batch workloads"). */
const KNOWN = [
  'JobName', 'JobQueue', 'JobDefinition', 'ArrayProperties', 'ContainerOverrides', 'DependsOn', 'RetryStrategy', 'Timeout', 'ShareIdentifier',
  'SchedulingPriorityOverride', 'NodeOverrides', 'Parameters', 'Tags', 'PropagateTags', 'EcsPropertiesOverride', 'EksPropertiesOverride',
  'ConsumableResourcePropertiesOverride',
];
/** Maps whose keys are the user's own (job parameters, tags): kept as written. */
const USER_MAPS = new Set(['parameters', 'tags']);

/** SubmitJob's camelCase shape of a PascalCase value; `where` records each converted path's source path. */
function toRequest(v: unknown, from: string, to: string, where: Map<string, string>, userMap = false): unknown {
  where.set(to, from);
  if (Array.isArray(v)) return v.map((x, i) => toRequest(x, `${from}[${i}]`, `${to}[${i}]`, where));
  if (!isObj(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v)) {
    const camel = userMap ? key : key.charAt(0).toLowerCase() + key.slice(1);
    define(out, camel, toRequest(value, childPath(from, key), childPath(to, camel), where, USER_MAPS.has(camel) && !userMap));
  }
  return out;
}

/** The place in the definition of a problem found in the converted request (the nearest converted ancestor). */
function placeOf(path: string, where: Map<string, string>): string {
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
    const from = where.get(p);
    if (from !== undefined) return from;
  }
  return path;
}

const REQUEST = 'jobs[0]';

/**
 * Checks a Batch Task's Parameters (`raw` at `path`, read into `template`) as far as its literals
 * go: its keys always (they are never computed), and the SubmitJob request made of its fully
 * literal fields. A computed jobName or shareIdentifier stands in as a valid one; with a computed
 * jobQueue or jobDefinition only the other is looked up.
 */
export function checkBatchParameters(c: Checker, raw: unknown, path: string, template: TemplateSpec | undefined, ctx: JobContext): void {
  const f = fields(c, raw, path);
  if (!f) return;
  const fieldsOf = template?.kind === 'object' ? template.fields : [];
  for (const key of Object.keys(f.obj)) {
    const name = key.endsWith('.$') ? key.slice(0, -2) : key;
    if (!KNOWN.includes(name)) c.report(f.at(key), `${name} is not a SubmitJob parameter (expected one of ${KNOWN.join(', ')})`, 'key');
  }
  const literal: Record<string, unknown> = {};
  const dynamic = new Set<string>();
  for (const { key, value } of fieldsOf) {
    if (!KNOWN.includes(key)) continue;
    // A literal field is written under its own name (a `.$` field is a path or a call).
    if (isLiteral(value)) literal[key] = f.obj[key];
    else dynamic.add(key);
  }
  const where = new Map<string, string>();
  const request = toRequest(literal, path, REQUEST, where) as Record<string, unknown>;
  const sub = new Checker(new Map(), new Map());
  if (dynamic.has('JobQueue') || dynamic.has('JobDefinition')) {
    // One of the two is only known at run time: the other must at least exist.
    const rf = new Fields(sub, request, REQUEST);
    if (!dynamic.has('JobQueue')) resolveJobQueue(rf, 'jobQueue', ctx.queues, { checkState: false });
    if (!dynamic.has('JobDefinition')) resolveJobDefinition(rf, 'jobDefinition', ctx.definitions);
  } else {
    if (dynamic.has('JobName')) request.jobName = 'computed';
    if (dynamic.has('ShareIdentifier')) request.shareIdentifier = 'computed';
    // DependsOn names jobs of the run by their ids, which only exist then; SEQUENTIAL is checked here.
    const deps = request.dependsOn;
    if (Array.isArray(deps)) request.dependsOn = deps.filter((d) => !(isObj(d) && d.jobId !== undefined));
    readJobs(sub, [request], ctx);
  }
  for (const p of sub.problems) c.report(placeOf(p.path, where), p.message);
  for (const n of sub.notices) c.notice(placeOf(n.path, where), n.message);
  checkDependsOn(f);
}

/** DependsOn: [{ JobId, Type }], a JobId being a job id the run gave (from an earlier Task's output). */
function checkDependsOn(f: Fields): void {
  const list = f.list('DependsOn');
  list?.forEach((item, i) => {
    const e = fields(f.c, item, `${f.at('DependsOn')}[${i}]`);
    if (!e) return;
    for (const key of Object.keys(e.obj)) {
      if (!['JobId', 'JobId.$', 'Type', 'Type.$'].includes(key)) f.c.report(e.at(key), `Unknown field "${key}" (expected JobId, Type)`, 'key');
    }
  });
}

function isLiteral(t: TemplateSpec): boolean {
  switch (t.kind) {
    case 'literal':
      return true;
    case 'path':
    case 'call':
      return false;
    case 'array':
      return t.items.every(isLiteral);
    case 'object':
      return t.fields.every((f) => isLiteral(f.value));
  }
}

/**
 * Each scenario's job context (queues, definitions as registered), for the SubmitJob requests its
 * Tasks make while it runs. Keyed by the scenario's list of state machines, which every copy of
 * the scenario shares ({ ...scenario } with other alarms for a sweep run, say).
 */
const contexts = new WeakMap<readonly StateMachineSpec[], JobContext>();

/** Called when a scenario with state machines has been read (load.ts). */
export function keepSubmitContext(scenario: Scenario, ctx: JobContext): void {
  if (scenario.stateMachines) contexts.set(scenario.stateMachines, ctx);
}

/**
 * A Task's SubmitJob with its `.$` values filled in (PascalCase, without DependsOn entries that
 * name a job id: the caller resolves those), as the scenario's `jobs` would read it — or the
 * problems AWS would answer with a ClientException.
 */
export function submitJobFromParameters(scenario: Scenario, parameters: unknown): { submission: JobSubmission } | { problems: Problem[] } {
  const ctx = scenario.stateMachines && contexts.get(scenario.stateMachines);
  if (!ctx) throw new Error('a scenario with Step Functions state machines must come from loadScenario or parseScenario (its job context is kept by them)');
  const request = toRequest(parameters, '', REQUEST, new Map());
  const c = new Checker(new Map(), new Map());
  const read = readJobs(c, [request], ctx);
  if (c.problems.length > 0 || read.jobs.length !== 1) return { problems: c.problems };
  return { submission: read.jobs[0]! };
}
