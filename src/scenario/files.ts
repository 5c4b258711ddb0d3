// Reading the files a scenario consists of (the scenario itself, price traces, empirical columns,
// describe-jobs JSON) as untrusted input: only regular files are read — a device such as /dev/zero
// never ends and a named pipe blocks until someone writes to it — none larger than a limit, and
// only UTF-8 text, whose first bad byte is reported by line and column.
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/**
 * The largest scenario file read. Reading YAML (and JSON, which is read as YAML to know where
 * each value is) takes about 100 MB of memory and a second per MB of text, so large job lists
 * belong in a workload file (CSV, SWF), which is streamed.
 */
export const MAX_SCENARIO_FILE_BYTES = 8 * 1024 * 1024;
/** The largest price trace or empirical-column CSV a scenario names (read whole). */
export const MAX_REFERENCED_FILE_BYTES = 16 * 1024 * 1024;

/** Opened without blocking: a named pipe would otherwise wait for a writer before fstat can say what it is. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a path is when it is not a regular file, as messages say it. */
export function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'it is a directory, not a regular file';
  if (stats.isFIFO()) return 'it is a named pipe (FIFO), not a regular file';
  if (stats.isCharacterDevice()) return 'it is a character device, not a regular file';
  if (stats.isBlockDevice()) return 'it is a block device, not a regular file';
  if (stats.isSocket()) return 'it is a socket, not a regular file';
  return 'it is not a regular file';
}

/** Why a path cannot be opened, from the error of open(2). */
export function openFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENXIO':
      return 'it is a socket or a device with nothing behind it, not a regular file';
    case 'EISDIR':
      return 'it is a directory, not a regular file';
    default:
      return code ?? (err instanceof Error ? err.message : String(err));
  }
}

/**
 * Opens `path` for reading if it is a regular file: returns its descriptor and size, or why not.
 * The type is checked on the open descriptor, so a path swapped after the check cannot slip through.
 */
export function openRegular(path: string): { fd: number; size: number } | { why: string } {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    return { why: openFailure(err) };
  }
  try {
    const stats = fstatSync(fd);
    const why = notRegular(stats);
    if (why !== undefined) {
      closeSync(fd);
      return { why };
    }
    return { fd, size: stats.size };
  } catch (err) {
    closeSync(fd);
    return { why: openFailure(err) };
  }
}

/** The bytes of a regular file of at most `maxBytes`, or why it cannot be read. */
export function readRegularFile(path: string, maxBytes: number, limitOf = 'a scenario file'): { bytes: Buffer } | { why: string } {
  const opened = openRegular(path);
  if ('why' in opened) return opened;
  const tooLarge = { why: `it is larger than ${formatMiB(maxBytes)}, the limit for ${limitOf}` };
  try {
    if (opened.size > maxBytes) return tooLarge;
    return readToEnd(opened.fd, opened.size, maxBytes) ?? tooLarge;
  } catch (err) {
    return { why: openFailure(err) };
  } finally {
    closeSync(opened.fd);
  }
}

/**
 * Everything left to read from `fd`, or null past `maxBytes`. Read to the end rather than trusting
 * a size: a file that grows meanwhile, or a pipe, is still bounded.
 */
function readToEnd(fd: number, sizeHint: number, maxBytes: number): { bytes: Buffer } | null {
  const parts: Buffer[] = [];
  let total = 0;
  const size = Math.min(maxBytes + 1, Math.max(sizeHint + 1, 1 << 16));
  for (;;) {
    const buf = Buffer.allocUnsafe(size);
    let got: number;
    try {
      got = readSync(fd, buf, 0, size, null);
    } catch (err) {
      // A non-blocking pipe with nothing yet: wait for it rather than fail.
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw err;
    }
    if (got === 0) return { bytes: Buffer.concat(parts, total) };
    total += got;
    if (total > maxBytes) return null;
    parts.push(buf.subarray(0, got));
  }
}

/** A scenario given as `-`: standard input, read to its end within the scenario file limit. */
export function readStandardInput(maxBytes: number): { text: string } | { why: string } | { message: string; line: number; column: number } {
  let read: { bytes: Buffer } | null;
  try {
    read = readToEnd(0, 0, maxBytes);
  } catch (err) {
    return { why: openFailure(err) };
  }
  if (!read) return { why: `it is larger than ${formatMiB(maxBytes)}, the limit for a scenario file` };
  const decoded = decodeUtf8(read.bytes);
  if ('text' in decoded) return decoded;
  return { message: utf8Message('Standard input', decoded), line: decoded.line, column: decoded.column };
}

export function formatMiB(bytes: number): string {
  return `${bytes / 1024 / 1024} MiB`;
}

/** Where UTF-8 decoding failed: 1-based line and column (in characters) of the first bad byte. */
export interface Utf8Failure {
  line: number;
  column: number;
  /** The bad byte in hex ("FC"), or null when the file starts with a UTF-16 byte-order mark. */
  byte: string | null;
}

/** The text of UTF-8 bytes without a leading byte-order mark, or where it stops being UTF-8. */
export function decodeUtf8(bytes: Buffer): { text: string } | Utf8Failure {
  if (isUtf8(bytes)) return { text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { line: 1, column: 1, byte: null };
  }
  return utf8Failure(bytes, invalidOffset(bytes));
}

/** "<subject> is not UTF-8 text: byte 0xFC at line 3, column 11 is not valid UTF-8 (save the file as UTF-8)". */
export function utf8Message(subject: string, f: Utf8Failure): string {
  const what = f.byte === null
    ? 'it starts with a UTF-16 byte-order mark'
    : `byte 0x${f.byte} at line ${f.line}, column ${f.column} is not valid UTF-8`;
  return `${subject} is not UTF-8 text: ${what} (save the file as UTF-8)`;
}

/** The same for a trace row, whose line and column the report already shows: "not UTF-8 text: byte 0xE9 is not valid UTF-8 (…)". */
export function utf8RowMessage(f: Utf8Failure): string {
  const what = f.byte === null ? 'it starts with a UTF-16 byte-order mark' : `byte 0x${f.byte} is not valid UTF-8`;
  return `not UTF-8 text: ${what} (save the file as UTF-8)`;
}

/** Line and column of the byte at `offset` of `bytes`, which are valid UTF-8 before it. */
export function utf8Failure(bytes: Buffer, offset: number): Utf8Failure {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = bytes.toString('utf8', lineStart, offset).length + 1;
  return { line, column, byte: hexByte(bytes[offset] ?? 0) };
}

export function hexByte(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * The offset of the first byte that is not valid UTF-8. Valid UTF-8 survives decoding and encoding
 * unchanged and an invalid sequence does not (it becomes U+FFFD), so the first difference between
 * the bytes and their round trip is where the bad sequence starts; prefixes that agree are
 * monotonic, so a binary search finds it with native comparisons.
 */
export function invalidOffset(bytes: Buffer): number {
  const round = Buffer.from(bytes.toString('utf8'), 'utf8');
  let lo = 0;
  let hi = Math.min(bytes.length, round.length);
  if (!bytes.subarray(0, hi).equals(round.subarray(0, hi))) {
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (bytes.subarray(0, mid).equals(round.subarray(0, mid))) lo = mid;
      else hi = mid;
    }
    hi = lo;
  }
  // A bad sequence that starts with the same byte(s) as U+FFFD (EF, EF BF) agrees with its round
  // trip for a byte or two: step back to the last character boundary.
  let start = hi;
  while (start > 0 && hi - start < 3 && !isUtf8(bytes.subarray(0, start))) start--;
  return start;
}

/**
 * A file as text for a message's subject ("The file", "prices.csv"): regular, bounded and UTF-8.
 * Returns the text, or a problem with the line and column of the first bad byte when there is one.
 */
export function readTextFile(
  path: string, maxBytes: number, subject: string, limitOf?: string,
): { text: string } | { why: string } | { message: string; line: number; column: number } {
  const read = readRegularFile(path, maxBytes, limitOf);
  if ('why' in read) return read;
  const decoded = decodeUtf8(read.bytes);
  if ('text' in decoded) return decoded;
  return { message: utf8Message(subject, decoded), line: decoded.line, column: decoded.column };
}
