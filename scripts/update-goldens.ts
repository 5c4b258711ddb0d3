// Rewrites test/goldens/<scenario>/ from the current code. Goldens change only in a commit that
// says why (DESIGN.md §6): run this, look at the diff, and explain it in the commit message.
//   npx tsx scripts/update-goldens.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_DIR, GOLDEN_SCENARIOS, goldenName, goldenRun } from '../test/goldens/goldens.js';

for (const scenario of GOLDEN_SCENARIOS) {
  const dir = join(GOLDEN_DIR, goldenName(scenario));
  mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of goldenRun(scenario)) writeFileSync(join(dir, file), bytes);
  console.log(`${dir}: written`);
}
