// The SWF reader's fast path (scanSwfFields) against its general reading (split on whitespace,
// each field through parseNumber): whenever the fast path takes a line it must read the same 18
// numbers (−0 included), and it must take no line the general reading refuses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanSwfFields } from '../../src/workload/swf.js';
import { parseNumber } from '../../src/workload/trace.js';

/** The general reading: 18 fields, every one a number, or null. */
function reference(text: string): number[] | null {
  const cells = text.split(/\s+/);
  if (cells.length !== 18) return null;
  const out = cells.map(parseNumber);
  return out.every((n) => n !== undefined) ? (out as number[]) : null;
}

const plain = fc.oneof(
  fc.integer({ min: -1, max: 2 ** 31 }).map(String),
  fc.integer({ min: 0, max: 999_999_999_999_999 }).map(String), // 15 digits: the most the fast path takes
  fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 9_999_999 }), fc.boolean()).map(([a, b, neg]) => `${neg ? '-' : ''}${a}.${b}`),
  fc.constantFrom('-1', '0', '-0', '-0.0', '007', '0.1', '0.30000000000000004', '1234567.891', '999999999999999', '9999999999999999', '1e3', '+5', '5.', '.5', '1.2.3', '-', '12a', '0x10', 'NaN', ''),
);
const separator = fc.constantFrom(' ', '  ', '\t', ' \t ', '      ', '\u00a0', '\r', ',');

describe('the SWF fast path reads what the general reading reads', () => {
  it('random lines of 16–20 fields with assorted separators', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(plain, separator), { minLength: 16, maxLength: 20 }), fc.boolean(), (parts, padded) => {
        let text = parts.map(([field, sep], i) => (i === 0 ? field : sep + field)).join('');
        if (padded) text = ` ${text} `;
        const want = reference(text);
        const got: number[] = new Array<number>(18).fill(NaN);
        const taken = scanSwfFields(text, got);
        if (want === null) expect(taken).toBe(false);
        if (taken) for (let i = 0; i < 18; i++) expect(Object.is(got[i], want![i]), `field ${i + 1} of '${text}'`).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('random lines of 18 plain numbers: taken, with the values Number() gives', () => {
    const number = fc.oneof(
      fc.integer({ min: -1, max: 2 ** 31 }).map(String),
      fc.integer({ min: 0, max: 999_999_999_999_999 }).map(String),
      fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 9_999_999 }), fc.boolean()).map(([a, b, neg]) => `${neg ? '-' : ''}${a}.${String(b).padStart(7, '0')}`),
      fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.nat({ max: 9 })).map(([a, zeros]) => `${a}.${'0'.repeat(zeros)}1`),
    );
    const between = fc.constantFrom(' ', '  ', '\t', ' \t ', '      ');
    fc.assert(
      fc.property(fc.array(fc.tuple(number, between), { minLength: 18, maxLength: 18 }), (parts) => {
        const text = parts.map(([field, sep], i) => (i === 0 ? field : sep + field)).join('');
        const got: number[] = new Array<number>(18).fill(NaN);
        expect(scanSwfFields(text, got)).toBe(true);
        const want = reference(text)!;
        for (let i = 0; i < 18; i++) expect(Object.is(got[i], want[i]), `field ${i + 1} of '${text}'`).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('takes the lines archive traces hold', () => {
    const lines = [
      '1         0      -1    83      1      -1      -1   -1    1200      -1 -1    1    1   -1 -1  1     -1      -1',
      '2\t3\t-1\t3611\t1\t-1\t-1\t-1\t116400\t-1\t-1\t2\t2\t-1\t-1\t2\t-1\t-1',
      '17 120.5 3.25 0.001 64 -1 2048 64 7200 -1 1 42 7 3 1 1 16 -1',
    ];
    for (const text of lines) {
      const got: number[] = new Array<number>(18).fill(NaN);
      expect(scanSwfFields(text, got)).toBe(true);
      expect(got).toEqual(reference(text));
    }
  });
});
