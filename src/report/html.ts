// report.html: one self-contained page — summary, cost breakdown, the charts (inline SVG, drawn
// when the report was written, so no script runs and nothing is fetched) and the scenario. It
// opens from disk with no network.
import type { Summary } from '../metrics/summary.js';
import type { ChartInput } from './chart-data.js';
import { executionsSection } from './executions.js';
import type { RenderedChart } from './render.js';
import type { ScenarioDescription } from './scenario-description.js';
import { theoryPanel } from './theory-panel.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Any value as escaped HTML text. */
export const escapeText = (x: unknown): string => escapeHtml(String(x));
const e = escapeText;

function hms(seconds: number): string {
  const s = Math.round(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', `${s % 60}s`].filter(Boolean).join(' ');
}

const usd = (x: number) => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const int = (x: number) => x.toLocaleString('en-US');

/** A table of cells that are HTML already (escaped), with a class per column (n: numbers, right-aligned) and per row. */
export function tableHtml(head: string[], rows: string[][], classes: string[], rowClass: (i: number) => string = () => ''): string {
  const cls = (i: number) => (classes[i] ? ` class="${classes[i]}"` : '');
  const th = head.map((h, i) => `<th${cls(i)}>${h}</th>`).join('');
  const body = rows.map((r, j) => `<tr${rowClass(j) ? ` class="${rowClass(j)}"` : ''}>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function table(head: string[], rows: (string | number)[][], numeric: boolean[] = []): string {
  return tableHtml(head.map(e), rows.map((r) => r.map(e)), numeric.map((n) => (n ? 'n' : '')));
}

/** An SVG from vega as an inline element: no namespace attributes (HTML does not need them), so the page names no URL. */
export function inlineSvg(svg: string, title: string): string {
  return svg
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${e(title)}" `);
}

function summarySection(s: Summary): string {
  const cards: [string, string][] = [
    ['makespan', `${hms(s.makespanSeconds)}`],
    ['cost', usd(s.cost.totalUsd)],
    ['jobs', int(s.jobs.total)],
    ['wait p50 / p95', `${s.waitSeconds.p50} s / ${s.waitSeconds.p95} s`],
    ['vCPU utilisation', `${(s.vcpuUtilisation * 100).toFixed(1)}%`],
    ['instances', int(s.instances.total)],
    ['Spot interruptions', int(s.spotInterruptions ?? 0)],
  ];
  const statusRows = Object.entries(s.jobs.byStatus).map(([k, v]) => [k, int(v)]);
  const outcomes = Object.entries(s.attemptsByOutcome ?? {}).map(([k, v]) => [k, int(v)]);
  const w = s.waitSeconds;
  const blocked = s.blocked.count > 0
    ? `<h3>Blocked jobs</h3><p>${int(s.blocked.count)} job(s) were left RUNNABLE with a blocked reason${s.blocked.count > s.blocked.jobs.length ? `; the first ${s.blocked.jobs.length}` : ''}:</p>` +
      table(['job', 'queue', 'reason'], s.blocked.jobs.map((j) => [`${j.jobName} (${j.jobId})`, j.jobQueue, j.statusReason]))
    : '';
  return `<section id="summary">
<h2>Summary</h2>
<div class="cards">${cards.map(([k, v]) => `<div class="card"><div class="k">${e(k)}</div><div class="v">${e(v)}</div></div>`).join('')}</div>
<div class="cols">
<div><h3>Jobs by final status</h3>${table(['status', 'jobs'], statusRows, [false, true])}<p class="note">Array children counted, array parents (${int(s.jobs.arrayJobs)}) not.</p></div>
<div><h3>Wait (createdAt → first RUNNING)</h3>${table(['statistic', 'seconds'], [['jobs that started', int(w.count)], ['mean', w.mean], ['p50', w.p50], ['p95', w.p95], ['p99', w.p99], ['max', w.max]], [false, true])}</div>
<div><h3>Attempts by outcome</h3>${table(['outcome', 'attempts'], [...outcomes, ['total', int(s.attempts)]], [false, true])}</div>
</div>
<p>The last job finished at t = ${e(s.makespanSeconds)} s (${e(hms(s.makespanSeconds))} after the start).</p>
${blocked}
</section>`;
}

/** Queueing theory next to the simulated values, and Little's law (theory-panel.ts). */
function theorySection(s: Summary): string {
  const panel = theoryPanel(s);
  if (!panel) return '';
  const parts = panel.parts.map((p) => ('heading' in p ? `<h3>${e(p.heading)}</h3>` : 'text' in p ? `<p>${e(p.text)}</p>` : table(p.table.head, p.table.rows, p.table.numeric)));
  return `<section id="theory">\n<h2>Queueing theory</h2>\n${parts.join('\n')}\n</section>`;
}

/** The scenario's alarms (time in ALARM, transitions) and EventBridge rules (matches): docs/alarms.md, docs/events.md. */
function alarmsSection(s: Summary): string {
  const parts: string[] = [];
  if (s.alarms) {
    const rows = Object.entries(s.alarms).map(([name, a]) => [
      name, a.state, hms(a.secondsInAlarm), a.transitions, a.firstAlarmSeconds === null ? 'never' : hms(a.firstAlarmSeconds),
    ]);
    parts.push(`<h3>Alarms</h3>\n${table(['alarm', 'state at the end', 'time in ALARM', 'state changes', 'first ALARM'], rows, [false, false, true, true, true])}\n<p>Every state change, with CloudWatch's reason, is in alarms.csv; the Alarms chart draws each alarm's metric and threshold.</p>`);
  }
  if (s.rules) {
    const rows = Object.entries(s.rules).map(([name, r]) => [name, r.state, int(r.matches), r.firstMatchTime ?? '—', r.lastMatchTime ?? '—']);
    parts.push(`<h3>EventBridge rules</h3>\n${table(['rule', 'state', 'matched events', 'first match', 'last match'], rows, [false, false, true, false, false])}\n<p>Run with --events for the matched events themselves (rule-matches.jsonl).</p>`);
  }
  return `<section id="alarms">\n<h2>Alarms and rules</h2>\n${parts.join('\n')}\n</section>`;
}

function costSection(s: Summary): string {
  const c = s.cost;
  const byOption = Object.entries(c.byPurchaseOption).map(([k, v]) => [k, usd(v as number), c.totalUsd > 0 ? `${(((v as number) / c.totalUsd) * 100).toFixed(1)}%` : '–']);
  const byCe = Object.entries(c.byComputeEnvironment).map(([k, v]) => [k, usd(v)]);
  // Attempts a horizon cut are billed too: their column is shown when a run has any, so the row adds up.
  const cut = (c.ledger ?? []).some((l) => (l.unfinishedUsd ?? 0) > 0);
  const ledger = (c.ledger ?? []).map((l) => [
    l.computeEnvironment, l.purchaseOption, int(l.instances), (l.billedSeconds / 3600).toFixed(2), usd(l.costUsd), usd(l.usefulUsd),
    usd(l.interruptedUsd), usd(l.timedOutUsd), usd(l.failedUsd), usd(l.terminatedUsd), ...(cut ? [usd(l.unfinishedUsd ?? 0)] : []), usd(l.idleUsd), usd(l.unallocatedUsd),
  ]);
  const ledgerHeads = ['compute environment', 'purchase option', 'instances', 'billed hours', 'cost', 'useful', 'interrupted', 'timed out', 'failed', 'terminated', ...(cut ? ['unfinished'] : []), 'idle', 'unallocated'];
  const wasted = c.wastedUsd;
  return `<section id="cost">
<h2>Cost</h2>
<div class="cols">
<div><h3>By purchase option</h3>${table(['purchase option', 'USD', 'share'], byOption, [false, true, true])}</div>
<div><h3>By compute environment</h3>${table(['compute environment', 'USD'], byCe, [false, true])}</div>
${wasted ? `<div><h3>Wasted</h3>${table(['on', 'USD'], [['interrupted attempts', usd(wasted.interrupted)], ['timed-out attempts', usd(wasted.timedOut)], ['failed attempts', usd(wasted.failed)], ['terminated attempts', usd(wasted.terminated)], ['idle instances', usd(wasted.idle)], ['total', usd(wasted.total)]], [false, true])}</div>` : ''}
</div>
${ledger.length ? `<h3>Ledger</h3>${table(ledgerHeads, ledger, ledgerHeads.map((_, i) => i >= 2))}
<p class="note">Useful: attempts that succeeded; interrupted, timed out, failed, terminated: attempts that ended so;${cut ? ' unfinished: attempts still under way when the horizon ended the run;' : ''} idle: instance time with no job; unallocated: room on busy instances that no job held (docs/outputs.md).</p>` : ''}
</section>`;
}

function chartsSection(charts: RenderedChart[], skipped: string[]): string {
  const figures = charts.map((c) => `<figure id="chart-${e(c.name)}" class="chart">
${inlineSvg(c.svg, c.title)}
<figcaption><strong>${e(c.title)}.</strong> ${e(c.caption)} <span class="files">${e(c.specFile)} · ${e(c.svgFile)}</span></figcaption>
</figure>`);
  return `<section id="charts">
<h2>Charts</h2>
${figures.join('\n')}
${skipped.length ? `<p class="note">Not drawn (nothing to show in this run): ${e(skipped.join(', '))}.</p>` : ''}
</section>`;
}

function json(x: unknown): string {
  return `<pre>${e(JSON.stringify(x, null, 2))}</pre>`;
}

function scenarioSection(d: ScenarioDescription | null): string {
  if (!d) return `<section id="scenario"><h2>Scenario</h2><p>scenario.json is missing from this report directory.</p></section>`;
  const ces = table(
    ['compute environment', 'type', 'resources', 'allocation', 'min vCPUs', 'max vCPUs', 'instance types / fleet', 'state'],
    d.computeEnvironments.map((c) => [
      c.name, c.type, c.resourceType ?? '–', c.allocationStrategy ?? '–', c.minvCpus ?? '–', c.maxvCpus ?? '–',
      c.fleet.length ? c.fleet.map((f) => `${f.count} × ${f.instanceType}`).join(', ') : c.instanceTypes.join(', '), c.state,
    ]),
    [false, false, false, false, true, true, false, false],
  );
  const queues = table(['job queue', 'priority', 'compute environments (in order)', 'state'], d.jobQueues.map((q) => [q.name, q.priority, q.computeEnvironmentOrder.join(' → '), q.state]), [false, true, false, false]);
  const defs = table(
    ['job definition', 'vCPUs', 'memory (MiB)', 'GPUs', 'platform', 'attempts', 'timeout (s)', 'run time'],
    d.jobDefinitions.map((j) => [`${j.name}:${j.revision}`, j.vcpus, j.memory, j.gpus, j.platformCapabilities.join(', '), j.retryAttempts, j.attemptDurationSeconds ?? '–', JSON.stringify(j.duration)]),
    [false, true, true, true, false, true, true, false],
  );
  const subs = d.submissions.total
    ? `<h3>Submissions (${int(d.submissions.total)}${d.submissions.total > d.submissions.shown.length ? `, first ${d.submissions.shown.length} shown` : ''})</h3>` +
      table(['job name', 'queue', 'definition', 'submitted at (s)', 'array size', 'depends on'], d.submissions.shown.map((j) => [j.jobName, j.jobQueue, j.jobDefinition, j.submitAtSeconds, j.arraySize || '–', j.dependsOn.join(', ') || '–']), [false, false, false, true, true, false])
    : '';
  const workloads = d.workloads.length ? `<h3>Workloads</h3>${json(d.workloads)}` : '';
  const actions = d.actions.total ? `<h3>Actions (${int(d.actions.total)})</h3>${json(d.actions.shown)}` : '';
  return `<section id="scenario">
<h2>Scenario</h2>
<p>${e(d.name)}, seed ${e(d.seed)}, t = 0 at ${e(d.startTime)}.</p>
<h3>Compute environments</h3>${ces}
<h3>Job queues</h3>${queues}
<h3>Job definitions</h3>${defs}
${subs}
${workloads}
${actions}
<details><summary>Settings</summary>${json(d.settings)}</details>
</section>`;
}

/** The look every batchsim page shares (run reports, sweeps, comparisons). */
const PAGE_STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #f6f6f4; }
header, main, footer { max-width: 1000px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 28px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
nav a { margin-right: 14px; color: #2a5d8f; }
.meta { color: #555; margin: 0 0 8px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; min-width: 120px; }
.card .k { color: #666; font-size: 12px; }
.card .v { font-size: 18px; font-weight: bold; }
.cols { display: flex; flex-wrap: wrap; gap: 24px; }
table { border-collapse: collapse; background: #fff; margin: 4px 0; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure.chart { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 16px 0; padding: 10px; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #444; margin-top: 6px; }
.files { color: #888; font-size: 12px; margin-left: 6px; }
.note { color: #666; font-size: 12px; }
pre { background: #fff; border: 1px solid #ddd; padding: 8px; overflow-x: auto; font-size: 12px; }
footer { color: #777; font-size: 12px; padding-bottom: 30px; }
`;

export interface ReportPage {
  input: ChartInput;
  charts: RenderedChart[];
  /** Chart names that were left out because the run had nothing for them. */
  skipped: string[];
  /** Files in the report directory, for the footer. */
  files: string[];
}

export interface Page {
  /** The browser tab's title. */
  title: string;
  heading: string;
  /** One line under the heading (HTML). */
  meta: string;
  /** In-page links: [anchor id, label]. */
  nav: [string, string][];
  /** The sections (HTML). */
  main: string;
  /** The footer's paragraph (HTML). */
  footer: string;
  /** CSS a page adds to PAGE_STYLE. */
  style?: string;
}

/** A self-contained page in batchsim's look: no script, nothing fetched. */
export function pageHtml(p: Page): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(p.title)}</title>
<style>${PAGE_STYLE}${p.style ?? ''}</style>
</head>
<body>
<header>
<h1>${e(p.heading)}</h1>
<p class="meta">${p.meta}</p>
<nav>${p.nav.map(([id, label]) => `<a href="#${e(id)}">${e(label)}</a>`).join('')}</nav>
</header>
<main>
${p.main}
</main>
<footer>
<p>${p.footer}</p>
</footer>
</body>
</html>
`;
}

export function reportHtml({ input, charts, skipped, files }: ReportPage): string {
  const s = input.summary;
  return pageHtml({
    title: `batchsim report: ${s.scenario}`,
    heading: s.scenario,
    meta: `seed ${e(s.seed)} · t = 0 at ${e(s.startTime)} · ${int(s.jobs.total)} jobs · makespan ${e(hms(s.makespanSeconds))}`,
    nav: [['summary', 'Summary'], ...(s.littlesLaw ? [['theory', 'Theory'] as [string, string]] : []), ...(s.alarms || s.rules ? [['alarms', 'Alarms'] as [string, string]] : []), ['cost', 'Cost'], ...(s.executions ? [['executions', 'Executions'] as [string, string]] : []), ['charts', 'Charts'], ['scenario', 'Scenario']],
    main: [summarySection(s), ...(s.littlesLaw ? [theorySection(s)] : []), ...(s.alarms || s.rules ? [alarmsSection(s)] : []), costSection(s), ...(s.executions ? [executionsSection(s)] : []), chartsSection(charts, skipped), scenarioSection(input.scenario)].join('\n'),
    footer: `Written by batchsim, a simulation of AWS Batch: every figure here is modelled, not measured. Files in this directory: ${e(files.join(', '))}. Column and metric definitions: docs/outputs.md.`,
  });
}
