// summary.json's `theory`, `theoryReason` and `littlesLaw`, and report.html's Queueing theory
// section: written by `batchsim run`, drawn again identically by `batchsim chart DIR`, checked when
// read back (a hand-edited theory field is an input error naming it), and absent without harm
// from a report written before batchsim reported theory.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check/check.js';
import type { Summary } from '../../src/metrics/summary.js';
import { ReportFileError } from '../../src/report/report-files.js';
import { rerenderReport } from '../../src/report/write-run.js';
import type { PoissonWorkloadSpec, Scenario } from '../../src/scenario/types.js';
import type { Theory } from '../../src/theory/theory.js';
import { batchsim } from '../helpers/cli.js';
import { tempDir } from '../metrics/helpers.js';
import { writeFullReport } from '../report/helpers.js';
import { lesson } from './teaching-figures.js';

let root: string;
let recognised: string;
let unrecognised: string;
let summary: Summary;
let n = 0;

/** Lesson 2's queue, small: 3 slots, 2,000 jobs. */
function smallMmc(): Scenario {
  const s = lesson('02-mmc.yaml');
  s.computeEnvironments[0].fleet = s.computeEnvironments[0].fleet.slice(0, 3);
  Object.assign(s.workloads[0] as PoissonWorkloadSpec, { meanInterarrivalSeconds: 25, count: 2000 });
  return s;
}

beforeAll(async () => {
  root = tempDir();
  recognised = join(root, 'mmc');
  unrecognised = join(root, 'hol');
  summary = (await writeFullReport(smallMmc(), recognised)).summary;
  await writeFullReport(lesson('04-head-of-line.yaml'), unrecognised);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const section = (html: string) => /<section id="theory">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

function copyOf(dir: string, edit?: (s: Record<string, any>) => void): string {
  const copy = join(root, `copy-${n++}`);
  cpSync(dir, copy, { recursive: true });
  if (edit) {
    const s = JSON.parse(read(copy, 'summary.json'));
    edit(s);
    writeFileSync(join(copy, 'summary.json'), JSON.stringify(s, null, 2) + '\n');
  }
  return copy;
}

describe('summary.json', () => {
  it('ends with theory, theoryReason and littlesLaw (after every key it had before)', () => {
    const keys = Object.keys(JSON.parse(read(recognised, 'summary.json')));
    expect(keys.slice(-3)).toEqual(['theory', 'theoryReason', 'littlesLaw']);
  });

  it('holds the M/M/c prediction and the simulated values with their intervals', () => {
    const t = summary.theory!;
    expect(t).toMatchObject({ model: 'M/M/c', c: 3, exact: true, method: 'Erlang C (exact)', jobQueue: 'line', serviceMeanSeconds: 60, serviceScv: 1 });
    expect(t.utilisation).toBeCloseTo(0.8, 6);
    expect(t.simulated).toMatchObject({ batches: 20, warmUpJobs: 200, confidenceLevel: 0.95 });
    for (const i of Object.values({ a: t.simulated!.meanWaitSeconds, b: t.simulated!.probabilityOfWait, c: t.simulated!.meanQueueLength, d: t.simulated!.utilisation })) {
      expect(i.low!).toBeLessThanOrEqual(i.mean);
      expect(i.high!).toBeGreaterThanOrEqual(i.mean);
    }
    expect(summary.theoryReason).toBeNull();
    expect(Math.abs(summary.littlesLaw.relativeDifference)).toBeLessThan(1e-6);
  });

  it('says why a scenario has no theory', () => {
    const s = JSON.parse(read(unrecognised, 'summary.json')) as Summary;
    expect(s.theory).toBeNull();
    expect(s.theoryReason).toMatch(/^the scenario needs exactly one workload, of type poisson$/);
    expect(s.littlesLaw.runnableEntries).toBe(6);
  });
});

describe('report.html: the Queueing theory section', () => {
  it('shows the prediction next to the simulated value and its interval, and Little’s law', () => {
    const html = read(recognised, 'report.html');
    const theory = section(html);
    expect(html).toContain('<a href="#theory">Theory</a>');
    expect(theory).toContain('<h3>M/M/c with c = 3 (job queue line)</h3>');
    expect(theory).toContain('Theory: Erlang C (exact).');
    const wq = summary.theory!.meanWaitSeconds;
    expect(theory).toContain(`<td>mean wait Wq (s)</td><td class="n">${Number(wq.toPrecision(4))}</td>`);
    expect(theory).toMatch(/<td>P\(wait\)<\/td><td class="n">[\d.]+<\/td><td class="n">[\d.]+<\/td><td class="n">[\d.]+ – [\d.]+<\/td><td>(inside|below|above)<\/td>/);
    expect(theory).toContain("Little&#39;s law (RUNNABLE jobs)");
  });

  it('says why there is no formula for a scenario batchsim does not recognise', () => {
    expect(section(read(unrecognised, 'report.html'))).toContain('No queueing formula for this scenario: the scenario needs exactly one workload, of type poisson.');
  });

  it('is drawn again byte for byte by batchsim chart DIR', async () => {
    for (const dir of [recognised, unrecognised]) {
      const copy = copyOf(dir);
      await rerenderReport(copy);
      expect(read(copy, 'report.html')).toBe(read(dir, 'report.html'));
    }
  });

  it('is left out for a report written before batchsim reported theory (no error)', async () => {
    const copy = copyOf(recognised, (s) => {
      delete s.theory;
      delete s.theoryReason;
      delete s.littlesLaw;
    });
    await rerenderReport(copy);
    const html = read(copy, 'report.html');
    expect(section(html)).toBe('');
    expect(html).not.toContain('href="#theory"');
  });

  for (const [what, edit, field, text] of [
    ['a theory figure of the wrong type', (s: Record<string, any>) => (s.theory.meanWaitSeconds = 'soon'), 'theory.meanWaitSeconds', 'expected a number, received "soon"'],
    ['a simulated interval without its mean', (s: Record<string, any>) => delete s.theory.simulated.probabilityOfWait.mean, 'theory.simulated.probabilityOfWait.mean', 'missing'],
    ['Little’s law without L', (s: Record<string, any>) => delete s.littlesLaw.meanRunnableJobs, 'littlesLaw.meanRunnableJobs', 'missing'],
    ['theory that is neither an object nor null', (s: Record<string, any>) => (s.theory = 7), 'theory', 'expected an object, received 7'],
  ] as const) {
    it(`refuses a summary.json with ${what}, naming the field`, async () => {
      const copy = copyOf(recognised, edit);
      const before = read(copy, 'report.html');
      const error = await rerenderReport(copy).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ReportFileError);
      expect((error as ReportFileError).field).toBe(field);
      expect((error as ReportFileError).message).toContain(text);
      expect(read(copy, 'report.html')).toBe(before);
    });
  }
});

describe('the terminal: batchsim run and batchsim check', () => {
  it('run prints the theory line (batch means); check --seeds N gives the theory over the seeds', () => {
    const dir = join(root, 'cli');
    writeFileSync(join(root, 'mmc.json'), JSON.stringify(smallMmcFile()));
    const ran = batchsim('run', join(root, 'mmc.json'), '--out', dir, '--no-charts');
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/\n {2}theory {10}M\/M\/c \(c = 3, ρ = 0\.8; Erlang C \(exact\)\): mean wait [\d.]+ s, simulated [\d.]+ s \([\d.]+–[\d.]+\); P\(wait\) .*; 95 % intervals by batch means \(20 batches of 89 jobs, first 200 arrivals discarded as warm-up\)\n/);
    const checked = batchsim('check', join(root, 'mmc.json'), '--seeds', '3', '--json');
    expect(checked.status, checked.stderr).toBe(0);
    const out = JSON.parse(checked.stdout) as { theory: Theory };
    expect(out.theory.model).toBe('M/M/c');
    expect(out.theory.simulated!.method).toMatch(/^independent replications \(3 seeds/);
    const text = batchsim('check', join(root, 'mmc.json'), '--seeds', '2');
    expect(text.stdout).toMatch(/\ntheory: M\/M\/c \(c = 3, .*95 % intervals by independent replications \(2 seeds/);
  }, 120_000);

  it('check on one seed gives that run’s own theory; a scenario without theory prints none', () => {
    const one = check(smallMmc(), { seeds: 1, expectations: [] });
    expect(one.theory?.simulated?.method).toMatch(/^batch means/);
    const hol = lesson('04-head-of-line.yaml');
    expect(check(hol, { seeds: 2, expectations: hol.expect! }).theory).toBeNull();
  });
});

/** smallMmc() as a scenario file (JSON, AWS shapes). */
function smallMmcFile(): object {
  return {
    name: 'small-mmc', seed: 1,
    settings: { schedulerCycleSeconds: 0, imagePullSeconds: 0, cachedImageStartSeconds: 0 },
    computeEnvironments: [{ computeEnvironmentName: 'servers', type: 'UNMANAGED', state: 'ENABLED', simulation: { fleet: [{ instanceType: 'slot', vcpus: 1, memory: 2048, count: 3 }] } }],
    jobQueues: [{ jobQueueName: 'line', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'servers' }] }],
    jobDefinitions: [{ jobDefinitionName: 'service', type: 'container', containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: { distribution: 'exponential', mean: 60 } } }],
    workloads: [{ type: 'poisson', jobNamePrefix: 'c-', jobQueue: 'line', jobDefinition: 'service', meanInterarrivalSeconds: 25, count: 2000 }],
    expect: [{ metric: 'littlesLaw.relativeDifference', between: [-0.001, 0.001] }],
  };
}
