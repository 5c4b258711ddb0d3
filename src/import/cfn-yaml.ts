// YAML sources with CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub`, …). The `yaml`
// library parses the tags (customTags, so they are neither errors nor lost); this walker turns each
// tagged node into the long form CloudFormation defines for it (`!Ref X` → `{ Ref: X }`,
// `!GetAtt A.B` → `{ "Fn::GetAtt": [A, B] }`, `!Join [...]` → `{ "Fn::Join": [...] }`) and keeps the
// position of every node under the same paths the long form has, so that a template in YAML and
// the same template in JSON read alike.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Alias, type Node as YamlNode, type Tags } from 'yaml';
import type { Problem } from '../scenario/errors.js';
import { MAX_ALIAS_NODES, aliasTargets, type Position, type Source } from '../scenario/source.js';
import { childPath, define } from './model.js';

/** Short forms with a `Fn::` long form; `!Ref` and `!Condition` are the two without the prefix. */
const FN_TAGS = [
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Length', 'Not', 'Or', 'Select', 'Split', 'Sub',
  'ToJsonString', 'Transform',
];
const PLAIN_TAGS = ['Ref', 'Condition'];

/** Each short form in the three shapes YAML allows it (a scalar, a sequence, a mapping); the walker does the rest. */
const CFN_TAGS: Tags = [...FN_TAGS, ...PLAIN_TAGS].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: unknown) => seq },
  { tag: `!${name}`, collection: 'map' as const, resolve: (map: unknown) => map },
]) as Tags;

/** A YAML source as plain data in CloudFormation's long form, with the position of each path. */
export function readYaml(text: string): Source {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, customTags: CFN_TAGS, prettyErrors: false });
  const pos = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const none = (problems: Problem[]): Source => ({ root: undefined, values: new Map(), keys: new Map(), problems });
  // An unknown tag (`!Reff`) is only a warning to the library; here it is a problem, not a lost value.
  const errors = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')];
  if (errors.length > 0) {
    return none(errors.map((e) => ({ path: '', message: `YAML syntax error: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').slice(0, 200)}`, ...pos(e.pos[0]) })));
  }
  const walker = new Walker(aliasTargets(doc), pos);
  try {
    const root = doc.contents === null ? null : walker.walk(doc.contents as YamlNode, '', 0);
    return { root, values: walker.values, keys: walker.keys, problems: [] };
  } catch (err) {
    if (err instanceof WalkError) return none([err.problem]);
    if (err instanceof RangeError) return none([{ path: '', message: 'YAML document is nested too deeply to read' }]);
    throw err;
  }
}

class WalkError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

class Walker {
  readonly values = new Map<string, Position>();
  readonly keys = new Map<string, Position>();
  /** Values aliases may still expand to (each use of an alias is walked again), against alias bombs. */
  private budget = MAX_ALIAS_NODES;

  /** `targets`: each alias's node, found in one pass over the document (resolving an alias searches the whole document). */
  constructor(private readonly targets: ReadonlyMap<Alias, YamlNode>, private readonly pos: (offset: number) => Position) {}

  walk(node: YamlNode, path: string, aliasDepth: number): unknown {
    if (node.range) this.values.set(path, this.pos(node.range[0]));
    if (aliasDepth > 0 && --this.budget < 0) {
      throw new WalkError({ path, message: `YAML aliases expand to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} values in all; use fewer or smaller aliases` });
    }
    if (isAlias(node)) {
      const target = this.targets.get(node);
      if (!target || aliasDepth > 64) throw new WalkError({ path, message: `Alias *${node.source} cannot be resolved here`, ...(node.range ? this.pos(node.range[0]) : {}) });
      return this.walk(target, path, aliasDepth + 1);
    }
    const tag = typeof node.tag === 'string' && node.tag.startsWith('!') ? node.tag.slice(1) : undefined;
    if (tag !== undefined && (FN_TAGS.includes(tag) || PLAIN_TAGS.includes(tag))) return this.longForm(tag, node, path, aliasDepth);
    return this.plain(node, path, aliasDepth);
  }

  /** `!Name value` as `{ "Fn::Name": value }` (`{ Ref: … }`, `{ Condition: … }`); `!GetAtt A.B` splits at the first dot. */
  private longForm(tag: string, node: YamlNode, path: string, aliasDepth: number): unknown {
    const key = PLAIN_TAGS.includes(tag) ? tag : `Fn::${tag}`;
    const inner = childPath(path, key);
    const at = node.range ? this.pos(node.range[0]) : undefined;
    let value: unknown;
    if (tag === 'GetAtt' && isScalar(node) && typeof node.value === 'string') {
      const dot = node.value.indexOf('.');
      value = dot < 0 ? [node.value] : [node.value.slice(0, dot), node.value.slice(dot + 1)];
      if (at) for (const p of [inner, `${inner}[0]`, `${inner}[1]`]) this.values.set(p, at);
    } else {
      value = this.plain(node, inner, aliasDepth);
      if (at) this.values.set(inner, at);
    }
    const out: Record<string, unknown> = {};
    define(out, key, value);
    return out;
  }

  private plain(node: YamlNode, path: string, aliasDepth: number): unknown {
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((item, i) => (item === null ? null : this.walk(item as YamlNode, childPath(path, i), aliasDepth)));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        if (!isScalar(key) || key.value === null || typeof key.value === 'object') {
          throw new WalkError({ path, message: 'Mapping keys must be plain strings', ...(key?.range ? this.pos(key.range[0]) : {}) });
        }
        const name = String(key.value);
        const p = childPath(path, name);
        if (key.range) this.keys.set(p, this.pos(key.range[0]));
        define(out, name, pair.value === null ? null : this.walk(pair.value as YamlNode, p, aliasDepth));
        if (!this.values.has(p) && key.range) this.values.set(p, this.pos(key.range[0]));
      }
      return out;
    }
    return null;
  }
}
