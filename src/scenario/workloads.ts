// `workloads`: generated and replayed submissions (docs/workloads.md). `poisson` is the original
// shorthand; `synthetic` generators and the `csv`, `swf` and `describe-jobs` replays are read by
// workload-synthetic.ts and workload-replays.ts.
import { describe, fields, seconds, type Checker, type Fields } from './check.js';
import { LIMITS } from './defaults.js';
import type { JobContext } from './jobs.js';
import { checkQueueFits, refuseMultiNode, resolveJobDefinition, resolveJobQueue } from './references.js';
import { readShareIdentifier } from './scheduling-policies.js';
import type { RejectedRow, WorkloadSpec } from './types.js';
import { readReplay } from './workload-replays.js';
import { PREFIX, PREFIX_RULE, rateToMean, readSynthetic } from './workload-synthetic.js';

const TYPES = ['poisson', 'synthetic', 'csv', 'swf', 'describe-jobs'] as const;

export interface WorkloadOptions {
  /** Directory of the scenario file: workload files are relative to it. */
  baseDir: string;
  startTime: string;
  /** Leave out invalid trace rows (listed in `rejected`) instead of reporting them as problems. */
  skipInvalid: boolean;
  rejected: RejectedRow[];
}

export function readWorkloads(c: Checker, items: unknown[], ctx: JobContext, opts: WorkloadOptions = { baseDir: '.', startTime: '1970-01-01T00:00:00Z', skipInvalid: false, rejected: [] }): WorkloadSpec[] {
  const out: WorkloadSpec[] = [];
  const names = new Map<string, number>();
  const rctx = { jobs: ctx, baseDir: opts.baseDir, startTimeMs: Date.parse(opts.startTime), skipInvalid: opts.skipInvalid, rejected: opts.rejected };
  items.forEach((item, i) => {
    const f = fields(c, item, `workloads[${i}]`);
    if (!f) return;
    const type = f.raw('type');
    if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
      if (type === undefined) f.missing('type', TYPES.join(', '));
      else c.report(f.at('type'), `workload type ${typeof type === 'string' ? type : describe(type)} is not supported (supported: ${TYPES.join(', ')})`);
      return;
    }
    let spec: WorkloadSpec | undefined;
    if (type === 'poisson') spec = readPoisson(c, f, ctx);
    else if (type === 'synthetic') spec = readSynthetic(f, rctx);
    else spec = readReplay(f, type as 'csv' | 'swf' | 'describe-jobs', rctx);
    if (!spec) return;
    if (spec.type !== 'poisson') {
      // Names key the random streams: two workloads with one name would draw the same numbers.
      const other = names.get(spec.name);
      if (other !== undefined) {
        c.report(f.has('name') ? f.at('name') : `workloads[${i}]`,
          `workloads[${other}] is also named "${spec.name}": give each workload its own name (it keys the workload's random streams)`);
        return;
      }
      names.set(spec.name, i);
    }
    out.push(spec);
  });
  return out;
}

function readPoisson(c: Checker, f: Fields, ctx: JobContext): WorkloadSpec | undefined {
  f.allow(['type', 'jobNamePrefix', 'jobQueue', 'jobDefinition', 'shareIdentifier', 'meanInterarrivalSeconds', 'ratePerHour', 'count', 'startAtSeconds']);
  const queue = resolveJobQueue(f, 'jobQueue', ctx.queues);
  const definition = resolveJobDefinition(f, 'jobDefinition', ctx.definitions);
  if (!refuseMultiNode(f, 'jobDefinition', definition)) checkQueueFits(f, 'jobDefinition', definition, queue);
  const prefix = f.string('jobNamePrefix', { pattern: PREFIX, rule: PREFIX_RULE });
  const mean = readMeanInterarrival(c, f.path, f.number('meanInterarrivalSeconds', seconds({ above: true })), f.number('ratePerHour', { min: 0, above: true }), f.has('meanInterarrivalSeconds'), f.has('ratePerHour'));
  const count = f.number('count', { required: true, integer: true, min: 1 });
  const startAtSeconds = f.number('startAtSeconds', seconds()) ?? 0;
  const before = c.problems.length;
  const shareIdentifier = readShareIdentifier(f, queue);
  if (!queue || !definition || mean === undefined || count === undefined || c.problems.length > before) return undefined;
  const jobNamePrefix = prefix ?? `${definition.name}-`;
  // Job names are `${prefix}${n}` and must stay within AWS's 128 characters.
  if (jobNamePrefix.length + String(count - 1).length > LIMITS.nameMaxLength) {
    c.report(f.at('jobNamePrefix'), `jobNamePrefix "${jobNamePrefix}" is too long: job names ${jobNamePrefix}0…${count - 1} must be at most ${LIMITS.nameMaxLength} characters`);
    return undefined;
  }
  return { type: 'poisson', jobNamePrefix, jobQueue: queue.name, jobDefinition: definition.index, shareIdentifier, meanInterarrivalSeconds: mean, count, startAtSeconds };
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
  if (mean !== undefined || rate === undefined) return mean;
  return rateToMean(c, `${path}.ratePerHour`, rate);
}

