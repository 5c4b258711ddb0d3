// The short human-readable summary `batchsim run` prints.
import type { Summary } from '../metrics/summary.js';

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
    `  jobs            ${summary.jobs.total}${statuses ? `: ${statuses}` : ''}`,
    `  wait            p50 ${w.p50} s, p95 ${w.p95} s (createdAt to first RUNNING)`,
    `  vCPU utilisation ${(summary.vcpuUtilisation * 100).toFixed(1)}% of instance vCPU time`,
    `  instances       ${summary.instances.total}`,
  ];
  if (summary.blocked.count > 0) {
    lines.push(`  blocked         ${summary.blocked.count} job(s) left RUNNABLE, e.g. ${summary.blocked.jobs[0].jobName}: ${summary.blocked.jobs[0].statusReason}`);
  }
  lines.push(`  report          ${outDir}`);
  return lines.join('\n');
}
