// The exact M/D/c queue (Crommelin 1932), computed numerically, to measure the approximations
// batchsim reports for deterministic run times (Cosmetatos for Wq, Erlang C for P(wait)).
//
// With constant service D and c servers, the number in system N satisfies, for ANY time t,
// N(t + D) = max(N(t) − c, 0) + A(t, t + D], A Poisson(λD): whoever is in service at t has left by
// t + D, each server takes exactly one waiting job in (t, t + D] while jobs wait, and nobody who
// arrives in (t, t + D] can have left by t + D. So the chain N_k = N(kD) has the time-stationary
// distribution p of N, and:
// - Lq = Σ max(n − c, 0)·p_n (time average), Wq = Lq / λ (Little);
// - an arrival at time τ waits not at all iff the job c places ahead of it has left by τ, i.e. iff
//   Q(τ − D) + (arrivals in (τ − D, τ)) ≤ c − 1, Q = max(N − c, 0) the number waiting; with
//   Poisson arrivals the two terms are independent: P(W = 0) = Σ_q P(Q = q)·P(Poisson(λD) ≤ c−1−q).
// At c = 1 this gives Pollaczek–Khinchine exactly (tested), which checks the solver.

export interface MdcExact {
  meanWait: number;
  pWait: number;
}

/** Exact M/D/c with service time `d` seconds and utilisation `rho` (λ = c·rho/d). */
export function mdcExact(c: number, rho: number, d = 1): MdcExact {
  const a = c * rho; // λD
  const K = Math.ceil(a + 12 * Math.sqrt(a) + 30);
  const pois: number[] = [];
  for (let k = 0, t = Math.exp(-a); k <= K; k++, t *= a / k) pois.push(t);
  const cdf: number[] = [];
  pois.reduce((acc, x) => (cdf.push(acc + x), acc + x), 0);
  // States up to M: the tail decays geometrically, far below 1e-15 by then for ρ ≤ 0.95.
  const M = Math.ceil(c + 80 / (1 - rho) ** 1.3 + 200);
  let p = new Float64Array(M);
  p[0] = 1;
  for (let it = 0; it < 1_000_000; it++) {
    const q = new Float64Array(M);
    for (let n = 0; n < M; n++) {
      if (p[n] === 0) continue;
      const base = Math.max(n - c, 0);
      for (let k = 0; k <= K && base + k < M; k++) q[base + k] += p[n] * pois[k];
    }
    let s = 0;
    for (const x of q) s += x;
    let change = 0;
    for (let n = 0; n < M; n++) {
      q[n] /= s;
      change += Math.abs(q[n] - p[n]);
    }
    p = q;
    if (change < 1e-14 && it > 50) break;
  }
  let lq = 0;
  for (let n = c + 1; n < M; n++) lq += (n - c) * p[n];
  let noWait = 0;
  let queueEmpty = 0;
  for (let n = 0; n <= c; n++) queueEmpty += p[n];
  noWait += queueEmpty * cdf[c - 1];
  for (let q = 1; q <= c - 1; q++) noWait += p[c + q] * cdf[c - 1 - q];
  return { meanWait: (lq / a) * d, pWait: 1 - noWait };
}
