#!/usr/bin/env node
// batchsim's command line. The only place that prints, reads argv or exits.
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ScenarioError, formatScenarioError } from '../scenario/errors.js';
import { loadScenario } from '../scenario/load.js';
import { simulate, type Simulation } from '../sim/simulation.js';
import { writeRun } from '../report/write-run.js';
import { compare, comparisonRows } from '../plan/compare.js';
import { formatComparison, formatSummary } from './format.js';

/** An error in what the user gave us: printed plainly, exit code 2, no stack trace. */
class UsageError extends Error {}

function fail(e: unknown): never {
  if (e instanceof ScenarioError) {
    process.stderr.write(formatScenarioError(e) + '\n');
    process.exit(2);
  }
  if (e instanceof UsageError) {
    process.stderr.write(`batchsim: ${e.message}\n`);
    process.exit(2);
  }
  // Anything else is a bug in batchsim: show the stack so it can be reported.
  process.stderr.write(`batchsim: internal error\n${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
}

/** File-system trouble writing the report (a path that is a file, no permission) is the user's to fix. */
function writeReport(sim: Simulation, out: string) {
  try {
    return writeRun(sim, out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new UsageError(`cannot write the report to '${out}': ${(e as Error).message}`);
    throw e;
  }
}

async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('batchsim')
    .usage('$0 <command> [options]')
    .command(
      'run <scenario>',
      'simulate a scenario and write its report',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
          .option('seed', { type: 'number', describe: "override the scenario's seed" })
          .option('out', { type: 'string', describe: 'report directory (default reports/<scenario name>/)' })
          .option('json', { type: 'boolean', default: false, describe: 'print summary.json instead of the readable summary' }),
      (argv) => {
        if (argv.seed !== undefined && !Number.isSafeInteger(argv.seed)) throw new UsageError(`--seed must be an integer, received ${argv.seed}`);
        const scenario = loadScenario(argv.scenario);
        const sim = simulate(scenario, { seed: argv.seed });
        const out = argv.out ?? join('reports', scenario.name);
        const written = writeReport(sim, out);
        process.stdout.write(argv.json ? JSON.stringify(written.summary, null, 2) + '\n' : formatSummary(written.summary, out) + '\n');
      },
    )
    .command(
      'compare <scenarios..>',
      'run several scenarios with one seed and compare makespan and cost (the first is the baseline)',
      (y) =>
        y
          .positional('scenarios', { type: 'string', array: true, demandOption: true })
          .option('seed', { type: 'number', describe: "one seed for all (default: the first scenario's)" })
          .option('out', { type: 'string', describe: 'parent directory of the reports (default reports/)' })
          .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON' }),
      (argv) => {
        if (argv.seed !== undefined && !Number.isSafeInteger(argv.seed)) throw new UsageError(`--seed must be an integer, received ${argv.seed}`);
        const scenarios = (argv.scenarios as string[]).map((f) => loadScenario(f));
        const names = new Set(scenarios.map((s) => s.name));
        if (names.size !== scenarios.length) throw new UsageError('the scenarios to compare need different names (their reports would overwrite each other)');
        const { seed, runs } = compare(scenarios, argv.seed);
        const summaries = runs.map((r) => writeReport(r.sim, join(argv.out ?? 'reports', r.scenario.name)).summary);
        const rows = comparisonRows(summaries);
        process.stdout.write(argv.json ? JSON.stringify({ seed, rows }, null, 2) + '\n' : formatComparison(rows, seed) + '\n');
      },
    )
    .command(
      'validate <scenario>',
      'check a scenario file and report every problem with its location',
      (y) => y.positional('scenario', { type: 'string', demandOption: true }),
      (argv) => {
        const scenario = loadScenario(argv.scenario);
        const jobs = scenario.jobs.length;
        process.stdout.write(
          `${argv.scenario}: valid (${scenario.computeEnvironments.length} compute environments, ${scenario.jobQueues.length} job queues, ` +
            `${scenario.jobDefinitions.length} job definitions, ${jobs} job submissions, ${scenario.workloads.length} workloads)\n`,
        );
      },
    )
    .demandCommand(1, 'Name a command: run, compare or validate.')
    .strict()
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg);
    })
    .help()
    .parseAsync();
}

main().catch(fail);
