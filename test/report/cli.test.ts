// The report switches of `batchsim run` / `compare` and `batchsim chart DIR`, as a user meets them.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SMALL_SCENARIO, batchsim } from '../helpers/cli.js';
import { tempDir } from '../metrics/helpers.js';
import { filesOf } from './helpers.js';

const SMALL = SMALL_SCENARIO;

function scenarioFile(root: string, name = 'small', text = SMALL): string {
  const file = join(root, `${name}.yaml`);
  writeFileSync(file, text.replace('name: small', `name: ${name}`));
  return file;
}

describe('batchsim run: report switches', () => {
  it('writes metrics.csv, charts/ and report.html by default; events.jsonl with --events; no progress bar off a terminal', () => {
    const root = tempDir();
    try {
      const out = join(root, 'report');
      const r = batchsim('run', scenarioFile(root), '--out', out, '--events');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['.batchsim-report', 'attempts.csv', 'charts', 'events.jsonl', 'instances.csv', 'jobs.csv', 'metrics.csv', 'report.html', 'scenario.json', 'summary.json']);
      expect(readdirSync(join(out, 'charts')).filter((f) => f.endsWith('.svg')).length).toBeGreaterThanOrEqual(5);
      const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(events.every((e) => e.source === 'aws.batch')).toBe(true);
      // 21 jobs and a parent: each at least PENDING → RUNNABLE → STARTING → RUNNING → SUCCEEDED.
      expect(events.length).toBeGreaterThan(20 * 4);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('--no-charts, --metrics-period and --events-skip-array-children', () => {
    const root = tempDir();
    try {
      const out = join(root, 'report');
      const r = batchsim('run', scenarioFile(root), '--out', out, '--no-charts', '--metrics-period', '300', '--events', '--events-skip-array-children');
      expect(r.status).toBe(0);
      expect(existsSync(join(out, 'charts'))).toBe(false);
      expect(existsSync(join(out, 'report.html'))).toBe(false);
      const metrics = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n').slice(1);
      const times = [...new Set(metrics.map((l) => l.split(',')[0]))];
      expect(Date.parse(times[1]) - Date.parse(times[0])).toBe(300_000);
      const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(events.some((e) => e.detail.arrayProperties?.index !== undefined)).toBe(false);
      expect(events.some((e) => e.detail.arrayProperties?.statusSummary)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a metrics period that is not a whole number of seconds', () => {
    const root = tempDir();
    try {
      const r = batchsim('run', scenarioFile(root), '--out', join(root, 'report'), '--metrics-period', '0.5');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--metrics-period');
      expect(existsSync(join(root, 'report'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('batchsim chart DIR', () => {
  it('draws charts/ and report.html again, byte for byte', () => {
    const root = tempDir();
    try {
      const out = join(root, 'report');
      expect(batchsim('run', scenarioFile(root), '--out', out).status).toBe(0);
      const before = filesOf(out);
      rmSync(join(out, 'charts'), { recursive: true });
      rmSync(join(out, 'report.html'));
      const r = batchsim('chart', out);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('report.html');
      const after = filesOf(out);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [f, bytes] of before) expect(after.get(f)!.equals(bytes), f).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says plainly when the directory is not a report', () => {
    const root = tempDir();
    try {
      const r = batchsim('chart', root);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('not a batchsim report directory');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('batchsim compare', () => {
  it('writes every report with metrics and charts', () => {
    const root = tempDir();
    try {
      const a = scenarioFile(root, 'alpha');
      const b = scenarioFile(root, 'beta', SMALL.replace('maxvCpus: 16', 'maxvCpus: 4'));
      const r = batchsim('compare', a, b, '--out', join(root, 'reports'));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      for (const name of ['alpha', 'beta']) {
        expect(existsSync(join(root, 'reports', name, 'metrics.csv')), name).toBe(true);
        expect(existsSync(join(root, 'reports', name, 'report.html')), name).toBe(true);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
