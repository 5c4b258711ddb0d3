// `terraform show -json` of a plan (planned_values, with resource_changes for what is known only
// after apply and the configuration for the references behind it) or of a state (values), root
// module and child modules → the AWS Batch requests of aws_batch_compute_environment,
// aws_batch_job_queue, aws_batch_job_definition and aws_batch_scheduling_policy. Attributes are the
// API's fields in snake_case, nested blocks are lists of one, container_properties (and
// node_properties) are JSON strings of the API shape. Terraform writes an unset optional attribute
// as null, "" or [] (and some numbers as 0); those say nothing and are left out.
import { Provenance, childPath, define, isEmpty, isObj, type Kind, type Obj, type SourceResult } from './model.js';
import type { ReadSource } from './sources.js';

const TYPES: Record<string, Kind> = {
  aws_batch_compute_environment: 'computeEnvironment',
  aws_batch_job_queue: 'jobQueue',
  aws_batch_job_definition: 'jobDefinition',
  aws_batch_scheduling_policy: 'schedulingPolicy',
};
/** The attribute holding the resource's name, per type (aws provider 5 and 6 spellings). */
const NAME_ATTRIBUTES: Record<Kind, { attrs: string[]; field: string }> = {
  computeEnvironment: { attrs: ['compute_environment_name', 'name'], field: 'computeEnvironmentName' },
  jobQueue: { attrs: ['name'], field: 'jobQueueName' },
  jobDefinition: { attrs: ['name'], field: 'jobDefinitionName' },
  schedulingPolicy: { attrs: ['name'], field: 'name' },
};
/** Where the snake_case spelling is not just the API field with underscores. */
const RENAMES: Record<string, string> = {
  instance_type: 'instanceTypes', min_vcpus: 'minvCpus', max_vcpus: 'maxvCpus', desired_vcpus: 'desiredvCpus', unmanagedv_cpus: 'unmanagedvCpus',
  fair_share_policy: 'fairsharePolicy', fairshare_policy: 'fairsharePolicy', share_delay_seconds: 'shareDecaySeconds',
  job_state_time_limit_action: 'jobStateTimeLimitActions',
};
/** Nested blocks of at most one (a list in the JSON, a structure in the API). */
const SINGLE_BLOCKS = new Set(['compute_resources', 'fair_share_policy', 'fairshare_policy', 'retry_strategy', 'timeout', 'update_policy', 'eks_configuration', 'launch_template', 'eks_properties']);
/** Attributes that hold the API shape as a JSON string. */
const JSON_ATTRIBUTES: Record<string, string> = { container_properties: 'containerProperties', node_properties: 'nodeProperties', ecs_properties: 'ecsProperties' };
/** Maps of the user's keys: copied, not renamed. */
const FREE_FORM = new Set(['tags', 'parameters']);
/** Terraform's own or computed attributes that are no request field (the resource's identity, its provider settings). */
const NOT_REQUEST = new Set(['id', 'arn', 'arn_prefix', 'tags_all', 'timeouts', 'region', 'ecs_cluster_arn', 'compute_environment_name_prefix', 'name_prefix', 'deregister_on_new_revision']);
/** Optional numbers Terraform writes as 0 when unset, where 0 is no value AWS would accept or mean. */
const ZERO_IS_UNSET = new Set(['bid_percentage', 'weight_factor', 'attempts', 'attempt_duration_seconds', 'desired_vcpus', 'unmanagedv_cpus']);

interface Instance {
  address: string;
  /** `module.a.module.b.` of a child module's resource, '' in the root module. */
  modulePrefix: string;
  type: string;
  name: string;
  mode: string;
  values: Obj;
  path: string;
}

export function readTerraform(src: ReadSource): SourceResult {
  const { file } = src;
  const root = src.source.root as Obj;
  const result: SourceResult = { file, kind: 'terraform', resources: [], notices: [], problems: [] };
  const notice = (where: string, message: string) => result.notices.push({ file, where, message });
  const positions = src.source.values;

  const changes = new Map<string, { record: Obj; change: Obj; path: string }>();
  (Array.isArray(root.resource_changes) ? root.resource_changes : []).forEach((c, i) => {
    if (isObj(c) && typeof c.address === 'string' && isObj(c.change)) changes.set(c.address, { record: c, change: c.change, path: `resource_changes[${i}]` });
  });
  const instances: Instance[] = [];
  if (isObj(root.planned_values)) collect(root.planned_values.root_module, 'planned_values.root_module', instances);
  else if (isObj(root.values)) collect(root.values.root_module, 'values.root_module', instances);
  else {
    // A plan without planned_values: what each change leaves behind.
    for (const [address, { record, change, path }] of changes) {
      if (!isObj(change.after)) continue;
      const modulePrefix = typeof record.module_address === 'string' ? `${record.module_address}.` : '';
      instances.push({ address, modulePrefix, type: String(record.type), name: String(record.name), mode: String(record.mode ?? 'managed'), values: change.after, path: `${path}.change.after` });
    }
  }
  for (const [address, { change }] of changes) {
    const actions = Array.isArray(change.actions) ? change.actions : [];
    if (actions.length === 1 && actions[0] === 'delete' && TYPES[address.split('.').slice(-2)[0]!.replace(/\[.*$/, '')]) notice(address, 'not imported: the plan deletes it');
  }

  const batch = instances.filter((r) => r.mode === 'managed' && TYPES[r.type]);
  const names = new Map<string, string>();
  const nameOf = (r: Instance): string => {
    let name = names.get(r.address);
    if (name !== undefined) return name;
    const { attrs } = NAME_ATTRIBUTES[TYPES[r.type]!];
    const written = attrs.map((a) => r.values[a]).find((v) => typeof v === 'string' && v !== '');
    name = typeof written === 'string' ? written : r.name;
    if (written === undefined) notice(r.address, `its name is known only after apply: named "${name}" after the resource`);
    names.set(r.address, name);
    return name;
  };
  const config = configurationOf(root);

  for (const r of batch) {
    const kind = TYPES[r.type]!;
    const provenance = new Provenance(file, positions, r.path);
    const request: Obj = {};
    const unknown = unknownPaths(changes.get(r.address)?.change.after_unknown);
    for (const [attr, v] of Object.entries(r.values)) {
      if (NOT_REQUEST.has(attr) || NAME_ATTRIBUTES[kind].attrs.includes(attr)) continue;
      const at = `${r.path}.values.${attr}`;
      if (JSON_ATTRIBUTES[attr] !== undefined) {
        if (typeof v !== 'string' || v === '') continue;
        try {
          define(request, JSON_ATTRIBUTES[attr], JSON.parse(v));
          provenance.record(JSON_ATTRIBUTES[attr], at);
        } catch (e) {
          const pos = positions.get(at);
          result.problems.push({ path: at, message: `${attr} is not valid JSON: ${(e as Error).message}`, file, ...(pos ? { line: pos.line, column: pos.column } : {}) });
        }
        continue;
      }
      if (attr === 'compute_environments') {
        // The provider's older form: compute environment ARNs, their order that of the list.
        if (Array.isArray(v) && v.length > 0) {
          define(request, 'computeEnvironmentOrder', v.map((arn, i) => ({ order: i + 1, computeEnvironment: arn })));
          v.forEach((_x, i) => provenance.record(`computeEnvironmentOrder[${i}]`, `${at}[${i}]`));
        }
        continue;
      }
      const converted = convert(attr, v, at, camel(attr), provenance);
      if (converted !== undefined) define(request, camel(attr), converted);
    }
    define(request, NAME_ATTRIBUTES[kind].field, nameOf(r));
    provenance.record(NAME_ATTRIBUTES[kind].field, `${r.path}.values.${NAME_ATTRIBUTES[kind].attrs.find((a) => a in r.values) ?? 'name'}`);
    if (kind === 'jobQueue') resolveQueueReferences(r, request, unknown, config, batch, nameOf, notice);
    if (unknown.includes('container_properties') || unknown.includes('node_properties')) {
      result.problems.push(provenance.problem('', `${r.address}: its container_properties are known only after apply (they refer to resources the plan creates); import the state after terraform apply (terraform show -json), or the describe-job-definitions output`));
    }
    result.resources.push({ kind, label: r.address, file, request, provenance });
  }

  const others = new Map<string, number>();
  for (const r of instances) {
    if (r.mode === 'managed' && TYPES[r.type]) continue;
    const key = r.mode === 'data' ? `data.${r.type}` : r.type;
    others.set(key, (others.get(key) ?? 0) + 1);
  }
  if (others.size > 0) {
    const count = [...others.values()].reduce((a, b) => a + b, 0);
    notice('', `${count} ${count === 1 ? 'resource is' : 'resources are'} not AWS Batch (or are data sources) and not imported: ${[...others].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ')}`);
  }
  return result;
}

/** The resources of a module and its child modules, with their paths in the document. */
function collect(module: unknown, path: string, out: Instance[]): void {
  if (!isObj(module)) return;
  const prefix = typeof module.address === 'string' ? `${module.address}.` : '';
  (Array.isArray(module.resources) ? module.resources : []).forEach((r, i) => {
    if (!isObj(r) || typeof r.address !== 'string' || typeof r.type !== 'string') return;
    out.push({ address: r.address, modulePrefix: prefix, type: r.type, name: String(r.name ?? r.type), mode: String(r.mode ?? 'managed'), values: isObj(r.values) ? r.values : {}, path: `${path}.resources[${i}]` });
  });
  (Array.isArray(module.child_modules) ? module.child_modules : []).forEach((m, i) => collect(m, `${path}.child_modules[${i}]`, out));
}

function camel(attr: string): string {
  return RENAMES[attr] ?? attr.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** One attribute's value as the API field's, recording the source path of each part. */
function convert(attr: string, v: unknown, at: string, reqPath: string, provenance: Provenance): unknown {
  if (isEmpty(v) || (v === 0 && ZERO_IS_UNSET.has(attr))) return undefined;
  provenance.record(reqPath, at);
  if (SINGLE_BLOCKS.has(attr) && Array.isArray(v)) return convert(attr, v[0], `${at}[0]`, reqPath, provenance);
  if (Array.isArray(v)) {
    const list = v.map((x, i) => convert(attr, x, `${at}[${i}]`, childPath(reqPath, i), provenance)).filter((x) => x !== undefined);
    return list.length > 0 ? list : undefined;
  }
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    const key = FREE_FORM.has(attr) ? k : camel(k);
    const converted = FREE_FORM.has(attr) ? x : convert(k, x, `${at}.${k}`, childPath(reqPath, key), provenance);
    if (converted !== undefined && !isEmpty(converted)) define(out, key, converted);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** after_unknown's true leaves as attribute paths (`compute_environment_order[0].compute_environment`). */
function unknownPaths(afterUnknown: unknown, path = ''): string[] {
  if (afterUnknown === true) return [path];
  if (Array.isArray(afterUnknown)) return afterUnknown.flatMap((x, i) => unknownPaths(x, `${path}[${i}]`));
  if (isObj(afterUnknown)) return Object.entries(afterUnknown).flatMap(([k, x]) => unknownPaths(x, path ? `${path}.${k}` : k));
  return [];
}

type ConfigIndex = Map<string, Obj>;

/** configuration.root_module and its module_calls: each resource's `expressions`, by address. */
function configurationOf(root: Obj): ConfigIndex {
  const index: ConfigIndex = new Map();
  const walk = (module: unknown, prefix: string) => {
    if (!isObj(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (isObj(r) && typeof r.address === 'string' && isObj(r.expressions)) index.set(`${prefix}${r.address}`, r.expressions);
    }
    if (isObj(module.module_calls)) {
      for (const [name, call] of Object.entries(module.module_calls)) if (isObj(call)) walk(call.module, `${prefix}module.${name}.`);
    }
  };
  if (isObj(root.configuration)) walk(root.configuration.root_module, '');
  return index;
}

/**
 * A queue's compute environments and scheduling policy that the plan knows only after apply (the
 * ARNs of resources it creates): the configuration says which resources the expressions refer to,
 * and those resources' names stand in for their ARNs.
 */
function resolveQueueReferences(
  r: Instance, request: Obj, unknown: string[], config: ConfigIndex, batch: Instance[], nameOf: (r: Instance) => string,
  notice: (where: string, message: string) => void,
): void {
  const expressions = config.get(r.address.replace(/\[[^\]]*\]$/, ''));
  const target = (refs: unknown, type: string): string | undefined => {
    const addresses = [...new Set((Array.isArray(refs) ? refs : []).filter((x): x is string => typeof x === 'string' && x.startsWith(`${type}.`)).map((x) => x.split('.').slice(0, 2).join('.')))];
    const found = addresses.map((a) => batch.filter((b) => b.address.replace(/\[[^\]]*\]$/, '') === `${r.modulePrefix}${a}`));
    if (found.length !== 1 || found[0]!.length !== 1) return undefined;
    return nameOf(found[0]![0]!);
  };
  const refsAt = (path: (string | number)[]): unknown => {
    let node: unknown = expressions;
    for (const step of path) node = isObj(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[step] : undefined;
    return isObj(node) ? node.references : undefined;
  };
  const order = Array.isArray(request.computeEnvironmentOrder) ? [...request.computeEnvironmentOrder] : [];
  for (const u of unknown) {
    const m = /^compute_environment_order\[(\d+)\]\.compute_environment$/.exec(u);
    if (!m) continue;
    const i = Number(m[1]);
    const name = target(refsAt(['compute_environment_order', i, 'compute_environment']), 'aws_batch_compute_environment');
    const entry = isObj(order[i]) ? order[i] as Obj : { order: i + 1 };
    define(entry, 'computeEnvironment', name ?? `<unresolved ${r.address}.compute_environment_order[${i}] (known after apply)>`);
    order[i] = entry;
  }
  if (unknown.includes('compute_environments')) {
    const refs = refsAt(['compute_environments']);
    const addresses = [...new Set((Array.isArray(refs) ? refs : []).filter((x): x is string => typeof x === 'string' && x.startsWith('aws_batch_compute_environment.')).map((x) => x.split('.').slice(0, 2).join('.')))];
    addresses.forEach((a, i) => order.push({ order: i + 1, computeEnvironment: target([a], 'aws_batch_compute_environment') ?? `<unresolved ${a} (known after apply)>` }));
  }
  if (order.length > 0) define(request, 'computeEnvironmentOrder', order);
  if (unknown.includes('scheduling_policy_arn')) {
    const name = target(refsAt(['scheduling_policy_arn']), 'aws_batch_scheduling_policy');
    if (name !== undefined) define(request, 'schedulingPolicyArn', name);
    else notice(r.address, 'its scheduling_policy_arn is known only after apply and refers to no aws_batch_scheduling_policy of this plan');
  }
}
