// A CloudFormation template (hand-written, or what `cdk synth` writes) → the AWS Batch requests its
// AWS::Batch::ComputeEnvironment, JobQueue, JobDefinition and SchedulingPolicy resources make.
// Properties are the API's fields in PascalCase (`ComputeResources.MaxvCpus` is `maxvCpus`); tag
// maps and job parameters keep their keys. A resource without a name property gets its logical id
// (CloudFormation would generate a name); a resource whose Condition is false is not created.
import { basename, extname } from 'node:path';
import { ACCOUNT, partitionOf } from '../model/arns.js';
import { RESOURCE_NAME } from '../scenario/names.js';
import { Evaluator, type CfnEnv } from './cfn-intrinsics.js';
import { arnOf, childPath, define, isObj, Provenance, SECTIONS, type Kind, type Obj, type SourceResult } from './model.js';
import type { ReadSource } from './sources.js';

const BATCH_TYPES: Record<string, Kind> = {
  'AWS::Batch::ComputeEnvironment': 'computeEnvironment',
  'AWS::Batch::JobQueue': 'jobQueue',
  'AWS::Batch::JobDefinition': 'jobDefinition',
  'AWS::Batch::SchedulingPolicy': 'schedulingPolicy',
};
/** What Fn::GetAtt of each Batch resource returns besides its Ref: its ARN. */
const ARN_ATTRIBUTES: Record<Kind, string[]> = {
  computeEnvironment: ['ComputeEnvironmentArn'],
  jobQueue: ['JobQueueArn'],
  jobDefinition: ['JobDefinitionArn'],
  schedulingPolicy: ['Arn'],
};
/**
 * Integer and number properties: CloudFormation converts a string there (a String parameter, a
 * quoted value, an item of Fn::Split) to the property's type, and so does the import.
 */
const NUMERIC = new Set([
  'maxvCpus', 'minvCpus', 'desiredvCpus', 'bidPercentage', 'unmanagedvCpus', 'priority', 'order', 'attempts', 'attemptDurationSeconds', 'vcpus', 'memory',
  'schedulingPriority', 'shareDecaySeconds', 'computeReservation', 'weightFactor', 'maxTimeSeconds', 'numNodes', 'mainNode', 'minScaleDownDelayMinutes',
  'jobExecutionTimeoutMinutes', 'sizeInGiB',
]);
/** Properties whose keys are the user's (tags, job parameters, log options): copied, not renamed. */
const FREE_FORM = new Set(['Tags', 'Parameters', 'Options', 'Labels', 'Annotations']);

export interface CfnOptions {
  region?: string;
  accountId?: string;
  stackName?: string;
  /** --parameter KEY=VALUE. */
  parameters: ReadonlyMap<string, string>;
}

export const DEFAULT_REGION = 'us-east-1';

export function readCloudFormation(src: ReadSource, opts: CfnOptions): SourceResult {
  const { file } = src;
  const template = src.source.root as Obj & { Resources: Obj };
  const result: SourceResult = { file, kind: 'cloudformation', resources: [], notices: [], problems: [] };
  const notice = (where: string, message: string) => result.notices.push({ file, where, message });
  const region = opts.region ?? DEFAULT_REGION;
  const env: CfnEnv = {
    region, partition: partitionOf(region), accountId: opts.accountId ?? ACCOUNT,
    stackName: opts.stackName ?? (basename(file, extname(file)).replace(/[^A-Za-z0-9-]/g, '-').replace(/^[^A-Za-z]+/, '') || 'stack'),
  };
  const given = new Set([opts.region && 'AWS::Region', opts.accountId && 'AWS::AccountId', opts.stackName && 'AWS::StackName', opts.region && 'AWS::Partition'].filter((x): x is string => !!x));
  const positions = src.source.values;
  const reported = new Set<string>();
  const problem = (path: string, message: string) => {
    // A name property is worked out twice (for references to the resource, and with the rest).
    if (reported.has(`${path}\u0000${message}`)) return;
    reported.add(`${path}\u0000${message}`);
    const at = positions.get(path);
    result.problems.push({ path, message, file, ...(at ? { line: at.line, column: at.column } : {}) });
  };

  const resources = template.Resources;
  const names = new Map<string, string>();
  const kindOf = (id: string): Kind | undefined => {
    const r = resources[id];
    return isObj(r) && typeof r.Type === 'string' ? BATCH_TYPES[r.Type] : undefined;
  };
  const evaluator: Evaluator = new Evaluator({
    env, template, overrides: opts.parameters, fail: problem,
    batchArn: (id, attribute) => {
      const kind = kindOf(id);
      if (!kind || (attribute !== undefined && !ARN_ATTRIBUTES[kind].includes(attribute))) return undefined;
      const arn = arnOf(kind, physicalName(id, kind), env);
      // A job definition's Ref is the ARN of the revision the stack registered: its first.
      return kind === 'jobDefinition' ? `${arn}:1` : arn;
    },
  }, given);

  /** The name a Batch resource gets: its name property, or its logical id when it gives none (CloudFormation would generate one). */
  function physicalName(id: string, kind: Kind): string {
    const known = names.get(id);
    if (known !== undefined) return known;
    names.set(id, id); // while its own name is worked out, a reference to it sees the logical id
    const props = (resources[id] as Obj).Properties;
    const field = pascal(SECTIONS[kind].nameField);
    const written = isObj(props) && props[field] !== undefined ? evaluator.value(props[field], `Resources.${id}.Properties.${field}`, '', () => {}) : undefined;
    let name = id;
    if (typeof written === 'string' && RESOURCE_NAME.test(written)) name = written;
    else if (written !== undefined) notice(`${typeOf(id)} ${id}`, `${field} ${JSON.stringify(written)} is not a name batchsim can resolve: the resource is named after its logical id, "${id}"`);
    names.set(id, name);
    return name;
  }
  const typeOf = (id: string) => String((resources[id] as Obj).Type);

  const others = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(resources)) {
    if (!isObj(resource) || typeof resource.Type !== 'string') {
      problem(`Resources.${id}`, `Resources.${id} must be a mapping with a Type`);
      continue;
    }
    const kind = BATCH_TYPES[resource.Type];
    if (!kind) {
      const list = others.get(resource.Type) ?? [];
      others.set(resource.Type, [...list, id]);
      continue;
    }
    const label = `${resource.Type} ${id}`;
    if (typeof resource.Condition === 'string' && !evaluator.condition(resource.Condition, `Resources.${id}.Condition`)) {
      notice(label, `not imported: its Condition "${resource.Condition}" is false (with the parameter values used)`);
      continue;
    }
    const base = `Resources.${id}.Properties`;
    const trace = new Map<string, string>();
    const props = isObj(resource.Properties) ? resource.Properties : {};
    const evaluated = evaluator.value(props, base, '', (out, s) => trace.set(out, s));
    const provenance = new Provenance(file, positions, `Resources.${id}`);
    const request = camelCase(evaluated, '', '', trace, provenance) as Obj;
    const name = physicalName(id, kind);
    if (request[SECTIONS[kind].nameField] !== name) {
      if (request[SECTIONS[kind].nameField] === undefined) notice(label, `no ${pascal(SECTIONS[kind].nameField)}: named after its logical id, "${id}" (AWS would generate a name)`);
      define(request, SECTIONS[kind].nameField, name);
    }
    result.resources.push({ kind, label, file, request, provenance });
  }

  if (others.size > 0) {
    const count = [...others.values()].reduce((n, ids) => n + ids.length, 0);
    const listed = [...others].map(([type, ids]) => `${type} (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? `, … ${ids.length - 3} more` : ''})`).join('; ');
    notice('', `${count} ${count === 1 ? 'resource is' : 'resources are'} not AWS Batch and not imported: ${listed}`);
  }
  if (template.Transform !== undefined) notice('', `Transform ${JSON.stringify(template.Transform)} is not applied: the template is read as written`);
  if (evaluator.assumed.size > 0) {
    const option: Record<string, string> = { 'AWS::Region': '--region', 'AWS::Partition': '--region', 'AWS::AccountId': '--account-id', 'AWS::StackName': '--stack-name' };
    const assumed = [...evaluator.assumed].sort().map((p) => `${p} = ${evaluator.pseudoValue(p)}${option[p] ? ` (${option[p]})` : ''}`);
    notice('', `pseudo parameters taken as ${assumed.join(', ')}`);
  }
  result.unresolved = evaluator.unresolved;
  return result;
}

/** computeEnvironmentName → ComputeEnvironmentName. */
function pascal(field: string): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

/** Template properties (PascalCase) as API fields (camelCase), recording where each came from. */
function camelCase(v: unknown, evalPath: string, reqPath: string, trace: Map<string, string>, provenance: Provenance, freeForm = false): unknown {
  const source = trace.get(evalPath);
  if (source !== undefined) provenance.record(reqPath, source);
  const field = reqPath.slice(reqPath.lastIndexOf('.') + 1);
  if (typeof v === 'string' && NUMERIC.has(field) && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  if (Array.isArray(v)) return v.map((x, i) => camelCase(x, childPath(evalPath, i), childPath(reqPath, i), trace, provenance));
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    const key = freeForm ? k : k.charAt(0).toLowerCase() + k.slice(1);
    define(out, key, camelCase(x, childPath(evalPath, k), childPath(reqPath, key), trace, provenance, !freeForm && FREE_FORM.has(k)));
  }
  return out;
}
