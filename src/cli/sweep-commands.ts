// `batchsim sweep`, `batchsim sweep merge` and `batchsim plan` (docs/sweep.md). The planner's
// modules do the work; this file reads the command line, the shard environment of AWS Batch array
// jobs and Kubernetes Indexed Jobs, draws the progress bar and prints the answer.
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Argv } from 'yargs';
import { adviceText, sweepSummary } from '../plan/advice.js';
import { plan } from '../plan/plan.js';
import { defaultWorkers } from '../plan/pool.js';
import { DEFAULT_PROBABILITY, loadSweep, type Constraint } from '../plan/sweep-file.js';
import { fingerprint, sweep, type Shard } from '../plan/sweep.js';
import { checkReportTarget, unsafeReportName } from '../report/out-dir.js';
import { UsageError, writingTo } from './errors.js';
import { numberOption } from './options.js';
import { interactive } from './progress.js';

/** A progress bar over runs, on a terminal only. */
function runBar(label: string) {
  if (!interactive()) return null;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} {bar} {percentage}% | {value}/{total} runs | {eta_formatted} left`, hideCursor: true, clearOnComplete: true, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

export function workersOf(n: number | undefined): number {
  if (n === undefined) return defaultWorkers();
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--workers must be a whole number ≥ 1, received ${n}`);
  return n;
}

/**
 * The shard to run: --shard I/N (I from 0), else AWS Batch's array index and size, else a
 * Kubernetes Indexed Job's completion index with --shards N; none when nothing says so.
 */
export function shardOf(option: string | undefined, shards: number | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  const make = (index: number, count: number, from: string): Shard => {
    if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
      throw new UsageError(`${from} must name shard I of N with 0 ≤ I < N, received ${index}/${count}`);
    }
    return { index, count };
  };
  if (option !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(option.trim());
    if (!m) throw new UsageError(`--shard must be I/N (e.g. 0/4 for the first of four), received "${option}"`);
    return make(Number(m[1]), Number(m[2]), '--shard');
  }
  if (env.AWS_BATCH_JOB_ARRAY_INDEX !== undefined) {
    if (env.AWS_BATCH_JOB_ARRAY_SIZE === undefined) throw new UsageError('AWS_BATCH_JOB_ARRAY_INDEX is set but AWS_BATCH_JOB_ARRAY_SIZE is not');
    return make(Number(env.AWS_BATCH_JOB_ARRAY_INDEX), Number(env.AWS_BATCH_JOB_ARRAY_SIZE), 'AWS_BATCH_JOB_ARRAY_INDEX/AWS_BATCH_JOB_ARRAY_SIZE');
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (shards === undefined) throw new UsageError('JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): give --shards N, the Job\'s completions');
    return make(Number(env.JOB_COMPLETION_INDEX), shards, 'JOB_COMPLETION_INDEX with --shards');
  }
  if (shards !== undefined) throw new UsageError('--shards N goes with JOB_COMPLETION_INDEX (a Kubernetes Indexed Job); use --shard I/N to pick a shard yourself');
  return undefined;
}

function outDirOf(name: string, out: string | undefined, shard?: Shard): string {
  if (out !== undefined) return out;
  const why = unsafeReportName(name);
  if (why !== null) throw new UsageError(`the sweep's name ${JSON.stringify(name)} cannot name its directory (${why}); give it a \`name\` or use --out`);
  return join('reports', shard ? `${name}-shard-${shard.index}-of-${shard.count}` : name);
}

/** --deadline 16h / 90m / 57600 (seconds); `option` names the option in the message. */
export function parseDuration(text: string, option = '--deadline'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(h|m|s)?\s*$/.exec(text);
  if (!m) throw new UsageError(`${option} must be a duration such as 16h, 90m or 57600 (seconds), received "${text}"`);
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

export function sweepCommands<T>(y: Argv<T>): Argv<T> {
  return y
    .command(
      'sweep',
      'run a sweep: every configuration × seed, with intervals, the Pareto front and a recommendation (docs/sweep.md)',
      (s) =>
        s
          .command(
            '$0 <sweep>',
            'run the sweep file',
            (c) =>
              c
                .positional('sweep', { type: 'string', demandOption: true, describe: 'sweep file (.yaml, .yml or .json)' })
                .option('workers', numberOption('workers', 'worker threads (default: one per core)'))
                .option('out', { type: 'string', describe: 'output directory (default reports/<sweep name>/)' })
                .option('shard', { type: 'string', describe: 'run only shard I of N (I/N, I from 0); default from AWS_BATCH_JOB_ARRAY_INDEX/SIZE' })
                .option('shards', numberOption('shards', 'N, with JOB_COMPLETION_INDEX (Kubernetes Indexed Job)'))
                .option('json', { type: 'boolean', default: false, describe: 'print summary.json instead of the recommendation' }),
            async (argv) => {
              const workers = workersOf(argv.workers);
              const shard = shardOf(argv.shard, argv.shards, process.env);
              const s = loadSweep(argv.sweep);
              const out = outDirOf(s.name, argv.out, shard);
              checkReportTarget(out);
              const bar = runBar(s.name);
              let runs;
              try {
                runs = await sweep(s, { workers, shard, onRun: (_r, done, total) => bar?.update(done, total) });
              } finally {
                bar?.stop();
              }
              // The writers (and vega) load only now.
              const { writeShardDir, writeSweepDir } = await import('../plan/write-sweep.js');
              if (shard) {
                await writingTo(`the shard to '${out}'`, () => writeShardDir(out, runs, shard, fingerprint(s)));
                process.stdout.write(`${out}: shard ${shard.index}/${shard.count}, runs ${runs.range[0]}–${runs.range[1] - 1} of ${runs.total}. Merge all shards with: batchsim sweep merge DIR…\n`);
                return;
              }
              const outcome = await writingTo(`the sweep to '${out}'`, () => writeSweepDir(out, runs.plan, runs.rows));
              if (argv.json) {
                process.stdout.write(JSON.stringify(sweepSummary(outcome), null, 2) + '\n');
              } else {
                process.stdout.write(`${adviceText(outcome)}\n\n${runs.rows.length} runs (${s.configurations.length} configurations × ${s.seeds.length} seeds). Report: ${join(out, 'report.html')}\n`);
              }
            },
          )
          .command(
            'merge <dirs..>',
            'combine the directories of a sweep run as shards into the outputs one machine writes',
            (c) =>
              c
                .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'shard directories written by batchsim sweep --shard' })
                .option('out', { type: 'string', describe: 'output directory (default reports/<sweep name>/)' }),
            async (argv) => {
              const { readShards, writeSweepDir } = await import('../plan/write-sweep.js');
              const { plan: p, rows } = readShards(argv.dirs as string[]);
              const out = outDirOf(p.name, argv.out);
              checkReportTarget(out);
              const outcome = await writingTo(`the sweep to '${out}'`, () => writeSweepDir(out, p, rows));
              process.stdout.write(`${adviceText(outcome)}\n\n${rows.length} runs from ${(argv.dirs as string[]).length} shards. Report: ${join(out, 'report.html')}\n`);
            },
          )
          .demandCommand(1),
      () => undefined,
    )
    .command(
      'plan <sweep>',
      'recommend the cheapest configuration that meets the constraints with confidence, replicating adaptively (exit 1 when none does)',
      (c) =>
        c
          .positional('sweep', { type: 'string', demandOption: true, describe: 'sweep file (.yaml, .yml or .json)' })
          .option('deadline', { type: 'string', describe: 'makespan limit, e.g. 16h (replaces the sweep file\'s constraints)' })
          .option('confidence', numberOption('confidence', 'share of runs that must meet the deadline (default 0.9)'))
          .option('max-seeds', numberOption('max-seeds', "most seeds per configuration (default: the sweep's maxSeeds)"))
          .option('workers', numberOption('workers', 'worker threads (default: one per core)'))
          .option('out', { type: 'string', describe: 'also write the sweep outputs of every run made here' })
          .option('json', { type: 'boolean', default: false, describe: 'print summary.json instead of the recommendation' }),
      async (argv) => {
        const workers = workersOf(argv.workers);
        const s = loadSweep(argv.sweep);
        let constraints: Constraint[] | undefined;
        if (argv.confidence !== undefined && !(argv.confidence > 0 && argv.confidence <= 1)) throw new UsageError(`--confidence must be in (0, 1], received ${argv.confidence}`);
        if (argv.deadline !== undefined) constraints = [{ metric: 'makespanSeconds', atMost: parseDuration(argv.deadline), atLeast: null, probability: argv.confidence ?? DEFAULT_PROBABILITY }];
        else if (argv.confidence !== undefined) throw new UsageError('--confidence goes with --deadline');
        const maxSeeds = argv.maxSeeds;
        if (maxSeeds !== undefined && !(Number.isInteger(maxSeeds) && maxSeeds >= s.seeds.length)) throw new UsageError(`--max-seeds must be a whole number ≥ the sweep's ${s.seeds.length} seeds, received ${maxSeeds}`);
        if (argv.out !== undefined) checkReportTarget(argv.out);
        const bar = runBar(s.name);
        let result;
        try {
          let done = 0;
          result = await plan(s, { workers, constraints, maxSeeds, onRun: () => bar?.update(++done, Math.max(done, s.configurations.length * s.seeds.length)) });
        } finally {
          bar?.stop();
        }
        const { outcome, rows } = result;
        if (argv.out !== undefined) {
          const { writeSweepDir } = await import('../plan/write-sweep.js');
          await writingTo(`the sweep to '${argv.out}'`, () => writeSweepDir(argv.out!, outcome.plan, rows));
        }
        if (argv.json) {
          process.stdout.write(JSON.stringify({ ...(sweepSummary(outcome) as object), rounds: result.rounds, undecided: result.undecided.map((i) => outcome.configurations[i].name) }, null, 2) + '\n');
        } else {
          const note = result.undecided.length > 0 ? `\n${result.undecided.length} configuration(s) still undecided at the seed cap: ${result.undecided.map((i) => outcome.configurations[i].name).join('; ')}` : '';
          const report = argv.out !== undefined ? ` Report: ${join(argv.out, 'report.html')}` : '';
          process.stdout.write(`${adviceText(outcome)}${note}\n\n${rows.length} runs in ${result.rounds} round(s).${report}\n`);
        }
        if (outcome.recommended === null) process.exitCode = 1;
      },
    );
}
