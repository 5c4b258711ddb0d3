// The seed's backlog alarm and FAILED-jobs rule on a simulated day (scenarios/alarms-and-rules.yaml),
// end to end: alarms.csv recomputed from metrics.csv by CloudWatch's rule for a 3-of-3 alarm with
// no missing data, the rule's matches counted from events.jsonl, and both as check metrics.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchsim } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'batchsim-alarms-'));
const out = join(dir, 'r');
let summary: { alarms: Record<string, { secondsInAlarm: number; transitions: number; firstAlarmSeconds: number | null }>; rules: Record<string, { matches: number }> };

beforeAll(() => {
  const r = batchsim('run', 'scenarios/alarms-and-rules.yaml', '--events', '--no-charts', '--out', out);
  expect(r.status, r.stderr).toBe(0);
  summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
}, 120_000);

describe('alarms and rules on a simulated day', () => {
  it('alarms.csv is what CloudWatch would do with metrics.csv: 3 datapoints (5-minute averages) above 50 → ALARM, one not → OK', () => {
    const rows = parse(readFileSync(join(out, 'metrics.csv')), { columns: true }) as Record<string, string>[];
    const gauge = rows.filter((r) => r.metricName === 'RunnableJobs' && r.dimensionValue === 'work');
    const start = Date.parse('2026-01-05T00:00:00Z');
    const points = gauge.map((r) => ({ k: (Date.parse(r.timestamp) - start) / 60_000, v: Number(r.value) }));
    // The gauge holds its value from one row to the next (metrics.csv writes it at each change and just before).
    const last = points[points.length - 1].k;
    const at = (k: number) => {
      let v = 0;
      for (const p of points) if (p.k <= k) v = p.v;
      return v;
    };
    const periods = Math.ceil((last + 1) / 5);
    const avg = Array.from({ length: periods }, (_, j) => {
      const ks = [0, 1, 2, 3, 4].map((i) => j * 5 + i).filter((k) => k <= last);
      return ks.reduce((s, k) => s + at(k), 0) / ks.length;
    });
    const expected: [number, string][] = [];
    let state = 'INSUFFICIENT_DATA';
    for (let j = 0; j < periods; j++) {
      const window = avg.slice(Math.max(0, j - 2), j + 1);
      const next = window.length === 3 && window.every((x) => x > 50) ? 'ALARM' : window.some((x) => x <= 50) ? 'OK' : state;
      if (next !== state) expected.push([(j + 1) * 300, next]);
      state = next;
    }
    const written = parse(readFileSync(join(out, 'alarms.csv')), { columns: true }) as Record<string, string>[];
    expect(written.map((r) => [Number(r.seconds), r.newState])).toEqual(expected);
    expect(expected.filter(([, s]) => s === 'ALARM').length).toBeGreaterThan(0);
    const a = summary.alarms['batch-backlog'];
    expect(a.transitions).toBe(expected.length);
    expect(a.firstAlarmSeconds).toBe(expected.find(([, s]) => s === 'ALARM')![0]);
    let inAlarm = 0;
    expected.forEach(([t, s], i) => {
      if (s === 'ALARM') inAlarm += (i + 1 < expected.length ? expected[i + 1][0] : periods * 300) - t;
    });
    expect(a.secondsInAlarm).toBe(inAlarm);
    expect(written.every((r) => r.stateReason.startsWith('Threshold Crossed: '))).toBe(true);
  });

  it('the rule matches exactly the FAILED job-state changes of the queue in events.jsonl, and rule-matches.jsonl holds them', () => {
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const failed = events.filter((e) => e['detail-type'] === 'Batch Job State Change' && e.detail.status === 'FAILED' && e.detail.jobQueue.endsWith(':job-queue/work'));
    expect(failed.length).toBeGreaterThan(0);
    expect(summary.rules['batch-failed-jobs'].matches).toBe(failed.length);
    const matches = readFileSync(join(out, 'rule-matches.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(matches.map((m) => m.event.id)).toEqual(failed.map((e) => e.id));
    expect(new Set(matches.map((m) => m.rule))).toEqual(new Set(['batch-failed-jobs']));
  });

  it('check reads alarms.<name>.… and rules.<name>.matches; an unknown alarm is an error at its line', () => {
    const r = batchsim('check', 'scenarios/alarms-and-rules.yaml', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ passed: 2, failed: 0 });
    const strict = join(dir, 'never.yaml');
    writeFileSync(strict, 'expect:\n  - { metric: alarms.batch-backlog.secondsInAlarm, equals: 0 }\n  - { metric: alarms.nope.transitions, atMost: 1 }\n');
    const bad = batchsim('check', 'scenarios/alarms-and-rules.yaml', '--expect', strict);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown metric "alarms.nope.transitions"');
    expect(bad.stderr).toContain('line 3');
  });
});
