// Reading an `eventRules:` section the way the scenario loader will (src/scenario/event-rules.ts is
// wired into load.ts by the lead): YAML text → readSource → a Checker with its positions.
import { readEventRules, type EventRuleSpec } from '../../src/scenario/event-rules.js';
import { Checker } from '../../src/scenario/check.js';
import type { Problem } from '../../src/scenario/errors.js';
import { readSource } from '../../src/scenario/source.js';

export interface RulesRead {
  rules: EventRuleSpec[];
  problems: Problem[];
  notices: Problem[];
}

/** readEventRules over the `eventRules` list of a YAML (or, with json, JSON) document. */
export function readRules(text: string, json = false): RulesRead {
  const source = readSource(text, json);
  if (source.problems.length > 0) throw new Error(`the test document does not parse: ${source.problems[0]!.message}`);
  const c = new Checker(source.values, source.keys);
  const items = (source.root as { eventRules?: unknown[] }).eventRules ?? [];
  const rules = readEventRules(c, items);
  return { rules, problems: c.sorted(), notices: c.sorted(c.notices) };
}
