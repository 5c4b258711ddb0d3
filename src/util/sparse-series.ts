// Series sampled on a regular grid of indices 0 … last, stored only where they change, so that
// their size follows the activity they describe and not the length of the grid (metrics.csv).

/** Changes of a quantity at grid indices: index → Δ (the Δs added at one index are summed in order). */
export class Changes {
  private readonly map = new Map<number, number>();
  private sorted: number[] | null = null;

  add(k: number, delta: number): void {
    if (delta === 0) return;
    const prev = this.map.get(k);
    if (prev === undefined) this.sorted = null;
    this.map.set(k, (prev ?? 0) + delta);
  }

  at(k: number): number {
    return this.map.get(k) ?? 0;
  }

  /** Indices with a change, ascending. */
  keys(): number[] {
    this.sorted ??= [...this.map.keys()].sort((a, b) => a - b);
    return this.sorted;
  }

  /** The quantity (sum of the changes up to k) at ascending k — each call's k ≥ the previous one's. */
  cursor(): (k: number) => number {
    const keys = this.keys();
    let i = 0;
    let acc = 0;
    return (k) => {
      while (i < keys.length && keys[i] <= k) acc += this.map.get(keys[i++])!;
      return acc;
    };
  }
}

/** A sparse series: values `v` at grid indices `k` (ascending). */
export interface Points {
  k: number[];
  v: number[];
}

/** The ascending union of index lists, each ascending. */
export function unionOf(...lists: number[][]): number[] {
  const all = new Set<number>();
  for (const l of lists) for (const k of l) all.add(k);
  return [...all].sort((a, b) => a - b);
}

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * A quantity that holds its value between the indices in `changes` (ascending): a point at 0, at
 * every index where the value differs from the one before and at the index just before it, and at
 * `last`. So between two consecutive points the value is that of both, and a point is written only
 * where something changed. NaN values (no datapoint) are left out. `valueAt` is called with
 * ascending indices.
 */
export function heldPoints(changes: number[], valueAt: (k: number) => number, last: number): Points {
  const out: Points = { k: [], v: [] };
  const push = (k: number, v: number) => {
    if (Number.isNaN(v)) return;
    out.k.push(k);
    out.v.push(v);
  };
  let prev = valueAt(0);
  push(0, prev);
  let done = 0;
  for (const c of changes) {
    if (c <= 0) continue;
    if (c > last) break;
    const v = valueAt(c);
    if (same(v, prev)) continue;
    if (c - 1 > done) push(c - 1, prev);
    push(c, v);
    done = c;
    prev = v;
  }
  if (last > done) push(last, prev);
  return out;
}

/**
 * A quantity that changes linearly between the indices in `changes` (ascending) — its slope may
 * change only there: a point at 0, at each change and the index before it, and at `last`. Between
 * two consecutive points the value lies on the straight line joining them. `valueAt` is called
 * with ascending indices.
 */
export function linearPoints(changes: number[], valueAt: (k: number) => number, last: number): Points {
  const out: Points = { k: [0], v: [valueAt(0)] };
  let done = 0;
  for (const c of changes) {
    if (c <= 0) continue;
    if (c > last) break;
    if (c - 1 > done) {
      out.k.push(c - 1);
      out.v.push(valueAt(c - 1));
    }
    out.k.push(c);
    out.v.push(valueAt(c));
    done = c;
  }
  if (last > done) {
    out.k.push(last);
    out.v.push(valueAt(last));
  }
  return out;
}

/** A value as metrics.csv writes it: integers as they are, others rounded to 9 decimals (sums of floats carry noise), −0 as 0. */
export function asWritten(x: number): number {
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  const r = Math.round(x * 1e9) / 1e9;
  return Object.is(r, -0) ? 0 : r;
}
