// Turns scenario text into plain JS values plus the position of every node, keyed by the same
// paths that problems carry. Validation then works on plain data and only asks for positions when
// it reports something. YAML goes through the `yaml` AST (not toJS) so that duplicate keys and
// positions survive; JSON is first checked with JSON.parse (YAML would accept things JSON forbids,
// such as comments and trailing commas) and then read through the same AST, since JSON is YAML.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Problem } from './errors.js';

export interface Position {
  line: number;
  column: number;
}

export interface Source {
  /** The document as plain data (maps → objects, sequences → arrays, scalars → values). */
  root: unknown;
  /** Position of the value at each path ('' = document root). */
  values: Map<string, Position>;
  /** Position of the key of each mapping entry, by the entry's path. */
  keys: Map<string, Position>;
  /** Syntax errors and duplicate keys found while reading. */
  problems: Problem[];
}

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

export function readSource(text: string, isJson: boolean): Source {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
  const pos = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (isJson) {
    const jsonProblem = checkJson(text, pos);
    if (jsonProblem) return { root: undefined, values: new Map(), keys: new Map(), problems: [jsonProblem] };
    // Valid JSON that YAML cannot read (rare: e.g. keys over 1024 characters): keep the data, lose positions.
    if (doc.errors.length > 0) return { root: JSON.parse(text) as unknown, values: new Map(), keys: new Map(), problems: [] };
  }
  if (doc.errors.length > 0) {
    // After a syntax error the tree is unreliable, so report only the syntax errors.
    return {
      root: undefined, values: new Map(), keys: new Map(),
      problems: doc.errors.map((e) => ({ path: '', message: `${isJson ? 'JSON' : 'YAML'} syntax error: ${firstLine(e.message)}`, ...pos(e.pos[0]) })),
    };
  }
  const walker = new Walker(doc, pos);
  const root = doc.contents === null ? null : walker.walk(doc.contents as YamlNode, '', []);
  return { root, values: walker.values, keys: walker.keys, problems: walker.problems };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** JSON.parse reports an offset ("at position 42") in Node 20; turn it into line and column. */
function checkJson(text: string, pos: (offset: number) => Position): Problem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    return { path: '', message: `JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, '')}`, ...pos(offset) };
  }
}

const MAX_ALIAS_EXPANSIONS = 10_000;

class Walker {
  readonly values = new Map<string, Position>();
  readonly keys = new Map<string, Position>();
  readonly problems: Problem[] = [];

  constructor(
    private readonly doc: Document,
    private readonly pos: (offset: number) => Position,
    /** Shared by the scratch walkers of merge keys, so nested aliases cannot expand without bound. */
    private readonly budget = { aliases: MAX_ALIAS_EXPANSIONS },
  ) {}

  walk(node: YamlNode, path: string, stack: YamlNode[]): unknown {
    if (node.range) this.values.set(path, this.pos(node.range[0]));
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as YamlNode | undefined;
      if (!target || stack.includes(target)) {
        this.problem(path, node, `Alias *${node.source} cannot be resolved here`);
        return null;
      }
      if (--this.budget.aliases < 0) {
        if (this.budget.aliases === -1) this.problem(path, node, `Too many alias expansions (more than ${MAX_ALIAS_EXPANSIONS})`);
        return null;
      }
      return this.walkResolved(target, path, [...stack, target]);
    }
    return this.walkResolved(node, path, stack);
  }

  private walkResolved(node: YamlNode, path: string, stack: YamlNode[]): unknown {
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((item, i) => this.walkItem(item as YamlNode | null, childPath(path, i), stack));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const merges: YamlNode[] = [];
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        if (isScalar(key) && typeof key.value === 'symbol') {
          if (pair.value) merges.push(pair.value as YamlNode);
          else this.problem(path, key, 'A merge key (<<) must refer to a mapping');
          continue;
        }
        if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
          this.problem(path, key ?? node, 'Mapping keys must be plain strings');
          continue;
        }
        const name = String(key.value);
        const p = childPath(path, name);
        if (Object.prototype.hasOwnProperty.call(out, name)) {
          this.problem(p, key, `Duplicate key "${name}" (each key may appear once in a mapping)`);
          continue;
        }
        if (key.range) this.keys.set(p, this.pos(key.range[0]));
        define(out, name, this.walkItem(pair.value as YamlNode | null, p, stack));
        if (!this.values.has(p) && key.range) this.values.set(p, this.pos(key.range[0]));
      }
      // YAML merge keys (`<<: *defaults`): merged entries never override explicit ones.
      for (const m of merges) this.merge(out, m, path, stack);
      return out;
    }
    return null;
  }

  private walkItem(node: YamlNode | null, path: string, stack: YamlNode[]): unknown {
    return node === null ? null : this.walk(node, path, stack);
  }

  private merge(out: Record<string, unknown>, source: YamlNode, path: string, stack: YamlNode[]): void {
    const sources = isSeq(source) ? (source.items as YamlNode[]) : [source];
    for (const s of sources) {
      // Walk into a scratch walker so the merged entries cannot move the positions of explicit ones.
      const scratch = new Walker(this.doc, this.pos, this.budget);
      const value = scratch.walk(s, path, stack);
      this.problems.push(...scratch.problems);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        this.problem(path, s, 'A merge key (<<) must refer to a mapping');
        continue;
      }
      for (const [k, v] of Object.entries(value)) {
        if (Object.prototype.hasOwnProperty.call(out, k)) continue;
        define(out, k, v);
        const p = childPath(path, k);
        for (const [map, from] of [[this.values, scratch.values], [this.keys, scratch.keys]] as const) {
          for (const [q, at] of from) if (q === p || q.startsWith(`${p}.`) || q.startsWith(`${p}[`)) map.set(q, at);
        }
      }
    }
  }

  private problem(path: string, node: YamlNode, message: string): void {
    const at = node.range ? this.pos(node.range[0]) : {};
    this.problems.push({ path, message, ...at });
  }
}

/** Plain assignment would treat a `__proto__` key specially. */
function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
