// The JSON Schemas of schema/ against the validator they are generated from (src/schema): the
// corpus reaches every reader, the committed files are what generation writes, and the schema
// and `batchsim validate` agree on the shipped scenarios, the test fixtures and broken documents.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSweep } from '../../src/plan/sweep-file.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { loadScenario, readScenarioSource, scenarioFromData } from '../../src/scenario/load.js';
import { SCHEMA_FILES, generateSchemas, isSweep, recordCorpus, schemaText, type Recorded } from '../../src/schema/generate.js';
import { recording } from '../../src/schema/record.js';
import type { Schema } from '../../src/schema/schema.js';
import { readerSites } from '../../src/schema/sites.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REGENERATE = 'npx tsx scripts/gen-schema.ts';

let recorded: Recorded;
// Validates the whole corpus (and once more per required key to confirm): seconds on a busy machine.
beforeAll(() => {
  recorded = recordCorpus(ROOT);
}, 120_000);

const compiledSchemas = new Map<string, { schema: Schema; validate: ValidateFunction }>();

/** The committed schema of a format, compiled (once) by ajv knowing the editor keyword it carries. */
function compiled(kind: keyof typeof SCHEMA_FILES): { schema: Schema; validate: ValidateFunction } {
  let c = compiledSchemas.get(kind);
  if (!c) {
    const schema = JSON.parse(readFileSync(join(ROOT, SCHEMA_FILES[kind]), 'utf8')) as Schema;
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
    ajv.addVocabulary(['deprecationMessage']);
    compiledSchemas.set(kind, (c = { schema, validate: ajv.compile(schema) }));
  }
  return c;
}

/** `.yaml`, `.yml` and `.json` files under `dir` (root-relative), skipping test/goldens. */
function documentsUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(join(ROOT, d), { withFileTypes: true })) {
      const rel = `${d}/${e.name}`;
      if (e.isDirectory()) {
        if (rel !== 'test/goldens') walk(rel);
      } else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

/** The validator's problems with a document given as text (a scenario, or a sweep if it names one). */
function validatorProblems(text: string, file: string): string[] {
  const source = readScenarioSource(text, file);
  if (source.problems.length > 0) return source.problems.map((p) => p.message);
  if (isSweep(source.root)) {
    try {
      parseSweep(text, file);
      return [];
    } catch (err) {
      if (err instanceof ScenarioError) return err.problems.map((p) => `${p.path}: ${p.message}`);
      throw err;
    }
  }
  return scenarioFromData(source.root, source, file).problems.map((p) => `${p.path}: ${p.message}`);
}

describe('the corpus', () => {
  it('reaches every call of a reader (Fields methods, fields(), new Fields, checkNumber) in src/', () => {
    const unreached = readerSites(ROOT).filter((s) => !recorded.sites.has(s));
    expect(unreached, `The schema corpus reaches no document through ${unreached.length} reader call(s) of the validator, so the JSON Schema `
      + `says nothing of what they check. Add documents that reach them to schema/corpus/ (schema/corpus/README.md), then run ${REGENERATE}:\n`
      + unreached.map((s) => `  ${s}`).join('\n')).toEqual([]);
  });

  it('reaches no reader call that the source scan of src/ misses', () => {
    const scanned = new Set(readerSites(ROOT));
    expect([...recorded.sites].filter((s) => !scanned.has(s)), 'reached, but not found by readerSites (src/schema/sites.ts)').toEqual([]);
  });

  it('is valid throughout, so the schema describes documents batchsim accepts', () => {
    expect(recorded.problems).toEqual([]);
    expect(recorded.used.scenario).toEqual(expect.arrayContaining(['scenarios/fargate-etl.yaml', 'schema/corpus/workloads.yaml']));
    expect(recorded.used.sweep).toEqual(expect.arrayContaining(['scenarios/sweeps/gpu-training-plan.yaml', 'schema/corpus/sweeps/axes-sweep.yaml']));
  });
});

describe('schema/*.schema.json', () => {
  it(`are what ${REGENERATE} writes, byte for byte`, () => {
    const g = generateSchemas(ROOT, recorded);
    for (const kind of ['scenario', 'sweep'] as const) {
      expect(readFileSync(join(ROOT, SCHEMA_FILES[kind]), 'utf8'), `${SCHEMA_FILES[kind]} is out of date: run ${REGENERATE}`).toBe(schemaText(g[kind]));
    }
  });

  it('tell the kinds of workloads, actions, distributions and arrival processes apart by their tag', () => {
    const { schema } = compiled('scenario');
    const props = schema.properties as Record<string, Schema>;
    const tags = (s: Schema, key: string) => (s.anyOf as Schema[]).filter((a) => a.type === 'object').map((a) => (a.properties as Record<string, Schema>)[key]);
    const items = (key: string) => (props[key]!.items as Schema);
    expect(tags(items('workloads'), 'type')).toEqual([{ const: 'csv' }, { const: 'describe-jobs' }, { const: 'poisson' }, { const: 'swf' }, { const: 'synthetic' }]);
    expect(tags(items('actions'), 'action')).toEqual([
      { enum: ['CancelJob', 'TerminateJob'] }, { const: 'InterruptSpotInstances' }, { const: 'UpdateComputeEnvironment' }, { const: 'UpdateJobQueue' },
      { const: 'UpdateSchedulingPolicy' },
    ]);
    const synthetic = (items('workloads').anyOf as Schema[]).find((a) => (a.properties as Record<string, Schema>).type!.const === 'synthetic')!;
    const syntheticProps = synthetic.properties as Record<string, Schema>;
    expect(tags(syntheticProps.arrivals!, 'process').map((t) => t!.const)).toEqual(['batch', 'bursts', 'diurnal', 'poisson']);
    expect(tags(syntheticProps.duration!, 'distribution').map((t) => t!.const)).toEqual(['empirical', 'exponential', 'fixed', 'gamma', 'lognormal', 'normal', 'uniform']);
    const simulation = (items('jobDefinitions').properties as Record<string, Schema>).simulation!;
    const duration = (simulation.properties as Record<string, Schema>).duration!;
    expect((duration.anyOf as Schema[])[0]).toEqual({ type: 'number', minimum: 0, maximum: 315_360_000 });
    expect(tags(duration, 'distribution').map((t) => t!.const)).toEqual(['exponential', 'fixed', 'lognormal', 'normal', 'uniform']);
  });
});

describe('the schema and the validator', () => {
  const scenario = () => compiled('scenario').validate;
  const sweep = () => compiled('sweep').validate;

  it('accept every shipped scenario and sweep, and every test fixture that validates', () => {
    const checked: string[] = [];
    for (const file of [...documentsUnder('scenarios'), ...documentsUnder('test')]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const source = readScenarioSource(text, join(ROOT, file));
      if (validatorProblems(text, join(ROOT, file)).length > 0) {
        expect(file.startsWith('scenarios/'), `${file} is shipped and must validate`).toBe(false);
        continue;
      }
      const validate = isSweep(source.root) ? sweep() : scenario();
      expect(validate(source.root), `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
      checked.push(file);
    }
    expect(checked).toEqual(expect.arrayContaining(['scenarios/retry-heavy.yaml', 'test/scenario/fixtures/full.yaml', 'test/plan/fixtures/known-sweep.yaml']));
  });

  const BASE = `
name: base
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 64, instanceTypes: [c5] }
jobQueues:
  - jobQueueName: q
    priority: 1
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }]
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 1, memory: 1024 }
    retryStrategy: { attempts: 2, evaluateOnExit: [{ onExitCode: "1", action: retry }] }
    simulation: { duration: { distribution: lognormal, median: 600, sigma: 0.4 } }
jobs:
  - { jobName: a, jobQueue: q, jobDefinition: work, submitAt: 0 }
actions:
  - { at: 10, action: CancelJob, jobId: a, reason: stop }
`;
  const cases: { name: string; edit: (text: string) => string; at: string }[] = [
    { name: 'an unknown key', edit: (t) => t.replace('priority: 1', 'priority: 1\n    priorty: 2'), at: '/jobQueues/0' },
    { name: 'a value outside an enum', edit: (t) => t.replace('type: EC2', 'type: EC3'), at: '/computeEnvironments/0/computeResources/type' },
    { name: 'a number out of range', edit: (t) => t.replace('priority: 1', 'priority: 1001'), at: '/jobQueues/0/priority' },
    { name: 'a string that breaks its pattern', edit: (t) => t.replace('jobName: a,', 'jobName: "-a",'), at: '/jobs/0/jobName' },
    { name: 'a field batchsim refuses', edit: (t) => t.replace('type: MANAGED', 'type: MANAGED\n    eksConfiguration: {}'), at: '/computeEnvironments/0/eksConfiguration' },
    { name: 'a missing required field', edit: (t) => t.replace('jobQueueName: q', 'jobQueueNam: q'), at: '/jobQueues/0' },
    { name: 'a distribution parameter of another kind', edit: (t) => t.replace('sigma: 0.4', 'stddev: 0.4'), at: '/jobDefinitions/0/simulation/duration' },
    { name: 'an unknown action', edit: (t) => t.replace('action: CancelJob', 'action: KillJob'), at: '/actions/0' },
    { name: 'a user key not starting with x-', edit: (t) => `y-anchor: 1\n${t}`, at: '' },
  ];

  it('accept the document the broken ones below are made from, and its `retry` in any case', () => {
    expect(validatorProblems(BASE, 'base.yaml')).toEqual([]);
    const validate = scenario();
    expect(validate(readScenarioSource(BASE, 'base.yaml').root), JSON.stringify(validate.errors)).toBe(true);
  });

  for (const c of cases) {
    it(`both refuse ${c.name}`, () => {
      const text = c.edit(BASE);
      expect(text).not.toBe(BASE);
      expect(validatorProblems(text, 'broken.yaml')).not.toEqual([]);
      const validate = scenario();
      expect(validate(readScenarioSource(text, 'broken.yaml').root)).toBe(false);
      expect(validate.errors!.map((e) => e.instancePath)).toContain(c.at);
    });
  }

  it('both refuse a sweep with an unknown key or a count out of range', () => {
    const text = readFileSync(join(ROOT, 'test/plan/fixtures/known-sweep.yaml'), 'utf8');
    const file = join(ROOT, 'test/plan/fixtures/broken-sweep.yaml');
    for (const broken of [text.replace('maxSeeds: 40', 'maxSeed: 40'), text.replace('count: 5', 'count: 0')]) {
      expect(broken).not.toBe(text);
      expect(validatorProblems(broken, file)).not.toEqual([]);
      expect(sweep()(readScenarioSource(broken, file).root)).toBe(false);
    }
  });
});

describe('recording', () => {
  const SMALL = join(ROOT, 'test/scenario/fixtures/spot.yaml');
  const OTHER = join(ROOT, 'schema/corpus/actions.yaml');

  it('stops when the validation it records ends, even by an exception', () => {
    const sites = new Set<string>();
    expect(() => recording(sites, () => {
      loadScenario(SMALL);
      throw new Error('stop');
    })).toThrow('stop');
    const after = new Set(sites);
    expect(after.size).toBeGreaterThan(0);
    loadScenario(OTHER);
    expect(sites).toEqual(after);
    // What OTHER reaches beyond SMALL is recorded when asked for.
    recording(sites, () => loadScenario(OTHER));
    expect(sites.size).toBeGreaterThan(after.size);
  });
});
