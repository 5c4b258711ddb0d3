// CsvFile's background path (a worker thread writes while the caller formats): the same bytes as
// writing in the main thread, in order across many slot hand-overs and for records longer than a
// slot; and a write the worker cannot do is the caller's error, with its code.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SLOTS, SLOT_BYTES } from '../../src/report/background-writer.js';
import { CsvFile, csvCell } from '../../src/report/csv-file.js';

const dir = mkdtempSync(join(tmpdir(), 'batchsim-background-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function write(lines: string[], background: boolean): Buffer {
  const path = join(dir, `f${files++}.csv`);
  const out = new CsvFile(path, ['a', 'b'], { background });
  for (const l of lines) out.line(l);
  out.close();
  return readFileSync(path);
}

describe('CsvFile written from a worker thread', () => {
  it('gives the same bytes as the main-thread path over many slots, and records longer than a slot', () => {
    const lines: string[] = [];
    // ~3 × SLOTS × SLOT_BYTES of rows: the ring goes round several times.
    for (let i = 0; lines.length < 200_000; i++) lines.push(`${i},"x ${'é'.repeat(i % 40)} ${i * 0.1}"`);
    lines.splice(1000, 0, 'z'.repeat(SLOT_BYTES + 12345), 'ü'.repeat(SLOT_BYTES));
    const main = write(lines, false);
    expect(main.length).toBeGreaterThan(3 * SLOTS * SLOT_BYTES / 2);
    expect(write(lines, true).equals(main)).toBe(true);
  });

  it('gives the same bytes for random rows', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.double(), fc.integer()), { maxLength: 6 }), { maxLength: 300 }), (rows) => {
        const lines = rows.map((r) => r.map(csvCell).join(','));
        expect(write(lines, true).equals(write(lines, false))).toBe(true);
      }),
      { seed: 3, numRuns: 30 },
    );
  });

  it('throws the worker’s write error, code included', () => {
    const out = new CsvFile(join(dir, 'no-such-dir', 'x.csv'), ['a'], { background: true });
    out.line('1');
    expect(() => out.close()).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('gives a file up after a failure: abort() ends the writer (and swallows its own error)', () => {
    const path = join(dir, 'aborted.csv');
    const out = new CsvFile(path, ['a'], { background: true });
    out.line('1');
    out.abort();
    // The writer has opened and closed the file (what was still being formatted is dropped).
    expect(existsSync(path)).toBe(true);
    expect(() => out.abort()).not.toThrow();
    const failing = new CsvFile(join(dir, 'no-such-dir', 'y.csv'), ['a'], { background: true });
    expect(() => failing.abort()).not.toThrow();
  });
});
