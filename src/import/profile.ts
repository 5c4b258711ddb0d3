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
  /** The document as the user wrote it (undefined: a new file). */
  doc: Document | undefined;
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
  return { path, entries: new Map(Object.entries(profiles)), source, doc: parseDocument(read.text) };
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
  if (added.length === 0) return { text: undefined, entries, added, kept, unused };
  const doc = file.doc ?? newDocument(scenarioFile);
  const profiles = doc.get('profiles', true);
  if (!isMap(profiles)) doc.set('profiles', doc.createNode({}));
  else if (profiles.items.length === 0) profiles.flow = false; // `profiles: {}` grows as a block
  for (const name of added) {
    const timeout = definitions.get(name);
    const duration = timeout !== undefined && timeout / 2 < PLACEHOLDER_SECONDS ? Math.floor(timeout / 2) : PLACEHOLDER_SECONDS;
    const block = { placeholder: true, duration };
    const node = doc.createNode(block);
    const flag = node.get('placeholder', true);
    if (isScalar(flag)) flag.comment = ' written by batchsim import: give measured values, then remove this line';
    doc.setIn(['profiles', name], node);
    entries.set(name, block);
  }
  return { text: doc.toString({ lineWidth: 0 }), entries, added, kept, unused };
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
