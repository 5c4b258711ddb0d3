// The `eventRules:` section (docs/events.md): EventBridge PutRule requests, spelt as the API spells
// them (the CLI's --event-pattern is EventPattern), each matched after the run against the Batch
// events the run produced (src/events/rule-matches.ts). batchsim has events and no clock-driven
// rules, so EventPattern is required and ScheduleExpression refused. Targets (PutTargets' shape)
// are recorded, not called: the matches are what each target would have received.
import { compileEventPattern } from '../events/pattern.js';
import { describe, fields, isObj, type Checker, type Fields } from './check.js';
import { readSource } from './source.js';

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface EventRuleTarget {
  id: string;
  arn: string;
}

/** A rule as read: plain data (a scenario crosses worker threads), its pattern compiled again where it is matched. */
export interface EventRuleSpec {
  name: string;
  /** The pattern as a parsed JSON object, valid (compileEventPattern accepts it). */
  eventPattern: Record<string, unknown>;
  /** The same as compact JSON text: what PutRule would be sent. */
  eventPatternJson: string;
  state: RuleState;
  /** Whether EventBridge matches events against the rule: false when DISABLED. */
  enabled: boolean;
  /** Absent (or "default"): the default event bus, where AWS services send their events. */
  eventBusName: string | null;
  targets: EventRuleTarget[];
}

/** PutRule's Name: "Pattern: [\.\-_A-Za-z0-9]+", 1–64 characters. Target Ids follow the same rule. */
const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const NAME_RULE = 'a name of 1 to 64 letters, digits, dots (.), hyphens (-) and underscores (_)';
const STATES: RuleState[] = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];
/** "Targets: maximum 5 targets per rule" (EventBridge quotas). */
const MAX_TARGETS = 5;

const KNOWN = ['Name', 'EventPattern', 'State', 'EventBusName', 'Targets'];
/** PutRule fields (and describe-rule output) that change nothing in what a rule matches. */
const IGNORED = ['Description', 'RoleArn', 'Tags', 'Arn', 'ManagedBy', 'CreatedBy'];
const SPECIAL: Record<string, string> = {
  ScheduleExpression: 'ScheduleExpression is not supported: batchsim has no scheduled rules, only the Batch events of the run; give an EventPattern instead',
};
const TARGET_KNOWN = [
  'Id', 'Arn', 'RoleArn', 'Input', 'InputPath', 'InputTransformer', 'KinesisParameters', 'RunCommandParameters', 'EcsParameters',
  'BatchParameters', 'SqsParameters', 'HttpParameters', 'RedshiftDataParameters', 'SageMakerPipelineParameters', 'DeadLetterConfig',
  'RetryPolicy', 'AppSyncParameters',
];

export function readEventRules(c: Checker, items: unknown[]): EventRuleSpec[] {
  const out: EventRuleSpec[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const f = fields(c, item, `eventRules[${i}]`);
    if (!f) return;
    const rule = readRule(f);
    if (!rule) return;
    const before = seen.get(rule.name);
    if (before !== undefined) {
      c.report(f.at('Name'), `Rule "${rule.name}" is already eventRules[${before}]: PutRule with the same name replaces a rule, and batchsim reports rules by name; give each its own`);
      return;
    }
    seen.set(rule.name, i);
    out.push(rule);
  });
  return out;
}

function readRule(f: Fields): EventRuleSpec | undefined {
  const before = f.c.problems.length;
  f.allow(KNOWN, IGNORED, SPECIAL);
  const name = f.string('Name', { required: true, pattern: NAME, rule: NAME_RULE });
  const pattern = readPattern(f);
  const state = f.enum('State', STATES) ?? 'ENABLED';
  if (state === 'DISABLED') {
    f.c.notice(f.at('State'), 'State is DISABLED: EventBridge matches no event against a disabled rule, so this rule counts 0 matches (set ENABLED to see what it would match)');
  }
  const eventBusName = readBus(f);
  const targets = readTargets(f);
  if (f.c.problems.length > before || name === undefined || !pattern || !targets) return undefined;
  return { name, ...pattern, state, enabled: state !== 'DISABLED', eventBusName, targets };
}

/**
 * EventPattern: a mapping, or the JSON text PutRule takes. Problems are placed at their path inside
 * the pattern — at the node itself in a mapping; for text, at the string, saying where in it.
 */
function readPattern(f: Fields): Pick<EventRuleSpec, 'eventPattern' | 'eventPatternJson'> | undefined {
  const raw = f.raw('EventPattern');
  const path = f.at('EventPattern');
  if (raw === undefined) {
    f.missing('EventPattern', 'an EventBridge event pattern: a mapping such as { source: [aws.batch], detail: { status: [FAILED] } }, or its JSON text');
    return undefined;
  }
  if (typeof raw === 'string') return readPatternText(f.c, raw, path);
  if (!isObj(raw)) {
    f.c.report(path, `EventPattern must be a mapping or a JSON string, received ${describe(raw)}`);
    return undefined;
  }
  const r = compileEventPattern(raw, path);
  for (const p of r.problems) f.c.report(p.path, p.message);
  return r.pattern && { eventPattern: raw, eventPatternJson: r.pattern.json };
}

/**
 * A pattern given as JSON text. Its problems carry their path inside the pattern and, as the text
 * has no nodes in the scenario file, its line and column inside the text. A key given twice keeps
 * its last value, as EventBridge does, with a notice.
 */
function readPatternText(c: Checker, text: string, path: string): Pick<EventRuleSpec, 'eventPattern' | 'eventPatternJson'> | undefined {
  const source = readSource(text, true);
  const where = (p: { line?: number; column?: number }) => (p.line === undefined ? '' : ` (line ${p.line}, column ${p.column ?? 1} of the pattern's JSON)`);
  const duplicate = (m: string) => m.startsWith('Duplicate key');
  for (const p of source.problems) {
    if (duplicate(p.message)) c.notice(path, `${p.message.replace(/ \(each key may appear once in a mapping\)$/, '')} in EventPattern: EventBridge uses the last one${where(p)}`);
    else c.report(path, `EventPattern is not valid JSON: ${p.message.replace(/^JSON syntax error: /, '')}${where(p)}`);
  }
  if (source.problems.some((p) => !duplicate(p.message))) return undefined;
  // JSON.parse keeps the last of a duplicated key, as EventBridge does; the source walk keeps the first.
  const value = JSON.parse(text) as unknown;
  const inner = (p: string) => (p === path ? '' : p.startsWith(`${path}.`) ? p.slice(path.length + 1) : p.slice(path.length));
  const r = compileEventPattern(value, path, text);
  for (const p of r.problems) c.report(p.path, `${p.message}${where(source.values.get(inner(p.path)) ?? {})}`);
  return r.pattern && isObj(value) ? { eventPattern: value, eventPatternJson: r.pattern.json } : undefined;
}

/**
 * EventBusName: a name or ARN. AWS services, Batch among them, send their events to the default
 * event bus only: a rule on another bus sees them only if a rule forwards them there. batchsim
 * matches the rule against the run's events all the same, and says so.
 */
function readBus(f: Fields): string | null {
  const bus = f.string('EventBusName', { pattern: /^[/.\-_A-Za-z0-9:]{1,1600}$/, rule: 'an event bus name or ARN' });
  if (bus === undefined) return null;
  if (bus !== 'default' && !/:event-bus\/default$/.test(bus)) {
    f.c.notice(f.at('EventBusName'), `EventBusName "${bus}": AWS Batch sends its events to the default event bus, so in AWS this rule receives them only if another rule forwards them to "${bus}"; batchsim matches it against the run's events as if they did`);
  }
  return bus;
}

/** Targets as PutTargets takes them (Id and Arn required, at most 5, Ids unique): recorded, not called. */
function readTargets(f: Fields): EventRuleTarget[] | undefined {
  const list = f.list('Targets');
  if (!list) return f.has('Targets') ? undefined : [];
  const at = f.at('Targets');
  if (list.length > MAX_TARGETS) {
    f.c.report(at, `A rule has at most ${MAX_TARGETS} targets (EventBridge quota), received ${list.length}`);
    return undefined;
  }
  if (list.length > 0) f.c.notice(at, 'Targets are recorded, not called: each would receive the events this rule matches (rule-matches.jsonl with --events)');
  const out: EventRuleTarget[] = [];
  const ids = new Map<string, number>();
  let ok = true;
  list.forEach((item, j) => {
    const t = fields(f.c, item, `${at}[${j}]`);
    if (!t) {
      ok = false;
      return;
    }
    t.allow(TARGET_KNOWN);
    const id = t.string('Id', { required: true, pattern: NAME, rule: NAME_RULE });
    const arn = t.string('Arn', { required: true, pattern: /^\S{1,1600}$/, rule: 'an ARN of 1 to 1600 characters' });
    const inputs = ['Input', 'InputPath', 'InputTransformer'].filter((k) => t.has(k));
    if (inputs.length > 1) t.c.report(t.at(inputs[1]!), `Input, InputPath and InputTransformer are mutually exclusive, received ${inputs.join(' and ')}`);
    if (id !== undefined && ids.has(id)) t.c.report(t.at('Id'), `Target Id "${id}" is already Targets[${ids.get(id)}]'s: Ids are unique within a rule`);
    if (id === undefined || arn === undefined || inputs.length > 1 || ids.has(id)) {
      ok = false;
      return;
    }
    ids.set(id, j);
    out.push({ id, arn });
  });
  return ok ? out : undefined;
}
