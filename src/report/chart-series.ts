// Time series as the charts draw them: metrics.csv's sparse gauges put on common time points (to
// stack and to sum) and cut to a few hundred points, cumulative series sampled, sums bucketed.
import { unionOf } from '../util/sparse-series.js';
import type { SeriesPoints } from './chart-data.js';

/** At most about `maxPoints` points of a cumulative series: every stride-th point and the last one. */
export function sample(s: { t: number[]; v: number[] }, maxPoints: number): { t: number[]; v: number[] } {
  if (s.t.length <= maxPoints) return { t: s.t, v: s.v };
  const stride = Math.ceil(s.t.length / maxPoints);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < s.t.length; i += stride) {
    t.push(s.t[i]);
    v.push(s.v[i]);
  }
  if (t[t.length - 1] !== s.t[s.t.length - 1]) {
    t.push(s.t[s.t.length - 1]);
    v.push(s.v[s.v.length - 1]);
  }
  return { t, v };
}

/**
 * Gauges on common time points, for stacking and summing. metrics.csv writes a gauge only where it
 * changes (and just before), so its value holds from one datapoint to the next. When the series'
 * timestamps together are at most `maxPoints`, those; otherwise `maxPoints` equal windows of
 * [0, end], each drawn at its start with each gauge's time-weighted mean over the window.
 * `averaged` says which.
 */
export function alignGauges(list: SeriesPoints[], end: number, maxPoints: number): { t: number[]; v: number[][]; averaged: boolean } {
  const union = unionOf(...list.map((s) => s.t));
  if (union.length <= maxPoints || end <= 0) {
    const v = list.map((s) => {
      let j = -1;
      return union.map((x) => {
        while (j + 1 < s.t.length && s.t[j + 1] <= x) j++;
        return j < 0 ? 0 : s.v[j];
      });
    });
    return { t: union, v, averaged: false };
  }
  const width = end / maxPoints;
  const t = Array.from({ length: maxPoints }, (_, i) => i * width);
  const v = list.map((s) => {
    const sums = new Array<number>(maxPoints).fill(0);
    // Each datapoint's value holds until the next one (the last one's until `end`).
    for (let j = 0; j < s.t.length; j++) {
      const from = s.t[j];
      const to = j + 1 < s.t.length ? s.t[j + 1] : end;
      for (let w = Math.max(0, Math.floor(from / width)); w < maxPoints && w * width < to; w++) {
        const overlap = Math.min(to, (w + 1) * width) - Math.max(from, w * width);
        if (overlap > 0) sums[w] += s.v[j] * overlap;
      }
    }
    return sums.map((x) => x / width);
  });
  return { t, v, averaged: true };
}

/** Sums of sparse per-period counts into buckets of `width` seconds. */
export function buckets(s: SeriesPoints, width: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < s.t.length; i++) {
    const b = Math.floor(s.t[i] / width) * width;
    out.set(b, (out.get(b) ?? 0) + s.v[i]);
  }
  return out;
}

/**
 * Series that move on straight lines between their datapoints (ShareUsage), on common time
 * points: the union of their timestamps when at most `maxPoints`, else `maxPoints` + 1 equally
 * spaced points of [0, end]; each series read there by linear interpolation (before its first
 * datapoint: 0; after its last: its last value).
 */
export function alignLines(list: SeriesPoints[], end: number, maxPoints: number): { t: number[]; v: number[][] } {
  const union = unionOf(...list.map((s) => s.t));
  const t = union.length <= maxPoints || end <= 0 ? union : Array.from({ length: maxPoints + 1 }, (_, i) => (i * end) / maxPoints);
  return { t, v: list.map((s) => linearAt(s, t)) };
}

/**
 * A series that moves on straight lines between its datapoints, read at ascending times `ts`
 * (before its first datapoint: 0; after its last: its last value).
 */
export function linearAt(s: SeriesPoints, ts: readonly number[]): number[] {
  let j = -1;
  return ts.map((x) => {
    while (j + 1 < s.t.length && s.t[j + 1] <= x) j++;
    if (j < 0) return 0;
    if (j + 1 >= s.t.length || s.t[j] === x) return s.v[j];
    const f = (x - s.t[j]) / (s.t[j + 1] - s.t[j]);
    return s.v[j] + f * (s.v[j + 1] - s.v[j]);
  });
}
