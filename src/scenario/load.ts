// Entry points: read a scenario file, check all of it, and return the normalized Scenario, or
// throw one ScenarioError carrying every problem found (DESIGN.md §3, §7).
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Checker, fields, type Fields } from './check.js';
import { readComputeEnvironments } from './compute-environments.js';
import { DEFAULT_SEED, DEFAULT_START_TIME } from './defaults.js';
import { ScenarioError, type Problem } from './errors.js';
import { readJobDefinitions } from './job-definitions.js';
import { readJobQueues } from './job-queues.js';
import { readJobs } from './jobs.js';
import { readSettings } from './settings.js';
import { readSource } from './source.js';
import type { JobDefinitionSpec, Scenario } from './types.js';
import { readWorkloads } from './workloads.js';

const EXTENSIONS = ['.yaml', '.yml', '.json'];
const TOP_LEVEL = ['name', 'seed', 'startTime', 'settings', 'computeEnvironments', 'jobQueues', 'jobDefinitions', 'jobs', 'workloads', 'actions'];

/** Reads a .yaml, .yml or .json scenario file. Throws ScenarioError, never anything else, for bad input. */
export function loadScenario(file: string): Scenario {
  const ext = extname(file).toLowerCase();
  if (!EXTENSIONS.includes(ext)) {
    throw new ScenarioError(file, [{ path: '', message: `Unsupported scenario file extension "${ext}" (expected ${EXTENSIONS.join(', ')})` }]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new ScenarioError(file, [{ path: '', message: `Cannot read the scenario file: ${why}` }]);
  }
  return parseScenario(text, file);
}

/** Parses scenario text; `file` names it in messages, gives the default name, and `.json` selects strict JSON. */
export function parseScenario(text: string, file: string): Scenario {
  const source = readSource(text, extname(file).toLowerCase() === '.json');
  const c = new Checker(source.values, source.keys);
  c.problems.push(...source.problems);
  const scenario = source.root === undefined ? undefined : readScenario(c, source.root, file);
  if (c.problems.length > 0 || !scenario) throw new ScenarioError(file, sortByPosition(c.problems));
  return scenario;
}

function readScenario(c: Checker, root: unknown, file: string): Scenario | undefined {
  if (root === null) {
    c.report('', 'The scenario file is empty (expected a mapping with computeEnvironments, jobQueues, jobDefinitions and jobs)');
    return undefined;
  }
  const f = fields(c, root, '');
  if (!f) return undefined;
  // `x-…` keys are free for the user, e.g. to hold YAML anchors that sections merge in.
  f.allow(TOP_LEVEL, Object.keys(f.obj).filter((k) => k.startsWith('x-')));

  const name = f.string('name', { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, rule: 'a name of letters, digits, dots, hyphens and underscores, starting with a letter or digit (it names the report directory)' })
    ?? basename(file, extname(file));
  const seed = f.number('seed', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }) ?? DEFAULT_SEED;
  const startTime = readStartTime(f) ?? DEFAULT_START_TIME;
  const settings = readSettings(c, f.raw('settings'));
  const actions = f.list('actions');
  if (actions && actions.length > 0) c.report('actions', 'actions are not supported yet (leave actions empty or remove it)');

  const ces = readComputeEnvironments(c, f.list('computeEnvironments') ?? [], settings);
  const queues = readJobQueues(c, f.list('jobQueues') ?? [], ces.byName);
  const definitions = readJobDefinitions(c, f.list('jobDefinitions') ?? []);
  const ctx = { queues: queues.byName, definitions: definitions.byName };
  const jobs = readJobs(c, f.list('jobs') ?? [], ctx);
  const workloads = readWorkloads(c, f.list('workloads') ?? [], ctx);

  const jobDefinitions = definitions.drafts.map((d) => d?.spec);
  if (c.problems.length > 0 || !jobDefinitions.every((d): d is JobDefinitionSpec => d !== undefined)) return undefined;
  return { name, seed, startTime, settings, computeEnvironments: ces.specs, jobQueues: queues.specs, jobDefinitions, jobs, workloads, actions: [] };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * ISO-8601 date or date-time. A date-time must carry its zone (Z or ±hh:mm): a local time would
 * mean different instants on different machines. Kept as written.
 */
function readStartTime(f: Fields): string | undefined {
  const v = f.string('startTime', { rule: 'an ISO-8601 date-time with a zone, e.g. 2026-01-05T00:00:00Z' });
  if (v === undefined) return undefined;
  const m = ISO.exec(v);
  const valid = m !== null && Number.isFinite(Date.parse(v)) && Number(m[2]) >= 1 && Number(m[2]) <= 12
    && Number(m[3]) >= 1 && Number(m[3]) <= daysInMonth(Number(m[1]), Number(m[2]))
    && Number(m[4] ?? 0) <= 23 && Number(m[5] ?? 0) <= 59 && Number(m[6] ?? 0) <= 59;
  if (!valid) {
    const hint = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) ? ' (add a zone such as Z: a local time is not reproducible)' : '';
    f.c.report(f.at('startTime'), `startTime must be an ISO-8601 date-time with a zone, e.g. 2026-01-05T00:00:00Z, received "${v}"${hint}`);
    return undefined;
  }
  return v;
}

function daysInMonth(year: number, month: number): number {
  return [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Problems in file order (stable); file-level ones without a position first. */
function sortByPosition(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
