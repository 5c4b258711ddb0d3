// What a bad scenario file produces: every problem at once, each with its path in AWS field names
// and, when the file could be parsed, the line and column of the offending node (DESIGN.md §7).

export interface Problem {
  /** AWS field names with [i] indices, e.g. `jobQueues[1].computeEnvironmentOrder[0].computeEnvironment`; '' for the whole file. */
  path: string;
  /** Says what was expected and what was received. */
  message: string;
  /** 1-based position of the offending node (or of its nearest enclosing node when it is missing). */
  line?: number;
  column?: number;
  /**
   * Set when line and column are in another file than the scenario (a price-trace CSV named by the
   * scenario): that file as the scenario names it. In a CSV, `column` is the field number (1 = first).
   */
  file?: string;
}

export class ScenarioError extends Error {
  readonly file: string;
  readonly problems: Problem[];

  /** What the file is, for the report's first line: `scenario file`, or `sweep file` (src/plan). */
  readonly what: string;

  constructor(file: string, problems: Problem[], what = 'scenario file') {
    super('');
    this.name = 'ScenarioError';
    this.file = file;
    this.problems = problems;
    this.what = what;
    // The formatted report is the message, so an uncaught error still reads like the CLI output.
    this.message = formatScenarioError(this);
  }
}

/**
 * The report shown to users:
 *
 *     Invalid scenario file 'scenarios/q3.yaml': 2 problems
 *     ✖ Unknown compute environment "ce-spot" (known: "ce-gpu", "ce-od")
 *       → at jobQueues[1].computeEnvironmentOrder[0].computeEnvironment (line 12, column 9)
 *
 * No trailing newline.
 */
export function formatScenarioError(e: ScenarioError): string {
  const n = e.problems.length;
  const lines = [`Invalid ${e.what} '${e.file}': ${n} ${n === 1 ? 'problem' : 'problems'}`];
  for (const p of e.problems) {
    lines.push(`✖ ${p.message}`);
    const where = location(p);
    if (where) lines.push(`  → at ${where}`);
  }
  return lines.join('\n');
}

function location(p: Problem): string {
  const pos = p.line !== undefined ? `${p.file ? `${p.file} ` : ''}line ${p.line}, column ${p.column ?? 1}` : '';
  if (p.path && pos) return `${p.path} (${pos})`;
  return p.path || pos;
}
