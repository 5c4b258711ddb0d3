// The ceiling for the engine (issue 9): the same M/M/c queue as the `mmc90` case — c servers,
// Poisson arrivals, exponential service, FIFO, instant dispatch — on a bare binary heap of typed
// arrays with no model at all. What batchsim does per job on top of this is what the ratio
// engine jobs/s ÷ probe jobs/s measures; on a noisy machine the ratio is the figure to watch.
import seedrandom from 'seedrandom';

export interface ProbeResult {
  seconds: number;
  jobs: number;
  events: number;
  meanWaitSeconds: number;
}

const ARRIVAL = 0;
const DEPARTURE = 1;

export function mmcProbe(servers: number, meanInterarrival: number, meanService: number, jobs: number, seed = 1): ProbeResult {
  const rng = seedrandom.alea(`probe:${seed}`);
  const cap = servers + 2;
  const keys = new Float64Array(cap);
  const kinds = new Uint8Array(cap);
  let n = 0;
  const push = (t: number, kind: number) => {
    let i = n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= t) break;
      keys[i] = keys[p];
      kinds[i] = kinds[p];
      i = p;
    }
    keys[i] = t;
    kinds[i] = kind;
  };
  const pop = (): number => {
    const kind = kinds[0];
    const t = keys[--n];
    const k = kinds[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1] < keys[c]) c++;
      if (t <= keys[c]) break;
      keys[i] = keys[c];
      kinds[i] = kinds[c];
      i = c;
    }
    keys[i] = t;
    kinds[i] = k;
    return kind;
  };
  // Waiting arrivals' times, a ring buffer (FIFO).
  const waiting = new Float64Array(jobs);
  let head = 0;
  let tail = 0;
  let busy = 0;
  let arrived = 0;
  let events = 0;
  let waitSum = 0;
  const t0 = process.hrtime.bigint();
  push(-meanInterarrival * Math.log(1 - rng()), ARRIVAL);
  while (n > 0) {
    const now = keys[0];
    const kind = pop();
    events++;
    if (kind === ARRIVAL) {
      arrived++;
      if (arrived < jobs) push(now - meanInterarrival * Math.log(1 - rng()), ARRIVAL);
      if (busy < servers) {
        busy++;
        push(now - meanService * Math.log(1 - rng()), DEPARTURE);
      } else {
        waiting[tail++] = now;
      }
    } else if (head < tail) {
      waitSum += now - waiting[head++];
      push(now - meanService * Math.log(1 - rng()), DEPARTURE);
    } else {
      busy--;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, jobs, events, meanWaitSeconds: waitSum / jobs };
}
