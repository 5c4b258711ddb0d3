// The short human-readable summary `batchsim run` prints.
import { theoryLine } from '../report/theory-panel.js';
import { isNotSimulated } from '../scenario/check.js';
import type { Summary } from '../metrics/summary.js';
import type { ComparisonRow } from '../plan/compare.js';
import { difference, withInterval } from '../plan/advice.js';
import type { SweepOutcome } from '../plan/sweep-results.js';

export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', `${s % 60}s`].filter(Boolean);
  return parts.join(' ');
}

const usd = (x: number) => `$${x.toFixed(2)}`;

export function formatSummary(summary: Summary, outDir: string): string {
  const statuses = Object.entries(summary.jobs.byStatus)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const byOption = Object.entries(summary.cost.byPurchaseOption).map(([k, v]) => `${k} ${usd(v)}`).join(', ');
  const w = summary.waitSeconds;
  const lines = [
    `Scenario ${summary.scenario} (seed ${summary.seed})`,
    `  makespan        ${duration(summary.makespanSeconds)} (${summary.makespanSeconds} s)`,
    `  cost            ${usd(summary.cost.totalUsd)}${byOption ? ` (${byOption})` : ''}`,
    `  wasted          ${usd(summary.cost.wastedUsd.total)} (interrupted ${usd(summary.cost.wastedUsd.interrupted)}, timed out ${usd(summary.cost.wastedUsd.timedOut)}, failed ${usd(summary.cost.wastedUsd.failed)}, idle ${usd(summary.cost.wastedUsd.idle)})`,
    `  jobs            ${summary.jobs.total}${statuses ? `: ${statuses}` : ''}`,
    `  wait            p50 ${w.p50} s, p95 ${w.p95} s (createdAt to first RUNNING)`,
    `  vCPU utilisation ${(summary.vcpuUtilisation * 100).toFixed(1)}% of instance vCPU time`,
    `  instances       ${summary.instances.total}${summary.spotInterruptions ? `, ${summary.spotInterruptions} Spot interruptions` : ''}`,
    `  attempts        ${summary.attempts}${summary.attempts > summary.attemptsByOutcome.SUCCEEDED ? ` (${Object.entries(summary.attemptsByOutcome).filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o}`).join(', ')})` : ''}`,
  ];
  if (summary.blocked.count > 0) {
    lines.push(`  blocked         ${summary.blocked.count} job(s) left RUNNABLE, e.g. ${summary.blocked.jobs[0].jobName}: ${summary.blocked.jobs[0].statusReason}`);
  }
  if (summary.theory) lines.push(`  theory          ${theoryLine(summary.theory)}`);
  lines.push(`  report          ${outDir}`);
  return lines.join('\n');
}

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;
const signed = (seconds: number) => `${seconds >= 0 ? '+' : '−'}${duration(Math.abs(seconds))}`;

/** The comparison table `batchsim compare` prints, baseline first, and the answer in one line. */
export function formatComparison(rows: ComparisonRow[], seed: number): string {
  const table = [
    ['scenario', 'makespan', 'cost', 'vs first', 'wasted', 'interruptions', 'failed jobs'],
    ...rows.map((r, i) => [
      r.scenario, duration(r.makespanSeconds), usd(r.costUsd),
      i === 0 ? 'baseline' : `${pct(r.costChange)} cost, ${signed(r.makespanChangeSeconds)}`,
      usd(r.wastedUsd), String(r.spotInterruptions), String(r.failedJobs),
    ]),
  ];
  const lines = aligned(table);
  const cheapest = rows.reduce((a, b) => (b.costUsd < a.costUsd ? b : a));
  const fastest = rows.reduce((a, b) => (b.makespanSeconds < a.makespanSeconds ? b : a));
  const answer =
    cheapest === fastest
      ? `${cheapest.scenario} is both the cheapest and the fastest.`
      : `Cheapest: ${cheapest.scenario} (${usd(cheapest.costUsd)}, done in ${duration(cheapest.makespanSeconds)}). ` +
        `Fastest: ${fastest.scenario} (${duration(fastest.makespanSeconds)}, ${usd(fastest.costUsd)}). ` +
        `Finishing ${duration(cheapest.makespanSeconds - fastest.makespanSeconds)} sooner costs ${usd(fastest.costUsd - cheapest.costUsd)} more.`;
  return [`Same seed (${seed}) for every scenario: the same jobs with the same run times.`, '', ...lines, '', answer].join('\n');
}

/** A table's rows as text lines, each column padded to its widest cell. */
function aligned(table: string[][]): string[] {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  return table.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}

/**
 * compare --seeds N: every figure with its 95 % interval over the seeds, and each scenario's
 * paired difference from the first (the same seeds, so the same jobs) with its own interval.
 */
export function formatComparisonWithIntervals(outcome: SweepOutcome): string {
  const cs = outcome.configurations;
  const table = [
    ['scenario', 'makespan', 'cost', 'vs first (paired)', 'wasted', 'interruptions', 'failed jobs'],
    ...cs.map((c, i) => [
      c.name, withInterval('makespanSeconds', c.metrics.makespanSeconds), withInterval('cost.totalUsd', c.metrics['cost.totalUsd']),
      i === 0 ? 'baseline' : `${difference('cost.totalUsd', c.vsBaseline['cost.totalUsd'])} cost, ${difference('makespanSeconds', c.vsBaseline.makespanSeconds)}`,
      withInterval('cost.wastedUsd.total', c.metrics['cost.wastedUsd.total']), c.metrics.spotInterruptions.mean.toFixed(1), c.metrics['jobs.byStatus.FAILED'].mean.toFixed(1),
    ]),
  ];
  const lines = aligned(table);
  const seeds = outcome.plan.seeds;
  return [`The same ${seeds.length} seeds (${seeds[0]}–${seeds[seeds.length - 1]}) for every scenario; means with 95 % intervals.`, '', ...lines].join('\n');
}

/**
 * Fields a scenario gives that are accepted but not simulated, once, grouped by where they are:
 * "computeEnvironments[*].computeResources: subnets (2), securityGroupIds (2)". No lines when none.
 */
export function formatNotices(notices: readonly { path: string; message?: string }[]): string[] {
  if (notices.length === 0) return [];
  // Fields that change nothing (Checker.allow's ignored keys) are grouped by where they are; any
  // other notice says something of its own (a type left out in a region, an accelerator shared by
  // vCPUs, a rule's targets recorded, …) and is shown with its message, once per kind of place.
  const plain = notices.filter((n) => n.message === undefined || isNotSimulated(n.message));
  const said = notices.filter((n) => !plain.includes(n));
  const lines: string[] = [];
  if (plain.length > 0) {
    const groups = new Map<string, Map<string, number>>();
    for (const n of plain) {
      const general = n.path.replace(/\[\d+\]/g, '[*]');
      const cut = general.lastIndexOf('.');
      const where = cut < 0 ? '(top level)' : general.slice(0, cut);
      const field = cut < 0 ? general : general.slice(cut + 1);
      let fields = groups.get(where);
      if (!fields) groups.set(where, (fields = new Map()));
      fields.set(field, (fields.get(field) ?? 0) + 1);
    }
    const one = plain.length === 1;
    lines.push(`Accepted but not simulated (${plain.length} ${one ? 'field' : 'fields'}: ${one ? 'it changes' : 'they change'} nothing in the model; --strict refuses ${one ? 'it' : 'them'}):`);
    for (const [where, fields] of groups) lines.push(`  ${where}: ${[...fields].map(([f, n]) => (n > 1 ? `${f} (${n})` : f)).join(', ')}`);
  }
  if (said.length > 0) {
    const seen = new Map<string, number>();
    for (const n of said) {
      const key = `${n.path.replace(/\[\d+\]/g, '[*]')}\u0000${n.message}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    lines.push(`Notes (${said.length}; --strict refuses them):`);
    for (const [key, count] of seen) {
      const [path, message] = key.split('\u0000');
      lines.push(`  ${path}${count > 1 ? ` (${count})` : ''}: ${message}`);
    }
  }
  return lines;
}
