// `batchsim plan` (docs/sweep.md "Planning"): the cheapest configuration (by the sweep's objective)
// whose constraints hold with 95 % confidence, found by replicating adaptively. Every configuration
// runs the sweep's seeds; then, round by round, more seeds go only to the configurations whose
// intervals still straddle the decision — a constraint probability whose Wilson interval contains
// the required probability, or an objective whose paired difference with the current leader's is
// not clearly of one sign — until none does or they reach maxSeeds.
import { pairedDifference } from '../util/stats.js';
import type { Constraint, Sweep } from './sweep-file.js';
import { aggregate, planMetrics, planOf, ranking, type RunRow, type SweepOutcome, type SweepPlan } from './sweep-results.js';
import { sweep as runSweep, type SweepOptions } from './sweep.js';

export interface PlanOptions extends Pick<SweepOptions, 'workers'> {
  /** Replace the sweep file's constraints (the CLI's --deadline and --confidence). */
  constraints?: Constraint[];
  /** The most seeds one configuration gets (default: the sweep's maxSeeds). */
  maxSeeds?: number;
  /** Called after each round: the seeds given so far and the configurations still undecided. */
  onRound?: (round: number, runs: number, undecided: number) => void;
  /** Called as each run ends. */
  onRun?: SweepOptions['onRun'];
}

export interface PlanResult {
  outcome: SweepOutcome;
  /** All runs made, configuration-major, each configuration's seeds in order. */
  rows: RunRow[];
  rounds: number;
  /** Configurations still undecided when they reached maxSeeds. */
  undecided: number[];
}

export async function plan(s: Sweep, options: PlanOptions = {}): Promise<PlanResult> {
  const sw: Sweep = options.constraints ? { ...s, constraints: options.constraints } : s;
  const maxSeeds = options.maxSeeds ?? sw.maxSeeds;
  // Each round must add whole seeds, or it would run nothing and be asked for again, for ever.
  if (!Number.isInteger(maxSeeds) || maxSeeds < 1) throw new RangeError(`maxSeeds must be a whole number ≥ 1, received ${maxSeeds}`);
  if (sw.seeds.length === 0) throw new RangeError('the sweep has no seeds to start from');
  // One worker pool for every round (its threads keep the scenarios loaded).
  const keep: NonNullable<SweepOptions['keep']> = {};
  try {
    return await rounds(sw, maxSeeds, options, keep);
  } finally {
    await keep.pool?.destroy();
  }
}

async function rounds(sw: Sweep, maxSeeds: number, options: PlanOptions, keep: NonNullable<SweepOptions['keep']>): Promise<PlanResult> {
  // Each configuration's runs, its seeds in order: how many seeds it has is its list's length.
  const perConfig: RunRow[][] = sw.configurations.map(() => []);
  const file = (rows: RunRow[]) => {
    for (const r of rows) perConfig[r.configuration].push(r);
  };
  const seedsOf = (c: number) => perConfig[c].length;
  file((await runSweep(sw, { workers: options.workers, onRun: options.onRun, keep })).rows);
  const basePlan = planOf(sw);
  let round = 1;
  for (;;) {
    const rows = perConfig.flat();
    const outcome = aggregate(planWithSeeds(basePlan, Math.max(...perConfig.map((l) => l.length))), rows);
    const want = undecided(outcome, perConfig);
    const growable = want.filter((c) => seedsOf(c) < maxSeeds);
    options.onRound?.(round, rows.length, want.length);
    if (growable.length === 0) return { outcome, rows, rounds: round, undecided: want };
    // Each round doubles the seeds of the configurations in question (capped), with the next seeds
    // in the sweep's sequence, so every configuration's seeds stay a prefix of one list: pairs line up.
    const from = Math.min(...growable.map(seedsOf));
    const to = Math.min(maxSeeds, 2 * from);
    const seeds = Array.from({ length: to - from }, (_, i) => seedAt(sw, from + i));
    const only = growable.filter((c) => seedsOf(c) === from);
    file((await runSweep(sw, { workers: options.workers, seeds, only, onRun: options.onRun, keep })).rows);
    round++;
  }
}

/** The i-th seed of the sweep's sequence (seeds.from, from + 1, …). */
function seedAt(s: Pick<Sweep, 'seeds'>, i: number): number {
  return s.seeds[0] + i;
}

/** The plan as the runs made it: the seeds of the configuration with the most (`n`). */
function planWithSeeds(p: SweepPlan, n: number): SweepPlan {
  return { ...p, seeds: Array.from({ length: n }, (_, i) => seedAt(p, i)) };
}

/**
 * Configurations whose standing is not settled: a constraint still uncertain, or — while a leader
 * exists (the best configuration meeting every constraint with confidence) — one not known to miss
 * whose objective is not clearly worse than the leader's (the interval of their paired difference
 * reaches the leader's side of 0); the leader itself then too.
 */
export function undecided(outcome: SweepOutcome, perConfig: readonly (readonly RunRow[])[]): number[] {
  const { plan: p, configurations } = outcome;
  const out = new Set<number>();
  for (const c of configurations) if (c.constraints.some((r) => r.verdict === 'uncertain')) out.add(c.index);
  const leader = ranking(p, configurations).find((c) => c.constraints.every((r) => r.verdict === 'met'));
  if (leader) {
    const m = planMetrics(p).indexOf(p.objective.metric);
    const bySeed = (idx: number) => new Map(perConfig[idx].map((r) => [r.seed, r.metrics[m]]));
    const lead = bySeed(leader.index);
    for (const c of configurations) {
      if (c === leader || c.constraints.some((r) => r.verdict === 'missed')) continue;
      const d = pairedDifference(bySeed(c.index), lead);
      const clearlyWorse = p.objective.minimize ? d.low > 0 : d.high < 0;
      // The same result on every seed (the two configurations launch the same instances): a tie
      // that more seeds would not break; the ranking's order stands.
      const identical = d.n >= 2 && d.low === 0 && d.high === 0;
      if (!clearlyWorse && !identical) {
        out.add(c.index);
        out.add(leader.index);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}
