// `batchsim import SOURCE… --out FILE` (docs/import.md): an account's AWS Batch setup, read from
// what it already has — describe-* output, CloudFormation (or `cdk synth`), Terraform JSON — as a
// scenario's account part, with the run times AWS does not know kept in a profile file beside it.
// Everything is read and checked before anything is written; bad input is a ScenarioError whose
// problems carry their source file, line and column.
import { ScenarioError, type Problem } from '../scenario/errors.js';
import { buildAccount } from './account.js';
import { readCloudFormation, type CfnOptions } from './cloudformation.js';
import { readDescribe } from './describe.js';
import { finishAccount } from './finish.js';
import { KINDS, SECTIONS, SOURCE_LABEL, nameOf, type Kind, type Notice, type SourceKind, type SourceResult } from './model.js';
import { readProfile, updateProfile, type ProfileUpdate } from './profile.js';
import { readImportSource } from './sources.js';
import { readTerraform } from './terraform.js';
import { checkImportTarget, profilePathOf, renderScenario, writeWhole } from './write.js';


export type ImportOptions = CfnOptions;

export interface ImportPlan {
  out: string;
  scenarioText: string;
  profilePath: string;
  profile: ProfileUpdate;
  /** Whether the profile file is new (rather than an earlier one that gains entries). */
  profileIsNew: boolean;
  sources: { file: string; kind: SourceKind }[];
  /** Resources imported, per kind. */
  counts: Record<Kind, number>;
  notices: Notice[];
}

/**
 * Reads and checks the sources and works out both files' new text; writes nothing. Throws a
 * ScenarioError for bad sources (or a bad profile file), a ReportPathError for an --out that may
 * not be written.
 */
export function planImport(files: string[], out: string, options: ImportOptions): ImportPlan {
  checkImportTarget(out);
  const fail = (problems: Problem[]): never => {
    throw new ScenarioError(files.length === 1 ? files[0]! : files.join(', '), problems, files.length === 1 ? 'import source' : 'import sources');
  };
  const results: SourceResult[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const read = readImportSource(file);
    if ('problems' in read) {
      problems.push(...read.problems);
      continue;
    }
    const result = read.kind === 'describe' ? readDescribe(read) : read.kind === 'cloudformation' ? readCloudFormation(read, options) : readTerraform(read);
    problems.push(...result.problems);
    if (result.resources.length === 0) result.notices.push({ file, where: '', message: `no AWS Batch resources in this ${SOURCE_LABEL[read.kind]}` });
    results.push(result);
  }
  if (problems.length > 0) fail(problems);
  const account = buildAccount(results);
  if (account.problems.length > 0) fail(account.problems);
  if (KINDS.every((k) => account.resources[k].length === 0)) {
    fail([{ path: '', message: 'Nothing to import: the sources hold no AWS Batch compute environment, job queue, job definition or scheduling policy that batchsim can simulate', file: files[0] }]);
  }

  const profilePath = profilePathOf(out);
  const profileFile = readProfile(profilePath);
  if ('problems' in profileFile) throw new ScenarioError(profilePath, profileFile.problems, 'run-time profile file');
  // A definition's timeout bounds its placeholder run time (the latest revision's).
  const definitions = new Map<string, number | undefined>();
  for (const d of account.resources.jobDefinition) {
    const timeout = d.request.timeout as { attemptDurationSeconds?: unknown } | undefined;
    definitions.set(nameOf(d)!, typeof timeout?.attemptDurationSeconds === 'number' ? timeout.attemptDurationSeconds : undefined);
  }
  const profile = updateProfile(profileFile, definitions, out);
  const finished = finishAccount(account, profile.entries, profileFile, out);
  if ('problems' in finished) {
    const inProfile = finished.problems.every((p) => p.file === profilePath);
    if (inProfile) throw new ScenarioError(profilePath, finished.problems, 'run-time profile file');
    return fail(finished.problems);
  }
  const counts = Object.fromEntries(KINDS.map((k) => [k, account.resources[k].length])) as Record<Kind, number>;
  const profileNotices: Notice[] = profile.unused.length === 0 ? [] : [{
    file: profilePath, where: '',
    message: `kept the profiles of ${profile.unused.length} job ${profile.unused.length === 1 ? 'definition' : 'definitions'} the account no longer has: ${profile.unused.join(', ')} (they change nothing; delete them when they are gone for good)`,
  }];
  return {
    out, profilePath, profile, counts, profileIsNew: profileFile.doc === undefined,
    scenarioText: renderScenario(out, files, finished.sections, finished.scenario),
    sources: results.map((r) => ({ file: r.file, kind: r.kind })),
    notices: grouped([...results.flatMap((r) => r.notices), ...account.notices, ...finished.notices, ...profileNotices], files),
  };
}

/** Notices source by source (in command-line order), each file's own first, then resource by resource. */
function grouped(notices: Notice[], files: string[]): Notice[] {
  const fileRank = (n: Notice) => (files.includes(n.file) ? files.indexOf(n.file) : files.length);
  const first = new Map<string, number>();
  notices.forEach((n, i) => first.set(n.where, first.get(n.where) ?? i));
  const whereRank = (n: Notice) => (n.where === '' ? -1 : first.get(n.where)!);
  return notices.map((n, i) => ({ n, i })).sort((a, b) => fileRank(a.n) - fileRank(b.n) || whereRank(a.n) - whereRank(b.n) || a.i - b.i).map((x) => x.n);
}

/** Writes the profile file (when it gains entries), then the scenario file. */
export function writeImport(plan: ImportPlan): void {
  if (plan.profile.text !== undefined) writeWhole(plan.profilePath, plan.profile.text);
  writeWhole(plan.out, plan.scenarioText);
}

const PLURAL: Record<Kind, string> = {
  computeEnvironment: 'compute environments', jobQueue: 'job queues', schedulingPolicy: 'scheduling policies', jobDefinition: 'job definitions',
};

/** `2 compute environments, 1 job queue, …` of what was imported. */
export function describeCounts(counts: Record<Kind, number>): string {
  return KINDS.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${counts[k] === 1 ? SECTIONS[k].what : PLURAL[k]}`).join(', ');
}
