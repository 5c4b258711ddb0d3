// Where a report may be written, and how a new report replaces an earlier one without ever
// deleting what batchsim did not write (docs/outputs.md, "Report directories").
//
// - Every report directory holds a marker file, REPORT_MARKER. A target is replaced only when it
//   is absent, an empty directory, or a directory holding that marker; anything else (a directory
//   of someone's files, a regular file, a symbolic link) is refused before anything is touched.
// - A report is staged in a temporary sibling `.<name>.tmp-<pid>` that is renamed into place once
//   complete; the earlier report is moved aside to `.<name>.old-<pid>` for that instant and then
//   removed. Both carry STAGING_MARKER (pid and host), so a later run can tell a leftover of a
//   killed run from anything else and remove it — only when that process is gone.
import { hostname } from 'node:os';
import { closeSync, constants as fsConstants, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The file that makes a directory a batchsim report (and so replaceable by the next run). */
export const REPORT_MARKER = '.batchsim-report';
/** The file that makes a directory a batchsim staging area of one process. */
export const STAGING_MARKER = '.batchsim-staging';

const MARKER_FIRST_LINE = 'batchsim report';
const MARKER_TEXT =
  `${MARKER_FIRST_LINE}\n` +
  'This directory was written by batchsim. The next `batchsim run` or `batchsim compare` that\n' +
  'writes its report here replaces the whole directory: keep your own files elsewhere.\n' +
  'Delete this file to protect the directory from being replaced.\n';

/** A report path batchsim will not write to: the user's to fix (the CLI exits with code 2). */
export class ReportPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportPathError';
  }
}

/** lstat, or null when there is no such entry. */
export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    // ENOTDIR: a parent is not a directory, so there is no such entry (checkReportTarget says why).
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}

/** A small regular file's text, or null (missing, a link, a directory, too large). */
function smallFile(path: string): string | null {
  const st = lstatOrNull(path);
  if (!st || !st.isFile() || st.size > 4096) return null;
  return readFileSync(path, 'utf8');
}

/** Whether `dir` is a directory holding batchsim's report marker. */
export function isReportDir(dir: string): boolean {
  const st = lstatOrNull(dir);
  if (!st || !st.isDirectory()) return false;
  return smallFile(join(dir, REPORT_MARKER))?.split('\n')[0] === MARKER_FIRST_LINE;
}

/** Writes the report marker into `dir`. */
export function writeReportMarker(dir: string): void {
  writeFileSync(join(dir, REPORT_MARKER), MARKER_TEXT);
}

export type Target = 'absent' | 'empty' | 'report';

/** What `dir` is now, or a ReportPathError saying why it may not be replaced (`shown`: the path as the user gave it). */
function inspectTarget(dir: string, shown = dir): Target {
  const st = lstatOrNull(dir);
  if (!st) return 'absent';
  if (st.isSymbolicLink()) throw new ReportPathError(`'${shown}' is a symbolic link; batchsim replaces only directories it wrote (choose another --out)`);
  if (!st.isDirectory()) throw new ReportPathError(`'${shown}' exists and is not a directory; batchsim will not replace it (choose another --out)`);
  if (readdirSync(dir).length === 0) return 'empty';
  if (isReportDir(dir)) return 'report';
  throw new ReportPathError(
    `'${shown}' is not empty and is not a batchsim report (no ${REPORT_MARKER} file in it); batchsim will not replace it (choose another --out, or remove the directory yourself)`,
  );
}

/**
 * Throws a ReportPathError unless a report may be written to `dir`: it is absent, an empty
 * directory or an earlier report, and its parent is (or can be made) a directory.
 */
export function checkReportTarget(dir: string): void {
  if (dir === '') throw new ReportPathError('the report directory must not be empty');
  const abs = resolve(dir);
  if (dirname(abs) === abs) throw new ReportPathError(`'${dir}' is the root of the file system`);
  inspectTarget(abs, dir);
  for (let p = dirname(abs); ; p = dirname(p)) {
    const st = lstatOrNull(p);
    if (st) {
      // A symbolic link to a directory is a fine parent; statting through it happens in mkdir.
      if (!st.isDirectory() && !st.isSymbolicLink()) throw new ReportPathError(`cannot write the report to '${dir}': '${p}' is not a directory`);
      break;
    }
    if (dirname(p) === p) break;
  }
}

/**
 * Why `name` cannot be a directory name under reports/, or null when it can: one path segment
 * that is neither empty, `.` nor `..`, does not start with `.` (hidden, and the staging names
 * start so), has no `/`, `\`, control characters, and at most 128 characters.
 */
export function unsafeReportName(name: string): string | null {
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return `"${name}" is not a directory name`;
  if (name.startsWith('.')) return 'it starts with "."';
  if (/[/\\]/.test(name)) return 'it contains a path separator';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character';
  if (name.length > 128) return 'it is longer than 128 characters';
  return null;
}

// ---- staging ---------------------------------------------------------------------------------

interface StagingNote {
  pid: number;
  host: string;
}

/** Staging directories of this process that are not in place yet (removed on SIGINT/SIGTERM). */
const active = new Set<string>();

/**
 * Marks `dir` as batchsim's staging directory. The marker may be written into an earlier report,
 * so a symbolic link standing at its name is not followed (it would write through to a file
 * batchsim did not make): the write fails instead.
 */
function writeStagingMarker(dir: string): void {
  const path = join(dir, STAGING_MARKER);
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | fsConstants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new ReportPathError(`'${path}' is a symbolic link, not batchsim's marker; remove it yourself`);
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() } satisfies StagingNote) + '\n');
  } finally {
    closeSync(fd);
  }
}

function stagingNote(dir: string): StagingNote | null {
  const text = smallFile(join(dir, STAGING_MARKER));
  if (text === null) return null;
  try {
    const note = JSON.parse(text) as Partial<StagingNote>;
    return typeof note.pid === 'number' && typeof note.host === 'string' ? { pid: note.pid, host: note.host } : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const LEFTOVER = /^\.(.+)\.(tmp|old)-(\d+)$/;

/**
 * Removes what killed runs left in `parent`: `.<name>.tmp-<pid>` and `.<name>.old-<pid>`
 * directories that carry our staging marker, written on this host by a process that no longer
 * runs (or by an earlier process with this one's pid). A moved-aside earlier report whose place is
 * still empty is put back instead. Returns the names removed or restored.
 */
export function removeStaleStaging(parent: string): string[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const done: string[] = [];
  const host = hostname();
  for (const name of names) {
    const m = LEFTOVER.exec(name);
    if (!m) continue;
    const dir = join(parent, name);
    const pid = Number(m[3]);
    const st = lstatOrNull(dir);
    if (!st || !st.isDirectory()) continue;
    const note = stagingNote(dir);
    if (!note || note.pid !== pid || note.host !== host) continue;
    if (active.has(resolve(dir)) || (pid !== process.pid && alive(pid))) continue;
    const target = join(parent, m[1]);
    if (m[2] === 'old' && isReportDir(dir) && lstatOrNull(target) === null) {
      unlinkSync(join(dir, STAGING_MARKER));
      renameSync(dir, target);
    } else {
      rmSync(dir, { recursive: true, force: true });
    }
    done.push(name);
  }
  return done;
}

/** Removes this process's staging directories that are not in place yet (on SIGINT or SIGTERM). */
export function abandonStaging(): void {
  for (const dir of active) rmSync(dir, { recursive: true, force: true });
  active.clear();
}

/**
 * A fresh staging directory `.<name>.tmp-<pid>` in `parent`, marked as ours; stale leftovers of
 * killed runs in `parent` are removed first.
 */
export function makeStagingDir(parent: string, name: string): string {
  mkdirSync(parent, { recursive: true });
  removeStaleStaging(parent);
  const tmp = join(resolve(parent), `.${name}.tmp-${process.pid}`);
  // A leftover with our pid was removed just above when it was ours; anything else is not.
  if (lstatOrNull(tmp)) throw new ReportPathError(`'${tmp}' is in the way of batchsim's staging directory and is not batchsim's; remove it yourself`);
  mkdirSync(tmp);
  active.add(tmp);
  writeStagingMarker(tmp);
  return tmp;
}

/** Removes a staging directory made by makeStagingDir (after a failure, or once emptied). */
export function dropStagingDir(tmp: string): void {
  active.delete(tmp);
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * Puts directory `from` in place of `target` (absent, an empty directory, or one we may replace):
 * an existing `target` is moved aside to `.<name>.old-<pid>` (marked, so a killed run's is found
 * later), `from` renamed in, and the old one removed. On failure `target` is put back.
 */
export function replaceDir(from: string, target: string, kind: Target): void {
  // rename(2) replaces an empty directory; a file appearing meanwhile makes it fail, losing nothing.
  if (kind !== 'report') {
    renameSync(from, target);
    return;
  }
  const old = join(dirname(target), `.${basename(target)}.old-${process.pid}`);
  // rename(2) would silently replace an empty directory someone made there.
  if (lstatOrNull(old)) throw new ReportPathError(`'${old}' is in the way of batchsim's staging directory and is not batchsim's; remove it yourself`);
  // Marked before it moves, so a run killed at any point leaves it where a later run finds it.
  writeStagingMarker(target);
  try {
    renameSync(target, old);
  } catch (e) {
    rmSync(join(target, STAGING_MARKER), { force: true });
    throw e;
  }
  try {
    renameSync(from, target);
  } catch (e) {
    renameSync(old, target);
    rmSync(join(target, STAGING_MARKER), { force: true });
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * Runs `write` on a fresh staging directory beside `outDir` and puts the result in place of
 * `outDir` (with the report marker) once `write` has finished; on failure the staging directory
 * is removed and `outDir` is as it was. Throws a ReportPathError, before writing anything, when
 * `outDir` may not be replaced.
 */
export function stageReport<T>(outDir: string, write: (tmp: string) => T): T;
export function stageReport<T>(outDir: string, write: (tmp: string) => Promise<T>): Promise<T>;
export function stageReport<T>(outDir: string, write: (tmp: string) => T | Promise<T>): T | Promise<T> {
  checkReportTarget(outDir);
  const target = resolve(outDir);
  const tmp = makeStagingDir(dirname(target), basename(target));
  const fail = (e: unknown): never => {
    dropStagingDir(tmp);
    throw e;
  };
  const finish = (r: T): T => {
    // Checked again: a long run gives time for the target to change.
    const kind = inspectTarget(target, outDir);
    // The staging marker goes only once the report is in place: a run killed before that leaves
    // a marked staging directory, which a later run removes.
    replaceDir(tmp, target, kind);
    active.delete(tmp);
    rmSync(join(target, STAGING_MARKER), { force: true });
    return r;
  };
  try {
    writeReportMarker(tmp);
    const result = write(tmp);
    if (result instanceof Promise) return result.then(finish).catch(fail);
    return finish(result);
  } catch (e) {
    return fail(e);
  }
}

/**
 * Writes `text` to `path` whole or not at all: a temporary sibling (created new, so nothing there
 * is ever taken for ours) renamed into place; on failure only that sibling is removed.
 */
export function writeFileWhole(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, text);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    throw e;
  }
}
