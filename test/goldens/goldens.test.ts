// Golden reports: the shipped scenarios' outputs, byte for byte. A difference names the file and
// its first differing line. Update only with scripts/update-goldens.ts, in a commit saying why.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR, GOLDEN_FILES, GOLDEN_SCENARIOS, firstDifferingLine, goldenName, goldenRun } from './goldens.js';

describe('golden reports', () => {
  for (const scenario of GOLDEN_SCENARIOS) {
    it(`${scenario} reproduces its golden files byte for byte`, () => {
      const run = goldenRun(scenario);
      for (const file of GOLDEN_FILES) {
        const expected = readFileSync(join(GOLDEN_DIR, goldenName(scenario), file));
        const actual = run.get(file)!;
        expect(actual.length).toBeGreaterThan(0);
        const diff = firstDifferingLine(expected.toString('utf8'), actual.toString('utf8'));
        expect(diff, `${file} differs at line ${diff?.line}`).toBeNull();
        expect(actual.equals(expected)).toBe(true);
      }
    }, 60_000);
  }

  it('firstDifferingLine names the first line that differs', () => {
    expect(firstDifferingLine('a\nb\nc', 'a\nb\nc')).toBeNull();
    expect(firstDifferingLine('a\nb\nc', 'a\nx\nc')).toEqual({ line: 2, expected: 'b', actual: 'x' });
    expect(firstDifferingLine('a\nb', 'a\nb\nc')).toEqual({ line: 3, expected: '<end of file>', actual: 'c' });
  });
});
