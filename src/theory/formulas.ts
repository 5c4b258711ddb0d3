// Queueing formulas for the models batchsim recognises (docs/model.md, "Queueing theory"): one
// queue, c identical servers, Poisson arrivals at rate λ, independent service times with mean m
// and squared coefficient of variation (SCV) s². Each returns the mean wait in queue Wq, the
// probability that an arrival waits, and the mean number waiting Lq = λ·Wq (Little's law), and
// says whether the figures are exact or which approximation gave them.
//
// References (the docs cite them too):
// - Erlang C: A. K. Erlang (1917); e.g. Gross, Shortle, Thompson & Harris, Fundamentals of
//   Queueing Theory, 4th ed. (2008), §2.3: P(wait) = C(c, a), Wq = C(c, a) / (cμ − λ).
// - Pollaczek–Khinchine (M/G/1): Wq = λ·E[S²] / (2(1 − ρ)) = ρ·m·(1 + s²) / (2(1 − ρ)); an arrival
//   waits exactly when the server is busy, P(wait) = ρ (Poisson arrivals see time averages).
// - Cosmetatos, G. P. (1975), "Approximate explicit formulae for the average queueing time in the
//   processes (M/D/r) and (D/M/r)", INFOR 13(3): 328–331:
//   Wq(M/D/c) ≈ ½·Wq(M/M/c)·[1 + (1 − ρ)(c − 1)(√(4 + 5c) − 2) / (16ρc)].
// - Allen–Cunneen: A. O. Allen, Probability, Statistics, and Queueing Theory, 2nd ed. (1990),
//   §6: Wq(GI/G/c) ≈ Wq(M/M/c)·(cₐ² + s²)/2, here with cₐ² = 1 (Poisson arrivals).

export interface Prediction {
  /** Mean wait in queue (arrival → start of service), seconds. */
  meanWaitSeconds: number;
  /** Probability that an arrival waits at all. */
  probabilityOfWait: number;
  /** Mean number waiting (time average), Lq = λ·Wq. */
  meanQueueLength: number;
  /** Server utilisation ρ = λ·m / c. */
  utilisation: number;
  /** Whether all of the above are exact for the model (else `method` names the approximations). */
  exact: boolean;
  method: string;
}

/**
 * Erlang C: the probability that an arrival waits, for c servers and offered load a = λ·m < c.
 * From Erlang B by its recursion B(k) = a·B(k−1) / (k + a·B(k−1)), then C = c·B / (c − a(1 − B)):
 * no a^k/k! term is ever formed, so c in the thousands neither overflows nor loses precision.
 */
export function erlangC(c: number, a: number): number {
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`erlangC: c must be a whole number ≥ 1, received ${c}`);
  if (!(a >= 0 && a < c)) throw new RangeError(`erlangC: the offered load must be in [0, c), received ${a} with c = ${c}`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return (c * b) / (c - a * (1 - b));
}

function checked(c: number, lambda: number, meanSeconds: number): number {
  if (!(lambda > 0 && meanSeconds > 0)) throw new RangeError(`arrival rate and mean service time must be > 0, received λ = ${lambda}, m = ${meanSeconds}`);
  const rho = (lambda * meanSeconds) / c;
  if (!(rho < 1)) throw new RangeError(`unstable: ρ = λ·m/c = ${rho} ≥ 1`);
  return rho;
}

function prediction(lambda: number, rho: number, wq: number, pWait: number, exact: boolean, method: string): Prediction {
  return { meanWaitSeconds: wq, probabilityOfWait: pWait, meanQueueLength: lambda * wq, utilisation: rho, exact, method };
}

/** M/M/c (exact): Erlang C. */
export function mmc(c: number, lambda: number, meanSeconds: number): Prediction {
  const rho = checked(c, lambda, meanSeconds);
  const pWait = erlangC(c, lambda * meanSeconds);
  return prediction(lambda, rho, pWait / (c / meanSeconds - lambda), pWait, true, 'Erlang C (exact)');
}

/** M/G/1 (exact): Pollaczek–Khinchine for the mean wait, P(wait) = ρ. */
export function pollaczekKhinchine(lambda: number, meanSeconds: number, scv: number): Prediction {
  const rho = checked(1, lambda, meanSeconds);
  return prediction(lambda, rho, (rho * meanSeconds * (1 + scv)) / (2 * (1 - rho)), rho, true, 'Pollaczek–Khinchine (exact)');
}

/** Cosmetatos's correction factor of ½·Wq(M/M/c) for deterministic service (1 at c = 1). */
export function cosmetatosFactor(c: number, rho: number): number {
  return 1 + ((1 - rho) * (c - 1) * (Math.sqrt(4 + 5 * c) - 2)) / (16 * rho * c);
}

/** M/D/c (approximate): Cosmetatos (1975) for the mean wait, Erlang C for P(wait). */
export function cosmetatos(c: number, lambda: number, meanSeconds: number): Prediction {
  const m = mmc(c, lambda, meanSeconds);
  const wq = 0.5 * m.meanWaitSeconds * cosmetatosFactor(c, m.utilisation);
  return prediction(lambda, m.utilisation, wq, m.probabilityOfWait, false, 'Cosmetatos (1975) for the mean wait, Erlang C for P(wait) (both approximations)');
}

/** M/G/c (approximate): Allen–Cunneen for the mean wait, Erlang C for P(wait). */
export function allenCunneen(c: number, lambda: number, meanSeconds: number, scv: number): Prediction {
  const m = mmc(c, lambda, meanSeconds);
  const wq = m.meanWaitSeconds * ((1 + scv) / 2);
  return prediction(lambda, m.utilisation, wq, m.probabilityOfWait, false, 'Allen–Cunneen for the mean wait, Erlang C for P(wait) (both approximations)');
}

/**
 * Non-preemptive priority classes on M/M/c, all with the same exponential run time (Cobham 1954;
 * Gross, Shortle, Thompson & Harris, §3.4): class k (0 = highest) waits on average
 * Wq_k = [C(c, a) / (cμ)] / ((1 − σ_{k−1})(1 − σ_k)), σ_k = Σ_{i ≤ k} λ_i / (cμ). The λ-weighted
 * average over the classes is the M/M/c mean wait: priorities only move waiting between classes.
 */
export function nonPreemptivePriority(c: number, lambdas: readonly number[], meanSeconds: number): number[] {
  const total = lambdas.reduce((s, l) => s + l, 0);
  const base = mmc(c, total, meanSeconds).probabilityOfWait / (c / meanSeconds);
  let sigma = 0;
  return lambdas.map((l) => {
    const before = sigma;
    sigma += (l * meanSeconds) / c;
    return base / ((1 - before) * (1 - sigma));
  });
}
