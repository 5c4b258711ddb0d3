// How the command line reports a failure (docs/outputs.md, "Errors"): an input error — a bad
// scenario, option, report path or report file — as plain text with exit code 2 and no stack
// trace; anything else is a bug in batchsim: its stack trace and exit code 1. With --json the same,
// as one line of JSON on stderr (stdout carries only results).
import { ScenarioError, formatScenarioError } from '../scenario/errors.js';
import { ReportPathError } from '../report/out-dir.js';
import { ReportFileError } from '../report/report-files.js';
import { ShardError } from '../plan/errors.js';

/** An error in what the user gave us on the command line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Runs a writer of a report or sweep directory: file-system trouble there (a path that is a file,
 * no permission, a full disk) is the user's to fix, an input error (exit 2), not a bug.
 */
export async function writingTo<T>(what: string, write: () => T | Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new UsageError(`cannot write ${what}: ${(e as Error).message}`);
    throw e;
  }
}

export function isInputError(e: unknown): boolean {
  return e instanceof UsageError || e instanceof ReportPathError || e instanceof ReportFileError || e instanceof ScenarioError || e instanceof ShardError;
}

export function exitCodeOf(e: unknown): 1 | 2 {
  return isInputError(e) ? 2 : 1;
}

/** Whether raw arguments ask for --json (the last --json / --no-json wins; nothing after `--`). */
export function wantsJson(args: string[]): boolean {
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a === '--json' || a === '--json=true') json = args[i + 1] !== 'false';
    else if (a === '--no-json' || a === '--json=false') json = false;
  }
  return json;
}

export interface ErrorJson {
  /** `input`: exit code 2, the user's to fix; `internal`: exit code 1, a bug in batchsim. */
  kind: 'input' | 'internal';
  message: string;
  [field: string]: unknown;
}

/** The `error` object of --json mode: `{"error": {"kind": …, "message": …, …}}`. */
export function errorJson(e: unknown): ErrorJson {
  if (e instanceof ScenarioError) {
    return {
      kind: 'input',
      message: formatScenarioError(e).split('\n')[0],
      file: e.file,
      // Every problem says which file its line and column are in (a price trace's, or the scenario's).
      problems: e.problems.map((p) => ({ message: p.message, path: p.path, file: p.file ?? e.file, line: p.line ?? null, column: p.column ?? null })),
    };
  }
  if (e instanceof ReportFileError) return { kind: 'input', message: e.message, file: e.file, line: e.line ?? null, field: e.field ?? null };
  if (isInputError(e)) return { kind: 'input', message: (e as Error).message };
  return { kind: 'internal', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? (e.stack ?? null) : null };
}

/** The plain-text report of a failure and the exit code that goes with it. */
export function errorText(e: unknown): { text: string; exitCode: 1 | 2 } {
  if (e instanceof ScenarioError) return { text: formatScenarioError(e), exitCode: 2 };
  if (isInputError(e)) return { text: `batchsim: ${(e as Error).message}`, exitCode: 2 };
  return { text: `batchsim: internal error\n${e instanceof Error ? e.stack : String(e)}`, exitCode: 1 };
}
