// The shipped fair-share example (scenarios/fair-share-teams.yaml) from the command line: it runs,
// writes the fair-share outputs, and does what its comment says — production ETL, arriving all
// day next to a 2,000-job research sweep, is not starved behind it (weight 0.25).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { batchsim } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'batchsim-fair-share-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scenarios/fair-share-teams.yaml', () => {
  it('runs, and serves production within minutes while the research sweep waits for hours', () => {
    const out = join(root, 'report');
    const r = batchsim('run', 'scenarios/fair-share-teams.yaml', '--out', out, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { jobs: { total: number; byStatus: Record<string, number> } };
    expect(summary.jobs.byStatus.SUCCEEDED).toBe(summary.jobs.total);

    const jobs = parse(readFileSync(join(out, 'jobs.csv')), { columns: true }) as Record<string, string>[];
    const waits = (share: string) => jobs
      .filter((j) => j.shareIdentifier === share && j.kind !== 'ARRAY_PARENT')
      .map((j) => Number(j.startedAt) - Number(j.createdAt))
      .sort((a, b) => a - b);
    const production = waits('production');
    const research = waits('research');
    expect(production.length).toBeGreaterThan(200);
    expect(research).toHaveLength(2000);
    // Production's slowest start is well within an hour; research's median wait is hours.
    expect(production[production.length - 1]).toBeLessThan(3600);
    expect(research[research.length >> 1]).toBeGreaterThan(3 * 3600);

    const metrics = readFileSync(join(out, 'metrics.csv'), 'utf8');
    for (const share of ['production', 'research', 'intern1', 'intern2']) expect(metrics).toContain(`ShareRunningVcpus,ShareIdentifier,shared/${share},`);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('fair-share');
  });
});
