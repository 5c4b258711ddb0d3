// The "Queueing theory" panel of report.html, as plain text and tables (html.ts escapes and lays
// them out): summary.json's `theory` — each prediction next to the simulated value and its
// confidence interval — or why there is none, and the `littlesLaw` check every run has.
import type { Summary } from '../metrics/summary.js';
import type { Interval } from '../theory/batch-means.js';
import type { Theory } from '../theory/theory.js';
import { checkShape, type Shape } from './report-files.js';

const INTERVAL: Shape = { mean: 'number', low: 'number|null', high: 'number|null' };

/** What the panel reads of summary.json (`batchsim chart DIR` checks it; older summaries lack all three). */
export const THEORY_SUMMARY_SHAPE: Shape = {
  'theoryReason?': 'string|null',
  'littlesLaw?': {
    windowSeconds: 'number', meanRunnableJobs: 'number', arrivalRatePerSecond: 'number', meanRunnableWaitSeconds: 'number',
    lambdaW: 'number', relativeDifference: 'number', stillRunnable: 'number',
  },
};

const THEORY_SHAPE: Shape = {
  model: 'string', method: 'string', jobQueue: 'string', c: 'number', arrivalRatePerSecond: 'number', serviceMeanSeconds: 'number',
  serviceRatePerSecond: 'number', serviceScv: 'number', utilisation: 'number', meanWaitSeconds: 'number', probabilityOfWait: 'number',
  meanQueueLength: 'number', simulated: 'any',
};

const SIMULATED_SHAPE: Shape = {
  method: 'string', confidenceLevel: 'number', jobs: 'number', batches: 'number', windowSeconds: ['number'],
  meanWaitSeconds: INTERVAL, probabilityOfWait: INTERVAL, meanQueueLength: INTERVAL, utilisation: INTERVAL,
};

/** Checks summary.json's `theory` (an object or null; its `simulated` too) as THEORY_SUMMARY_SHAPE cannot say. */
export function checkTheoryShape(file: string, summary: Record<string, unknown>): void {
  const theory = summary.theory;
  if (theory === undefined || theory === null) return;
  checkShape(file, theory, THEORY_SHAPE, 'theory');
  const simulated = (theory as Record<string, unknown>).simulated;
  if (simulated !== null) checkShape(file, simulated, SIMULATED_SHAPE, 'theory.simulated');
}

export interface PanelTable {
  head: string[];
  rows: string[][];
  /** Per column: right-aligned numbers. */
  numeric: boolean[];
}

export interface TheoryPanel {
  /** Paragraphs and tables, in page order. */
  parts: ({ text: string } | { table: PanelTable } | { heading: string })[];
}

/** A number as people read it: 4 significant digits, no exponent for everyday sizes. */
export function sig(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e9) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1);
}

function interval(i: Interval, digits = 4): string {
  return i.low === null || i.high === null ? 'no interval (too few jobs)' : `${sig(i.low, digits)} – ${sig(i.high, digits)}`;
}

function verdict(theory: number, i: Interval): string {
  if (i.low === null || i.high === null) return '–';
  return theory >= i.low && theory <= i.high ? 'inside' : theory < i.low ? 'below' : 'above';
}

/** One line for the terminal: each prediction with the simulated value and its interval (`batchsim run`, `check`). */
export function theoryLine(t: Theory): string {
  const sim = t.simulated;
  const fig = (name: string, theory: number, i: Interval | undefined, unit = '') =>
    `${name} ${sig(theory)}${unit}${i ? `, simulated ${sig(i.mean)}${unit}${i.low !== null && i.high !== null ? ` (${sig(i.low)}–${sig(i.high)})` : ''}` : ''}`;
  return `${t.model} (c = ${t.c}, ρ = ${sig(t.utilisation)}; ${t.method}): ` +
    [fig('mean wait', t.meanWaitSeconds, sim?.meanWaitSeconds, ' s'), fig('P(wait)', t.probabilityOfWait, sim?.probabilityOfWait), fig('Lq', t.meanQueueLength, sim?.meanQueueLength)].join('; ') +
    (sim && sim.batches > 1 ? `; 95 % intervals by ${sim.method}` : '');
}

/** The panel for a summary, or null for a summary written before batchsim reported theory. */
export function theoryPanel(s: Summary): TheoryPanel | null {
  const little = s.littlesLaw;
  if (!little) return null;
  const parts: TheoryPanel['parts'] = [];
  const t = s.theory;
  if (t) {
    parts.push({ heading: `${t.model} with c = ${t.c} (job queue ${t.jobQueue})` });
    parts.push({
      text: `Arrivals λ = ${sig(t.arrivalRatePerSecond)}/s (Poisson); run time mean ${sig(t.serviceMeanSeconds)} s (μ = ${sig(t.serviceRatePerSecond)}/s), ` +
        `squared coefficient of variation ${sig(t.serviceScv)}; utilisation ρ = λ/(cμ) = ${sig(t.utilisation)}. Theory: ${t.method}.`,
    });
    const sim = t.simulated;
    const level = sim ? `${Math.round(sim.confidenceLevel * 100)} % interval` : 'interval';
    const row = (name: string, theory: number, i: Interval | undefined): string[] =>
      i ? [name, sig(theory), sig(i.mean), interval(i), verdict(theory, i)] : [name, sig(theory), '–', '–', '–'];
    parts.push({
      table: {
        head: ['', t.exact ? 'theory' : 'theory (approx.)', 'simulated', level, 'theory is'],
        rows: [
          row('mean wait Wq (s)', t.meanWaitSeconds, sim?.meanWaitSeconds),
          row('P(wait)', t.probabilityOfWait, sim?.probabilityOfWait),
          row('mean queue length Lq', t.meanQueueLength, sim?.meanQueueLength),
          row('utilisation ρ', t.utilisation, sim?.utilisation),
        ],
        numeric: [false, true, true, true, false],
      },
    });
    parts.push({
      text: sim
        ? `Simulated: ${sim.jobs.toLocaleString('en-US')} jobs from t = ${sig(sim.windowSeconds[0], 6)} s to ${sig(sim.windowSeconds[1], 6)} s; ${sim.method}.` +
          (sim.batches > 1 ? ' A 95 % interval misses the true value one time in twenty: an isolated "below" or "above" is expected now and then, a large gap is not.' : '')
        : 'Simulated: the run is too short to measure a steady state.',
    });
  } else {
    parts.push({ text: `No queueing formula for this scenario: ${s.theoryReason ?? 'not a model batchsim recognises'}. docs/model.md ("Queueing theory") lists what batchsim recognises.` });
  }
  parts.push({ heading: "Little's law (RUNNABLE jobs)" });
  parts.push({
    table: {
      head: ['L (mean RUNNABLE jobs)', 'λ (entries/s)', 'W (mean wait, s)', 'λW', 'relative difference', 'still RUNNABLE'],
      rows: [[sig(little.meanRunnableJobs), sig(little.arrivalRatePerSecond), sig(little.meanRunnableWaitSeconds), sig(little.lambdaW), sig(little.relativeDifference, 3), little.stillRunnable.toLocaleString('en-US')]],
      numeric: [true, true, true, true, true, true],
    },
  });
  parts.push({
    text: `Over the whole run (${sig(little.windowSeconds, 6)} s): L is the time average of RunnableJobs, W the mean time a job spent RUNNABLE before it was placed. ` +
      'They agree when every job has left RUNNABLE; jobs still waiting at the end count in L but not in W.',
  });
  return { parts };
}
