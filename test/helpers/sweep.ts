// Sweep files for the plan tests: one written into a temporary directory beside the scenario files
// it names, and the problems the sweep file reader reports for one it refuses.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadSweep } from '../../src/plan/sweep-file.js';
import { ScenarioError } from '../../src/scenario/errors.js';

/** `text` as sweep.yaml in a new temporary directory (named from `prefix`) holding `files` (name → text); returns its path. */
export function sweepFileBeside(text: string, files: Record<string, string>, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, text);
  return file;
}

/** The problems of a sweep file the reader must refuse (with a ScenarioError). */
export function sweepProblems(file: string): { path: string; message: string; line?: number }[] {
  try {
    loadSweep(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).problems;
  }
  throw new Error('the sweep file was accepted');
}
