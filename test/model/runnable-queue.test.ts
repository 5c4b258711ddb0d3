import { describe, expect, it } from 'vitest';
import { FifoRunnableQueue } from '../../src/model/runnable-queue.js';

function drain(q: FifoRunnableQueue): number[] {
  const out: number[] = [];
  for (let r = q.peek(); r >= 0; r = q.peek()) {
    out.push(r);
    q.shift();
  }
  return out;
}

describe('FifoRunnableQueue', () => {
  it('serves by createdAt, then row, whatever order jobs became RUNNABLE in', () => {
    const q = new FifoRunnableQueue();
    q.pushRange(7, 7, 3000); // created later, RUNNABLE first
    q.pushRange(2, 4, 1000); // an array's children 2..4
    q.pushRange(1, 1, 1000);
    expect(q.size).toBe(5);
    expect(drain(q)).toEqual([1, 2, 3, 4, 7]);
    expect(q.size).toBe(0);
  });

  it('puts retried jobs at the front, the latest retry first', () => {
    const q = new FifoRunnableQueue();
    q.pushRange(10, 12, 0);
    q.pushFront(20);
    q.pushFront(21);
    expect(drain(q)).toEqual([21, 20, 10, 11, 12]);
  });

  it('keeps a 10,000-child range as one entry and lists the head in order', () => {
    const q = new FifoRunnableQueue();
    q.pushRange(100, 10_099, 5);
    q.pushRange(5, 5, 4);
    const rows: number[] = [];
    q.forEachRun((first, last) => {
      for (let r = first; r <= last && rows.length < 4; r++) rows.push(r);
      return rows.length < 4;
    });
    expect(rows).toEqual([5, 100, 101, 102]);
    expect(q.peek()).toBe(5);
    expect(q.size).toBe(10_001);
  });
});
