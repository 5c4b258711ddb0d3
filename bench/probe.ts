// The ceiling for the engine (issue 9): the same M/M/c queue as the `mmc90` case — c servers,
// Poisson arrivals, exponential service, FIFO, instant dispatch — on a bare binary heap of typed
// arrays with no model at all. It draws exactly the engine's random numbers (the workload's
// arrival stream, each job's keyed run time, both rounded to the millisecond as the engine does),
// so it is the same sample path, not just the same distribution: test/bench/probe.test.ts checks
// that it ends when the engine's run ends with the same total wait. What batchsim does per job on
// top of this is what the ratio engine jobs/s ÷ probe jobs/s measures; on a noisy machine the
// ratio is the figure to watch.
import { KeyedStream } from '../src/engine/keyed-random.js';
import { RandomStreams } from '../src/engine/random.js';

export interface ProbeResult {
  seconds: number;
  jobs: number;
  events: number;
  /** When the last job ended, ms. */
  endMs: number;
  /** Σ (start − arrival) over all jobs, ms. */
  totalWaitMs: number;
  meanWaitSeconds: number;
}

// Within one millisecond a departure frees its server before an arrival looks for one (the
// engine's AttemptEnd phase runs before its Submission and SchedulerCycle phases).
const DEPARTURE = 0;
const ARRIVAL = 1;

export function mmcProbe(servers: number, meanInterarrivalSeconds: number, meanServiceSeconds: number, jobs: number, seed: number): ProbeResult {
  const arrivals = new RandomStreams(seed).stream('arrivals', '0');
  const durations = new KeyedStream(seed, 'durations');
  const cap = servers + 2;
  // key = time × 2 + kind; ties in time and kind keep insertion order (seq).
  const keys = new Float64Array(cap);
  const seqs = new Float64Array(cap);
  let n = 0;
  let nextSeq = 0;
  const push = (t: number, kind: number) => {
    const key = t * 2 + kind;
    const seq = nextSeq++;
    let i = n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] < key || (keys[p] === key && seqs[p] < seq)) break;
      keys[i] = keys[p];
      seqs[i] = seqs[p];
      i = p;
    }
    keys[i] = key;
    seqs[i] = seq;
  };
  const pop = (): number => {
    const top = keys[0];
    const key = keys[--n];
    const seq = seqs[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (keys[c + 1] < keys[c] || (keys[c + 1] === keys[c] && seqs[c + 1] < seqs[c]))) c++;
      if (key < keys[c] || (key === keys[c] && seq < seqs[c])) break;
      keys[i] = keys[c];
      seqs[i] = seqs[c];
      i = c;
    }
    keys[i] = key;
    seqs[i] = seq;
    return top;
  };
  // A job's run time: the keyed draw the engine makes for row `job` (an exponential, in whole ms).
  const serviceMs = (job: number) => Math.round(-meanServiceSeconds * Math.log(1 - durations.at(job, 0)()) * 1000);
  // Arrival times of the waiting jobs, a FIFO ring (jobs are numbered in arrival order).
  const waiting = new Float64Array(jobs);
  let head = 0;
  let tail = 0;
  let busy = 0;
  let arrived = 0;
  let started = 0;
  let events = 0;
  let totalWaitMs = 0;
  let endMs = 0;
  let t = 0;
  const nextArrival = () => {
    t += -meanInterarrivalSeconds * 1000 * Math.log(1 - arrivals());
    push(Math.round(t), ARRIVAL);
  };
  const t0 = process.hrtime.bigint();
  nextArrival();
  while (n > 0) {
    const key = pop();
    const now = Math.floor(key / 2);
    events++;
    if (key - now * 2 === ARRIVAL) {
      arrived++;
      if (arrived < jobs) nextArrival();
      if (busy < servers) {
        busy++;
        push(now + serviceMs(started++), DEPARTURE);
      } else {
        waiting[tail++] = now;
      }
    } else {
      endMs = now;
      if (head < tail) {
        totalWaitMs += now - waiting[head++];
        push(now + serviceMs(started++), DEPARTURE);
      } else {
        busy--;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, jobs, events, endMs, totalWaitMs, meanWaitSeconds: totalWaitMs / jobs / 1000 };
}
