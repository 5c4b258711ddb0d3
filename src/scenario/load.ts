// Entry points: read a scenario file, check all of it, and return the normalized Scenario, or
// throw one ScenarioError carrying every problem found (DESIGN.md §3, §7).
import { basename, dirname, extname } from 'node:path';
import { readActions } from './actions.js';
import { Checker, fields, isObj, kindOf, type Fields } from './check.js';
import { readComputeEnvironments } from './compute-environments.js';
import { DEFAULT_SEED, DEFAULT_START_TIME } from './defaults.js';
import { ScenarioError, type Problem } from './errors.js';
import { MAX_SCENARIO_FILE_BYTES, readStandardInput, readTextFile } from './files.js';
import { readJobDefinitions } from './job-definitions.js';
import { mergeIncludes } from './includes.js';
import { readJobQueues } from './job-queues.js';
import { readJobs } from './jobs.js';
import { readSchedulingPolicies } from './scheduling-policies.js';
import { jobIndexByName, readExpectations } from './expectations.js';
import { readSettings } from './settings.js';
import { readSource, type Source } from './source.js';
import { readStepFunctions } from './step-functions.js';
import { readAlarms } from './alarms.js';
import { readEventRules } from './event-rules.js';
import { keepSubmitContext } from './step-functions-batch.js';
import { isValidInstant, localTimeHint } from './time.js';
import type { JobDefinitionSpec, RejectedRow, Scenario } from './types.js';
import { readWorkloads } from './workloads.js';

const EXTENSIONS = ['.yaml', '.yml', '.json'];
/** The file name that means standard input (the command line's `-`, as in `batchsim run -`). */
export const STDIN = '<stdin>';
const TOP_LEVEL = [
  'name', 'seed', 'startTime', 'settings', 'computeEnvironments', 'jobQueues', 'schedulingPolicies', 'jobDefinitions', 'jobs', 'workloads', 'actions', 'include', 'profiles', 'expect',
  'stateMachines', 'executions', 'alarms', 'eventRules',
];
/** Sections for AWS Batch features batchsim does not simulate: refused, saying so. */
const UNSUPPORTED_SECTIONS = {
  serviceEnvironments: 'SageMaker service environments (CreateServiceEnvironment) are not supported',
  serviceJobs: 'SageMaker service jobs (SubmitServiceJob) are not supported',
  consumableResources: 'consumable resources (CreateConsumableResource) are not supported yet',
};

export interface LoadOptions {
  /**
   * Leave out invalid rows of workload traces (CSV, SWF, describe-jobs) instead of failing: they
   * are listed in `Scenario.rejectedRows` (the CLI's --skip-invalid writes them to rejected-rows.csv).
   */
  skipInvalid?: boolean;
  /** Refuse AWS fields that are accepted but not simulated (the CLI's --strict), instead of noting them. */
  strict?: boolean;
}

/** Reads a .yaml, .yml or .json scenario file. Throws ScenarioError, never anything else, for bad input. */
export function loadScenario(file: string, options: LoadOptions = {}): Scenario {
  return loadScenarioData(file, options).scenario;
}

/** loadScenario, with the file's plain data too (what a sweep varies and its workers validate again). */
export function loadScenarioData(file: string, options: LoadOptions = {}): { scenario: Scenario; data: unknown } {
  const read = readSourceFile(file, 'scenario file');
  if ('problem' in read) throw new ScenarioError(file, [read.problem]);
  return fromSource(read.source, file, options);
}

/**
 * A .yaml, .yml or .json file (`what` names it: scenario file, sweep file) read as plain data with
 * positions — or the one problem that stops it being read. Only a regular UTF-8 file within the
 * size limit is read: a device or a named pipe never ends.
 */
export function readSourceFile(file: string, what: string): { source: Source } | { problem: Problem } {
  if (file === STDIN) {
    // `-`: the scenario on standard input, read as YAML (JSON is YAML); files it names are relative to the working directory.
    const read = readStandardInput(MAX_SCENARIO_FILE_BYTES);
    if ('why' in read) return { problem: { path: '', message: `Cannot read the ${what} from standard input: ${read.why}` } };
    if ('message' in read) return { problem: { path: '', message: read.message, line: read.line, column: read.column } };
    return { source: readSource(read.text, false) };
  }
  const ext = extname(file).toLowerCase();
  if (!EXTENSIONS.includes(ext)) return { problem: { path: '', message: `Unsupported ${what} extension "${ext}" (expected ${EXTENSIONS.join(', ')})` } };
  const read = readTextFile(file, MAX_SCENARIO_FILE_BYTES, 'The file');
  if ('why' in read) return { problem: { path: '', message: `Cannot read the ${what}: ${read.why}` } };
  if ('message' in read) return { problem: { path: '', message: read.message, line: read.line, column: read.column } };
  return { source: readScenarioSource(read.text, file) };
}

/**
 * Parses scenario text; `file` names it in messages, gives the default name, and `.json` selects
 * strict JSON. Files the scenario names (settings.spot.priceTrace) are read relative to dirname(file).
 */
export function parseScenario(text: string, file: string, options: LoadOptions = {}): Scenario {
  return fromSource(readScenarioSource(text, file), file, options).scenario;
}

function fromSource(source: Source, file: string, options: LoadOptions): { scenario: Scenario; data: unknown } {
  const checked = scenarioFromData(source.root, source, file, options);
  if (!checked.scenario) throw new ScenarioError(file, checked.problems);
  return { scenario: checked.scenario, data: source.root };
}

/** The scenario file's text as plain data with positions, and its syntax problems. */
export function readScenarioSource(text: string, file: string): Source {
  return readSource(text, extname(file).toLowerCase() === '.json');
}

/**
 * Validates a scenario given as plain data — the file's, or the file's changed by a sweep — and
 * returns it, or every problem found. `positions` (the file's source) places problems in the file
 * where the path still leads to a node of it.
 */
export function scenarioFromData(root: unknown, positions: Pick<Source, 'values' | 'keys' | 'problems'>, file: string, options: LoadOptions = {}): { scenario?: Scenario; problems: Problem[] } {
  // `include:` and `profiles:` (includes.ts): the files merged into one document, positions and all.
  const merged = mergeIncludes(root, positions, file, (included) => readSourceFile(included, 'included file'));
  const c = new Checker(merged?.values ?? positions.values, merged?.keys ?? positions.keys);
  c.problems.push(...positions.problems, ...(merged?.problems ?? []));
  for (const n of merged?.notices ?? []) c.notice(n.path, n.message);
  const scenario = root === undefined ? undefined : readScenario(c, merged?.root ?? root, file, options);
  const place = <T extends Problem>(list: T[]): T[] => merged?.place(list) ?? list;
  if (c.problems.length > 0 || !scenario) return { problems: place(c.sorted()) };
  // Notices keep what was noted and the path as its own file writes it, not where (as without includes).
  if (scenario.notices) scenario.notices = place(scenario.notices).map((n) => ({ path: n.path, message: n.message }));
  return { scenario, problems: [] };
}

function readScenario(c: Checker, root: unknown, file: string, options: LoadOptions): Scenario | undefined {
  if (root === null) {
    c.report('', 'The scenario file is empty (expected a mapping with computeEnvironments, jobQueues, jobDefinitions and jobs)');
    return undefined;
  }
  if (!isObj(root)) {
    // Not echoed: a file given by mistake (e.g. /etc/passwd) reads as one long string.
    c.report('', `The scenario must be a mapping with computeEnvironments, jobQueues, jobDefinitions and jobs, received ${kindOf(root)}`);
    return undefined;
  }
  const f = fields(c, root, '');
  if (!f) return undefined;
  // `x-…` keys are free for the user, e.g. to hold YAML anchors that sections merge in.
  f.allow(TOP_LEVEL, [], UNSUPPORTED_SECTIONS, Object.keys(f.obj).filter((k) => k.startsWith('x-')));

  const name = f.string('name', { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, rule: 'a name of letters, digits, dots, hyphens and underscores, starting with a letter or digit (it names the report directory)' })
    ?? (file === STDIN ? 'stdin' : basename(file, extname(file)));
  const seed = f.number('seed', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }) ?? DEFAULT_SEED;
  const startTime = readStartTime(f) ?? DEFAULT_START_TIME;
  const settings = readSettings(c, f.raw('settings'), { baseDir: dirname(file), startTime });

  const ces = readComputeEnvironments(c, f.list('computeEnvironments') ?? [], settings);
  // Policies before queues: a queue names its policy in schedulingPolicyArn.
  const policies = readSchedulingPolicies(c, f.list('schedulingPolicies') ?? []);
  const queues = readJobQueues(c, f.list('jobQueues') ?? [], ces, policies.byName);
  const families = { customFamilies: ces.customFamilies };
  const definitions = readJobDefinitions(c, f.list('jobDefinitions') ?? [], { ...families, settings });
  const ctx = { queues: queues.byName, definitions: definitions.byName, families };
  const jobs = readJobs(c, f.list('jobs') ?? [], ctx);
  const rejectedRows: RejectedRow[] = [];
  const workloads = readWorkloads(c, f.list('workloads') ?? [], ctx, { baseDir: dirname(file), startTime, skipInvalid: options.skipInvalid === true, rejected: rejectedRows });
  const actions = readActions(c, f.list('actions') ?? [], { jobs, ces, queues, policies });
  const stepFunctions = readStepFunctions(c, f.list('stateMachines') ?? [], f.list('executions') ?? [], ctx, settings.region);
  const alarms = readAlarms(c, f.list('alarms') ?? [], { jobQueues: queues.specs.map((q) => q.jobQueueName), computeEnvironments: ces.specs.map((ce) => ce.computeEnvironmentName) });
  const eventRules = readEventRules(c, f.list('eventRules') ?? []);
  const expect = readExpectations(c, f.list('expect') ?? [], {
    computeEnvironments: ces.specs.map((ce) => ce.computeEnvironmentName), jobs: jobIndexByName(jobs.jobs),
    alarms: alarms.map((a) => a.alarmName), rules: eventRules.map((r) => r.name),
  });

  const jobDefinitions = definitions.drafts.map((d) => d?.spec);
  if (c.problems.length > 0 || !jobDefinitions.every((d): d is JobDefinitionSpec => d !== undefined)) return undefined;
  const scenario: Scenario = {
    name, seed, startTime, settings, computeEnvironments: ces.specs, jobQueues: queues.specs, schedulingPolicies: policies.specs, jobDefinitions,
    jobs: jobs.jobs, workloads, actions,
  };
  if (expect.length > 0) scenario.expect = expect;
  if (alarms.length > 0) scenario.alarms = alarms;
  if (eventRules.length > 0) scenario.eventRules = eventRules;
  if (stepFunctions.stateMachines.length > 0) {
    Object.assign(scenario, stepFunctions);
    keepSubmitContext(scenario, ctx);
  }
  if (options.skipInvalid) scenario.rejectedRows = rejectedRows;
  if (c.notices.length > 0) {
    const inFileOrder = c.sorted(c.notices);
    if (options.strict) {
      // --strict: what would change nothing in the model is an error, each at its place.
      for (const n of inFileOrder) c.problems.push({ ...n, message: `${n.message} (--strict)` });
      return undefined;
    }
    // The scenario keeps what was noted, not where (the same file as YAML or JSON is the same scenario).
    scenario.notices = inFileOrder.map((n) => ({ path: n.path, message: n.message }));
  }
  return scenario;
}

/**
 * ISO-8601 date or date-time. A date-time must carry its zone (Z or ±hh:mm): a local time would
 * mean different instants on different machines. Kept as written.
 */
function readStartTime(f: Fields): string | undefined {
  const v = f.string('startTime', { rule: 'an ISO-8601 date-time with a zone, e.g. 2026-01-05T00:00:00Z' });
  if (v === undefined) return undefined;
  if (!isValidInstant(v)) {
    const hint = localTimeHint(v);
    f.c.report(f.at('startTime'), `startTime must be an ISO-8601 date-time with a zone, e.g. 2026-01-05T00:00:00Z, received "${v}"${hint}`);
    return undefined;
  }
  return v;
}
