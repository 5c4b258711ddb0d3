// Recording mode of the validator (src/scenario/check.ts recordFields): while one document is
// validated, every Fields reader and checkNumber says what it checks at which concrete path, and
// from which line of src/ it was called. build.ts turns what the corpus recorded into JSON Schema.
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordFields, type Checker, type FieldRead, type Fields, type FieldsRecorder, type NumberRule } from '../scenario/check.js';

/** One allow() call: the keys a mapping may have (free: the user's own keys it let pass). */
export interface AllowCall {
  known: readonly string[];
  ignored: readonly string[];
  special: Readonly<Record<string, string>>;
  free: readonly string[];
  /** The line of the allow() call, and the line that made the Fields it was called on. */
  site: string;
  madeAt: string;
}

/** What the validator checked at one concrete path of one document. */
export interface PathRecord {
  /** A Fields was made over the mapping here. */
  mapping: boolean;
  allows: AllowCall[];
  /** Typed reads of this mapping's keys (present or not). */
  reads: Map<string, FieldRead[]>;
  /** checkNumber of the value here. */
  numbers: NumberRule[];
  /** Lines that made a Fields here, and lines that called checkNumber here. */
  madeAt: Set<string>;
  numberSites: Set<string>;
  /**
   * Keys read with f.enum before this mapping's allow(): tags whose value chooses the keys allowed
   * (`distribution: uniform` allows min and max), so the corpus must reach each of their values.
   */
  tags: Set<string>;
}

/** The repository root: sites are named relative to it (src/scenario/jobs.ts:63). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Frames of the recording machinery itself, skipped to find the validator's line. */
const MACHINERY = /[\\/]src[\\/](scenario[\\/]check|schema[\\/]record)\.[cm]?[jt]s$/;
const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?$/;

/**
 * The line that called a Fields reader (or fields(), new Fields, checkNumber), `src/…/x.ts:12`:
 * the first stack frame outside check.ts and this file. Stack traces name .ts lines under tsx and
 * vitest.
 */
function callSite(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 16;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (MACHINERY.test(file)) continue;
    return `${relative(ROOT, file).split('\\').join('/')}:${m[2]}`;
  }
  return '(unknown)';
}

class Recorder implements FieldsRecorder {
  /** Every document the validator checked while recording (a sweep also checks its scenario), in order. */
  readonly documents = new Map<Checker, Map<string, PathRecord>>();

  /** The line that made each Fields. */
  private readonly madeAt = new WeakMap<Fields, string>();

  constructor(private readonly sites: Set<string>) {}

  private at(c: Checker, path: string): PathRecord {
    let doc = this.documents.get(c);
    if (!doc) this.documents.set(c, (doc = new Map()));
    let r = doc.get(path);
    if (!r) doc.set(path, (r = { mapping: false, allows: [], reads: new Map(), numbers: [], madeAt: new Set(), numberSites: new Set(), tags: new Set() }));
    return r;
  }

  /** The calling line; a line of src/ is a site of the validator (a test's own readers are not). */
  private site(): string {
    const s = callSite();
    if (s.startsWith('src/')) this.sites.add(s);
    return s;
  }

  mapping(f: Fields): void {
    const site = this.site();
    this.madeAt.set(f, site);
    const r = this.at(f.c, f.path);
    r.mapping = true;
    r.madeAt.add(site);
  }

  allow(f: Fields, known: readonly string[], ignored: readonly string[], special: Readonly<Record<string, string>>, free: readonly string[]): void {
    const site = this.site();
    const r = this.at(f.c, f.path);
    if (r.allows.length === 0) for (const [key, reads] of r.reads) if (reads.some((x) => x.kind === 'enum')) r.tags.add(key);
    r.allows.push({ known, ignored, special, free, site, madeAt: this.madeAt.get(f) ?? '(unknown)' });
  }

  read(f: Fields, key: string, read: FieldRead): void {
    this.site();
    const reads = this.at(f.c, f.path).reads;
    const list = reads.get(key);
    if (list) list.push(read);
    else reads.set(key, [read]);
  }

  number(c: Checker, path: string, rule: NumberRule): void {
    const site = this.site();
    const r = this.at(c, path);
    r.numbers.push(rule);
    r.numberSites.add(site);
  }
}

/**
 * Runs `validate` with recording on. Returns what it returned and the records of the first
 * document it checked (the one `validate` was given; later ones are the scenarios a sweep names).
 * The lines of src/ that were reached are added to `sites`.
 */
export function recording<T>(sites: Set<string>, validate: () => T): { result: T; records: Map<string, PathRecord> } {
  const r = new Recorder(sites);
  recordFields(r);
  try {
    const result = validate();
    const first = r.documents.values().next();
    return { result, records: first.done ? new Map() : first.value };
  } finally {
    recordFields(undefined);
  }
}
