// Named random streams derived from the root seed (DESIGN §2): each purpose draws from its own
// seedrandom generator, so changing how often one part of a scenario draws does not shift another's.
import seedrandom from 'seedrandom';
import type { Distribution } from '../scenario/types.js';

export type StreamName = 'ids' | 'durations' | 'arrivals' | 'launch' | 'failures' | 'spot';

export interface Rng {
  /** Uniform in [0, 1). */
  (): number;
}

export class RandomStreams {
  private readonly streams = new Map<string, Rng>();
  constructor(readonly seed: number) {}

  /** The stream for a purpose; `key` separates independent users of one purpose (e.g. a workload index). */
  stream(name: StreamName, key = ''): Rng {
    const id = key === '' ? name : `${name}/${key}`;
    let rng = this.streams.get(id);
    if (!rng) {
      // alea: seedrandom's fastest generator with a long period; good enough for simulation draws.
      rng = seedrandom.alea(`batchsim:${this.seed}:${id}`) as Rng;
      this.streams.set(id, rng);
    }
    return rng;
  }
}

/** A standard normal deviate (Box–Muller; the second value is discarded to keep draws one-per-call). */
function standardNormal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Draws one value from a distribution. */
export function sample(d: Distribution, rng: Rng): number {
  switch (d.distribution) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return d.min + (d.max - d.min) * rng();
    case 'exponential':
      return -d.mean * Math.log(1 - rng());
    case 'lognormal':
      return d.median * Math.exp(d.sigma * standardNormal(rng));
    case 'normal': {
      // Truncation by redrawing keeps the shape inside [min, max]; give up after many misses
      // (a window far in the tail) and clamp rather than loop forever.
      for (let i = 0; i < 1000; i++) {
        const x = d.mean + d.stddev * standardNormal(rng);
        if (x >= d.min && x <= d.max) return x;
      }
      return Math.min(d.max, Math.max(d.min, d.mean));
    }
  }
}

/** The mean of a distribution (used for reporting and theory checks). */
export function mean(d: Distribution): number {
  switch (d.distribution) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'exponential':
      return d.mean;
    case 'lognormal':
      return d.median * Math.exp((d.sigma * d.sigma) / 2);
    case 'normal':
      return d.mean;
  }
}

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]; // '0'–'9', 'a'–'f'
const DASH = 45;

/** Appends `n` hex digits drawn from `rng` to `codes` (one draw a digit). */
function pushHex(codes: number[], rng: Rng, n: number): void {
  for (let i = 0; i < n; i++) codes.push(HEX[Math.floor(rng() * 16)]);
}

/**
 * `n` hex digits drawn from a stream (instance ids, task ids). Built from character codes in one
 * go: a string grown a digit at a time is a chain of pieces, and a million ids kept that way
 * (jobs.csv) cost several times their length in memory.
 */
export function randomHex(rng: Rng, n: number): string {
  const codes: number[] = [];
  pushHex(codes, rng, n);
  return String.fromCharCode(...codes);
}

/** A version-4 UUID drawn from a stream (job ids, event ids): deterministic for a seed and draw order. */
export function randomUuid(rng: Rng): string {
  const codes: number[] = [];
  const variant = '89ab'.charCodeAt(Math.floor(rng() * 4));
  pushHex(codes, rng, 8);
  codes.push(DASH);
  pushHex(codes, rng, 4);
  codes.push(DASH, 52); // '4'
  pushHex(codes, rng, 3);
  codes.push(DASH, variant);
  pushHex(codes, rng, 3);
  codes.push(DASH);
  pushHex(codes, rng, 12);
  return String.fromCharCode(...codes);
}
