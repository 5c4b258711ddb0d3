import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';
import { Phase } from '../../src/engine/phases.js';
import { RandomStreams } from '../../src/engine/random.js';

function drain(q: EventQueue): [number, number, number][] {
  const out: [number, number, number][] = [];
  while (q.pop()) out.push([q.time, q.phase, q.arg]);
  return out;
}

describe('EventQueue', () => {
  it('pops by time, then phase, then insertion order', () => {
    const q = new EventQueue(2);
    q.push(20, Phase.SchedulerCycle, 0, 1);
    q.push(10, Phase.SchedulerCycle, 0, 2);
    q.push(10, Phase.AttemptEnd, 0, 3);
    q.push(10, Phase.SchedulerCycle, 0, 4);
    q.push(10, Phase.Submission, 0, 5);
    q.push(0, Phase.MetricSample, 0, 6);
    expect(drain(q).map((e) => e[2])).toEqual([6, 3, 5, 2, 4, 1]);
  });

  it('keeps insertion order among 10,000 same-instant events and grows past its capacity', () => {
    const q = new EventQueue(4);
    for (let i = 0; i < 10_000; i++) q.push(5, Phase.JobStart, 1, i);
    const args = drain(q).map((e) => e[2]);
    expect(args).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });

  it('agrees with a sort on random input', () => {
    const rng = new RandomStreams(3).stream('durations');
    const q = new EventQueue();
    const ref: [number, number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      const t = Math.floor(rng() * 100);
      const p = Math.floor(rng() * 7);
      q.push(t, p, 0, i);
      ref.push([t, p, i]);
    }
    ref.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    expect(drain(q)).toEqual(ref);
  });

  it('agrees with a reference order when events are pushed while it drains, many at the current instant', () => {
    // The same-instant lanes must give exactly the heap's order: (time, phase, insertion).
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new RandomStreams(seed).stream('durations');
      const q = new EventQueue(2);
      const pending: [number, number, number][] = [];
      let seq = 0;
      const push = (t: number, p: number) => {
        q.push(t, p, p, seq);
        pending.push([t, p, seq++]);
      };
      for (let i = 0; i < 20; i++) push(Math.floor(rng() * 50), Math.floor(rng() * 7));
      const popped: number[] = [];
      const expected: number[] = [];
      while (pending.length > 0) {
        pending.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
        const next = pending.shift()!;
        expected.push(next[2]);
        expect(q.peekTime()).toBe(next[0]);
        expect(q.pop()).toBe(true);
        popped.push(q.arg);
        expect([q.time, q.phase, q.kind]).toEqual([next[0], next[1], next[1]]);
        // Handlers push at this instant (any phase, earlier ones too) and later.
        if (seq < 3000) {
          const k = Math.floor(rng() * 4);
          for (let j = 0; j < k; j++) push(rng() < 0.6 ? q.time : q.time + Math.floor(rng() * 20), Math.floor(rng() * 7));
        }
        expect(q.size).toBe(pending.length);
      }
      expect(q.pop()).toBe(false);
      expect(popped).toEqual(expected);
    }
  });

  it('reports the earliest time without removing it', () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Infinity);
    q.push(1_700_000_000_000, Phase.AttemptEnd, 0, 0);
    q.push(42, Phase.MetricSample, 0, 0);
    expect(q.peekTime()).toBe(42);
    expect(q.size).toBe(2);
  });
});

describe('RandomStreams', () => {
  it('gives the same draws for the same seed and stream, different ones otherwise', () => {
    const a = new RandomStreams(42).stream('durations');
    const b = new RandomStreams(42).stream('durations');
    const c = new RandomStreams(43).stream('durations');
    const d = new RandomStreams(42).stream('arrivals');
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(d()).not.toBe(xs[0]);
  });

  it('keeps streams independent: drawing from one does not shift another', () => {
    const s1 = new RandomStreams(9);
    const s2 = new RandomStreams(9);
    for (let i = 0; i < 100; i++) s1.stream('launch')();
    expect(s1.stream('durations')()).toBe(s2.stream('durations')());
  });
});
