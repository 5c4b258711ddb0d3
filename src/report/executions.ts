// executions.csv (docs/outputs.md) — one row per Step Functions execution, then one per state it
// entered — and the report's section on executions, drawn from summary.json alone so that
// `batchsim chart DIR` draws it again.
import type { Summary } from '../metrics/summary.js';
import type { ExecutionsResult } from '../stepfunctions/records.js';
import { seconds, writeCsvFile } from './csv-file.js';
import { escapeText as e, tableHtml } from './html.js';

export const EXECUTIONS_COLUMNS = [
  'execution', 'stateMachine', 'scope', 'state', 'type', 'enteredAt', 'exitedAt', 'status', 'error', 'cause', 'retries', 'jobIds',
] as const;

export function writeExecutionsCsv(path: string, result: ExecutionsResult): void {
  writeCsvFile(path, EXECUTIONS_COLUMNS, {}, (out) => {
    for (const r of result.records) {
      const started = r.status === 'NOT_STARTED' ? -1 : r.startAtMs;
      out.row([r.name, r.stateMachine, '', '', 'Execution', seconds(started), seconds(r.stopMs), r.status, r.error, r.cause, '', '']);
      for (const s of r.entries) {
        out.row([r.name, r.stateMachine, s.scope, s.state, s.type, seconds(s.enteredMs), seconds(s.exitedMs), s.status, s.error, s.cause, s.retries, s.jobIds.join(';')]);
      }
    }
  });
}

/** report.html's section, or '' for a run without executions. */
export function executionsSection(s: Summary): string {
  const x = s.executions;
  if (!x) return '';
  const cell = (v: unknown) => e(v);
  const statuses = Object.entries(x.byStatus).filter(([, n]) => n > 0).map(([k, n]) => [cell(k), cell(n)]);
  const d = x.durationSeconds;
  const list = x.shown.map((r) => [cell(r.name), cell(r.stateMachine), cell(r.status), cell(r.startSeconds), cell(r.stopSeconds ?? '–'), cell(r.stopSeconds === null ? '–' : r.stopSeconds - r.startSeconds), cell(r.error || '–')]);
  return `<section id="executions">
<h2>Step Functions executions</h2>
<div class="cols">
<div><h3>By status</h3>${tableHtml(['status', 'executions'], statuses, ['', 'n'])}</div>
<div><h3>Duration (startAt → stop)</h3>${tableHtml(['statistic', 'seconds'], [['executions that stopped', d.count], ['mean', d.mean], ['p50', d.p50], ['p95', d.p95], ['max', d.max]].map((r) => r.map(cell)), ['', 'n'])}</div>
</div>
<h3>Executions${x.total > x.shown.length ? ` (first ${x.shown.length} of ${x.total})` : ''}</h3>
${tableHtml(['execution', 'state machine', 'status', 'start (s)', 'stop (s)', 'duration (s)', 'error'], list, ['', '', '', 'n', 'n', 'n', ''])}
<p class="note">${cell(x.statesEntered)} states entered in all; executions.csv has one row per execution and per state entered, with times, errors and the Batch jobs each Task submitted (docs/outputs.md).</p>
</section>`;
}
