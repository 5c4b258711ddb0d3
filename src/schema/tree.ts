// What the corpus recorded, gathered by place in the format: one Node per abstract path (list
// items `[]`, a map's entries `*`), and under it one Variant per kind of mapping the validator read
// there (told apart by the keys its allow() call accepts: a CancelJob action and an
// UpdateJobQueue action are two variants of `actions[]`). schema.ts turns the tree into JSON Schema.
import { isObj, type FieldRead, type NumberRule } from '../scenario/check.js';
import { childPath } from '../scenario/source.js';
import type { AllowCall, PathRecord } from './record.js';

type AllowShape = Pick<AllowCall, 'known' | 'ignored' | 'special'>;

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
type Scalar = string | number | boolean | null;

export class Node {
  /** Typed reads of the value here by its mapping (string, enum, number, …). */
  readonly forms: FieldRead[] = [];
  /** checkNumber of the value here. */
  readonly numbers: NumberRule[] = [];
  /** The JSON types the value had in the corpus. */
  readonly observed = new Set<JsonType>();
  /** Mappings read here, by kind (see variantKey). */
  readonly variants = new Map<string, Variant>();
  /** The lines that made a Fields here, each with the allow() lines reached on what it made. */
  readonly readers = new Map<string, Set<string>>();
  /** The lines that called checkNumber here. */
  readonly numberSites = new Set<string>();
  /** Keys that choose a mapping's allowed keys here (PathRecord.tags). */
  readonly tags = new Set<string>();
  /** Mappings here that no Fields read (a field batchsim accepts without looking inside). */
  unchecked = 0;
  items: Node | undefined;

  constructor(readonly path: string) {}

  /** Something the validator said about this place or below it. */
  hasInfo(seen = new Set<Node>()): boolean {
    if (seen.has(this)) return false;
    seen.add(this);
    return this.forms.length > 0 || this.numbers.length > 0 || this.variants.size > 0 || (this.items?.hasInfo(seen) ?? false);
  }
}

/** How a mapping's keys are known: listed by allow(), named by the user (a map), or read in part. */
export type VariantKind = 'allow' | 'map' | 'open';

export class Variant {
  instances = 0;
  /** The first allow() call's lists (kind allow). */
  allow: AllowShape | undefined;
  /** Keys that passed as the user's own (allow's `free`). */
  readonly freeKeys = new Set<string>();
  readonly children = new Map<string, Node>();
  /** Instances that read the key as required. */
  readonly required = new Map<string, number>();
  /** Instances that have the key. */
  readonly present = new Map<string, number>();
  /** Scalar values the key had, for telling variants apart. */
  readonly values = new Map<string, Set<Scalar>>();
  /** One instance, in the smallest document that has one: where required keys are confirmed (required.ts). */
  sample: Sample | undefined;
  /** Keys read as required in every instance that the validator does not miss when absent (guarded reads). */
  readonly optional = new Set<string>();

  constructor(readonly node: Node, readonly kind: VariantKind, readonly signature: string) {}

  child(key: string): Node {
    let n = this.children.get(key);
    if (!n) this.children.set(key, (n = new Node(this.kind === 'map' ? `${this.node.path}.*` : childPathOf(this.node.path, key))));
    return n;
  }
}

/** A place as messages name it. */
export function where(path: string): string {
  return path || '(the document)';
}

function childPathOf(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** An instance of a variant: in which document (by the caller's numbering, with its size) and where. */
export interface Sample {
  document: number;
  size: number;
  /** The instance's path, and the keys and indexes that lead to it. */
  path: string;
  steps: (string | number)[];
}

export function jsonType(v: unknown): JsonType {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  return typeof v === 'boolean' ? 'boolean' : 'string';
}

/**
 * Adds one validated document: `value` is its plain data, `records` what the validator checked
 * where. `isMap(path)` says whether the keys of the mapping at an abstract path are the user's.
 * Problems (two different allow() calls on one mapping) go to `problems`.
 */
export function addDocument(
  root: Node, value: unknown, records: Map<string, PathRecord>, isMap: (path: string) => boolean, problems: string[],
  document: Omit<Sample, 'path' | 'steps'> = { document: 0, size: 0 },
): void {
  /** The mappings being walked, outermost first, with the lines that made them. */
  const open: { made: ReadonlySet<string>; node: Node }[] = [];
  /**
   * The node for the value at `path`: `node`, or, when a reader that made an enclosing mapping
   * makes this one too (a Parallel state's branch holds states; a Choice rule's And holds rules),
   * that enclosing node, so the format's recursion is one place (a $ref in the schema).
   */
  const placeOf = (path: string, node: Node): Node => {
    const made = records.get(path)?.madeAt;
    if (!made || made.size === 0) return node;
    return open.find((o) => [...made].some((m) => o.made.has(m)))?.node ?? node;
  };
  const walk = (v: unknown, path: string, node: Node, steps: (string | number)[]): void => {
    const r = records.get(path);
    node.observed.add(jsonType(v));
    if (r) {
      node.numbers.push(...r.numbers);
      for (const s of r.numberSites) node.numberSites.add(s);
      for (const s of r.madeAt) if (!node.readers.has(s)) node.readers.set(s, new Set());
      for (const a of r.allows) node.readers.get(a.madeAt)?.add(a.site);
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        const at = childPath(path, i);
        node.items = placeOf(at, (node.items ??= new Node(`${node.path}[]`)));
        walk(x, at, node.items, [...steps, i]);
      });
      return;
    }
    if (!isObj(v)) return;
    if (!r?.mapping) {
      node.unchecked++;
      return;
    }
    for (const t of r.tags) node.tags.add(t);
    const variant = variantOf(node, r, isMap(node.path), problems);
    variant.instances++;
    if (!variant.sample || document.size < variant.sample.size) variant.sample = { ...document, path, steps };
    const free = new Set(r.allows.flatMap((a) => a.free));
    for (const k of free) variant.freeKeys.add(k);
    const keyOf = (k: string) => (variant.kind === 'map' ? '*' : k);
    for (const [k, reads] of r.reads) {
      variant.child(keyOf(k)).forms.push(...reads);
      if (variant.kind !== 'map' && reads.some(isRequired)) variant.required.set(k, (variant.required.get(k) ?? 0) + 1);
    }
    open.push({ made: r.madeAt, node });
    for (const [k, x] of Object.entries(v)) {
      if (free.has(k)) continue;
      variant.present.set(k, (variant.present.get(k) ?? 0) + 1);
      if (x === null || typeof x !== 'object') {
        let set = variant.values.get(k);
        if (!set) variant.values.set(k, (set = new Set()));
        set.add(x as Scalar);
      }
      const at = childPath(path, k);
      const child = placeOf(at, variant.child(keyOf(k)));
      variant.children.set(keyOf(k), child);
      walk(x, at, child, [...steps, k]);
    }
    open.pop();
  };
  walk(value, '', root, []);
}

function isRequired(read: FieldRead): boolean {
  return read.kind === 'number' ? read.rule.required === true : 'required' in read && read.required === true;
}

function variantOf(node: Node, r: PathRecord, map: boolean, problems: string[]): Variant {
  const first = r.allows[0];
  const shape = first && { known: first.known, ignored: first.ignored, special: first.special };
  const signature = map ? 'map' : shape ? JSON.stringify([shape.known, shape.ignored, Object.keys(shape.special)]) : 'open';
  for (const a of r.allows.slice(1)) {
    if (JSON.stringify([a.known, a.ignored, Object.keys(a.special)]) !== JSON.stringify([first!.known, first!.ignored, Object.keys(first!.special)])) {
      problems.push(`${where(node.path)}: two different allow() calls on one mapping; the schema takes one list of keys per mapping`);
    }
  }
  let variant = node.variants.get(signature);
  if (!variant) {
    variant = new Variant(node, map ? 'map' : shape ? 'allow' : 'open', signature);
    if (shape && !map) variant.allow = shape;
    node.variants.set(signature, variant);
  }
  return variant;
}

/** Every node of the tree, parents first. */
export function nodesOf(root: Node): Node[] {
  const out: Node[] = [];
  const seen = new Set<Node>();
  const visit = (n: Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    out.push(n);
    for (const v of n.variants.values()) for (const c of v.children.values()) visit(c);
    if (n.items) visit(n.items);
  };
  visit(root);
  return out;
}

/**
 * A reader serves every place it is called for, so the corpus must show each place all it takes:
 * every branch (allow() line) that the Fields made at one line reaches anywhere, and a mapping
 * wherever the checkNumber line that elsewhere sits beside one (a duration is seconds or
 * `{ distribution, … }`) reads a number. One problem per place and missing line.
 */
export function coverageProblems(root: Node): string[] {
  const nodes = nodesOf(root);
  const branches = new Map<string, Set<string>>();
  const beside = new Map<string, Set<string>>();
  for (const n of nodes) {
    for (const [made, allows] of n.readers) for (const a of allows) add(branches, made, a);
    for (const s of n.numberSites) for (const made of n.readers.keys()) add(beside, s, made);
  }
  const problems: string[] = [];
  for (const n of nodes) {
    for (const [made, allows] of n.readers) {
      const missing = [...(branches.get(made) ?? [])].filter((a) => !allows.has(a));
      if (missing.length > 0) {
        problems.push(`${where(n.path)}: the corpus has mappings read by ${made} here, but none reaching ${missing.join(', ')} (reached at other places): add one to schema/corpus`);
      }
    }
    for (const s of n.numberSites) {
      const missing = [...(beside.get(s) ?? [])].filter((m) => !n.readers.has(m));
      if (missing.length > 0) problems.push(`${where(n.path)}: the corpus has only numbers here (read by ${s}), which elsewhere also takes a mapping (read by ${missing.join(', ')}): add one to schema/corpus`);
    }
  }
  return problems;
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/**
 * Read as required in every instance, and not found absent-but-fine by required.ts: a reader
 * that asks for a key only when it is there (`if (f.has(k)) f.list(k, { required: true })`)
 * looks required in every valid document, so the validator is asked without it.
 */
export function isRequiredKey(v: Variant, key: string): boolean {
  return (v.required.get(key) ?? 0) === v.instances && !v.optional.has(key);
}
