// Growable typed-array columns: values and fills survive growth; reserve() sizes exactly.
import { describe, expect, it } from 'vitest';
import { Column } from '../../src/engine/columns.js';

describe('Column', () => {
  it('keeps values and fills new room with its fill value when it grows', () => {
    const c = new Column(Float64Array, 4, -1);
    for (let i = 0; i < 4; i++) c.data[i] = i;
    c.ensure(5);
    expect(c.data.length).toBe(8); // doubled
    expect(Array.from(c.data)).toEqual([0, 1, 2, 3, -1, -1, -1, -1]);
    c.ensure(100);
    expect(c.data.length).toBe(128);
    expect(Array.from(c.data.slice(0, 9))).toEqual([0, 1, 2, 3, -1, -1, -1, -1, -1]);
  });

  it('reserves exactly the rows asked for, and never shrinks', () => {
    const c = new Column(Int32Array, 16);
    c.data[3] = 7;
    c.reserve(1_000_003);
    expect(c.data.length).toBe(1_000_003);
    expect(c.data[3]).toBe(7);
    c.reserve(10);
    expect(c.data.length).toBe(1_000_003);
  });
});
