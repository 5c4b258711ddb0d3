// Renders Vega-Lite specs to SVG offline: vega-lite compiles to Vega, vega's headless View draws
// into an SVG string. No browser, no canvas, no network (the specs carry their data inline).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Chart } from './charts.js';

export interface RenderedChart {
  name: string;
  title: string;
  caption: string;
  /** charts/<name>.vl.json and charts/<name>.svg, relative to the report directory. */
  specFile: string;
  svgFile: string;
  svg: string;
}

/** Vega-Lite → Vega → SVG text. */
export async function renderSvg(spec: Chart['spec']): Promise<string> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * JSON with two-space indent, but anything that fits in `width` characters on one line (a data
 * row, an encoding channel) kept on one line: readable and not mostly whitespace.
 */
export function compactJson(value: unknown, indent = '', width = 100): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (value === null || typeof value !== 'object' || flat.length + indent.length <= width) return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + compactJson(v, inner, width)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner, width)}`).join(',\n')}\n${indent}}`;
}

/** The spec file's text (charts/<name>.vl.json). */
export function specText(chart: Chart): string {
  return compactJson(chart.spec) + '\n';
}

/** Writes charts/<name>.vl.json and charts/<name>.svg for every chart into `dir`/charts. */
export async function writeCharts(dir: string, charts: Chart[]): Promise<RenderedChart[]> {
  const chartsDir = join(dir, 'charts');
  mkdirSync(chartsDir, { recursive: true });
  const out: RenderedChart[] = [];
  for (const chart of charts) {
    // A turn of the event loop per chart, so that a SIGINT during a long report is handled here.
    await new Promise((resolve) => setImmediate(resolve));
    const svg = await renderSvg(chart.spec);
    const specFile = `charts/${chart.name}.vl.json`;
    const svgFile = `charts/${chart.name}.svg`;
    writeFileSync(join(dir, specFile), specText(chart));
    writeFileSync(join(dir, svgFile), svg + '\n');
    out.push({ name: chart.name, title: chart.title, caption: chart.caption, specFile, svgFile, svg });
  }
  return out;
}
