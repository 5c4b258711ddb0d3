// What the CLI tells the user about a scenario's workloads: for each replay, what the validating
// pass found (rows, jobs, rows left out and why) and, for an SWF trace, the credit its header asks
// for; and the rejection report written with --skip-invalid.
import { stringify } from 'csv-stringify/sync';
import type { RejectedRow, Scenario, SwfHeader } from '../scenario/types.js';

export const REJECTED_ROWS_FILE = 'rejected-rows.csv';

const count = (n: number) => n.toLocaleString('en-US');

/** One or two lines per replay; nothing for generators. */
export function workloadNotes(scenario: Scenario): string[] {
  const lines: string[] = [];
  for (const w of scenario.workloads) {
    if (w.type === 'poisson' || w.type === 'synthetic') continue;
    const s = w.summary;
    const parts = [`${count(s.rows)} rows → ${count(s.jobs)} jobs`];
    const skipped = Object.entries(s.skipped);
    if (skipped.length > 0) {
      const n = skipped.reduce((a, [, k]) => a + k, 0);
      parts.push(`${count(n)} left out (${skipped.map(([why, k]) => `${why}: ${count(k)}`).join(', ')})`);
    }
    if (s.outsideWindow > 0) parts.push(`${count(s.outsideWindow)} outside the window`);
    if (s.rejected > 0) parts.push(`${count(s.rejected)} invalid rows skipped`);
    if (s.droppedDependencies > 0) parts.push(`${count(s.droppedDependencies)} dependencies on jobs not in the replay dropped`);
    const t = w.transform;
    const changes = [
      t.scale !== 1 ? `load ×${t.scale}` : '',
      t.maxJobs !== null ? `at most ${count(t.maxJobs)} jobs` : '',
    ].filter((x) => x !== '');
    lines.push(`Workload ${w.name} (${w.type} ${w.file}): ${parts.join('; ')}${changes.length ? `; ${changes.join(', ')}` : ''}`);
    if (w.type === 'swf') {
      const credit = swfCredit(w.header);
      if (credit) lines.push(`  ${credit}`);
    }
  }
  return lines;
}

/** The Parallel Workloads Archive asks users of a log to credit the archive and the log's donor (its Acknowledge line). */
export function swfCredit(h: SwfHeader): string | null {
  if (h.acknowledge === null && h.installation === null) return null;
  const what = [h.installation, h.computer].filter((x): x is string => x !== null).join(', ');
  const ack = h.acknowledge !== null ? `; Acknowledge: ${h.acknowledge}` : '';
  return `Trace: ${what || 'SWF log'} (Parallel Workloads Archive, https://www.cs.huji.ac.il/labs/parallel/workload/)${ack}`;
}

/** rejected-rows.csv: file, line, column, message — one row per problem, in file order. */
export function rejectedRowsCsv(rows: readonly RejectedRow[]): string {
  return stringify([['file', 'line', 'column', 'message'], ...rows.map((r) => [r.file, r.line, r.column, r.message])]);
}
