// Regenerates the JSON Schemas of the scenario and sweep formats (schema/*.schema.json) by running
// the validator in recording mode over scenarios/, the examples in docs/ and schema/corpus/
// (src/schema/generate.ts). Run:
//   npx tsx scripts/gen-schema.ts
// The output is a pure function of the validator and the corpus, so running it again gives the
// same bytes; test/schema/schema.test.ts checks that the committed files are up to date.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_FILES, SchemaGenerationError, generateSchemas, schemaText } from '../src/schema/generate.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
try {
  const g = generateSchemas(root);
  writeFileSync(join(root, SCHEMA_FILES.scenario), schemaText(g.scenario));
  writeFileSync(join(root, SCHEMA_FILES.sweep), schemaText(g.sweep));
  console.log(`Wrote ${SCHEMA_FILES.scenario} (${g.used.scenario.length} documents) and ${SCHEMA_FILES.sweep} (${g.used.sweep.length} documents).`);
  if (g.notes.length > 0) console.log(`Where the schema checks less than batchsim validate:\n${g.notes.map((n) => `  ${n}`).join('\n')}`);
} catch (err) {
  if (!(err instanceof SchemaGenerationError)) throw err;
  console.error(err.message);
  process.exitCode = 2;
}
