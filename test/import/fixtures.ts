// The import fixtures (test/fixtures/import/, written from AWS's, Terraform's and the CDK's
// documentation examples) and a helper that imports into a fresh directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planImport, writeImport, type ImportPlan } from '../../src/import/index.js';
import { ROOT } from '../helpers/cli.js';

export const FIXTURES = join(ROOT, 'test/fixtures/import');
export const fixture = (...p: string[]) => join(FIXTURES, ...p);
export const SAME = ['template.yaml', 'terraform-plan.json', 'describe-all.json'].map((f) => fixture('same-account', f));
export const DESCRIBE_SPLIT = ['describe-compute-environments.json', 'describe-job-queues.json', 'describe-job-definitions.json', 'describe-scheduling-policies.json']
  .map((f) => fixture('describe-split', f));

/** Imports `sources` into a fresh directory: the plan, and the scenario file written. */
export function imported(sources: string[], options: Partial<Parameters<typeof planImport>[2]> = {}): { plan: ImportPlan; file: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'batchsim-import-')), 'account.yaml');
  const plan = planImport(sources, file, { parameters: new Map(), ...options });
  writeImport(plan);
  return { plan, file };
}
