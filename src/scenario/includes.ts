// `include:` and `profiles:` (docs/scenario.md#include-and-profiles): a scenario made of several
// files — the account part that `batchsim import` writes (and rewrites), the run-time profiles kept
// beside it, and a user's own workload that includes the account. The files are merged into one
// document before it is checked, positions and all, so that a problem in an included file is
// reported with that file's name, line and column and the path as that file writes it.
//
// Merging, file by file (the including file first, then what it includes, depth first):
// - list sections are concatenated, an included file's entries before the including file's own
//   (so a definition registered again in the including file is the later revision);
// - `profiles` (job definition name → `simulation` block) are merged name by name, the including
//   file's entry winning; a job definition without its own `simulation` block takes its name's;
// - everything else (name, seed, startTime, settings, workloads, …) belongs to the scenario file
//   itself: settings and workloads name files relative to their own file.
// A file included twice (two files include the same profile) is read once; a cycle is refused.
import { dirname, relative, resolve } from 'node:path';
import { isObj, parentPath, type Obj } from './check.js';
import type { Problem } from './errors.js';
import { childPath, define, type Position, type Source } from './source.js';

/** The sections an included file may give, concatenated in include order. */
export const LIST_SECTIONS = ['computeEnvironments', 'jobQueues', 'schedulingPolicies', 'jobDefinitions', 'jobs', 'actions'] as const;
const INCLUDED_KEYS: readonly string[] = [...LIST_SECTIONS, 'profiles', 'include'];

type Positions = Pick<Source, 'values' | 'keys'>;
/** Reads a scenario-format file (load.ts's readSourceFile): its data with positions, or why not. */
export type SourceReader = (file: string) => { source: Source } | { problem: Problem };

/** Where merged content came from: the file (undefined: the scenario file itself) and its own path there. */
interface Origin {
  file: string | undefined;
  path: string;
}

export interface Merged {
  root: Obj;
  values: Map<string, Position>;
  keys: Map<string, Position>;
  /** Problems found while including (unreadable files, cycles, fields an included file may not give), already placed. */
  problems: Problem[];
  /** Notices at merged paths (profiles that no definition uses), for the Checker to place. */
  notices: { path: string; message: string }[];
  /** Rewrites problems (or notices) at merged paths to the file and path they were written at, files in include order. */
  place<T extends Problem>(list: T[]): T[];
}

const present = (v: unknown) => v !== undefined && v !== null;

/**
 * The scenario `root` (the file `file`, positioned by `positions`) with its includes merged and its
 * profiles applied; undefined when it has neither `include` nor `profiles` (then it is checked as it is).
 */
export function mergeIncludes(root: unknown, positions: Positions, file: string, read: SourceReader): Merged | undefined {
  if (!isObj(root) || (!present(root.include) && !present(root.profiles))) return undefined;
  const m = new Merger(file, read);
  m.add(root, positions, resolve(file), undefined, [resolve(file)]);
  return m.result(root);
}

class Merger {
  private readonly values = new Map<string, Position>();
  private readonly keys = new Map<string, Position>();
  private readonly problems: Problem[] = [];
  private readonly lists = new Map<string, unknown>();
  private readonly profiles = new Map<string, { value: unknown; file: string | undefined; positions: Positions }>();
  private readonly origins = new Map<string, Origin>();
  /** Included files in the order first included, for sorting problems file by file. */
  private readonly ranks = new Map<string, number>();
  private readonly seen = new Set<string>();
  private readonly baseDir: string;

  constructor(mainFile: string, private readonly read: SourceReader) {
    this.baseDir = dirname(resolve(mainFile));
  }

  /** Adds one file: its profiles (the including file's win), then its includes, then its own list entries. */
  add(data: Obj, pos: Positions, abs: string, shown: string | undefined, chain: string[]): void {
    this.seen.add(abs);
    if (shown !== undefined) this.checkIncludedKeys(data, pos, shown);
    this.addProfiles(data, pos, shown);
    this.addIncludes(data, pos, abs, shown, chain);
    const offsets = new Map<string, number>();
    for (const section of LIST_SECTIONS) {
      const items = data[section];
      if (!present(items)) continue;
      if (!Array.isArray(items)) {
        // The scenario file's own is the loader's to report; an included one is reported here.
        if (shown === undefined) this.lists.set(section, items);
        else this.report(pos, shown, section, `${section} must be a list, received ${typeof items === 'object' ? 'a mapping' : `a ${typeof items}`}`);
        continue;
      }
      const merged = this.lists.get(section);
      if (merged !== undefined && !Array.isArray(merged)) continue;
      const list = (merged as unknown[] | undefined) ?? [];
      offsets.set(section, list.length);
      items.forEach((item, k) => {
        this.origins.set(`${section}[${list.length}]`, { file: shown, path: `${section}[${k}]` });
        list.push(item);
      });
      this.lists.set(section, list);
    }
    this.copyPositions(pos, offsets, shown === undefined);
  }

  private checkIncludedKeys(data: Obj, pos: Positions, shown: string): void {
    for (const key of Object.keys(data)) {
      if (INCLUDED_KEYS.includes(key) || key.startsWith('x-')) continue;
      this.report(pos, shown, key,
        `"${key}" cannot be given in an included file: an included file gives ${INCLUDED_KEYS.join(', ')} (and x-… keys); the scenario file that includes it gives the rest`, 'key');
    }
  }

  private addProfiles(data: Obj, pos: Positions, shown: string | undefined): void {
    const profiles = data.profiles;
    if (!present(profiles)) return;
    if (!isObj(profiles)) {
      this.report(pos, shown, 'profiles', 'profiles must be a mapping of job definition name to its simulation block, e.g. { transform: { duration: 600 } }');
      return;
    }
    for (const [name, value] of Object.entries(profiles)) {
      if (!this.profiles.has(name)) this.profiles.set(name, { value, file: shown, positions: pos });
    }
  }

  private addIncludes(data: Obj, pos: Positions, abs: string, shown: string | undefined, chain: string[]): void {
    const include = data.include;
    if (!present(include)) return;
    if (!Array.isArray(include)) {
      this.report(pos, shown, 'include', 'include must be a list of files (YAML or JSON, relative to this file), e.g. [account.yaml]');
      return;
    }
    include.forEach((entry, j) => {
      const at = `include[${j}]`;
      if (typeof entry !== 'string' || entry === '') {
        this.report(pos, shown, at, 'include entries must be file names (relative to this file)');
        return;
      }
      const target = resolve(dirname(abs), entry);
      if (chain.includes(target)) {
        const cycle = [...chain.slice(chain.indexOf(target)), target].map((f) => this.shownOf(f)).join(' → ');
        this.report(pos, shown, at, `include cycle: ${cycle} (a file cannot include itself, directly or through others)`);
        return;
      }
      if (this.seen.has(target)) return;
      const targetShown = this.shownOf(target);
      const got = this.read(target);
      if ('problem' in got) {
        if (got.problem.line !== undefined) this.problems.push({ ...got.problem, file: targetShown });
        else this.report(pos, shown, at, `Cannot include "${entry}": ${got.problem.message.replace(/^Cannot read the included file: /, '')}`);
        return;
      }
      if (!this.ranks.has(targetShown)) this.ranks.set(targetShown, this.ranks.size + 1);
      this.problems.push(...got.source.problems.map((p) => ({ ...p, file: targetShown })));
      const root = got.source.root;
      if (root === undefined) return;
      if (!isObj(root)) {
        if (root !== null) this.problems.push({ path: '', message: 'An included file must be a mapping (of computeEnvironments, jobQueues, jobDefinitions, profiles, …)', line: 1, column: 1, file: targetShown });
        return;
      }
      this.add(root, got.source, target, targetShown, [...chain, target]);
    });
  }

  /** Positions of one file under the merged paths: list entries move by their section's offset. */
  private copyPositions(pos: Positions, offsets: Map<string, number>, main: boolean): void {
    for (const [from, to] of [[pos.values, this.values], [pos.keys, this.keys]] as const) {
      for (const [path, at] of from) {
        const m = /^([A-Za-z]+)\[(\d+)\](.*)$/s.exec(path);
        const offset = m ? offsets.get(m[1]!) : undefined;
        if (m && offset !== undefined) to.set(`${m[1]}[${offset + Number(m[2])}]${m[3]}`, at);
        else if (main && !(m && (LIST_SECTIONS as readonly string[]).includes(m[1]!))) to.set(path, at);
      }
    }
  }

  result(main: Obj): Merged {
    const root: Obj = {};
    for (const [k, v] of Object.entries(main)) define(root, k, v);
    for (const [section, list] of this.lists) define(root, section, list);
    const notices = this.applyProfiles(root);
    return {
      root, values: this.values, keys: this.keys, problems: this.problems, notices,
      place: (list) => this.place(list),
    };
  }

  /**
   * Gives each job definition without a `simulation` block its name's profile, positioned in the
   * profile's file; a profile no definition takes is a notice (batchsim import keeps the profiles of
   * definitions that are gone, for when they come back).
   */
  private applyProfiles(root: Obj): { path: string; message: string }[] {
    const merged: Obj = {};
    for (const [name, p] of this.profiles) {
      define(merged, name, p.value);
      this.origins.set(childPath('profiles', name), { file: p.file, path: childPath('profiles', name) });
      this.copyUnder(p.positions, childPath('profiles', name), childPath('profiles', name));
    }
    if (this.profiles.size > 0) define(root, 'profiles', merged);
    const definitions = root.jobDefinitions;
    const named = new Map<string, 'taken' | 'own'>();
    if (Array.isArray(definitions)) {
      root.jobDefinitions = definitions.map((d, i) => {
        if (!isObj(d) || typeof d.jobDefinitionName !== 'string') return d;
        const name = d.jobDefinitionName;
        const profile = this.profiles.get(name);
        if (!profile) return d;
        if (present(d.simulation)) {
          if (!named.has(name)) named.set(name, 'own');
          return d;
        }
        named.set(name, 'taken');
        const at = `jobDefinitions[${i}].simulation`;
        this.origins.set(at, { file: profile.file, path: childPath('profiles', name) });
        this.copyUnder(profile.positions, childPath('profiles', name), at);
        return { ...d, simulation: profile.value };
      });
    }
    const notices: { path: string; message: string }[] = [];
    for (const name of this.profiles.keys()) {
      const use = named.get(name);
      if (use === 'taken') continue;
      notices.push({
        path: childPath('profiles', name),
        message: use === 'own'
          ? `profile "${name}" is not used: every job definition "${name}" gives its own simulation block, which comes first`
          : `profile "${name}" names no job definition of this scenario, so it changes nothing (batchsim import keeps profiles of definitions that are gone, for when they come back)`,
      });
    }
    return notices;
  }

  /** Copies the positions under `from` in a file (values and keys) to the merged paths under `to`. */
  private copyUnder(pos: Positions, from: string, to: string): void {
    for (const [src, dst] of [[pos.values, this.values], [pos.keys, this.keys]] as const) {
      for (const [path, at] of src) {
        if (path === from || path.startsWith(`${from}.`) || path.startsWith(`${from}[`)) dst.set(to + path.slice(from.length), at);
      }
    }
  }

  private place<T extends Problem>(list: T[]): T[] {
    const ranked = list.map((p, i) => {
      if (p.file !== undefined) return { p, i, rank: this.ranks.get(p.file) ?? 0 };
      const found = this.originOf(p.path);
      if (!found) return { p, i, rank: 0 };
      const path = found.origin.path + p.path.slice(found.prefix.length);
      const placed = found.origin.file === undefined ? { ...p, path } : { ...p, path, file: found.origin.file };
      return { p: placed, i, rank: found.origin.file === undefined ? 0 : (this.ranks.get(found.origin.file) ?? 0) };
    });
    // The scenario file's own first, in the checker's order; then each included file's, by position.
    const at = (r: { p: Problem; rank: number }) => (r.rank === 0 ? [0, 0] : [r.p.line ?? 0, r.p.column ?? 0]);
    return ranked.sort((a, b) => a.rank - b.rank || at(a)[0]! - at(b)[0]! || at(a)[1]! - at(b)[1]! || a.i - b.i).map((r) => r.p);
  }

  /** The origin of the longest prefix of `path` that has one. */
  private originOf(path: string): { prefix: string; origin: Origin } | undefined {
    for (let p: string | undefined = path; p !== undefined && p !== ''; p = parentPath(p)) {
      const origin = this.origins.get(p);
      if (origin) return { prefix: p, origin };
    }
    return undefined;
  }

  private report(pos: Positions, shown: string | undefined, path: string, message: string, at: 'value' | 'key' = 'value'): void {
    const where = (at === 'key' ? pos.keys.get(path) : undefined) ?? pos.values.get(path) ?? pos.keys.get(path);
    const problem: Problem = { path, message, ...(where ? { line: where.line, column: where.column } : {}) };
    if (shown !== undefined) problem.file = shown;
    this.problems.push(problem);
  }

  private shownOf(abs: string): string {
    return relative(this.baseDir, abs) || abs;
  }
}
