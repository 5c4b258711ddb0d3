// Reading an import source and telling from its content what it is: AWS CLI describe-* output (of
// compute environments, job queues, job definitions, scheduling policies, or several merged), a
// CloudFormation template (which is also what `cdk synth` writes), or `terraform show -json` of a
// plan or a state. JSON is read as scenario files are (strict, positioned syntax errors); YAML with
// CloudFormation's short-form tags.
import { extname } from 'node:path';
import type { Problem } from '../scenario/errors.js';
import { MAX_SCENARIO_FILE_BYTES, readTextFile } from '../scenario/files.js';
import { readSource, type Source } from '../scenario/source.js';
import { readYaml } from './cfn-yaml.js';
import { isObj, type SourceKind } from './model.js';

/** The sections of describe-* output; one file may hold several (the outputs merged). */
export const DESCRIBE_SECTIONS = ['computeEnvironments', 'jobQueues', 'jobDefinitions', 'schedulingPolicies'] as const;
/** Other keys describe output carries: the pagination token (any casing the CLI and SDKs use). */
const DESCRIBE_EXTRA = ['nextToken', 'NextToken', 'ResponseMetadata'];
/** Top-level sections of a CloudFormation template. */
const TEMPLATE_SECTIONS = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Hooks'];

export interface ReadSource {
  file: string;
  kind: SourceKind;
  source: Source;
}

/** The source's data and kind, or the problems that stop it being read (each with the file's name). */
export function readImportSource(file: string): ReadSource | { problems: Problem[] } {
  const fail = (message: string, at: { line?: number; column?: number } = {}) => ({ problems: [{ path: '', message, file, ...at }] });
  const read = readTextFile(file, MAX_SCENARIO_FILE_BYTES, 'The file', 'an import source');
  if ('why' in read) return fail(`Cannot read the import source: ${read.why}`);
  if ('message' in read) return fail(read.message, { line: read.line, column: read.column });
  // JSON by content as well as by name: `terraform show -json > plan.out` and `aws … > describe.txt` are JSON too.
  const json = extname(file).toLowerCase() === '.json' || /^\s*[[{]/.test(read.text);
  const source = json ? readSource(read.text, true) : readYaml(read.text);
  if (source.problems.length > 0) return { problems: source.problems.map((p) => ({ ...p, file })) };
  const kind = kindOf(source.root);
  if (typeof kind !== 'string') return fail(kind.why, { line: 1, column: 1 });
  return { file, kind, source };
}

/** What a source is, by its top-level keys; or why it is none of the kinds import reads. */
export function kindOf(root: unknown): SourceKind | { why: string } {
  const expected = 'expected AWS CLI describe-compute-environments / describe-job-queues / describe-job-definitions / describe-scheduling-policies output, a CloudFormation template (YAML or JSON, or `cdk synth` output) or `terraform show -json` output of a plan or a state';
  if (!isObj(root)) return { why: `Cannot tell what this source is: it is not a mapping (${expected})` };
  const keys = Object.keys(root);
  if (typeof root.format_version === 'string' && ['planned_values', 'values', 'resource_changes', 'prior_state'].some((k) => k in root)) return 'terraform';
  if (isObj(root.Resources) && keys.every((k) => TEMPLATE_SECTIONS.includes(k))) return 'cloudformation';
  if (keys.some((k) => (DESCRIBE_SECTIONS as readonly string[]).includes(k)) && keys.every((k) => (DESCRIBE_SECTIONS as readonly string[]).includes(k) || DESCRIBE_EXTRA.includes(k))) {
    return 'describe';
  }
  if (typeof root.format_version === 'string') return { why: `Cannot tell what this source is: Terraform JSON without planned_values, resource_changes or values (${expected})` };
  if ('Resources' in root || 'AWSTemplateFormatVersion' in root) {
    const extra = keys.filter((k) => !TEMPLATE_SECTIONS.includes(k));
    return { why: `Cannot tell what this source is: a CloudFormation template needs a Resources mapping and only template sections${extra.length ? ` (not ${extra.map((k) => `"${k}"`).join(', ')})` : ''}` };
  }
  return { why: `Cannot tell what this source is (top-level keys ${keys.slice(0, 6).map((k) => `"${k}"`).join(', ') || 'none'}): ${expected}` };
}
