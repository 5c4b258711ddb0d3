// `workloads`: generators of submissions. Only Poisson arrivals for now; replays (CSV, SWF,
// describe-jobs JSON) and the other generators come with the workloads work.
import { describe, fields, type Checker } from './check.js';
import { LIMITS } from './defaults.js';
import type { JobContext } from './jobs.js';
import { checkQueueFits, resolveJobDefinition, resolveJobQueue } from './references.js';
import type { WorkloadSpec } from './types.js';

/** Like a job name without its length limit: the counter is appended. */
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9_-]*$|^$/;

export function readWorkloads(c: Checker, items: unknown[], ctx: JobContext): WorkloadSpec[] {
  const out: WorkloadSpec[] = [];
  items.forEach((item, i) => {
    const f = fields(c, item, `workloads[${i}]`);
    if (!f) return;
    const type = f.raw('type');
    if (type !== 'poisson') {
      if (type === undefined) f.missing('type', 'poisson');
      else c.report(f.at('type'), `workload type ${typeof type === 'string' ? type : describe(type)} is not supported yet (supported: poisson)`);
      return;
    }
    f.allow(['type', 'jobNamePrefix', 'jobQueue', 'jobDefinition', 'meanInterarrivalSeconds', 'ratePerHour', 'count', 'startAtSeconds']);
    const queue = resolveJobQueue(f, 'jobQueue', ctx.queues);
    const definition = resolveJobDefinition(f, 'jobDefinition', ctx.definitions);
    checkQueueFits(f, 'jobDefinition', definition, queue);
    const prefix = f.string('jobNamePrefix', { pattern: PREFIX, rule: 'a prefix of letters, digits, hyphens and underscores, starting with a letter or digit' });
    const mean = readMeanInterarrival(c, f.path, f.number('meanInterarrivalSeconds', { min: 0, above: true }), f.number('ratePerHour', { min: 0, above: true }), f.has('meanInterarrivalSeconds'), f.has('ratePerHour'));
    const count = f.number('count', { required: true, integer: true, min: 1 });
    const startAtSeconds = f.number('startAtSeconds', { min: 0 }) ?? 0;
    if (!queue || !definition || mean === undefined || count === undefined) return;
    const jobNamePrefix = prefix ?? `${definition.name}-`;
    // Job names are `${prefix}${n}` and must stay within AWS's 128 characters.
    if (jobNamePrefix.length + String(count - 1).length > LIMITS.nameMaxLength) {
      c.report(f.at('jobNamePrefix'), `jobNamePrefix "${jobNamePrefix}" is too long: job names ${jobNamePrefix}0…${count - 1} must be at most ${LIMITS.nameMaxLength} characters`);
      return;
    }
    out.push({
      type: 'poisson',
      jobNamePrefix,
      jobQueue: queue.name,
      jobDefinition: definition.index,
      meanInterarrivalSeconds: mean,
      count,
      startAtSeconds,
    });
  });
  return out;
}

/** Exactly one of meanInterarrivalSeconds and ratePerHour (jobs per hour). */
function readMeanInterarrival(c: Checker, path: string, mean: number | undefined, rate: number | undefined, hasMean: boolean, hasRate: boolean): number | undefined {
  if (hasMean && hasRate) {
    c.report(`${path}.ratePerHour`, 'Give either meanInterarrivalSeconds or ratePerHour, not both');
    return undefined;
  }
  if (!hasMean && !hasRate) {
    c.report(`${path}.meanInterarrivalSeconds`, 'meanInterarrivalSeconds (a number > 0) or ratePerHour (a number > 0) is required');
    return undefined;
  }
  return mean ?? (rate === undefined ? undefined : 3600 / rate);
}
