// Keyed random draws (DESIGN §2, §6 "paired randomness"): a draw that belongs to one thing — a
// job's run time, the exit code of its third attempt, the launch latency of an environment's
// fifth instance — is computed from that thing's identity, not taken from a shared stream in the
// order things happen. So two runs on one seed that differ only in their fleet still give every
// job the same run time and every attempt the same exit code: a paired comparison compares
// fleets, not luck.
//
// A draw is a counter-based hash: the stream's 32-bit key (from seedrandom, per root seed and
// purpose), the two identity numbers and the draw's index go through MurmurHash3's 32-bit
// finaliser, a bijective avalanche mixer; two mixed words make one 53-bit uniform. No state is
// kept, so a key costs nothing to open and nothing is allocated per draw.
import seedrandom from 'seedrandom';
import type { Rng } from './random.js';

export type KeyedStreamName = 'durations' | 'failures' | 'launch' | 'spot' | 'memory' | 'pulls' | 'workflows';

/** MurmurHash3's fmix32: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const GOLDEN = 0x9e3779b9;

/** Draws keyed by (a, b) for one purpose of one run. */
export class KeyedStream {
  private readonly key: number;
  private a = 0;
  private b = 0;
  private i = 0;
  /** The current key's draws, one after another (for distributions that need several). */
  readonly rng: Rng = () => this.next();

  constructor(rootSeed: number, name: KeyedStreamName) {
    this.key = Math.floor(seedrandom.alea(`batchsim:${rootSeed}:keyed/${name}`)() * 0x100000000) >>> 0;
  }

  /** Starts the draws of identity (a, b); returns the stream's rng, now at that key's first draw. */
  at(a: number, b: number): Rng {
    this.a = a;
    this.b = b;
    this.i = 0;
    return this.rng;
  }

  /** The next uniform in [0, 1) of the current key. */
  next(): number {
    const base = fmix32(fmix32(fmix32(this.key ^ this.a) + Math.imul(this.b, GOLDEN)) + Math.imul(this.i++, 0x632be5ab));
    const hi = fmix32(base ^ 0x5bd1e995) >>> 5; // 27 bits
    const lo = fmix32(base + GOLDEN) >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}
