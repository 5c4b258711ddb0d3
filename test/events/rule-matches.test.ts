// A run's events against EventBridge rules (src/events/rule-matches.ts), and the envelopes of
// src/report/events.ts made without writing events.jsonl (eventEnvelopes): the same bytes either
// way, and rule counts that agree with counting the written events.jsonl by hand.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { countRuleMatches, ruleMatchesByName, RuleMatcher } from '../../src/events/rule-matches.js';
import { simulateRecorded } from '../../src/metrics/recorder.js';
import { eventEnvelopes, writeEventsJsonl, type EventEnvelope } from '../../src/report/events.js';
import { Arns } from '../../src/model/arns.js';
import type { EventRuleSpec } from '../../src/scenario/event-rules.js';
import { loadScenario } from '../../src/scenario/load.js';
import { JobNames } from '../../src/sim/naming.js';
import { readRules } from './helpers.js';

const RETRY_HEAVY = fileURLToPath(new URL('../../scenarios/retry-heavy.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'batchsim-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** retry-heavy (retries, timeouts, spot reclaims: every status, several attempts) simulated with its event log. */
function retryHeavy() {
  const { sim, recorder } = simulateRecorded(loadScenario(RETRY_HEAVY), { events: true });
  return { sim, names: new JobNames(sim), log: recorder.events! };
}

/** The rules of a YAML `eventRules:` list, read as the scenario loader reads them. */
function rules(yaml: string): EventRuleSpec[] {
  const read = readRules(`eventRules:\n${yaml}`);
  expect(read.problems).toEqual([]);
  return read.rules;
}

const WORK = new Arns('us-east-1').jobQueueArn('work');

const RULES = `
  - Name: failed-work
    EventPattern:
      source: [aws.batch]
      detail-type: [Batch Job State Change]
      detail: { status: [FAILED], jobQueue: ["${WORK}"] }
  - Name: all-batch
    EventPattern: '{"source": ["aws.batch"]}'
  - Name: oom-retried
    EventPattern:
      detail:
        status: [RUNNABLE]
        attempts: { container: { exitCode: [137] } }
  - Name: host-gone
    EventPattern:
      detail: { attempts: { statusReason: [{ prefix: "Host EC2" }] }, status: [{ anything-but: [RUNNING, STARTING] }] }
  - Name: off
    EventPattern: { source: [aws.batch] }
    State: DISABLED
`;

describe('eventEnvelopes (events.jsonl without writing it)', () => {
  const run = retryHeavy();
  const file = join(dir, 'events.jsonl');
  const seen: string[] = [];
  const written = writeEventsJsonl(file, run.sim, run.names, run.log, (envelope, line) => {
    expect(JSON.stringify(envelope)).toBe(line);
    seen.push(line);
  });
  const text = readFileSync(file, 'utf8');

  it('yields exactly the lines writeEventsJsonl writes, in order, and shows each to observe', () => {
    expect(written).toBeGreaterThan(1000);
    const lines = [...eventEnvelopes(run.sim, run.names, run.log)].map((e) => JSON.stringify(e));
    expect(lines).toHaveLength(written);
    expect(lines.map((l) => `${l}\n`).join('')).toBe(text);
    expect(seen).toEqual(lines);
  });

  it('yields the same envelopes, ids included, on every pass', () => {
    const first = eventEnvelopes(run.sim, run.names, run.log);
    const again = eventEnvelopes(run.sim, run.names, run.log);
    for (let i = 0; i < 50; i++) expect(JSON.stringify(first.next().value)).toBe(JSON.stringify(again.next().value));
  });
});

describe('rule matches over a run', () => {
  const run = retryHeavy();
  const eventsFile = join(dir, 'run-events.jsonl');
  const matchesFile = join(dir, 'rule-matches.jsonl');
  const specs = rules(RULES);
  // One pass: events.jsonl written, each envelope matched as it goes, its line reused.
  const matcher = new RuleMatcher(specs, { matchesFile });
  writeEventsJsonl(eventsFile, run.sim, run.names, run.log, (e, line) => matcher.observe(e, line));
  const counts = matcher.close();
  const events = readFileSync(eventsFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as EventEnvelope);
  const detail = (e: EventEnvelope) => e.detail as { status: string; jobQueue: string; attempts: { container: { exitCode?: number }; statusReason: string }[] };

  it('counts what events.jsonl shows, rule by rule', () => {
    const expected = {
      'failed-work': events.filter((e) => e['detail-type'] === 'Batch Job State Change' && detail(e).status === 'FAILED' && detail(e).jobQueue === WORK).length,
      'all-batch': events.length,
      'oom-retried': events.filter((e) => detail(e).status === 'RUNNABLE' && detail(e).attempts.some((a) => a.container.exitCode === 137)).length,
      'host-gone': events.filter((e) => !['RUNNING', 'STARTING'].includes(detail(e).status) && detail(e).attempts.some((a) => a.statusReason.startsWith('Host EC2'))).length,
      off: 0,
    };
    expect(Object.fromEntries(counts.map((c) => [c.rule, c.matches]))).toEqual(expected);
    // Each rule matches something here, and not everything (but all-batch): the counts could be wrong.
    for (const name of ['failed-work', 'oom-retried', 'host-gone'] as const) {
      expect(expected[name]).toBeGreaterThan(0);
      expect(expected[name]).toBeLessThan(events.length);
    }
  });

  it('gives the first and last matched events\' times', () => {
    const failed = events.filter((e) => detail(e).status === 'FAILED');
    expect(counts[0]).toMatchObject({ rule: 'failed-work', state: 'ENABLED', firstMatchTime: failed[0]!.time, lastMatchTime: failed.at(-1)!.time });
    expect(counts[4]).toEqual({ rule: 'off', state: 'DISABLED', matches: 0, firstMatchTime: null, lastMatchTime: null });
  });

  it('writes one rule-matches.jsonl line per match, in event order, rules in scenario order within an event', () => {
    const lines = readFileSync(matchesFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { rule: string; event: EventEnvelope });
    expect(lines).toHaveLength(counts.reduce((n, c) => n + c.matches, 0));
    expect(lines.every((l) => Object.keys(l).join() === 'rule,event')).toBe(true);
    const order = specs.map((s) => s.name);
    const index = new Map(events.map((e, i) => [e.id, i]));
    for (let k = 1; k < lines.length; k++) {
      const [a, b] = [lines[k - 1]!, lines[k]!];
      const d = index.get(b.event.id)! - index.get(a.event.id)!;
      expect(d > 0 || (d === 0 && order.indexOf(b.rule) > order.indexOf(a.rule))).toBe(true);
    }
    // The event on each line is the envelope as events.jsonl has it.
    expect(lines.every((l) => JSON.stringify(l.event) === JSON.stringify(events[index.get(l.event.id)!]))).toBe(true);
    expect(lines.some((l) => l.rule === 'off')).toBe(false);
  });

  it('counts the same from eventEnvelopes alone, without events.jsonl', () => {
    expect(countRuleMatches(specs, eventEnvelopes(run.sim, run.names, run.log))).toEqual(counts);
  });

  it('keys the counts by rule name for summary.json', () => {
    const byName = ruleMatchesByName(counts);
    expect(Object.keys(byName)).toEqual(['failed-work', 'all-batch', 'oom-retried', 'host-gone', 'off']);
    expect(byName['all-batch']).toEqual({ state: 'ENABLED', matches: events.length, firstMatchTime: events[0]!.time, lastMatchTime: events.at(-1)!.time });
  });
});

describe('RuleMatcher', () => {
  const specs = rules(`
  - { Name: failed, EventPattern: { detail: { status: [FAILED] } } }
  - { Name: any, EventPattern: { source: [{ prefix: "" }] } }
`);

  it('matches a stream it never holds: a million envelopes made on demand', () => {
    let made = 0;
    function* stream() {
      for (let i = 0; i < 1_000_000; i++) {
        made++;
        yield { source: 'aws.batch', time: `t${i}`, detail: { status: i % 4 === 0 ? 'FAILED' : 'SUCCEEDED' } };
      }
    }
    const counts = countRuleMatches(specs, stream());
    expect(made).toBe(1_000_000);
    expect(counts.map((c) => [c.rule, c.matches, c.firstMatchTime, c.lastMatchTime])).toEqual([
      ['failed', 250_000, 't0', 't999996'],
      ['any', 1_000_000, 't0', 't999999'],
    ]);
  });

  it('writes nothing and counts nothing without envelopes', () => {
    const file = join(dir, 'empty.jsonl');
    expect(countRuleMatches(specs, [], { matchesFile: file }).map((c) => c.matches)).toEqual([0, 0]);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('serializes an envelope given without its line', () => {
    const file = join(dir, 'one.jsonl');
    countRuleMatches(specs, [{ source: 'aws.batch', detail: { status: 'FAILED' } }], { matchesFile: file });
    expect(readFileSync(file, 'utf8')).toBe(
      '{"rule":"failed","event":{"source":"aws.batch","detail":{"status":"FAILED"}}}\n{"rule":"any","event":{"source":"aws.batch","detail":{"status":"FAILED"}}}\n',
    );
  });
});
