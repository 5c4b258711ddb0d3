// The `set` paths of a sweep file (docs/sweep.md): AWS field names joined by dots, with `[name]`
// selecting a list element by its AWS name field and `[3]` by index, e.g.
// `computeEnvironments[gpu-spot].computeResources.maxvCpus`. A path is parsed once and applied to
// the scenario's plain data (as read from its file, before validation), so a configuration is the
// scenario file as if the user had edited it, and validation speaks about it in the file's terms.
import { isObj } from '../scenario/check.js';

/** One step of a path: a field of an object, or an element of a list by name or index. */
export type Step = { field: string } | { name: string } | { index: number };

/** The field that names an element of each named list (AWS's own name fields). */
const NAME_FIELDS: Record<string, string> = {
  computeEnvironments: 'computeEnvironmentName',
  jobQueues: 'jobQueueName',
  jobDefinitions: 'jobDefinitionName',
  jobs: 'jobName',
  workloads: 'name',
  // CloudWatch and EventBridge spell their request fields capitalised (docs/alarms.md, docs/events.md).
  alarms: 'AlarmName',
  eventRules: 'Name',
};

const FIELD = /^[A-Za-z_$][A-Za-z0-9_$-]*/;

/** Parses a path; returns the steps, or why it is not a path. */
export function parsePath(text: string): Step[] | string {
  if (text.trim() === '') return 'is empty';
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) return `has "[" at character ${i + 1} without its "]"`;
      const inner = text.slice(i + 1, end).trim();
      if (inner === '') return `has an empty "[]" at character ${i + 1}`;
      if (steps.length === 0) return 'must start with a field name, e.g. computeEnvironments[gpu-spot]';
      steps.push(/^\d+$/.test(inner) ? { index: Number(inner) } : { name: inner });
      i = end + 1;
      continue;
    }
    if (steps.length > 0) {
      if (text[i] !== '.') return `expects "." or "[" at character ${i + 1}, found "${text[i]}"`;
      i++;
    }
    const m = FIELD.exec(text.slice(i));
    if (!m) return `expects a field name at character ${i + 1}`;
    steps.push({ field: m[0] });
    i += m[0].length;
  }
  return steps;
}

/** The path written back from its steps (what messages show). */
export function formatPath(steps: readonly Step[]): string {
  let out = '';
  for (const s of steps) {
    if ('field' in s) out += out === '' ? s.field : `.${s.field}`;
    else out += `[${'index' in s ? s.index : s.name}]`;
  }
  return out;
}


/**
 * Sets `value` at `steps` in `root` (changed in place). Missing fields on the way are created as
 * mappings (a setting the scenario leaves at its default can be swept); list elements must exist.
 * Returns the path reached with indices (`computeEnvironments[0].computeResources.maxvCpus`, as
 * validation names it), or why the path does not lead anywhere in this scenario.
 */
export function setAt(root: unknown, steps: readonly Step[], value: unknown): { path: string } | { error: string } {
  if (!isObj(root)) return { error: 'the scenario is not a mapping' };
  let node: unknown = root;
  let path = '';
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k];
    const last = k === steps.length - 1;
    const here = formatPath(steps.slice(0, k)) || 'the scenario';
    if ('field' in step) {
      if (!isObj(node)) return { error: `${here} is not a mapping, so it has no field "${step.field}"` };
      path = path === '' ? step.field : `${path}.${step.field}`;
      if (last) {
        node[step.field] = structuredClone(value);
        return { path };
      }
      if (node[step.field] === undefined || node[step.field] === null) node[step.field] = 'field' in steps[k + 1] ? {} : [];
      node = node[step.field];
      continue;
    }
    if (!Array.isArray(node)) return { error: `${here} is not a list, so ${formatPath([step])} selects nothing` };
    let at: number;
    if ('index' in step) {
      if (step.index >= node.length) return { error: `${here} has ${node.length} ${node.length === 1 ? 'element' : 'elements'}, so [${step.index}] selects nothing` };
      at = step.index;
    } else {
      const parent = steps[k - 1];
      const nameField = 'field' in parent ? (NAME_FIELDS[parent.field] ?? 'name') : 'name';
      at = node.findIndex((e) => isObj(e) && e[nameField] === step.name);
      if (at < 0) {
        const names = node.map((e) => (isObj(e) && typeof e[nameField] === 'string' ? `"${e[nameField]}"` : null)).filter((n) => n !== null);
        return { error: `no element of ${here} has ${nameField} "${step.name}"${names.length > 0 ? ` (there are ${names.join(', ')})` : ''}` };
      }
    }
    path = `${path}[${at}]`;
    if (last) {
      node[at] = structuredClone(value);
      return { path };
    }
    node = node[at];
  }
  return { path };
}
