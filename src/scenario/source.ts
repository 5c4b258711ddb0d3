// Turns scenario text into plain JS values plus the position of every node, keyed by the same
// paths that problems carry. Validation then works on plain data and only asks for positions when
// it reports something. YAML goes through the `yaml` AST (not toJS) so that duplicate keys and
// positions survive; JSON is first checked with JSON.parse (YAML would accept things JSON forbids,
// such as comments and trailing commas) and then read through the same AST, since JSON is YAML.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Alias, Document, Node as YamlNode } from 'yaml';
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
  const none = (problems: Problem[]): Source => ({ root: undefined, values: new Map(), keys: new Map(), problems });

  if (isJson) {
    const jsonProblem = checkJson(text, pos);
    if (jsonProblem) return none([jsonProblem]);
    // Valid JSON that YAML cannot read (rare: e.g. keys over 1024 characters): keep the data, lose positions.
    if (doc.errors.length > 0) return { root: JSON.parse(text) as unknown, values: new Map(), keys: new Map(), problems: [] };
  }
  if (doc.errors.length > 0) {
    // After a syntax error the tree is unreliable, so report only the syntax errors. Running out
    // of stack (deep nesting) fails many nodes at once: one problem says it.
    const problems = doc.errors.map((e) => ({ path: '', message: `${isJson ? 'JSON' : 'YAML'} syntax error: ${yamlMessage(e.message)}`, ...pos(e.pos[0]) }));
    const deep = problems.find((p) => p.message.endsWith(TOO_DEEP));
    return none(deep ? [deep] : problems);
  }
  const walker = new Walker(pos, aliasTargets(doc));
  try {
    const root = doc.contents === null ? null : walker.walk(doc.contents as YamlNode, '', []);
    return { root, values: walker.values, keys: walker.keys, problems: walker.problems };
  } catch (err) {
    if (err instanceof AliasBomb) return none([err.problem]);
    if (err instanceof RangeError) return none([{ path: '', message: `${isJson ? 'JSON' : 'YAML'} document is nested too deeply to read` }]);
    throw err;
  }
}

const TOO_DEEP = 'the document is nested too deeply to read';

/** yaml's message without its position (we give our own) and without the source it quotes. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (/Maximum call stack size exceeded/.test(first)) return TOO_DEEP;
  return first.replace(/: (".*"|'.*')$/, '').slice(0, 200);
}

/**
 * Where JSON.parse failed. V8 gives a position for most errors ("… in JSON at position 42 (line 3
 * column 7)") but not for an unexpected token, whose message quotes the text around it instead. The
 * position is then found by bisection: a prefix of the text is "viable" when JSON.parse fails on it
 * only because it ends (or succeeds), and viability is monotonic, so the longest viable prefix ends
 * where the error is.
 */
function checkJson(text: string, pos: (offset: number) => Position): Problem | undefined {
  const first = jsonError(text);
  if (first === undefined) return undefined;
  if (first.position !== undefined) return { path: '', message: `JSON syntax error: ${first.description}`, ...pos(first.position) };
  if (first.atEnd) return { path: '', message: 'JSON syntax error: the text ends before the JSON value does', ...pos(text.length) };
  let lo = 0;
  let hi = text.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (viable(text.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  // The error is at the character after the longest viable prefix; a word such as `tru` or `nul`
  // is a viable prefix itself, so point at its start and name it.
  const at = lo;
  const word = /(?:^|[^A-Za-z0-9_$])([A-Za-z]+)$/.exec(text.slice(Math.max(0, at - 5), at))?.[1];
  if (word !== undefined && ['true', 'false', 'null'].some((w) => w.startsWith(word) && w !== word)) {
    return {
      path: '', ...pos(at - word.length),
      message: `JSON syntax error: unexpected "${word}" (expected a string, a number, an object, a list, true, false or null)`,
    };
  }
  const code = text.codePointAt(at) ?? 0;
  const ch = String.fromCodePoint(code);
  const shown = ch === '\n' || ch === '\r' ? 'end of line'
    : /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) ? `character ${JSON.stringify(ch)}`
    : `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return { path: '', message: `JSON syntax error: unexpected ${shown}`, ...pos(at) };
}

function jsonError(text: string): { description: string; position?: number; atEnd: boolean } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /(?: in JSON)? at position (\d+)/.exec(message);
    return {
      description: at ? message.slice(0, at.index) : message,
      position: at ? Number(at[1]) : undefined,
      atEnd: /Unexpected end of JSON input/.test(message),
    };
  }
}

function viable(prefix: string): boolean {
  const e = jsonError(prefix);
  return e === undefined || e.atEnd || (e.position !== undefined && e.position >= prefix.length);
}

/**
 * The node each alias refers to: the last node before it with that anchor (YAML 1.2). Found in
 * one pass, where Alias.resolve() searches the whole document for every alias.
 */
export function aliasTargets(doc: Document): Map<Alias, YamlNode> {
  const anchors = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) targets.set(node, target);
      } else if (node.anchor) {
        anchors.set(node.anchor, node as YamlNode);
      }
    },
  });
  return targets;
}

/**
 * Values an alias may expand to, in all: an alias is walked again wherever it is used (so that
 * every path has its own position), which a chain of aliases turns into quadratic or exponential
 * work ("billion laughs").
 */
export const MAX_ALIAS_NODES = 1_000_000;

class AliasBomb extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

class Walker {
  readonly values = new Map<string, Position>();
  readonly keys = new Map<string, Position>();
  readonly problems: Problem[] = [];

  constructor(
    private readonly pos: (offset: number) => Position,
    private readonly targets: Map<Alias, YamlNode>,
    /** Shared by the scratch walkers of merge keys, so nested aliases cannot expand without bound. */
    private readonly budget = { nodes: MAX_ALIAS_NODES, depth: 0, outermost: null as { path: string; node: YamlNode } | null },
  ) {}

  walk(node: YamlNode, path: string, stack: YamlNode[]): unknown {
    if (node.range) this.values.set(path, this.pos(node.range[0]));
    if (this.budget.depth > 0) this.spend();
    if (isAlias(node)) {
      const target = this.targets.get(node);
      if (!target || stack.includes(target)) {
        this.problem(path, node, `Alias *${node.source} cannot be resolved here`);
        return null;
      }
      if (this.budget.depth++ === 0) {
        this.budget.outermost = { path, node };
        this.spend(); // a nested alias has been counted as it was entered
      }
      try {
        return this.walkResolved(target, path, [...stack, target]);
      } finally {
        this.budget.depth--;
      }
    }
    return this.walkResolved(node, path, stack);
  }

  /** One more value produced by an alias; past the budget, the reading stops at the outermost alias. */
  private spend(): void {
    if (--this.budget.nodes >= 0) return;
    const at = this.budget.outermost!;
    const where = at.node.range ? this.pos(at.node.range[0]) : {};
    throw new AliasBomb({
      path: at.path, ...where,
      message: `YAML aliases expand to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} values in all (the limit that stops alias bombs); use fewer or smaller aliases`,
    });
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
      const scratch = new Walker(this.pos, this.targets, this.budget);
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

/** Sets a key as plain data: assignment would treat `__proto__` specially. */
export function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
