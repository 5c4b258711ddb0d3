// The recorded tree (tree.ts) as JSON Schema draft-07, the draft VS Code's YAML extension
// (redhat.vscode-yaml) supports best. What it says comes from the validator's own calls: the keys
// allow() accepts (additionalProperties: false), its special messages (as deprecationMessage,
// which the extension shows), the types, enum values, patterns, bounds and required flags of the readers,
// and the rule strings they show in problems (descriptions). Where one place holds several kinds of
// mapping, they are alternatives (anyOf), each with its discriminating value (`type`, `action`, …).
import { expectation, type FieldRead, type NumberRule } from '../scenario/check.js';
import type { Shapes } from './shapes.js';
import { isRequiredKey, where, type JsonType, type Node, type Variant } from './tree.js';

export type Schema = { [key: string]: unknown };

/** Said of fields that Fields.allow() notes as accepted but not simulated. */
export const IGNORED_TEXT = 'Accepted but not simulated: it changes nothing in the model (validate lists it as a notice; --strict refuses it).';

export class SchemaWriter {
  /** Problems with the corpus or the shapes table: generation fails with all of them. */
  readonly problems: string[] = [];
  /** Where the schema is weaker than the validator, said once each (the script prints them). */
  readonly notes: string[] = [];
  /** Abstract paths of the shapes table that were met, to find stale entries. */
  readonly used = new Set<string>();
  /** Schemas of places the format nests in themselves (a state's branch holds states), by name. */
  readonly definitions: Record<string, Schema> = {};
  /** Places being written, and the definition name of each place met again while being written. */
  private readonly active = new Set<Node>();
  private readonly named = new Map<Node, string>();

  constructor(private readonly shapes: Shapes) {}

  /** The schema of the value at `node`; `optional`: absent or null (which the readers treat alike) is valid too. */
  value(node: Node, optional = false): Schema {
    if (this.active.has(node) || this.definitions[this.named.get(node) ?? ''] !== undefined) {
      const ref = { $ref: `#/definitions/${this.nameOf(node)}` };
      return optional ? nullable(ref) : ref;
    }
    this.active.add(node);
    const schema = this.inner(node, optional);
    this.active.delete(node);
    const name = this.named.get(node);
    if (name === undefined) return optional ? nullable(schema) : schema;
    this.definitions[name] = schema;
    const ref = { $ref: `#/definitions/${name}` };
    return optional ? nullable(ref) : ref;
  }

  private nameOf(node: Node): string {
    let name = this.named.get(node);
    if (name === undefined) this.named.set(node, (name = node.path.replace(/\[\]/g, '-item').replace(/\*/g, 'entry').replace(/[^A-Za-z0-9_.-]/g, '_') || 'document'));
    return name;
  }

  /** The schema of the value at `node`, without null (a recursive place's definition). */
  private inner(node: Node, optional: boolean): Schema {
    if (!node.hasInfo()) return {};
    const parts: Schema[] = [];
    const reads = (kind: FieldRead['kind']) => node.forms.filter((f) => f.kind === kind);
    const strings = reads('string') as Extract<FieldRead, { kind: 'string' }>[];
    const enums = reads('enum') as Extract<FieldRead, { kind: 'enum' }>[];
    const numbers = [...(reads('number') as Extract<FieldRead, { kind: 'number' }>[]).map((r) => r.rule), ...node.numbers];
    if (enums.length > 0) parts.push(enumSchema(enums));
    if (strings.length > 0) parts.push(...this.stringSchemas(node, strings));
    if (numbers.length > 0) parts.push(numberSchema(numbers));
    if (reads('boolean').length > 0) parts.push({ type: 'boolean' });
    const checked = [...node.variants.values()];
    if (checked.length > 0) parts.push(this.objects(node, checked));
    else if (reads('object').length > 0) parts.push({ type: 'object' });
    if (reads('list').length > 0 || node.items?.hasInfo()) {
      const items = node.items ? this.value(node.items) : {};
      parts.push(Object.keys(items).length > 0 ? { type: 'array', items } : { type: 'array' });
    }
    // A type the corpus holds here that no reader accepts: the validator took it by other means
    // (a resourceRequirements value "2" is converted before checkNumber sees it). Accept it.
    for (const t of node.observed) {
      if (t === 'null' ? optional : parts.some((p) => covers(p, t))) continue;
      parts.push({ type: t });
      this.notes.push(`${node.path}: ${t} values are accepted without further checks (the validator reads them by other means)`);
    }
    // Alternatives of alternatives are alternatives.
    const flat = parts.flatMap((p) => (Array.isArray(p.anyOf) && Object.keys(p).length === 1 ? (p.anyOf as Schema[]) : [p]));
    return flat.length === 1 ? flat[0]! : { anyOf: flat };
  }

  private stringSchemas(node: Node, strings: Extract<FieldRead, { kind: 'string' }>[]): Schema[] {
    if (strings.some((s) => !s.pattern)) return [{ type: 'string' }];
    const patterns = [...new Map(strings.map((s) => [s.pattern!.source + '/' + s.pattern!.flags, s.pattern!])).values()];
    return patterns.map((p) => {
      if (p.flags !== '') this.problems.push(`${node.path}: pattern /${p.source}/${p.flags} has flags, which JSON Schema cannot say`);
      try {
        new RegExp(p.source, 'u');
      } catch {
        this.problems.push(`${node.path}: pattern /${p.source}/ is not valid with the u flag (JSON Schema patterns are)`);
      }
      return { type: 'string', pattern: p.source };
    });
  }

  private objects(node: Node, variants: Variant[]): Schema {
    // Mappings here that no Fields read (a Pass state's Parameters, beside a Batch Task's): any mapping.
    const any: Schema[] = node.unchecked > 0 ? [{ type: 'object' }] : [];
    if (node.unchecked > 0) this.notes.push(`${where(node.path)}: some mappings here are read by the validator and some are not; the schema accepts any mapping`);
    if (variants.length === 1) {
      // One kind seen: each tag's values must all be reached (each may allow other keys).
      for (const tag of node.tags) this.coverage(node, variants, tag);
      return any.length > 0 ? { anyOf: [this.variant(variants[0]!), ...any] } : this.variant(variants[0]!);
    }
    const disc = this.discriminator(node, variants);
    const schemas = variants.map((v) => ({ v, key: disc ? [...v.values.get(disc)!].map(String).sort()[0]! : v.signature }));
    schemas.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { anyOf: [...schemas.map(({ v }) => this.variant(v, disc)), ...any] };
  }

  /** Every value a reader lists for `key` (f.enum) must be reached here: each may allow other keys. */
  private coverage(node: Node, variants: Variant[], key: string): void {
    const listed = new Set(variants.flatMap((v) => v.children.get(key)?.forms.flatMap((f) => (f.kind === 'enum' ? f.values : [])) ?? []));
    const reached = new Set(variants.flatMap((v) => [...(v.values.get(key) ?? [])].map(String)));
    const missing = [...listed].filter((x) => !reached.has(x));
    if (missing.length > 0) this.problems.push(`${where(node.path)}: the corpus has no ${key}: ${missing.join(', ')} here (add it to a document of schema/corpus)`);
  }

  /**
   * The key whose value tells the variants apart: in every variant and instance, a string that no
   * reader takes as free text (a tag such as `type: swf` is read raw or as an enum, a name with
   * f.string), with value sets that do not overlap. A tag (PathRecord.tags) first, then the first
   * such key in allow() order.
   */
  private discriminator(node: Node, variants: Variant[]): string | undefined {
    const keys = [...node.tags, ...(variants[0]!.allow?.known ?? [])];
    const found = keys.find((k) => variants.every((v) => {
      const values = v.values.get(k);
      return v.present.get(k) === v.instances && values !== undefined && [...values].every((x) => typeof x === 'string')
        && !(v.children.get(k)?.forms.some((f) => f.kind === 'string') ?? false);
    }) && variants.every((v, i) => variants.slice(i + 1).every((w) => [...v.values.get(k)!].every((x) => !w.values.get(k)!.has(x)))));
    if (found === undefined) {
      this.notes.push(`${where(node.path)}: ${variants.length} kinds of mapping with no key that tells them apart; the schema accepts any of them`);
      return undefined;
    }
    this.coverage(node, variants, found);
    return found;
  }

  private variant(v: Variant, disc?: string): Schema {
    const path = v.node.path;
    if (v.kind === 'map') {
      this.used.add(path);
      const entries = v.children.get('*');
      const values = entries ? this.value(entries, true) : {};
      return withDescription({ type: 'object', ...(Object.keys(values).length > 0 ? { additionalProperties: values } : {}) }, this.shapes.descriptions[`${path}.*`]);
    }
    if (v.kind === 'open') {
      if (this.shapes.partial.includes(path)) this.used.add(path);
      else {
        this.problems.push(`${where(path)}: a mapping the validator reads without allow() (keys ${[...v.children.keys()].join(', ') || 'none'}): `
          + 'list its path in src/schema/shapes.ts, under maps if the user names its keys or under partial if it is an AWS object batchsim reads in part');
      }
    }
    const allow = v.allow;
    const ignored = new Set(allow?.ignored ?? []);
    const special = allow?.special ?? {};
    const order = allow ? [...allow.known, ...allow.ignored, ...Object.keys(special)] : [];
    const keys = [...order, ...[...v.children.keys()].filter((k) => !order.includes(k)).sort()];
    const properties: Schema = {};
    const required: string[] = [];
    for (const key of keys) {
      const at = path ? `${path}.${key}` : key;
      if (Object.prototype.hasOwnProperty.call(special, key)) {
        // Refused with its own message: VS Code's YAML extension shows deprecationMessage (and offers no completion).
        properties[key] = { description: special[key], deprecationMessage: special[key], not: {} };
        continue;
      }
      const child = v.children.get(key);
      const isRequired = key === disc || isRequiredKey(v, key);
      let s = child ? this.value(child, !isRequired) : {};
      if (key === disc) s = tag([...v.values.get(key)!].map(String).sort());
      if (isRequired) required.push(key);
      const description = this.shapes.descriptions[at] ?? (ignored.has(key) ? IGNORED_TEXT : child ? describeForms(child) : undefined);
      if (this.shapes.descriptions[at] !== undefined) this.used.add(at);
      properties[key] = withDescription(s, description);
    }
    const out: Schema = { type: 'object', properties };
    if (required.length > 0) out.required = required;
    if (allow) {
      out.additionalProperties = false;
      const free = this.shapes.free[path];
      if (free !== undefined) {
        this.used.add(`free:${path}`);
        const re = new RegExp(free, 'u');
        for (const k of v.freeKeys) if (!re.test(k)) this.problems.push(`${where(path)}: allow() let "${k}" pass as the user's own key, which the pattern ${free} of src/schema/shapes.ts does not match`);
        out.patternProperties = { [free]: { description: this.shapes.descriptions[`free:${path}`] } };
      } else if (v.freeKeys.size > 0) {
        this.problems.push(`${where(path)}: allow() lets the user's own keys pass (${[...v.freeKeys].join(', ')}); give their pattern under free in src/schema/shapes.ts`);
      }
    }
    return withDescription(out, this.shapes.descriptions[path]);
  }
}

function tag(values: string[]): Schema {
  return values.length === 1 ? { const: values[0] } : { enum: values };
}

function withDescription(s: Schema, description: string | undefined): Schema {
  return description === undefined ? s : { description, ...s };
}

/** The validator's own words for what it expects here: rule strings, number ranges, `what`. */
function describeForms(node: Node): string | undefined {
  const texts = new Set<string>();
  for (const f of node.forms) {
    if (f.kind === 'string' && f.rule) texts.add(f.rule);
    else if (f.kind === 'number') texts.add(expectation(f.rule));
    else if ((f.kind === 'object' || f.kind === 'list') && f.what) texts.add(f.what);
  }
  for (const r of node.numbers) texts.add(expectation(r));
  return texts.size > 0 ? [...texts].sort().join('; ') : undefined;
}

function covers(s: Schema, t: JsonType): boolean {
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).some((x) => covers(x, t));
  if (Array.isArray(s.enum)) return t === 'string';
  if (t === 'number') return s.type === 'number' || s.type === 'integer';
  return s.type === t;
}

/** Absent and null are the same to the readers (Fields.has). */
function nullable(s: Schema): Schema {
  if (Object.keys(s).length === 0) return s;
  if (Array.isArray(s.anyOf)) return { ...s, anyOf: [...(s.anyOf as Schema[]), { type: 'null' }] };
  if (Array.isArray(s.enum)) return { ...s, enum: [...(s.enum as unknown[]), null] };
  if (typeof s.type === 'string' && s.const === undefined) return { ...s, type: [s.type, 'null'] };
  return { anyOf: [s, { type: 'null' }] };
}

function enumSchema(reads: Extract<FieldRead, { kind: 'enum' }>[]): Schema {
  const values = [...new Set(reads.flatMap((r) => r.values))];
  if (!reads.some((r) => r.caseInsensitive)) return { enum: values };
  // Values in any case (AWS accepts `retry` for RETRY): the pattern accepts them, the enum offers them.
  const letters = values.map((v) => [...v].map((ch) => (/[a-z]/i.test(ch) ? `[${ch.toUpperCase()}${ch.toLowerCase()}]` : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join(''));
  return { anyOf: [{ enum: values }, { type: 'string', pattern: `^(?:${letters.join('|')})$` }] };
}

/** The loosest of the rules the readers applied here: what any of them accepts passes. */
function numberSchema(rules: NumberRule[]): Schema {
  const s: Schema = { type: rules.every((r) => r.integer) ? 'integer' : 'number' };
  if (rules.every((r) => r.min !== undefined)) {
    const min = Math.min(...rules.map((r) => r.min!));
    if (rules.every((r) => r.min !== min || r.above)) s.exclusiveMinimum = min;
    else s.minimum = min;
  }
  if (rules.every((r) => r.max !== undefined && !r.infinite)) s.maximum = Math.max(...rules.map((r) => r.max!));
  return s;
}
