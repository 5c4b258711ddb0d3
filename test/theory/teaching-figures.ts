// The figures quoted in docs/teaching/*.md, produced by running the lessons in
// scenarios/teaching/ (and a few variants of them made here, each described in its page). A page
// holds each figure between `<!-- fig:ID -->` and `<!-- /fig -->`; scripts/teaching-pages.ts
// writes them, test/theory/teaching.test.ts checks that every page holds what the runs give
// today — so no number in a lesson can drift from what batchsim does.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { check } from '../../src/check/check.js';
import { summarize, type Summary } from '../../src/metrics/summary.js';
import { ATTEMPT_OUTCOME_NAMES } from '../../src/model/attempts.js';
import { JOB_STATUS_NAMES, countsAsJob } from '../../src/model/jobs.js';
import { sig } from '../../src/report/theory-panel.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Distribution, PoissonWorkloadSpec, Scenario } from '../../src/scenario/types.js';
import { JobNames } from '../../src/sim/naming.js';
import type { RunResult } from '../../src/sim/run-result.js';
import { simulate } from '../../src/sim/simulation.js';
import { tInterval, type Interval } from '../../src/theory/batch-means.js';
import { mmc, nonPreemptivePriority } from '../../src/theory/formulas.js';
import type { Theory } from '../../src/theory/theory.js';

export const LESSON_DIR = 'scenarios/teaching';
export const PAGE_DIR = 'docs/teaching';
/** The lesson pages, in order. */
export const PAGES = ['README.md', '01-mm1.md', '02-mmc.md', '03-priorities.md', '04-head-of-line.md', '05-spot-retries.md'];

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
/** scenarios/teaching/ as an absolute path. */
export const lessonDir = (): string => root(LESSON_DIR);
export const lesson = (file: string): Scenario => loadScenario(root(`${LESSON_DIR}/${file}`));
export const pagePath = (page: string) => root(`${PAGE_DIR}/${page}`);

function run(scenario: Scenario, seed?: number): { sim: RunResult; summary: Summary } {
  const sim = simulate(scenario, { seed });
  return { sim, summary: summarize(sim, new JobNames(sim)) };
}

const ci = (i: Interval) => (i.low === null || i.high === null ? '–' : `${sig(i.low)} – ${sig(i.high)}`);
/** A markdown table; a column of numbers (and intervals) is right-aligned. */
function table(head: string[], rows: (string | number)[][]): string {
  const numeric = head.map((_, i) => rows.every((r) => /^[-+\d.,e –$]*$/.test(String(r[i]))));
  return [`| ${head.join(' | ')} |`, `|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The report's theory panel as a markdown table. */
function sideBySide(t: Theory): string {
  const s = t.simulated!;
  const row = (name: string, theory: number, i: Interval) => [name, sig(theory), sig(i.mean), ci(i)];
  return table([`${t.model}, c = ${t.c}`, t.exact ? 'theory' : 'theory (approx.)', 'simulated', '95 % interval'], [
    row('mean wait Wq (s)', t.meanWaitSeconds, s.meanWaitSeconds),
    row('P(wait)', t.probabilityOfWait, s.probabilityOfWait),
    row('mean queue length Lq', t.meanQueueLength, s.meanQueueLength),
    row('utilisation ρ', t.utilisation, s.utilisation),
  ]);
}

function littleRow(summary: Summary): string {
  const l = summary.littlesLaw;
  return table(['L (mean RUNNABLE jobs)', 'λ (per s)', 'W (s)', 'λW', 'relative difference'], [
    [sig(l.meanRunnableJobs), sig(l.arrivalRatePerSecond), sig(l.meanRunnableWaitSeconds), sig(l.lambdaW), sig(l.relativeDifference, 3)],
  ]);
}

/** A lesson's queue with `c` slots, mean gap `gapSeconds`, `jobs` arrivals and (optionally) another run time. */
function variant(base: Scenario, c: number, gapSeconds: number, jobs: number, duration?: Distribution): Scenario {
  const s = structuredClone(base);
  const ce = s.computeEnvironments[0];
  ce.fleet = Array.from({ length: c }, () => ce.fleet[0]);
  Object.assign(s.workloads[0] as PoissonWorkloadSpec, { meanInterarrivalSeconds: gapSeconds, count: jobs });
  if (duration) s.jobDefinitions[0].simulation.duration = duration;
  return s;
}

/** `batchsim check` over `seeds` seeds, as the terminal shows it (first line and verdicts). */
function checkLines(file: string, seeds: number): string {
  const scenario = lesson(file);
  const result = check(scenario, { seeds, expectations: scenario.expect ?? [] });
  const lines = result.cases.map((c) => `${c.failure ? '✖' : '✔'} ${c.name}: ${c.detail.split('\n')[0]}`);
  const failed = result.cases.filter((c) => c.failure).length;
  return ['```', `check ${LESSON_DIR}/${file}: ${seeds} seeds (${result.seeds[0]}–${result.seeds[result.seeds.length - 1]})`, ...lines, `${result.cases.length - failed} passed, ${failed} failed`, '```'].join('\n');
}

type Figures = Map<string, string>;

const thousands = (n: number) => n.toLocaleString('en-US');

/** A Poisson lesson's inputs as its page quotes them (those named in `keys`). */
function parameters(f: Figures, id: string, s: Scenario, keys: ('slots' | 'gap' | 'perMinute' | 'mean' | 'jobs')[]): void {
  const w = s.workloads[0] as PoissonWorkloadSpec;
  const d = s.jobDefinitions[w.jobDefinition].simulation.duration;
  const values = {
    slots: String(s.computeEnvironments[0].fleet.length),
    gap: sig(w.meanInterarrivalSeconds),
    perMinute: sig(60 / w.meanInterarrivalSeconds),
    mean: d.distribution === 'exponential' ? sig(d.mean) : '–',
    jobs: thousands(w.count),
  };
  for (const k of keys) f.set(`${id}.${k}`, values[k]);
}

function lesson1(f: Figures): void {
  const mm1 = run(lesson('01-mm1.yaml'));
  const t = mm1.summary.theory!;
  parameters(f, 'l1', mm1.sim.scenario, ['gap', 'mean', 'jobs']);
  const half = t.simulated!.meanWaitSeconds;
  f.set('l1.halfwidth', `±${Math.round((100 * (half.high! - half.low!)) / 2 / half.mean)} %`);
  f.set('l1.rho', sig(t.utilisation));
  f.set('l1.wq', sig(t.meanWaitSeconds));
  f.set('l1.lq', sig(t.meanQueueLength));
  f.set('l1.side', sideBySide(t));
  f.set('l1.little', littleRow(mm1.summary));
  f.set('l1.method', t.simulated!.method);
  f.set('l1.check', checkLines('01-mm1.yaml', 10));
  // The same queue with three run-time distributions of mean 60 s.
  const mg1 = run(lesson('01b-mg1.yaml'));
  const constant = run(variant(lesson('01-mm1.yaml'), 1, 75, 50_000, { distribution: 'fixed', value: 60 }));
  const rows = [['constant (M/D/1)', constant.summary], ['exponential (M/M/1)', mm1.summary], ['lognormal, σ = 1 (M/G/1, 01b-mg1.yaml)', mg1.summary]] as const;
  f.set('l1.variability', table(['run time (mean 60 s)', 'SCV', 'Pollaczek–Khinchine Wq (s)', 'simulated Wq (s)', '95 % interval'],
    rows.map(([name, s]) => [name, sig(s.theory!.serviceScv, 3), sig(s.theory!.meanWaitSeconds), sig(s.theory!.simulated!.meanWaitSeconds.mean), ci(s.theory!.simulated!.meanWaitSeconds)])));
  f.set('l1.mg1.wq', sig(mg1.summary.theory!.meanWaitSeconds));
  f.set('l1.mg1.scv', sig(mg1.summary.theory!.serviceScv, 3));
}

function lesson2(f: Figures): void {
  const base = lesson('02-mmc.yaml');
  const mmcRun = run(base);
  const t = mmcRun.summary.theory!;
  parameters(f, 'l2', base, ['slots', 'gap', 'perMinute', 'jobs']);
  f.set('l2.side', sideBySide(t));
  f.set('l2.little', littleRow(mmcRun.summary));
  f.set('l2.wq', sig(t.meanWaitSeconds));
  f.set('l2.pwait', sig(t.probabilityOfWait));
  // Economies of scale: c slots, each busy 80 % of the time.
  const scale = [1, 2, 5, 10, 20].map((c) => ({ c, ...run(variant(base, c, 60 / (0.8 * c), 50_000)).summary }));
  f.set('l2.scale', table(['slots c', 'λ (jobs/min)', 'Erlang C P(wait)', 'simulated P(wait)', 'Erlang C Wq (s)', 'simulated Wq (s)', '95 % interval'],
    scale.map((s) => [s.c, sig(s.theory!.arrivalRatePerSecond * 60), sig(s.theory!.probabilityOfWait), sig(s.theory!.simulated!.probabilityOfWait.mean), sig(s.theory!.meanWaitSeconds), sig(s.theory!.simulated!.meanWaitSeconds.mean), ci(s.theory!.simulated!.meanWaitSeconds)])));
  // One more slot at the same demand (8 jobs a minute).
  const more = [9, 10, 11, 12, 14].map((c) => ({ c, ...run(variant(base, c, 7.5, 50_000)).summary }));
  f.set('l2.more', table(['slots c', 'utilisation ρ', 'Erlang C Wq (s)', 'simulated Wq (s)', '95 % interval'],
    more.map((s) => [s.c, sig(s.theory!.utilisation), sig(s.theory!.meanWaitSeconds), sig(s.theory!.simulated!.meanWaitSeconds.mean), ci(s.theory!.simulated!.meanWaitSeconds)])));
}

/** Mean wait (createdAt → first start) of a queue's jobs after the first 10 % of them, with a 20-batch interval. */
function queueWait(sim: RunResult, queue: string): { mean: number; interval: Interval; jobs: number } {
  const q = sim.jobQueues.findIndex((x) => x.name === queue);
  const waits: number[] = [];
  for (let r = 0; r < sim.jobs.count; r++) {
    if (!countsAsJob(sim.jobs.kind.data[r]) || sim.templates[sim.jobs.template.data[r]].queue !== q) continue;
    waits.push((sim.jobs.firstStartedAt.data[r] - sim.jobs.createdAt.data[r]) / 1000);
  }
  const measured = waits.slice(Math.floor(waits.length * 0.1));
  const size = Math.floor(measured.length / 20);
  const batches = Array.from({ length: 20 }, (_, b) => measured.slice(b * size, (b + 1) * size).reduce((s, w) => s + w, 0) / size);
  const interval = tInterval(batches);
  return { mean: interval.mean, interval, jobs: 20 * size };
}

function lesson3(f: Figures): void {
  const scenario = lesson('03-priorities.yaml');
  const { sim, summary } = run(scenario);
  const workloads = scenario.workloads as PoissonWorkloadSpec[];
  const lambdas = workloads.map((w) => 1 / w.meanInterarrivalSeconds);
  const mean = 60;
  const cobham = nonPreemptivePriority(10, lambdas, mean);
  workloads.forEach((w, k) => f.set(`l3.${w.jobQueue}.perMinute`, sig(lambdas[k] * 60)));
  f.set('l3.perMinute', sig((lambdas[0] + lambdas[1]) * 60));
  const rows = workloads.map((w, k) => {
    const q = queueWait(sim, w.jobQueue);
    return [w.jobQueue, scenario.jobQueues.find((x) => x.jobQueueName === w.jobQueue)!.priority, sig(lambdas[k] * 60), sig(cobham[k]), sig(q.mean), ci(q.interval)];
  });
  const all = mmc(10, lambdas[0] + lambdas[1], mean);
  rows.push(['both', '', sig((lambdas[0] + lambdas[1]) * 60), sig(all.meanWaitSeconds), sig(summary.waitSeconds.mean), '']);
  f.set('l3.table', table(['job queue', 'priority', 'λ (jobs/min)', 'Cobham Wq (s)', 'simulated Wq (s)', '95 % interval'], rows));
  f.set('l3.reason', summary.theoryReason ?? '');
  f.set('l3.urgent', sig(cobham[0]));
  f.set('l3.batch', sig(cobham[1]));
  f.set('l3.all', sig(all.meanWaitSeconds));
}

/** The job-by-job timeline of a run of jobs: entries. */
function timeline(sim: RunResult): (string | number)[][] {
  return sim.scenario.jobs.map((j, i) => {
    const row = sim.submissionRow[i];
    const created = sim.jobs.createdAt.data[row] / 1000;
    const started = sim.jobs.firstStartedAt.data[row] / 1000;
    return [j.jobName, sim.scenario.jobDefinitions[j.jobDefinition].vcpus, created, started, sim.jobs.stoppedAt.data[row] / 1000, started - created];
  });
}

function lesson4(f: Figures): void {
  const fifo = run(lesson('04-head-of-line.yaml'));
  const backfill = run(lesson('04b-backfill.yaml'));
  const head = ['job', 'vCPUs', 'submitted (s)', 'started (s)', 'stopped (s)', 'waited (s)'];
  f.set('l4.fifo', table(head, timeline(fifo.sim)));
  f.set('l4.backfill', table(head, timeline(backfill.sim)));
  const smallWait = (sim: RunResult) => {
    const rows = timeline(sim).filter((r) => String(r[0]).startsWith('small'));
    return rows.reduce((s, r) => s + Number(r[5]), 0) / rows.length;
  };
  f.set('l4.fifo.small', sig(smallWait(fifo.sim)));
  f.set('l4.backfill.small', sig(smallWait(backfill.sim)));
  f.set('l4.fifo.makespan', sig(fifo.summary.makespanSeconds));
  f.set('l4.backfill.makespan', sig(backfill.summary.makespanSeconds));
  // What the FIFO rule predicts from the run times alone: wide starts when long ends, the small jobs when wide ends.
  const duration = (name: string) => {
    const d = fifo.sim.scenario.jobDefinitions.find((x) => x.jobDefinitionName === name)!.simulation.duration;
    return d.distribution === 'fixed' ? d.value : NaN;
  };
  f.set('l4.predicted', `${duration('half')} + ${duration('full')} = ${duration('half') + duration('full')}`);
}

function lesson5(f: Figures): void {
  const scenario = lesson('05-spot-retries.yaml');
  const { sim, summary } = run(scenario);
  const names = new JobNames(sim);
  const a = sim.attempts;
  const rows: (string | number)[][] = [];
  for (let i = 0; i < a.count; i++) {
    const row = a.job.data[i];
    rows.push([names.jobName(row), a.attempt.data[i], a.placedAt.data[i] / 1000, a.startedAt.data[i] / 1000, a.stoppedAt.data[i] / 1000, ATTEMPT_OUTCOME_NAMES[a.outcome.data[i]]]);
  }
  rows.sort((x, y) => String(x[0]).localeCompare(String(y[0])) || Number(x[1]) - Number(y[1]));
  f.set('l5.attempts', table(['job', 'attempt', 'placed (s)', 'running (s)', 'stopped (s)', 'outcome'], rows));
  const status = (name: string) => JOB_STATUS_NAMES[sim.jobs.status.data[sim.submissionRow[scenario.jobs.findIndex((j) => j.jobName === name)]]];
  f.set('l5.status', `render-a ${status('render-a')}, render-b ${status('render-b')}`);
  f.set('l5.wasted', `$${summary.cost.wastedUsd.interrupted.toFixed(4)}`);
  f.set('l5.total', `$${summary.cost.totalUsd.toFixed(4)}`);
  f.set('l5.makespan', sig(summary.makespanSeconds));
  // The timeline the settings predict for render-a.
  const s = scenario.settings;
  const at = scenario.actions[0].atMs / 1000;
  f.set('l5.at', String(at));
  const gone = at + s.spot.noticeSeconds;
  const ready = gone + s.instanceLaunchSeconds.min;
  const running = ready + s.imagePullSeconds;
  const d = scenario.jobDefinitions[0].simulation.duration;
  const end = running + (d.distribution === 'fixed' ? d.value : NaN);
  f.set('l5.predicted', table(['step', 'time (s)', 'why'], [
    ['interruption notice', at, 'the InterruptSpotInstances action'],
    ['instance gone, attempt 1 ends', gone, `+ settings.spot.noticeSeconds (${s.spot.noticeSeconds} s)`],
    ['new instance ready', ready, `+ settings.instanceLaunchSeconds (${s.instanceLaunchSeconds.min} s)`],
    ['attempt 2 running', running, `+ settings.imagePullSeconds (${s.imagePullSeconds} s): a new instance has no cached image`],
    ['render-a SUCCEEDED', end, `+ the run time (${end - running} s), all over again: no checkpoint`],
  ]));
  // Random interruptions: each Spot instance is reclaimed after an exponential time with hazard
  // −ln(1 − p) per month, p its advisor band's monthly rate (docs/model.md, "Spot capacity").
  const month = 30.4375 * 86400;
  const bands = [['<5%', 0.025], ['5-10%', 0.075], ['10-15%', 0.125], ['15-20%', 0.175], ['>20%', 0.25]] as const;
  f.set('l5.bands', table(['advisor band', 'monthly rate p', 'P(a 1-hour attempt is interrupted)', 'P(a 24-hour attempt is)'],
    bands.map(([band, p]) => [band, p, sig(1 - (1 - p) ** (3600 / month), 3), sig(1 - (1 - p) ** (86400 / month), 3)])));
}

/** Every figure of every lesson page, by id. Runs each lesson (and its variants) once: about 15 s. */
export function teachingFigures(): Figures {
  const f: Figures = new Map();
  lesson1(f);
  lesson2(f);
  lesson3(f);
  lesson4(f);
  lesson5(f);
  return f;
}

const FIGURE = /<!-- fig:([\w.]+) -->([\s\S]*?)<!-- \/fig -->/g;

/** A page with each figure replaced by today's value (a figure the run does not give is an error). */
export function renderPage(text: string, figures: Figures, page: string): string {
  return text.replace(FIGURE, (_, id: string, old: string) => {
    const value = figures.get(id);
    if (value === undefined) throw new Error(`${page}: no figure "${id}"`);
    // A block (a table, a code block) sits on lines of its own.
    return old.startsWith('\n') ? `<!-- fig:${id} -->\n${value}\n<!-- /fig -->` : `<!-- fig:${id} -->${value}<!-- /fig -->`;
  });
}

/** The figure ids a page uses. */
export function figureIds(text: string): string[] {
  return [...text.matchAll(FIGURE)].map((m) => m[1]);
}

export function readPage(page: string): string {
  return readFileSync(pagePath(page), 'utf8');
}
