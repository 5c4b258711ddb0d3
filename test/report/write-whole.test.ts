// writeFileWhole never takes a file it did not create for its own: a leftover at its temporary
// name stays untouched and the write fails.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileWhole } from '../../src/report/out-dir.js';

describe('writeFileWhole', () => {
  it('writes the whole file and leaves no temporary behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-whole-'));
    writeFileWhole(join(dir, 'out.xml'), '<a/>\n');
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toBe('<a/>\n');
    expect(existsSync(join(dir, `.out.xml.tmp-${process.pid}`))).toBe(false);
  });

  it('refuses, and keeps, a file that already has its temporary name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-whole-'));
    const theirs = join(dir, `.out.xml.tmp-${process.pid}`);
    writeFileSync(theirs, 'not batchsim\'s');
    expect(() => writeFileWhole(join(dir, 'out.xml'), '<a/>\n')).toThrow(/EEXIST/);
    expect(readFileSync(theirs, 'utf8')).toBe('not batchsim\'s');
    expect(existsSync(join(dir, 'out.xml'))).toBe(false);
  });
});
