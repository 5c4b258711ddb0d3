// A run's events against the scenario's EventBridge rules (docs/events.md): per rule, how many
// events it matched (and when the first and last were), and optionally rule-matches.jsonl, one line
// per match `{"rule": name, "event": envelope}` in the order the events happened (rules in
// scenario order within one event). Streaming: an envelope is matched and dropped as it comes, so a
// run with millions of events needs the memory of one, and of the rules' counters.
import type { EventRuleSpec, RuleState } from '../scenario/event-rules.js';
import { TextFile } from '../util/text-file.js';
import { eventPattern, type EventPattern } from './pattern.js';

export interface RuleMatchCount {
  rule: string;
  state: RuleState;
  /** Events the rule matched; 0 for a DISABLED rule, which EventBridge matches nothing against. */
  matches: number;
  /** The `time` of the first and of the last matched event (EventBridge's ISO second); null without a match. */
  firstMatchTime: string | null;
  lastMatchTime: string | null;
}

export interface RuleMatchOptions {
  /** Write rule-matches.jsonl here (a new file: the caller stages it as the run's other outputs). */
  matchesFile?: string;
}

interface Watched {
  pattern: EventPattern;
  /** JSON.stringify(name), made once: the start of each of the rule's lines. */
  prefix: string;
  count: RuleMatchCount;
}

/**
 * Feed it envelopes one by one (observe), then close() for the counts. For one pass over a run's
 * events that also writes events.jsonl, pass observe as writeEventsJsonl's `observe`: the line it
 * gives is reused in rule-matches.jsonl rather than serialized again.
 */
export class RuleMatcher {
  private readonly watched: Watched[];
  private readonly counts: RuleMatchCount[];
  private readonly out: TextFile | null;
  private closed = false;

  constructor(rules: readonly EventRuleSpec[], options: RuleMatchOptions = {}) {
    this.counts = rules.map((r) => ({ rule: r.name, state: r.state, matches: 0, firstMatchTime: null, lastMatchTime: null }));
    // The scenario reader has checked every pattern: one that fails to compile here is a bug (it throws).
    this.watched = rules.flatMap((rule, i) => (rule.enabled
      ? [{ pattern: eventPattern(rule.eventPattern, `eventRules[${i}].EventPattern`), prefix: `{"rule":${JSON.stringify(rule.name)},"event":`, count: this.counts[i]! }]
      : []));
    this.out = options.matchesFile === undefined ? null : new TextFile(options.matchesFile);
  }

  /** Matches one envelope against every enabled rule. `line`: its JSON text, when already made. */
  observe(envelope: unknown, line?: string): void {
    let text = line;
    let time: string | null | undefined;
    for (const w of this.watched) {
      if (!w.pattern.matches(envelope)) continue;
      const c = w.count;
      if (time === undefined) time = timeOf(envelope);
      c.matches++;
      if (c.firstMatchTime === null) c.firstMatchTime = time;
      c.lastMatchTime = time;
      if (this.out) {
        text ??= JSON.stringify(envelope);
        this.out.write(`${w.prefix}${text}}\n`);
      }
    }
  }

  /** Closes rule-matches.jsonl (if written) and returns the counts, in the rules' order. Safe to call twice. */
  close(): RuleMatchCount[] {
    if (!this.closed) {
      this.closed = true;
      this.out?.close();
    }
    return this.counts;
  }
}

function timeOf(envelope: unknown): string | null {
  const t = (envelope as { time?: unknown } | null)?.time;
  return typeof t === 'string' ? t : null;
}

/** The counts of `rules` over `envelopes` (consumed once, one at a time). */
export function countRuleMatches(rules: readonly EventRuleSpec[], envelopes: Iterable<unknown>, options: RuleMatchOptions = {}): RuleMatchCount[] {
  const matcher = new RuleMatcher(rules, options);
  try {
    for (const e of envelopes) matcher.observe(e);
  } finally {
    matcher.close();
  }
  return matcher.close();
}

/** The counts keyed by rule name, as summary.json can hold them (`rules.<name>.matches`). */
export function ruleMatchesByName(counts: readonly RuleMatchCount[]): Record<string, Omit<RuleMatchCount, 'rule'>> {
  return Object.fromEntries(counts.map(({ rule, ...rest }) => [rule, rest]));
}
