// Configurations of a sweep (docs/sweep.md): what each sets in the scenario, applied to the
// scenario file's plain data and validated as if the user had edited the file that way. A problem
// is reported once, where the sweep file wrote what caused it.
import { Checker, describe } from '../scenario/check.js';
import { MAX_SCENARIO_FILE_BYTES, readTextFile } from '../scenario/files.js';
import { readScenarioSource, scenarioFromData } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { formatPath, setAt, type Step } from './set-path.js';

export interface Configuration {
  index: number;
  /** `axis=value, axis=value`, or the name an explicit configuration gives itself. */
  name: string;
  /** One label per axis (its value as runs.csv shows it); none for an explicit configuration. */
  labels: string[];
  /** The scenario's plain data with this configuration's values set (validated). */
  data: unknown;
  /** The scenario file the data is from (files it names are read relative to it). */
  file: string;
}

/** What a configuration sets: the scenario path, and where in the sweep file the value is written. */
export interface Setting {
  steps: Step[];
  value: unknown;
  /** Sweep path of the value (reported when the value makes the scenario invalid). */
  at: string;
  /** Sweep path of the `set` path (reported when the path leads nowhere). */
  pathAt: string;
}

export interface Draft {
  name: string;
  labels: string[];
  settings: Setting[];
  /** Sweep path a problem of the whole combination is reported at. */
  at: string;
}

/** How a value reads in a configuration's name and in runs.csv: scalars as written, lists joined by "+". */
export function valueLabel(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join('+');
  return JSON.stringify(v);
}

/**
 * Applies each configuration to the scenario's data and validates the result. A problem is
 * reported once, where the sweep file wrote what caused it: the `set` path that leads nowhere, the
 * value the scenario rejects, or (when no one value is to blame) the configuration.
 * `observe` sees the scenario file's own scenario (configuration null), then each valid
 * configuration's (then let go: only the data is kept).
 */
export function applyConfigurations(
  c: Checker, scenarioFile: string, scenarioRef: string, drafts: Draft[],
  observe?: (configuration: string | null, scenario: Scenario) => void,
): Configuration[] | undefined {
  const read = readTextFile(scenarioFile, MAX_SCENARIO_FILE_BYTES, 'The scenario file');
  if ('why' in read || 'message' in read) {
    c.report('scenario', `Cannot read the scenario "${scenarioRef}": ${'why' in read ? read.why : read.message}`);
    return undefined;
  }
  const source = readScenarioSource(read.text, scenarioFile);
  const base = scenarioFromData(source.root, source, scenarioFile);
  if (!base.scenario) {
    c.report('scenario', `The scenario "${scenarioRef}" is invalid itself (run batchsim validate ${scenarioRef}): ${base.problems[0]?.message ?? ''}`);
    return undefined;
  }
  observe?.(null, base.scenario);
  const seen = new Set<string>();
  const reportOnce = (at: string, message: string) => {
    const key = `${at}\u0000${message}`;
    if (!seen.has(key)) c.report(at, message);
    seen.add(key);
  };
  const out: Configuration[] = [];
  for (const d of drafts) {
    const data = structuredClone(source.root);
    const resolved: { path: string; setting: Setting }[] = [];
    let ok = true;
    for (const s of d.settings) {
      const r = setAt(data, s.steps, s.value);
      if ('error' in r) {
        reportOnce(s.pathAt, `The path ${formatPath(s.steps)} leads nowhere in "${scenarioRef}": ${r.error}`);
        ok = false;
      } else {
        resolved.push({ path: r.path, setting: s });
      }
    }
    // Validated even when a path led nowhere (without that setting), so the other values' problems show too.
    const checked = scenarioFromData(data, source, scenarioFile);
    if (!checked.scenario) {
      for (const p of checked.problems) {
        const blame = resolved.find((r) => p.path === r.path || p.path.startsWith(`${r.path}.`) || p.path.startsWith(`${r.path}[`) || r.path.startsWith(`${p.path}.`));
        // A field the scenario does not know is the path's fault, not the value's.
        if (blame && p.path === blame.path && p.message.startsWith('Unknown field')) reportOnce(blame.setting.pathAt, `The path ${formatPath(blame.setting.steps)} names a field "${scenarioRef}" cannot have: ${p.message}`);
        else if (blame) reportOnce(blame.setting.at, `Setting ${formatPath(blame.setting.steps)} to ${describe(blame.setting.value)} makes "${scenarioRef}" invalid: ${p.message} (at ${p.path})`);
        else reportOnce(d.at, `Configuration "${d.name}" makes "${scenarioRef}" invalid: ${p.message}${p.path ? ` (at ${p.path})` : ''}`);
      }
      continue;
    }
    if (!ok) continue;
    observe?.(d.name, checked.scenario);
    out.push({ index: out.length, name: d.name, labels: d.labels, data, file: scenarioFile });
  }
  return out.length === drafts.length ? out : undefined;
}

