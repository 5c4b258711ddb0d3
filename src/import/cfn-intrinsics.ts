// CloudFormation's intrinsic functions, evaluated the way CloudFormation would for one stack:
// parameters take their Default (or --parameter), pseudo parameters the --region / --account-id /
// --stack-name given (or a stated assumption), conditions are worked out, and a Ref or GetAtt of an
// AWS Batch resource of the template is its ARN. What only a deployment knows — a resource of
// another type (a role, a subnet), an export of another stack, an SSM parameter — becomes a
// placeholder string `<unresolved …>` with the reason kept, never a crash: most such values sit in
// fields batchsim does not model (and leaves out), and those that survive are listed as notices.
import { childPath as child, define, isObj, type Obj } from './model.js';

/** Marks a placeholder for a value only a deployment knows. */
export const UNRESOLVED = '<unresolved ';

/** Why the placeholder `s` holds could not be resolved (from the sources' `unresolved` tables), or undefined. */
export function unresolvedReason(s: string, unresolved: ReadonlyMap<string, string>): string | undefined {
  for (const [token, why] of unresolved) if (s.includes(token)) return why;
  return undefined;
}

/** `AWS::NoValue`: the property is left out. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export interface CfnEnv {
  region: string;
  accountId: string;
  stackName: string;
  partition: string;
}

export interface EvalHost {
  env: CfnEnv;
  template: { Parameters?: unknown; Mappings?: unknown; Conditions?: unknown; Resources: Obj };
  /** --parameter KEY=VALUE: replaces a Default. */
  overrides: ReadonlyMap<string, string>;
  /** The ARN a Ref or GetAtt of a Batch resource returns, or undefined when the logical id is not one. */
  batchArn(logicalId: string, attribute: string | undefined): string | undefined;
  /** A malformed intrinsic (CloudFormation would reject the template) at a source path. */
  fail(sourcePath: string, message: string): void;
}

type Trace = (outPath: string, sourcePath: string) => void;


export class Evaluator {
  /** Placeholders handed out, with why each could not be resolved. */
  readonly unresolved = new Map<string, string>();
  /** Pseudo parameters used whose value is an assumption (not given on the command line). */
  readonly assumed = new Set<string>();
  private readonly conditions = new Map<string, boolean | 'pending'>();

  constructor(private readonly host: EvalHost, private readonly given: ReadonlySet<string>) {}

  /** The value of a template node at `src`; `trace` learns which source path each output path came from. */
  value(node: unknown, src: string, out: string, trace: Trace): unknown {
    trace(out, src);
    if (Array.isArray(node)) {
      const list: unknown[] = [];
      node.forEach((item, i) => {
        const v = this.value(item, child(src, i), child(out, list.length), trace);
        if (v !== NO_VALUE) list.push(v);
      });
      return list;
    }
    if (!isObj(node)) return node;
    const fn = intrinsicOf(node);
    if (fn) return this.intrinsic(fn, node[fn], child(src, fn), out, trace);
    const obj: Obj = {};
    for (const [k, v] of Object.entries(node)) {
      const x = this.value(v, child(src, k), child(out, k), trace);
      if (x !== NO_VALUE) define(obj, k, x);
    }
    return obj;
  }

  /** Whether the named condition of the template holds. */
  condition(name: string, src: string): boolean {
    const known = this.conditions.get(name);
    if (known === 'pending') {
      this.host.fail(src, `Condition "${name}" refers to itself`);
      return false;
    }
    if (known !== undefined) return known;
    const all = isObj(this.host.template.Conditions) ? this.host.template.Conditions : {};
    if (!Object.prototype.hasOwnProperty.call(all, name)) {
      this.host.fail(src, `Condition "${name}" is not in the template's Conditions`);
      return false;
    }
    this.conditions.set(name, 'pending');
    const v = this.bool(all[name], `Conditions.${name}`);
    this.conditions.set(name, v);
    return v;
  }

  private bool(node: unknown, src: string): boolean {
    const v = this.value(node, src, '', () => {});
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    this.host.fail(src, 'a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition (a true or false value)');
    return false;
  }

  private placeholder(what: string, why: string): string {
    const token = `${UNRESOLVED}${what}>`;
    if (!this.unresolved.has(token)) this.unresolved.set(token, why);
    return token;
  }

  private intrinsic(fn: string, arg: unknown, src: string, out: string, trace: Trace): unknown {
    const plain = (node: unknown, at: string) => this.value(node, at, '', () => {});
    const args = (n: number): unknown[] | undefined => {
      if (Array.isArray(arg) && arg.length === n) return arg;
      this.host.fail(src, `${fn} takes a list of ${n} values`);
      return undefined;
    };
    switch (fn) {
      case 'Ref':
        return typeof arg === 'string' ? this.ref(arg, src) : this.bad(src, 'Ref takes a logical id or parameter name');
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg, src) : this.bad(src, 'Condition takes a condition name');
      case 'Fn::GetAtt': {
        const a = Array.isArray(arg) ? arg.map((x, i) => plain(x, child(src, i))) : undefined;
        if (!a || a.length !== 2 || typeof a[0] !== 'string' || typeof a[1] !== 'string') return this.bad(src, 'Fn::GetAtt takes [logicalId, attribute]');
        return this.getAtt(a[0], a[1]);
      }
      case 'Fn::Sub':
        return this.sub(arg, src);
      case 'Fn::Join': {
        const a = args(2);
        const list = a && plain(a[1], child(src, 1));
        if (!a || typeof a[0] !== 'string' || !Array.isArray(list)) return a ? this.bad(src, 'Fn::Join takes [delimiter, list]') : this.bad(src);
        return list.filter((x) => x !== NO_VALUE).map(String).join(a[0]);
      }
      case 'Fn::Select': {
        const a = args(2);
        if (!a) return this.bad(src);
        const index = Number(plain(a[0], child(src, 0)));
        const list = plain(a[1], child(src, 1));
        if (!Number.isInteger(index) || !Array.isArray(list)) return this.bad(src, 'Fn::Select takes [index, list]');
        if (index < 0 || index >= list.length) return this.bad(src, `Fn::Select index ${index} is outside the list of ${list.length}`);
        trace(out, child(src, 1));
        return list[index];
      }
      case 'Fn::Split': {
        const a = args(2);
        const s = a && plain(a[1], child(src, 1));
        if (!a || typeof a[0] !== 'string' || typeof s !== 'string') return a ? this.bad(src, 'Fn::Split takes [delimiter, string]') : this.bad(src);
        return s.includes(UNRESOLVED) ? [s] : s.split(a[0]);
      }
      case 'Fn::FindInMap':
        return this.findInMap(arg, src);
      case 'Fn::GetAZs': {
        const region = plain(arg, src);
        const r = typeof region === 'string' && region !== '' ? region : this.pseudo('AWS::Region');
        // Three zones stand for the region's: only subnets and placement, which batchsim does not model, use them.
        return ['a', 'b', 'c'].map((z) => `${r}${z}`);
      }
      case 'Fn::Base64': {
        const s = plain(arg, src);
        return typeof s === 'string' ? Buffer.from(s, 'utf8').toString('base64') : this.bad(src, 'Fn::Base64 takes a string');
      }
      case 'Fn::ImportValue': {
        const name = plain(arg, src);
        return this.placeholder(`!ImportValue ${String(name)}`, `exported by another stack: Fn::ImportValue "${String(name)}" cannot be resolved from this template`);
      }
      case 'Fn::Length': {
        const list = plain(arg, src);
        return Array.isArray(list) ? list.length : this.bad(src, 'Fn::Length takes a list');
      }
      case 'Fn::ToJsonString':
        return JSON.stringify(plain(arg, src));
      case 'Fn::Equals': {
        const a = args(2);
        return a ? JSON.stringify(plain(a[0], child(src, 0))) === JSON.stringify(plain(a[1], child(src, 1))) : false;
      }
      case 'Fn::Not': {
        const a = args(1);
        return a ? !this.bool(a[0], child(src, 0)) : false;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(arg) || arg.length < 1) return this.bad(src, `${fn} takes a list of conditions`);
        const values = arg.map((c, i) => this.bool(c, child(src, i)));
        return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
      case 'Fn::If': {
        const a = args(3);
        if (!a || typeof a[0] !== 'string') return this.bad(src, 'Fn::If takes [conditionName, valueIfTrue, valueIfFalse]');
        const branch = this.condition(a[0], child(src, 0)) ? 1 : 2;
        return this.value(a[branch], child(src, branch), out, trace);
      }
      default:
        // Fn::Cidr, Fn::Transform, Fn::GetStackOutput and anything newer: known only to a deployment.
        return this.placeholder(fn, `${fn} is not evaluated by batchsim import`);
    }
  }

  private bad(src: string, message?: string): string {
    if (message) this.host.fail(src, message);
    return `${UNRESOLVED}malformed intrinsic>`;
  }

  private pseudo(name: string): string {
    if (!this.given.has(name)) this.assumed.add(name);
    return this.pseudoValue(name);
  }

  /** A pseudo parameter's value for this stack. */
  pseudoValue(name: string): string {
    const e = this.host.env;
    switch (name) {
      case 'AWS::Region':
        return e.region;
      case 'AWS::AccountId':
        return e.accountId;
      case 'AWS::StackName':
        return e.stackName;
      case 'AWS::Partition':
        return e.partition;
      case 'AWS::URLSuffix':
        return e.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackId':
        return `arn:${e.partition}:cloudformation:${e.region}:${e.accountId}:stack/${e.stackName}/00000000-0000-0000-0000-000000000000`;
      default:
        return this.placeholder(`!Ref ${name}`, `pseudo parameter ${name} is not known to batchsim import`);
    }
  }

  private ref(name: string, src: string): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name === 'AWS::NotificationARNs') return [];
    if (name.startsWith('AWS::')) return this.pseudo(name);
    const params = isObj(this.host.template.Parameters) ? this.host.template.Parameters : {};
    if (Object.prototype.hasOwnProperty.call(params, name)) return this.parameter(name, params[name]);
    if (Object.prototype.hasOwnProperty.call(this.host.template.Resources, name)) {
      return this.host.batchArn(name, undefined) ?? this.placeholder(`!Ref ${name}`, `a ${resourceType(this.host.template.Resources[name])} only a deployment knows`);
    }
    this.host.fail(src, `Ref "${name}" names no parameter, resource or pseudo parameter of the template`);
    return this.placeholder(`!Ref ${name}`, 'names nothing in the template');
  }

  private parameter(name: string, declared: unknown): unknown {
    const p = isObj(declared) ? declared : {};
    const type = typeof p.Type === 'string' ? p.Type : 'String';
    const override = this.host.overrides.get(name);
    const raw = override ?? (p.Default === undefined || p.Default === null ? undefined : p.Default);
    if (raw === undefined) return this.placeholder(`!Ref ${name}`, `parameter ${name} has no Default (give --parameter ${name}=VALUE)`);
    if (override === undefined && type.startsWith('AWS::SSM::Parameter::Value<')) {
      return this.placeholder(`!Ref ${name}`, `parameter ${name} is read from SSM Parameter Store at deployment (give --parameter ${name}=VALUE)`);
    }
    const inner = type.replace(/^AWS::SSM::Parameter::Value<(.*)>$/, '$1');
    if (inner === 'Number') return typeof raw === 'number' ? raw : Number.isFinite(Number(raw)) && String(raw).trim() !== '' ? Number(raw) : String(raw);
    if (inner === 'CommaDelimitedList' || inner.startsWith('List<')) {
      const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(',').map((s) => s.trim());
      return inner === 'List<Number>' ? items.map(Number) : items;
    }
    return typeof raw === 'string' ? raw : String(raw);
  }

  private getAtt(logicalId: string, attribute: string): unknown {
    if (!Object.prototype.hasOwnProperty.call(this.host.template.Resources, logicalId)) {
      return this.placeholder(`!GetAtt ${logicalId}.${attribute}`, `names no resource of the template`);
    }
    return this.host.batchArn(logicalId, attribute)
      ?? this.placeholder(`!GetAtt ${logicalId}.${attribute}`, `attribute ${attribute} of a ${resourceType(this.host.template.Resources[logicalId])} only a deployment knows`);
  }

  /** `${Name}`, `${Resource.Attribute}`, `${!Literal}`, with the optional variable map of the list form. */
  private sub(arg: unknown, src: string): unknown {
    const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
    if (typeof text !== 'string' || (vars !== undefined && !isObj(vars))) return this.bad(src, 'Fn::Sub takes a string, or [string, { variable: value }]');
    return text.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const key = name.trim();
      let v: unknown;
      if (vars && Object.prototype.hasOwnProperty.call(vars, key)) v = this.value(vars[key], child(child(src, 1), key), '', () => {});
      else if (key.includes('.') && !key.startsWith('AWS::')) v = this.getAtt(key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1));
      else v = this.ref(key, src);
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : this.placeholder(`\${${key}}`, 'not a string');
    });
  }

  private findInMap(arg: unknown, src: string): unknown {
    if (!Array.isArray(arg) || arg.length < 3 || arg.length > 4) return this.bad(src, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]');
    const [map, top, second] = arg.slice(0, 3).map((x, i) => this.value(x, child(src, i), '', () => {}));
    const maps = isObj(this.host.template.Mappings) ? this.host.template.Mappings : {};
    const m = typeof map === 'string' ? maps[map] : undefined;
    const t = isObj(m) && typeof top === 'string' ? m[top] : undefined;
    const v = isObj(t) && typeof second === 'string' ? t[second] : undefined;
    if (v !== undefined) return v;
    const fallback = isObj(arg[3]) ? arg[3].DefaultValue : undefined;
    if (fallback !== undefined) return this.value(fallback, child(child(src, 3), 'DefaultValue'), '', () => {});
    this.host.fail(src, `Fn::FindInMap finds nothing at ${String(map)} / ${String(top)} / ${String(second)} in the template's Mappings`);
    return this.placeholder(`!FindInMap ${String(map)}.${String(top)}.${String(second)}`, 'not in Mappings');
  }
}

/** The intrinsic function a single-key mapping calls, if it is one. */
export function intrinsicOf(node: Obj): string | undefined {
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const k = keys[0]!;
  return k === 'Ref' || k === 'Condition' || k.startsWith('Fn::') ? k : undefined;
}

function resourceType(resource: unknown): string {
  return isObj(resource) && typeof resource.Type === 'string' ? resource.Type : 'resource';
}
