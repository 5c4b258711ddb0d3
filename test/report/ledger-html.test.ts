// report.html's ledger adds up: every dollar of a line is in one of its columns — including the
// attempts a horizon cut, whose column appears only for runs that have any.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { definition, job, managedCe, queue, scenario } from '../helpers/build.js';
import { tempDir } from '../metrics/helpers.js';
import { writeFullReport } from './helpers.js';

/** The ledger table of a report.html: its header cells and its rows of cells (HTML tags stripped). */
function ledgerOf(html: string): { head: string[]; rows: string[][] } {
  const section = html.slice(html.indexOf('<h3>Ledger</h3>'));
  const tableHtml = section.slice(0, section.indexOf('</table>'));
  const cells = (row: string, tag: string) => [...row.matchAll(new RegExp(`<${tag}[^>]*>(.*?)</${tag}>`, 'g'))].map((m) => m[1].replace(/<[^>]+>/g, ''));
  const rows = [...tableHtml.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((m) => m[1]);
  return { head: cells(rows[0], 'th'), rows: rows.slice(1).map((r) => cells(r, 'td')) };
}

const dollars = (cell: string) => Number(cell.replace(/[$,]/g, ''));

function twoLongJobs(horizonSeconds: number | null): Scenario {
  const long = definition('long', 2, 2048, 5000);
  const base = scenario({});
  return scenario({
    settings: { ...base.settings, horizonSeconds },
    computeEnvironments: [managedCe('ce', ['c5.xlarge'], { maxvCpus: 8 })],
    jobQueues: [queue('q', 1, ['ce'])],
    jobDefinitions: [long],
    jobs: [job('a', 'q', long, 0), job('b', 'q', long, 0, { submitAtMs: 300_000 })],
  });
}

describe('report.html ledger', () => {
  it.each([
    ['cut by a horizon: an unfinished column', 1000, true],
    ['run to its end: no unfinished column', null, false],
  ] as const)('%s, and each line adds up to its cost', async (_, horizon, cut) => {
    const dir = join(tempDir(), 'report');
    await writeFullReport(twoLongJobs(horizon), dir);
    const { head, rows } = ledgerOf(readFileSync(join(dir, 'report.html'), 'utf8'));
    expect(head.includes('unfinished')).toBe(cut);
    expect(rows.length).toBeGreaterThan(0);
    const cost = head.indexOf('cost');
    for (const row of rows) {
      const parts = row.slice(cost + 1).map(dollars);
      const sum = parts.reduce((a, b) => a + b, 0);
      // Each cell is rounded to the cent.
      expect(Math.abs(sum - dollars(row[cost]))).toBeLessThanOrEqual(0.005 * (parts.length + 1));
      if (cut) expect(dollars(row[head.indexOf('unfinished')])).toBeGreaterThan(0);
    }
  });
});
