// Writing what `batchsim import` made: the scenario file (the account part), which batchsim owns —
// it carries an `x-batchsim-import` key, and a file without one is never overwritten — and the
// run-time profile file beside it, which the user owns and which only gains entries. Both are
// written to a temporary sibling and renamed into place, so that a file is whole or not there.
import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { Document } from 'yaml';
import { MAX_SCENARIO_FILE_BYTES, notRegular, readTextFile } from '../scenario/files.js';
import { readSource } from '../scenario/source.js';
import type { Scenario } from '../scenario/types.js';
import { ReportPathError, lstatOrNull, writeFileWhole } from '../report/out-dir.js';
import { isObj, type Obj } from './model.js';

/** The key that marks a scenario file as written by batchsim import (an `x-` key: the checker ignores it). */
export const IMPORT_MARKER = 'x-batchsim-import';
const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The profile file beside a scenario file: `account.yaml` → `account.profile.yaml`. */
export function profilePathOf(out: string): string {
  return join(dirname(out), `${basename(out, extname(out))}.profile.yaml`);
}

/**
 * Throws a ReportPathError unless `out` may be written: a .yaml, .yml or .json name, and absent or
 * a regular file that batchsim import wrote (it has the marker key).
 */
export function checkImportTarget(out: string): void {
  if (!EXTENSIONS.includes(extname(out).toLowerCase())) throw new ReportPathError(`--out must name a scenario file ending in ${EXTENSIONS.join(', ')}, received '${out}'`);
  const st = lstatOrNull(out);
  if (!st) return;
  if (st.isSymbolicLink()) throw new ReportPathError(`'${out}' is a symbolic link; batchsim import replaces only a scenario file it wrote (choose another --out)`);
  const why = notRegular(st);
  if (why !== undefined) throw new ReportPathError(`cannot write '${out}': ${why}`);
  const read = readTextFile(out, MAX_SCENARIO_FILE_BYTES, 'The file');
  const root = 'text' in read ? readSource(read.text, extname(out).toLowerCase() === '.json').root : undefined;
  if (!isObj(root) || !Object.prototype.hasOwnProperty.call(root, IMPORT_MARKER)) {
    throw new ReportPathError(
      `'${out}' exists and was not written by batchsim import (it has no ${IMPORT_MARKER} key); batchsim will not overwrite it (choose another --out, or remove the file yourself)`);
  }
}

/**
 * The scenario file: the marker, the include of the profile file, the account's sections, and (in
 * YAML) a closing comment on how to run work on it — the account alone submits no jobs.
 */
export function renderScenario(out: string, sources: string[], sections: Record<string, Obj[]>, scenario: Scenario): string {
  const profile = basename(profilePathOf(out));
  const data: Obj = {
    [IMPORT_MARKER]: { sources, note: `written by batchsim import and rewritten by the next import: keep run times in ${profile}, and the jobs to run in a scenario that includes this file` },
    include: [profile],
  };
  for (const [section, list] of Object.entries(sections)) if (list.length > 0 || section !== 'schedulingPolicies') data[section] = list;
  if (extname(out).toLowerCase() === '.json') return `${JSON.stringify(data, null, 2)}\n`;
  const doc = new Document(data);
  doc.commentBefore = [
    ' The AWS Batch account of the sources below, imported by batchsim import (docs/import.md).',
    ` Each job definition's run time is in ${profile} (its profile), which this file includes.`,
  ].join('\n');
  doc.comment = exampleComment(basename(out), scenario);
  return doc.toString({ lineWidth: 0 });
}

type Definition = Scenario['jobDefinitions'][number];

/**
 * How to run work on the account, with one job per job definition (its latest revision) on an
 * ENABLED queue — FIFO before fair share — that can run it: of its platform, with an instance
 * type it fits on.
 */
function exampleComment(file: string, s: Scenario): string {
  const ces = new Map(s.computeEnvironments.map((ce) => [ce.computeEnvironmentName, ce]));
  const registered = (mib: number) => Math.floor(mib * s.settings.registeredMemoryFraction) - s.settings.agentReservedMemoryMiB;
  const runs = (ceName: string, d: Definition): boolean => {
    const ce = ces.get(ceName);
    const type = ce?.computeResources?.type;
    if (!ce || ce.state !== 'ENABLED') return false;
    if (type === 'FARGATE' || type === 'FARGATE_SPOT') return d.platformCapabilities[0] === 'FARGATE';
    const shapes = [...(ce.computeResources?.instanceTypes ?? []), ...ce.fleet];
    return d.platformCapabilities[0] === 'EC2' && shapes.some((i) => i.vcpus >= d.vcpus && i.gpus >= d.gpus && registered(i.memoryMiB) >= d.memory);
  };
  const queues = s.jobQueues.filter((q) => q.state === 'ENABLED').sort((a, b) => Number(a.schedulingPolicy !== null) - Number(b.schedulingPolicy !== null));
  const latest = new Map<string, Definition>();
  for (const d of s.jobDefinitions) if (d.type === 'container') latest.set(d.jobDefinitionName, d);
  const jobs: string[] = [];
  for (const d of latest.values()) {
    const q = queues.find((x) => x.computeEnvironmentOrder.some((ce) => runs(ce, d)));
    if (!q) continue;
    const share = q.schedulingPolicy !== null ? ', shareIdentifier: example' : '';
    jobs.push(`     - { jobName: ${d.jobDefinitionName.slice(0, 120)}-example, jobQueue: ${q.jobQueueName}, jobDefinition: ${d.jobDefinitionName}${share} }`);
  }
  return [
    ' This file is the account only: it submits no jobs, so `batchsim run` on it runs nothing. To run',
    ' work on it, write a scenario of your own that includes it (the next import rewrites this file,',
    ' not yours), for example:',
    '   name: my-run',
    `   include: [${file}]`,
    ...(jobs.length > 0 ? ['   jobs:', ...jobs] : ['   jobs: []   # SubmitJob requests, docs/scenario.md#jobs']),
  ].join('\n');
}

/** Writes `text` to `path` whole or not at all (out-dir.ts writeFileWhole), making its directory first. */
export function writeWhole(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileWhole(path, text);
}
