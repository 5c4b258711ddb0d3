// How recorded reader calls become JSON Schema (src/schema/tree.ts, schema.ts), on small readers
// written here with the validator's own Fields, so each rule is seen alone: allowed keys, refused
// keys, variants told apart by a tag, absent-or-null, and the corpus checks that fail generation.
import { describe, expect, it } from 'vitest';
import { Checker, checkNumber, fields, type Fields } from '../../src/scenario/check.js';
import { recording } from '../../src/schema/record.js';
import { confirmRequired } from '../../src/schema/required.js';
import { SchemaWriter, type Schema } from '../../src/schema/schema.js';
import type { Shapes } from '../../src/schema/shapes.js';
import { Node, addDocument, coverageProblems } from '../../src/schema/tree.js';

const NO_SHAPES: Shapes = { maps: [], partial: [], free: {}, descriptions: {} };

/** Runs `read` in recording mode over each document; the schema written, and every problem and note. */
function schemaOf(docs: unknown[], read: (f: Fields) => void, shapes: Shapes = NO_SHAPES): { schema: Schema; problems: string[]; notes: string[] } {
  const root = new Node('');
  const problems: string[] = [];
  const validate = (doc: unknown) => {
    const c = new Checker(new Map(), new Map());
    const f = fields(c, doc, '');
    if (f) read(f);
    return c.problems.map((p) => p.path);
  };
  docs.forEach((doc, document) => {
    expect(validate(doc), 'the documents of a case are valid').toEqual([]);
    const { records } = recording(new Set(), () => validate(doc));
    addDocument(root, doc, records, (p) => shapes.maps.includes(p), problems, { document, size: 1 });
  });
  confirmRequired(root, docs.map((data) => ({ file: 'case.yaml', data })), (text) => validate(JSON.parse(text)));
  const w = new SchemaWriter(shapes);
  const schema = w.value(root);
  return { schema, problems: [...problems, ...w.problems, ...coverageProblems(root)], notes: w.notes };
}

/** A reader with a tag: `kind` chooses the keys allowed, as readDistribution's `distribution` does. */
function readTagged(f: Fields): void {
  const kind = f.enum('kind', ['square', 'circle'] as const, { required: true });
  if (kind === 'square') {
    f.allow(['kind', 'side']);
    f.number('side', { required: true, min: 0, above: true });
  } else if (kind === 'circle') {
    f.allow(['kind', 'radius']);
    f.number('radius', { required: true, min: 0, above: true });
  }
}

/** seconds, or a tagged mapping: the shape of a duration. */
function readShape(c: Checker, v: unknown, path: string): void {
  if (typeof v === 'number') checkNumber(c, v, path, { min: 0, max: 10 });
  else {
    const f = fields(c, v, path);
    if (f) readTagged(f);
  }
}

describe('a mapping read with allow()', () => {
  const read = (f: Fields) => {
    f.allow(['name', 'size', 'mode'], ['tags'], { legacy: 'legacy is not supported' });
    f.string('name', { required: true, pattern: /^[a-z]+$/, rule: 'lower-case letters' });
    f.number('size', { integer: true, min: 1, max: 9 });
    f.enum('mode', ['FAST', 'SLOW'] as const, { caseInsensitive: true });
  };
  const { schema, problems } = schemaOf([{ name: 'a', size: 2 }], read);

  it('lists the allowed keys, in allow() order, and no others', () => {
    expect(problems).toEqual([]);
    expect(Object.keys(schema.properties as object)).toEqual(['name', 'size', 'mode', 'tags', 'legacy']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name']);
  });

  it('gives each key the type, pattern, bounds and rule text of its reader; an optional one may be null', () => {
    const p = schema.properties as Record<string, Schema>;
    expect(p.name).toEqual({ description: 'lower-case letters', type: 'string', pattern: '^[a-z]+$' });
    expect(p.size).toEqual({ description: 'an integer between 1 and 9', type: ['integer', 'null'], minimum: 1, maximum: 9 });
    // Values in any case pass (AWS accepts `retry` for RETRY); the enum is what completion offers.
    expect(p.mode).toEqual({ anyOf: [{ enum: ['FAST', 'SLOW'] }, { type: 'string', pattern: '^(?:[Ff][Aa][Ss][Tt]|[Ss][Ll][Oo][Ww])$' }, { type: 'null' }] });
  });

  it('says an ignored key is accepted but not simulated, and refuses a special one with its message', () => {
    const p = schema.properties as Record<string, Schema>;
    expect(p.tags!.description).toMatch(/^Accepted but not simulated/);
    expect(p.legacy).toEqual({ description: 'legacy is not supported', deprecationMessage: 'legacy is not supported', not: {} });
  });
});

describe('a key read as required', () => {
  it('is required when the validator misses it, not when its reader only runs while it is there', () => {
    const read = (f: Fields) => {
      f.allow(['a', 'b', 'c']);
      f.string('a', { required: true });
      if (f.has('b')) f.string('b', { required: true });
      f.string('c', { required: true });
    };
    const { schema, problems } = schemaOf([{ a: 'x', b: 'y', c: 'z' }], read);
    expect(problems).toEqual([]);
    expect(schema.required).toEqual(['a', 'c']);
    expect((schema.properties as Record<string, Schema>).b!.type).toEqual(['string', 'null']);
  });
});

describe('several kinds of mapping at one place', () => {
  it('are alternatives, each with its value of the tag that chooses it', () => {
    const { schema, problems } = schemaOf([{ kind: 'circle', radius: 1 }, { kind: 'square', side: 2 }], readTagged);
    expect(problems).toEqual([]);
    const alternatives = schema.anyOf as Schema[];
    expect(alternatives.map((a) => (a.properties as Record<string, Schema>).kind)).toEqual([{ const: 'circle' }, { const: 'square' }]);
    expect(alternatives.map((a) => a.required)).toEqual([['kind', 'radius'], ['kind', 'side']]);
  });

  it('fail generation when the corpus lacks a value the tag\'s reader lists, even with one kind seen', () => {
    const { problems } = schemaOf([{ kind: 'circle', radius: 1 }], readTagged);
    expect(problems).toEqual(['(the document): the corpus has no kind: square here (add it to a document of schema/corpus)']);
  });
});

describe('a reader used at several places', () => {
  const read = (f: Fields) => {
    f.allow(['a', 'b']);
    for (const key of ['a', 'b']) if (f.has(key)) readShape(f.c, f.raw(key), f.at(key));
  };
  const both = [{ kind: 'circle', radius: 1 }, { kind: 'square', side: 1 }];

  it('must be shown each of its forms at each place: a number and every kind of mapping', () => {
    const docs = [{ a: 3 }, ...both.map((m) => ({ a: m })), ...both.map((m) => ({ b: m }))];
    expect(schemaOf(docs, read).problems).toEqual([]);
    expect(((schemaOf(docs, read).schema.properties as Record<string, Schema>).a!.anyOf as Schema[])[0]).toEqual({ type: 'number', minimum: 0, maximum: 10 });
  });

  it('fails generation where the corpus shows a place only numbers, or only some kinds of mapping', () => {
    const { problems } = schemaOf([{ a: 3 }, { a: both[0] }, { a: both[1] }, { b: 4 }, { b: both[0] }], read);
    expect(problems).toEqual([
      'b: the corpus has no kind: square here (add it to a document of schema/corpus)',
      expect.stringMatching(/^b: the corpus has mappings read by test\/schema\/mechanics\.test\.ts:\d+ here, but none reaching test\/schema\/mechanics\.test\.ts:\d+ \(reached at other places\)/),
    ]);
    const numbers = schemaOf([{ a: 3 }, { a: both[0] }, { a: both[1] }, { b: 4 }], read).problems;
    expect(numbers).toEqual([expect.stringMatching(/^b: the corpus has only numbers here \(read by test\/schema\/mechanics\.test\.ts:\d+\), which elsewhere also takes a mapping/)]);
  });
});

describe('a mapping read without allow()', () => {
  const read = (f: Fields) => {
    f.allow(['speedup']);
    const s = f.object('speedup');
    if (s) for (const k of Object.keys(s.obj)) checkNumber(f.c, s.obj[k], s.at(k), { min: 0, above: true });
  };

  it('fails generation until src/schema/shapes.ts says whose keys they are', () => {
    const { problems } = schemaOf([{ speedup: { p4d: 3 } }], read);
    expect(problems).toEqual([expect.stringMatching(/^speedup: a mapping the validator reads without allow\(\) \(keys p4d\): list its path in src\/schema\/shapes\.ts/)]);
  });

  it('is a map of the values its reader checks when the user names its keys', () => {
    const { schema, problems } = schemaOf([{ speedup: { p4d: 3 } }], read, { ...NO_SHAPES, maps: ['speedup'] });
    expect(problems).toEqual([]);
    expect((schema.properties as Record<string, Schema>).speedup).toEqual({
      type: ['object', 'null'], additionalProperties: { type: ['number', 'null'], exclusiveMinimum: 0 },
    });
  });
});
