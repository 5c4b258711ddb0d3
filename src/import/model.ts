// What every import source (describe-* output, CloudFormation, Terraform) turns into: AWS Batch
// requests in the API's own shapes, each remembering where in its source file each field came
// from, so that a problem the scenario checker finds in the imported account is reported at the
// source's file, line and column.
import { isObj, parentPath, type Obj } from '../scenario/check.js';
import { define } from '../scenario/source.js';
import type { Problem } from '../scenario/errors.js';
import type { Position } from '../scenario/source.js';

export { isObj, parentPath, type Obj } from '../scenario/check.js';
export { childPath, define } from '../scenario/source.js';


export type Kind = 'computeEnvironment' | 'jobQueue' | 'jobDefinition' | 'schedulingPolicy';

/** The scenario section of each kind, and the request field that names a resource of it. */
export const SECTIONS: Record<Kind, { section: string; nameField: string; what: string }> = {
  computeEnvironment: { section: 'computeEnvironments', nameField: 'computeEnvironmentName', what: 'compute environment' },
  jobQueue: { section: 'jobQueues', nameField: 'jobQueueName', what: 'job queue' },
  schedulingPolicy: { section: 'schedulingPolicies', nameField: 'name', what: 'scheduling policy' },
  jobDefinition: { section: 'jobDefinitions', nameField: 'jobDefinitionName', what: 'job definition' },
};

/** The kinds in the order the scenario lists them. */
export const KINDS: readonly Kind[] = ['computeEnvironment', 'jobQueue', 'schedulingPolicy', 'jobDefinition'];

export type SourceKind = 'describe' | 'cloudformation' | 'terraform';

export const SOURCE_LABEL: Record<SourceKind, string> = {
  describe: 'AWS CLI describe-* output',
  cloudformation: 'CloudFormation template',
  terraform: 'Terraform JSON (terraform show -json)',
};

/** Something the import says about a source: what it left out, assumed or could not resolve. */
export interface Notice {
  /** The source file as given on the command line. */
  file: string;
  /** The resource (`AWS::Batch::JobQueue HighPriority`, `aws_batch_job_queue.main`, `jobQueues[0]`), or '' for the file. */
  where: string;
  message: string;
}

/**
 * Where the fields of one imported request came from: request-relative paths ('' = the resource
 * itself) to paths in the source document, and the source's positions.
 */
export class Provenance {
  private readonly map = new Map<string, string>();

  constructor(readonly file: string, private readonly positions: ReadonlyMap<string, Position>, readonly resourcePath: string) {
    this.map.set('', resourcePath);
  }

  /** The request field at `requestPath` came from `sourcePath` of the file. */
  record(requestPath: string, sourcePath: string): void {
    this.map.set(requestPath, sourcePath);
  }

  /** The list at `listPath` was reordered: its new item k is old item `from[k]`. */
  permute(listPath: string, from: readonly number[]): void {
    const moved: [string, string][] = [];
    for (const [path, source] of this.map) {
      const m = path.startsWith(`${listPath}[`) ? /^\[(\d+)\](.*)$/s.exec(path.slice(listPath.length)) : null;
      if (m) moved.push([path, source]);
    }
    for (const [path] of moved) this.map.delete(path);
    const to = new Map(from.map((old, k) => [old, k]));
    for (const [path, source] of moved) {
      const m = /^\[(\d+)\](.*)$/s.exec(path.slice(listPath.length))!;
      this.map.set(`${listPath}[${to.get(Number(m[1])) ?? m[1]}]${m[2]}`, source);
    }
  }

  /** The source path and position of a request field, or of its nearest ancestor that has one. */
  locate(requestPath: string): { path: string; line?: number; column?: number } {
    for (let p: string | undefined = requestPath; p !== undefined; p = parentPath(p)) {
      const source = this.map.get(p);
      if (source === undefined) continue;
      for (let s: string | undefined = source; s !== undefined; s = parentPath(s)) {
        const at = this.positions.get(s);
        if (at) return { path: source, line: at.line, column: at.column };
      }
      return { path: source };
    }
    return { path: this.resourcePath };
  }

  /** A problem with a request field, placed in the source file. */
  problem(requestPath: string, message: string): Problem {
    const at = this.locate(requestPath);
    return { path: at.path, message, file: this.file, ...(at.line !== undefined ? { line: at.line, column: at.column } : {}) };
  }
}

/** One AWS Batch resource read from a source, as the request that would create it. */
export interface Imported {
  kind: Kind;
  /** How notices and problems name it, e.g. `AWS::Batch::JobQueue HighPriority` or `aws_batch_job_queue.main`. */
  label: string;
  file: string;
  request: Obj;
  provenance: Provenance;
}

/** What one source file gave. */
export interface SourceResult {
  file: string;
  kind: SourceKind;
  resources: Imported[];
  notices: Notice[];
  problems: Problem[];
  /** Placeholders `<unresolved …>` the source's values may hold, with why each could not be resolved. */
  unresolved?: ReadonlyMap<string, string>;
}

/** Sorts the list at `listPath` of a request by `key`, keeping its provenance in step. */
export function sortListOf(r: { request: Obj; provenance: Provenance }, listPath: string, key: (item: unknown) => string): void {
  const steps = listPath.split('.');
  let parent: unknown = r.request;
  for (const step of steps.slice(0, -1)) parent = isObj(parent) ? parent[step] : undefined;
  const last = steps[steps.length - 1]!;
  if (!isObj(parent) || !Array.isArray(parent[last])) return;
  const list = parent[last] as unknown[];
  const from = list.map((_x, i) => i).sort((a, b) => (key(list[a]) < key(list[b]) ? -1 : key(list[a]) > key(list[b]) ? 1 : a - b));
  parent[last] = from.map((i) => list[i]);
  r.provenance.permute(listPath, from);
}





/** Whether a value says nothing: null, an empty string, list or mapping (describe output and Terraform state are full of them). */
export function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
}

/** `v` without the values that say nothing, at any depth (a list keeps its other items). */
export function pruneEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneEmpty).filter((x) => !isEmpty(x));
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    const pruned = pruneEmpty(x);
    if (!isEmpty(pruned)) define(out, k, pruned);
  }
  return out;
}

/** The name of a resource as its request gives it, if it is a string. */
export function nameOf(r: Imported): string | undefined {
  const v = r.request[SECTIONS[r.kind].nameField];
  return typeof v === 'string' ? v : undefined;
}

/** `arn:aws:batch:us-east-1:123456789012:job-queue/HighPriority` for a resource of this account. */
export function arnOf(kind: Kind, name: string, env: { partition: string; region: string; accountId: string }): string {
  const resource = { computeEnvironment: 'compute-environment', jobQueue: 'job-queue', jobDefinition: 'job-definition', schedulingPolicy: 'scheduling-policy' }[kind];
  return `arn:${env.partition}:batch:${env.region}:${env.accountId}:${resource}/${name}`;
}
