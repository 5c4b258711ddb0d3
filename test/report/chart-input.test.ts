// `batchsim chart DIR` on a report edited by hand: a missing field, a wrong type, a missing column
// or a bad number is an input error naming the file and the field (JSON) or line and column (CSV),
// and the report's charts and page are left as they were.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportPathError } from '../../src/report/out-dir.js';
import { ReportFileError } from '../../src/report/report-files.js';
import { rerenderReport } from '../../src/report/write-run.js';
import { SMALL_SCENARIO, batchsim } from '../helpers/cli.js';
import { parseScenario } from '../../src/scenario/load.js';
import { tempDir } from '../metrics/helpers.js';
import { filesOf, writeFullReport } from './helpers.js';

let root: string;
let original: string;
let n = 0;
beforeAll(async () => {
  root = tempDir();
  original = join(root, 'original');
  await writeFullReport(parseScenario(SMALL_SCENARIO, 'small.yaml'), original);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the report with one file changed by `edit` (its text in, new text out). */
function edited(file: string, edit: (text: string) => string): string {
  const dir = join(root, `copy-${n++}`);
  cpSync(original, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

const json = (f: (x: Record<string, any>) => void) => (text: string) => {
  const x = JSON.parse(text);
  f(x);
  return JSON.stringify(x, null, 2);
};

/** CSV text with column `name` removed from every line (no quoted commas in these files' first columns). */
const dropColumn = (name: string) => (text: string) => {
  const lines = text.split('\n');
  const i = lines[0].split(',').indexOf(name);
  return lines.map((l) => (l === '' ? l : l.split(',').filter((_, k) => k !== i).join(','))).join('\n');
};

/** CSV text with the cell of column `name` on 1-based line `line` replaced. */
const setCell = (name: string, line: number, value: string) => (text: string) => {
  const lines = text.split('\n');
  const i = lines[0].split(',').indexOf(name);
  const cells = lines[line - 1].split(',');
  cells[i] = value;
  lines[line - 1] = cells.join(',');
  return lines.join('\n');
};

async function expectReportError(dir: string, expected: { file: string; line?: number; field?: string; text: string }) {
  const before = filesOf(dir);
  const error = await rerenderReport(dir).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ReportFileError);
  const e = error as ReportFileError;
  expect(e.file).toBe(join(dir, expected.file));
  expect(e.line).toBe(expected.line);
  expect(e.field).toBe(expected.field);
  expect(e.message).toContain(expected.text);
  // Nothing redrawn, nothing left behind.
  const after = filesOf(dir);
  expect([...after.keys()]).toEqual([...before.keys()]);
  for (const [f, bytes] of before) expect(after.get(f)!.equals(bytes), f).toBe(true);
}

describe('batchsim chart DIR on hand-edited files', () => {
  it('summary.json with a field removed', async () => {
    const dir = edited('summary.json', json((s) => delete s.cost.totalUsd));
    await expectReportError(dir, { file: 'summary.json', field: 'cost.totalUsd', text: 'missing' });
  });

  it('summary.json with a wrong type', async () => {
    const dir = edited('summary.json', json((s) => (s.waitSeconds.p95 = 'slow')));
    await expectReportError(dir, { file: 'summary.json', field: 'waitSeconds.p95', text: 'expected a number, received "slow"' });
  });

  it('summary.json that is not JSON, or a bad startTime', async () => {
    await expectReportError(edited('summary.json', (t) => t.slice(0, 40)), { file: 'summary.json', text: 'not valid JSON' });
    await expectReportError(edited('summary.json', json((s) => (s.startTime = 'yesterday'))), { file: 'summary.json', field: 'startTime', text: 'ISO-8601' });
  });

  it('scenario.json with a list that is not a list', async () => {
    const dir = edited('scenario.json', json((s) => (s.jobQueues[0].computeEnvironmentOrder = 'ce')));
    await expectReportError(dir, { file: 'scenario.json', field: 'jobQueues[0].computeEnvironmentOrder', text: 'expected an array' });
  });

  it('metrics.csv without its value column', async () => {
    await expectReportError(edited('metrics.csv', dropColumn('value')), { file: 'metrics.csv', line: 1, text: "no column 'value'" });
  });

  it('metrics.csv with a garbage number or timestamp', async () => {
    await expectReportError(edited('metrics.csv', setCell('value', 5, 'lots')), { file: 'metrics.csv', line: 5, field: 'value', text: 'expected a number, received "lots"' });
    await expectReportError(edited('metrics.csv', setCell('timestamp', 3, 'soon')), { file: 'metrics.csv', line: 3, field: 'timestamp', text: 'ISO-8601' });
  });

  it('jobs.csv with a short row, instances.csv with a bad launch time, attempts.csv missing', async () => {
    await expectReportError(edited('jobs.csv', (t) => t.split('\n').map((l, i) => (i === 3 ? l.split(',').slice(0, 4).join(',') : l)).join('\n')), {
      file: 'jobs.csv', line: 4, text: 'Invalid Record Length',
    });
    await expectReportError(edited('instances.csv', setCell('launchedAt', 2, 'NaN')), { file: 'instances.csv', line: 2, field: 'launchedAt', text: 'expected a number' });
    const dir = edited('attempts.csv', (t) => t);
    rmSync(join(dir, 'attempts.csv'));
    await expectReportError(dir, { file: 'attempts.csv', text: 'attempts.csv is missing' });
  });

  it('the command line says so with exit code 2, the file and the line, and no stack trace', () => {
    const dir = edited('metrics.csv', setCell('value', 7, '1e999'));
    const r = batchsim('chart', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`invalid report file '${join(dir, 'metrics.csv')}' (line 7, column 'value')`);
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
    const summary = edited('summary.json', json((s) => (s.blocked.jobs = { first: 1 })));
    const r2 = batchsim('chart', summary);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain("summary.json' (blocked.jobs): expected an array");
  });

  it('an unedited copy still redraws (the checks accept what batchsim writes)', async () => {
    const dir = edited('summary.json', (t) => t);
    await rerenderReport(dir);
    const a = filesOf(original);
    const b = filesOf(dir);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), f).toBe(true);
  });
});

describe('batchsim chart DIR where report.html is not a page', () => {
  it('replaces nothing when report.html is a directory the user made', async () => {
    const dir = edited('summary.json', (t) => t);
    rmSync(join(dir, 'report.html'));
    mkdirSync(join(dir, 'report.html'));
    writeFileSync(join(dir, 'report.html', 'notes.txt'), 'mine');
    const before = filesOf(join(dir, 'charts'));
    await expect(rerenderReport(dir)).rejects.toBeInstanceOf(ReportPathError);
    expect(readFileSync(join(dir, 'report.html', 'notes.txt'), 'utf8')).toBe('mine');
    const after = filesOf(join(dir, 'charts'));
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [f, bytes] of before) expect(after.get(f)!.equals(bytes), f).toBe(true);
    expect(existsSync(join(dir, 'charts'))).toBe(true);
  });
});
