// `batchsim import SOURCE… --out FILE` (docs/import.md): reads the sources, writes the scenario and
// its run-time profile file, and says what it imported, what it left out and what it assumed. Also
// how `validate` and `run` list the notices of profiles: placeholders, and profiles nothing uses.
import type { Argv } from 'yargs';
import { describeCounts, planImport, writeImport } from '../import/index.js';
import { SOURCE_LABEL } from '../import/model.js';
import { UsageError, writingTo } from './errors.js';

export function importCommand<T>(y: Argv<T>) {
  return y.command(
    'import <sources..>',
    'write a scenario from describe-* output, a CloudFormation template (or cdk synth) or terraform show -json',
    (c) =>
      c
        .positional('sources', { type: 'string', array: true, demandOption: true, describe: 'describe-* JSON, CloudFormation YAML/JSON, Terraform plan or state JSON' })
        .option('out', { type: 'string', demandOption: true, describe: 'the scenario to write (.yaml, .yml or .json); run-time profiles go beside it in <name>.profile.yaml' })
        .option('region', { type: 'string', describe: 'AWS::Region for CloudFormation templates (default us-east-1)' })
        .option('account-id', { type: 'string', describe: 'AWS::AccountId for CloudFormation templates (default 123456789012)' })
        .option('stack-name', { type: 'string', describe: "AWS::StackName for CloudFormation templates (default: the template file's name)" })
        .option('parameter', { type: 'string', array: true, describe: 'KEY=VALUE: a CloudFormation parameter value instead of its Default (repeatable)' }),
    async (argv) => {
      const parameters = new Map<string, string>();
      for (const p of argv.parameter ?? []) {
        const eq = p.indexOf('=');
        if (eq <= 0) throw new UsageError(`--parameter must be KEY=VALUE, received "${p}"`);
        parameters.set(p.slice(0, eq), p.slice(eq + 1));
      }
      const sources = argv.sources as string[];
      const plan = planImport(sources, argv.out, { region: argv.region, accountId: argv.accountId, stackName: argv.stackName, parameters });
      await writingTo(`'${argv.out}'`, () => writeImport(plan));
      const lines = [
        `Imported ${describeCounts(plan.counts)} from ${plan.sources.map((s) => `${s.file} (${SOURCE_LABEL[s.kind]})`).join(', ')}`,
      ];
      const { added, kept } = plan.profile;
      const profileState = [added.length > 0 ? `${added.length} placeholder ${added.length === 1 ? 'profile' : 'profiles'} added: ${added.join(', ')}` : '', kept.length > 0 ? `${kept.length} kept` : '']
        .filter(Boolean).join('; ');
      const profileVerb = plan.profile.text === undefined ? 'kept' : plan.profileIsNew ? 'wrote' : 'updated';
      lines.push(`Wrote ${argv.out}; ${profileVerb} ${plan.profilePath}${profileState ? ` (${profileState})` : ''}`);
      if (plan.notices.length > 0) {
        lines.push(`Notices (${plan.notices.length}):`);
        for (const n of plan.notices) lines.push(`  ${n.file}${n.where ? `, ${n.where}` : ''}: ${n.message}`);
      }
      if (added.length > 0) lines.push(`Placeholder profiles run for a few minutes each: give measured run times in ${plan.profilePath} (batchsim validate lists the placeholders left).`);
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  );
}

/** Notices of run-time profiles (includes.ts, simulation.ts), which are not "accepted but not simulated" fields. */
function isProfileNotice(n: { path: string }): boolean {
  return n.path.startsWith('profiles.') || n.path.endsWith('.simulation.placeholder');
}

/** The notices other than those of profiles, and the lines that list those. */
export function profileNotices<N extends { path: string }>(notices: readonly N[]): { others: N[]; lines: string[] } {
  const placeholders = notices.filter((n) => n.path.endsWith('.placeholder') && isProfileNotice(n));
  const unused = notices.filter((n) => isProfileNotice(n) && !placeholders.includes(n));
  const lines: string[] = [];
  const at = (list: N[]) => list.map((n) => n.path.replace(/\.placeholder$/, '')).join(', ');
  if (placeholders.length > 0) {
    lines.push(`Placeholder run times (${placeholders.length}: ${at(placeholders)}): those jobs run for the placeholder's duration; give measured values and remove placeholder (--strict refuses placeholders)`);
  }
  if (unused.length > 0) lines.push(`Profiles no job definition takes (${unused.length}: ${at(unused)}): they change nothing`);
  return { others: notices.filter((n) => !isProfileNotice(n)), lines };
}
