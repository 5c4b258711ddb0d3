// RangeHeap (the runs of a FIFO queue and of each fair share) against a reference: every row of
// every pushed run, sorted by (k1, k2, row). Shifting takes rows in that order; forEachRun visits
// the runs left in that order, whatever was pushed and shifted in between.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RangeHeap } from '../../src/model/range-heap.js';

type Op = { push: { k1: number; k2: number; len: number } } | { shift: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ push: fc.record({ k1: fc.integer({ min: -3, max: 3 }), k2: fc.integer({ min: 0, max: 3 }), len: fc.integer({ min: 1, max: 4 }) }) }),
  fc.record({ shift: fc.integer({ min: 1, max: 5 }) }),
);

describe('RangeHeap', () => {
  it('hands out rows in (k1, k2, row) order, and forEachRun lists what is left in that order', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
      const heap = new RangeHeap();
      let reference: { k1: number; k2: number; row: number }[] = [];
      let next = 0;
      const byOrder = (a: { k1: number; k2: number; row: number }, b: { k1: number; k2: number; row: number }) => a.k1 - b.k1 || a.k2 - b.k2 || a.row - b.row;
      for (const op of ops) {
        if ('push' in op) {
          // Rows of one run are consecutive and share their keys (an array's children).
          const first = next;
          next += op.push.len;
          heap.push(op.push.k1, op.push.k2, first, next - 1);
          for (let r = first; r < next; r++) reference.push({ k1: op.push.k1, k2: op.push.k2, row: r });
          reference.sort(byOrder);
        } else {
          for (let i = 0; i < op.shift && reference.length > 0; i++) {
            expect(heap.peek()).toBe(reference[0].row);
            heap.shift();
            reference = reference.slice(1);
          }
        }
        expect(heap.size).toBe(reference.length);
        const listed: number[] = [];
        heap.forEachRun((first, last) => {
          for (let r = first; r <= last; r++) listed.push(r);
          return true;
        });
        expect(listed).toEqual(reference.map((x) => x.row));
      }
      expect(heap.peek()).toBe(reference.length > 0 ? reference[0].row : -1);
    }), { seed: 7, numRuns: 300 });
  });
});
