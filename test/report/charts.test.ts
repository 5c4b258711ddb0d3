// charts/*.vl.json, charts/*.svg, report.html and `batchsim chart DIR` (issue #5): the specs are
// valid Vega-Lite (the JSON schema vega-lite ships, and vega-lite's compiler), vega renders them
// to SVG offline, the data stays small, the same seed gives the same bytes, and redrawing from a
// report directory's files gives exactly what the run drew.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { MAX_INSTANCES } from '../../src/report/charts.js';
import { renderSvg } from '../../src/report/render.js';
import { rerenderReport } from '../../src/report/write-run.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { tempDir } from '../metrics/helpers.js';
import { fairShareScenario, filesOf, twoQueueScenario, writeFullReport } from './helpers.js';

const scenarioFile = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));
const SCHEMA = fileURLToPath(new URL('../../node_modules/vega-lite/build/vega-lite-schema.json', import.meta.url));

const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));

function dataRows(spec: Record<string, unknown>): number {
  let n = 0;
  const visit = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if (k === 'values' && Array.isArray(v)) n += v.length;
        else visit(v);
      }
    }
  };
  visit(spec);
  return n;
}

const MARKS = /<(path|line|rect)[^>]*class="[^"]*"|<g class="mark-(area|line|rect|rule|symbol|text)/;

describe.each([
  ['two job queues, two environments, arrays, a blocked head', () => twoQueueScenario()],
  ['two fair-share queues (13 shares in one) and a FIFO queue', () => fairShareScenario()],
  ['retry-heavy.yaml', () => loadScenario(scenarioFile('retry-heavy.yaml'))],
  ['spot-vs-ondemand/gpu-spot-spillover.yaml', () => loadScenario(scenarioFile('spot-vs-ondemand/gpu-spot-spillover.yaml'))],
])('report of %s', (_name, make: () => Scenario) => {
  let root: string;
  let dir: string;
  let files: Map<string, Buffer>;
  beforeAll(async () => {
    root = tempDir();
    dir = join(root, 'run');
    await writeFullReport(make(), dir);
    files = filesOf(dir);
    return () => rmSync(root, { recursive: true, force: true });
  });

  it('holds a Vega-Lite spec and its SVG for each chart, and report.html', () => {
    const specs = [...files.keys()].filter((f) => f.endsWith('.vl.json'));
    expect(specs.length).toBeGreaterThanOrEqual(5);
    for (const f of specs) expect(files.has(f.replace('.vl.json', '.svg')), f).toBe(true);
    expect(files.has('report.html')).toBe(true);
    expect(files.has('metrics.csv')).toBe(true);
  });

  it('specs are valid against the vega-lite schema, compile, render to SVG with marks, and carry little data', async () => {
    for (const [f, bytes] of files) {
      if (!f.endsWith('.vl.json')) continue;
      const spec = JSON.parse(bytes.toString('utf8')) as TopLevelSpec;
      const ok = validate(spec);
      expect(ok, `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
      const vega = compile(spec).spec;
      expect(vega.marks?.length ?? 0, f).toBeGreaterThan(0);
      const svg = await renderSvg(spec);
      expect(svg.startsWith('<svg'), f).toBe(true);
      expect(svg, f).toMatch(MARKS);
      // The SVG written is the one the spec renders to (no hidden state).
      expect(files.get(f.replace('.vl.json', '.svg'))!.toString('utf8')).toBe(svg + '\n');
      expect(dataRows(spec as unknown as Record<string, unknown>), f).toBeLessThanOrEqual(8000);
    }
  });

  it('report.html is self-contained: no scripts, no external URLs, every chart inline', () => {
    const html = files.get('report.html')!.toString('utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(?!#)/);
    expect(html).not.toMatch(/https?:\/\//);
    const charts = [...files.keys()].filter((f) => f.endsWith('.svg'));
    expect(html.match(/<figure id="chart-/g)?.length).toBe(charts.length);
    expect(html.match(/<svg /g)?.length).toBe(charts.length);
    for (const section of ['id="summary"', 'id="cost"', 'id="charts"', 'id="scenario"']) expect(html).toContain(section);
    expect(html.length).toBeLessThan(3_000_000);
  });

  it('batchsim chart DIR draws the same charts and page again from the files', async () => {
    const copy = join(root, 'copy');
    rmSync(copy, { recursive: true, force: true });
    // Only what a report directory's data files hold: no charts, no page.
    await import('node:fs').then((fs) => fs.cpSync(dir, copy, { recursive: true }));
    rmSync(join(copy, 'charts'), { recursive: true });
    rmSync(join(copy, 'report.html'));
    const { files: written } = await rerenderReport(copy);
    const again = filesOf(copy);
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [f, bytes] of files) expect(again.get(f)!.equals(bytes), f).toBe(true);
    expect(written).toContain('report.html');
  });

  it('writes byte-identical files for the same seed', async () => {
    const other = join(root, 'again');
    await writeFullReport(make(), other);
    const again = filesOf(other);
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [f, bytes] of files) expect(again.get(f)!.equals(bytes), f).toBe(true);
  });
});

describe('charts of a long run stay small', () => {
  it('mmc-teaching.yaml cut to 40,000 jobs: at most a few thousand points per chart', async () => {
    const s = loadScenario(scenarioFile('mmc-teaching.yaml'));
    const cut: Scenario = { ...s, workloads: s.workloads.map((w) => ({ ...w, count: 40_000 })) as Scenario['workloads'] };
    const root = tempDir();
    try {
      const dir = join(root, 'run');
      await writeFullReport(cut, dir);
      const files = filesOf(dir);
      for (const [f, bytes] of files) {
        if (f.endsWith('.vl.json')) expect(dataRows(JSON.parse(bytes.toString('utf8'))), f).toBeLessThanOrEqual(8000);
        if (f.endsWith('.svg')) expect(bytes.length, f).toBeLessThan(1_000_000);
      }
      // 40,000 jobs over ~3.5 days at 60 s: ~5,000 timestamps, drawn as at most 600 points.
      const states = JSON.parse(files.get('charts/job-states.vl.json')!.toString('utf8'));
      expect(dataRows(states)).toBeLessThanOrEqual(5 * 600);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('samples the instance timeline when there are many instances (fargate-etl.yaml: a task per job)', async () => {
    const root = tempDir();
    try {
      const dir = join(root, 'run');
      const written = await writeFullReport(loadScenario(scenarioFile('fargate-etl.yaml')), dir);
      expect(written.summary.instances.total).toBeGreaterThan(MAX_INSTANCES);
      const spec = JSON.parse(readFileSync(join(dir, 'charts', 'instances.vl.json'), 'utf8'));
      const lanes = new Set((spec.data.values as { lane: number }[]).map((r) => r.lane));
      expect(lanes.size).toBeLessThanOrEqual(MAX_INSTANCES);
      expect(lanes.size).toBeGreaterThan(MAX_INSTANCES / 2);
      expect(spec.title.subtitle.join(' ')).toContain(`of ${written.summary.instances.total.toLocaleString('en-US')} instances`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('--no-charts', () => {
  it('writes the data files without charts/ and report.html', async () => {
    const root = tempDir();
    try {
      const dir = join(root, 'run');
      const written = await writeFullReport(twoQueueScenario(), dir, { charts: false });
      expect(existsSync(join(dir, 'charts'))).toBe(false);
      expect(existsSync(join(dir, 'report.html'))).toBe(false);
      expect(written.files).toContain('metrics.csv');
      // …and `batchsim chart DIR` can draw them later.
      await rerenderReport(dir);
      expect(existsSync(join(dir, 'report.html'))).toBe(true);
      expect(existsSync(join(dir, 'charts', 'capacity.svg'))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
