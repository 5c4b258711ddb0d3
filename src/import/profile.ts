// The run-time profile file beside an imported scenario: `profiles:` keyed by job definition name,
// each the `simulation` block of docs/scenario.md — what AWS does not know (how long a container
// runs, how it exits, how much memory it peaks at). It is the user's file: an import adds a
// placeholder for each job definition that has none and leaves every entry there alone (those of
// definitions that are gone too), editing the YAML document so that comments and layout survive.
import { basename } from 'node:path';
import { Document, isMap, isScalar, parseDocument } from 'yaml';
import type { Problem } from '../scenario/errors.js';
import { MAX_SCENARIO_FILE_BYTES, notRegular, readTextFile } from '../scenario/files.js';
import { readSource, type Source } from '../scenario/source.js';
import { lstatOrNull } from '../report/out-dir.js';
import { isObj } from './model.js';

/** A placeholder's run time when the definition gives no timeout: a few minutes, a typical batch task. */
export const PLACEHOLDER_SECONDS = 300;

export interface ProfileFile {
  path: string;
  /** The file's entries as plain data, by job definition name. */
  entries: Map<string, unknown>;
  /** The file's positions (absent for a new file), for problems in an entry. */
  source: Source | undefined;
  /** The document as the user wrote it, and its text (undefined: a new file). */
  doc: Document | undefined;
  text?: string;
}

/** The profile file at `path` as it is now (absent is fine), or why batchsim will not edit it. */
export function readProfile(path: string): ProfileFile | { problems: Problem[] } {
  const fail = (message: string, at: { line?: number; column?: number } = {}) => ({ problems: [{ path: '', message, file: path, ...at }] });
  const st = lstatOrNull(path);
  if (!st) return { path, entries: new Map(), source: undefined, doc: undefined };
  if (st.isSymbolicLink()) return fail(`the run-time profile file '${path}' is a symbolic link; batchsim import edits only a regular file there (choose another --out)`);
  const why = notRegular(st);
  if (why !== undefined) return fail(`cannot use the run-time profile file '${path}': ${why}`);
  const read = readTextFile(path, MAX_SCENARIO_FILE_BYTES, 'The run-time profile file');
  if ('why' in read) return fail(`cannot read the run-time profile file '${path}': ${read.why}`);
  if ('message' in read) return fail(read.message, { line: read.line, column: read.column });
  const source = readSource(read.text, false);
  if (source.problems.length > 0) return { problems: source.problems.map((p) => ({ ...p, file: path })) };
  const root = source.root ?? {};
  const foreign = isObj(root) ? Object.keys(root).filter((k) => k !== 'profiles' && !k.startsWith('x-')) : ['(not a mapping)'];
  if (foreign.length > 0 || (isObj(root) && root.profiles !== null && root.profiles !== undefined && !isObj(root.profiles))) {
    return fail(`'${path}' is not a run-time profile file (a mapping with profiles: { <job definition name>: <simulation block> }); batchsim import will not change it (choose another --out, or move the file)`, { line: 1, column: 1 });
  }
  const profiles = isObj(root) && isObj(root.profiles) ? root.profiles : {};
  return { path, entries: new Map(Object.entries(profiles)), source, doc: parseDocument(read.text), text: read.text };
}

export interface ProfileUpdate {
  /** The file's new text, or undefined when it stays as it is. */
  text: string | undefined;
  /** Every entry after the update, by job definition name: the scenario's profiles. */
  entries: Map<string, unknown>;
  added: string[];
  kept: string[];
  /** Entries of job definitions the account no longer has: left as they are. */
  unused: string[];
}

/**
 * Adds a placeholder profile for each definition name that has none: `{ placeholder: true,
 * duration }`, the duration PLACEHOLDER_SECONDS or half the definition's timeout when that is
 * shorter (so that a placeholder run is not a timeout).
 */
export function updateProfile(file: ProfileFile, definitions: Map<string, number | undefined>, scenarioFile: string): ProfileUpdate {
  const added = [...definitions.keys()].filter((name) => !file.entries.has(name)).sort();
  const kept = [...file.entries.keys()].filter((name) => definitions.has(name));
  const unused = [...file.entries.keys()].filter((name) => !definitions.has(name));
  const entries = new Map(file.entries);
  // A new file is written even without entries: the scenario includes it.
  if (added.length === 0 && file.doc !== undefined) return { text: undefined, entries, added, kept, unused };
  const blocks = added.map((name) => {
    const timeout = definitions.get(name);
    const duration = timeout !== undefined && timeout / 2 < PLACEHOLDER_SECONDS ? Math.floor(timeout / 2) : PLACEHOLDER_SECONDS;
    entries.set(name, { placeholder: true, duration });
    return { name, duration };
  });
  const appended = file.doc && file.text !== undefined ? appendEntries(file.text, file.doc, blocks) : undefined;
  if (appended !== undefined) return { text: appended, entries, added, kept, unused };
  const doc = file.doc ?? newDocument(scenarioFile);
  const profiles = doc.get('profiles', true);
  if (!isMap(profiles)) doc.set('profiles', doc.createNode({}));
  else if (profiles.items.length === 0) profiles.flow = false; // `profiles: {}` grows as a block
  for (const { name, duration } of blocks) {
    const node = doc.createNode({ placeholder: true, duration });
    const flag = node.get('placeholder', true);
    if (isScalar(flag)) flag.comment = PLACEHOLDER_COMMENT;
    doc.setIn(['profiles', name], node);
  }
  return { text: doc.toString({ lineWidth: 0 }), entries, added, kept, unused };
}

const PLACEHOLDER_COMMENT = ' written by batchsim import: give measured values, then remove this line';

/**
 * The user's text with the new entries appended to the end of its block `profiles:` mapping, at
 * its indentation, so that nothing the user wrote moves; undefined when the mapping is not a
 * non-empty block (then the document is written out again).
 */
function appendEntries(text: string, doc: Document, blocks: { name: string; duration: number }[]): string | undefined {
  const map = doc.get('profiles', true);
  if (!isMap(map) || map.flow || map.items.length === 0 || !map.range) return undefined;
  const start = map.range[0];
  const indent = ' '.repeat(start - (text.lastIndexOf('\n', start - 1) + 1));
  const at = map.range[1];
  const lines = blocks.map(({ name, duration }) => `${indent}${keyOf(name)}:\n${indent}  placeholder: true #${PLACEHOLDER_COMMENT}\n${indent}  duration: ${duration}\n`);
  const out = `${text.slice(0, at)}${at > 0 && text[at - 1] !== '\n' ? '\n' : ''}${lines.join('')}${text.slice(at)}`;
  // Checked, not trusted: the result must read as the same profiles plus the new ones.
  const back = readSource(out, false);
  const profiles = isObj(back.root) && isObj(back.root.profiles) ? back.root.profiles : undefined;
  return back.problems.length === 0 && profiles && blocks.every((b) => isObj(profiles[b.name])) ? out : undefined;
}

/** A job definition name as a YAML key: plain unless YAML would read it as something other than that string. */
function keyOf(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(name) ? name : JSON.stringify(name);
}

function newDocument(scenarioFile: string): Document {
  const doc = new Document({ profiles: {} });
  doc.commentBefore = [
    ` Run-time profiles of the job definitions of ${basename(scenarioFile)} (docs/import.md): what AWS does`,
    ' not know - how long each container runs, how it exits, how much memory it peaks at - as the',
    ' `simulation` block of docs/scenario.md, under the job definition\'s name. This file is yours:',
    ' batchsim import adds a placeholder for each new job definition and changes nothing else here.',
  ].join('\n');
  return doc;
}
