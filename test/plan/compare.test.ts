// compare runs scenarios one after another on one seed and keeps only what its callback returns
// (by default each run's summary), so no run's job table outlives its turn.
import { describe, expect, it } from 'vitest';
import { compare, runSummary } from '../../src/plan/compare.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/sim/simulation.js';
import { summarize } from '../../src/metrics/summary.js';
import { JobNames } from '../../src/sim/naming.js';

const files = ['scenarios/spot-vs-ondemand/gpu-ondemand.yaml', 'scenarios/spot-vs-ondemand/gpu-spot.yaml'];

describe('compare', () => {

  it('gives each scenario the first one’s seed by default and returns summaries in order', async () => {
    const scenarios = files.map((f) => loadScenario(f));
    const { seed, results } = await compare(scenarios);
    expect(seed).toBe(scenarios[0].seed);
    expect(results.map((s) => s.scenario)).toEqual(scenarios.map((s) => s.name));
    expect(results.every((s) => s.seed === seed)).toBe(true);
    const direct = simulate(scenarios[1], { seed });
    expect(results[1]).toEqual(summarize(direct, new JobNames(direct)));
  });

  it('runs one scenario at a time, in order, with the given seed', async () => {
    const scenarios = files.map((f) => loadScenario(f));
    const log: string[] = [];
    const { results } = await compare(scenarios, 5, async (s, seed) => {
      log.push(`start ${s.name}`);
      await Promise.resolve();
      log.push(`end ${s.name}`);
      return runSummary(s, { seed }).seed;
    });
    expect(results).toEqual([5, 5]);
    expect(log).toEqual([`start ${scenarios[0].name}`, `end ${scenarios[0].name}`, `start ${scenarios[1].name}`, `end ${scenarios[1].name}`]);
  });
});

describe('batchsim compare --seeds', () => {
  it('is a one-axis sweep: intervals over the seeds, paired differences, and the side-by-side page', async () => {
    const { batchsim } = await import('../helpers/cli.js');
    const { mkdtempSync, readFileSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { parse } = await import('csv-parse/sync');
    const out = mkdtempSync(join(tmpdir(), 'batchsim-compare-'));
    const r = batchsim('compare', ...files, '--seeds', '4', '--seed', '11', '--workers', '2', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('The same 4 seeds (11–14) for every scenario; means with 95 % intervals.');
    // Spot is cheaper and slower, and the paired intervals say so for sure.
    expect(r.stdout).toMatch(/\ngpu-spot\s+\d+ h \d+ m ± [\dhm ]+\s+\$\d+ ± [\d.]+\s+−\$[\d.]+ ± [\d.]+ cost, \+\d+ h \d+ m ± \d+ m/);
    expect(readdirSync(out).sort()).toEqual(['comparison', 'gpu-ondemand', 'gpu-spot']);
    const dir = join(out, 'comparison');
    expect(readdirSync(dir).filter((f) => !f.startsWith('.')).sort()).toEqual(['configs.csv', 'pareto.csv', 'report.html', 'runs.csv', 'summary.json']);
    // runs.csv holds every scenario × seed, and seed 11's rows are the run the reports show.
    const runs = parse(readFileSync(join(dir, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(runs.map((x) => `${x.configuration}/${x.seed}`)).toEqual(['gpu-ondemand/11', 'gpu-ondemand/12', 'gpu-ondemand/13', 'gpu-ondemand/14', 'gpu-spot/11', 'gpu-spot/12', 'gpu-spot/13', 'gpu-spot/14']);
    const report = JSON.parse(readFileSync(join(out, 'gpu-spot', 'summary.json'), 'utf8'));
    expect(Number(runs[4]['cost.totalUsd'])).toBe(report.cost.totalUsd);
    expect(Number(runs[4].makespanSeconds)).toBe(report.makespanSeconds);
    // The page overlays both scenarios on shared axes.
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<h1>Comparison: gpu-ondemand vs gpu-spot</h1>');
    for (const chart of ['compare-cost', 'compare-capacity', 'compare-queue']) expect(html).toContain(`id="chart-${chart}"`);
  });
});
