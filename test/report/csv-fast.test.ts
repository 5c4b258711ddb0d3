// The CSV fast path (CsvFile, csvText, and the per-row formatting of jobs.csv and attempts.csv)
// against csv-stringify, the reference for the dialect: the same rows written both ways must give
// the same bytes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { attemptCost, outcomeName } from '../../src/metrics/ledger.js';
import { NO_EXIT_CODE } from '../../src/model/attempts.js';
import { JOB_KIND_NAMES, JOB_STATUS_NAMES, JobKind, type JobTemplate } from '../../src/model/jobs.js';
import { CsvFile, csvCell, csvText, seconds, secondsField, type Cell } from '../../src/report/csv-file.js';
import {
  ATTEMPTS_COLUMNS, INSTANCES_COLUMNS, JOBS_COLUMNS, writeAttemptsCsv, writeInstancesCsv, writeJobsCsv,
} from '../../src/report/tables.js';
import { loadScenario } from '../../src/scenario/load.js';
import { JobNames } from '../../src/sim/naming.js';
import type { RunResult } from '../../src/sim/run-result.js';
import { simulate } from '../../src/sim/simulation.js';
import { fairShareScenario } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'batchsim-csv-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const nextPath = (): string => join(dir, `t${files++}.csv`);

/** Writes header + rows through CsvFile (by row(), or by line() when `lines`) and reads the bytes back. */
function viaCsvFile(header: string[], rows: Cell[][], lines: boolean): Buffer {
  const path = nextPath();
  const out = new CsvFile(path, header);
  for (const r of rows) {
    if (lines) out.line(r.map(csvCell).join(','));
    else out.row(r);
  }
  out.close();
  return readFileSync(path);
}

const reference = (header: readonly string[], rows: Cell[][]): Buffer => Buffer.from(stringify([[...header], ...rows]));

// Characters that matter to the dialect, over-represented, plus any code unit at all (lone
// surrogates included: both ways must encode them the same).
const char = fc.oneof(
  fc.constantFrom(',', '"', '\r', '\n', ' ', ';', '\t', "'", '=', '-', 'a', 'é', '€', '😀', '\u2028'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
);
const text = fc.string({ unit: char, maxLength: 12 });
// Every number a table can hold: ids and counts, seconds (ms / 1000), costs, and whatever a bug
// could leave in a Float64Array (NaN, ±Infinity, −0, 1e21 and beyond).
const number = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.integer({ min: 0, max: 2 ** 40 }).map((ms) => ms / 1000),
  fc.double(),
  fc.constantFrom(0.1 + 0.2, 1e21, 1e-7, -0, NaN, Infinity, -Infinity, 3.4988125000000005e-4),
);
const cell: fc.Arbitrary<Cell> = fc.oneof(text, number, fc.constant(''));

describe('CsvFile and csvText write what csv-stringify writes', () => {
  it('random rows, by row() and by line()', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { maxLength: 20 }), (header, rows) => {
        const want = reference(header, rows);
        expect(viaCsvFile(header, rows, false).equals(want)).toBe(true);
        expect(viaCsvFile(header, rows, true).equals(want)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('quotes exactly the fields with a comma, a quote, CR or LF; spaces and unicode stay bare', () => {
    const cases: [string, string][] = [
      ['', ''], [' lead', ' lead'], ['trail ', 'trail '], ['a,b', '"a,b"'], ['say "hi"', '"say ""hi"""'],
      ['"', '""""'], ['cr\r', '"cr\r"'], ['lf\n', '"lf\n"'], ['€ 😀', '€ 😀'], ['=1+2', '=1+2'], ['a;b\tc', 'a;b\tc'],
    ];
    for (const [s, want] of cases) {
      expect(csvText(s)).toBe(want);
      expect(stringify([[s]])).toBe(want + '\n');
    }
  });

  it('secondsField prints a time as csv-stringify prints seconds(): whole ms by integer and fraction, anything else as the double', () => {
    const limit = 2 ** 42 * 1000; // where the whole-ms path stops
    const field = (ms: number) => stringify([[seconds(ms)]]).slice(0, -1);
    const edges = [0, -0, 1, 5, 10, 50, 100, 999, 1000, 1001, 1010, 1100, 59_999, 86_400_000, 2 ** 31 - 1, 2 ** 31, 315_360_000_000, limit - 1, limit, limit + 1, 2 ** 53 - 1, -1, -1000, 0.5, 1234.5678, NaN, Infinity];
    for (const ms of edges) expect(secondsField(ms), `ms = ${ms}`).toBe(field(ms));
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: limit + 10_000 }), fc.integer({ min: limit - 10_000, max: limit + 10_000 }), fc.double({ min: 0, max: 1e16 })), (ms) => {
        expect(secondsField(ms)).toBe(field(ms));
      }),
      { numRuns: 20_000 },
    );
  });

  it('rows across chunk boundaries and a record longer than a chunk', () => {
    // ~100 KB rows of 3-byte characters cross the 1 MiB chunk many times; the last is one record
    // of 1.2 MB (written on its own).
    const rows: Cell[][] = [];
    for (let i = 0; i < 40; i++) rows.push([i, '€'.repeat(30_000 + i), `x,${i}`, 'a"b'.repeat(5_000), i / 3]);
    rows.push(['€'.repeat(400_000), 1]);
    rows.push(['after', 2]);
    const want = reference(['a', 'b'], rows);
    expect(viaCsvFile(['a', 'b'], rows, true).equals(want)).toBe(true);
  });
});

// The tables as they were written before the fast path: cell arrays through csv-stringify.
// With a fair-share queue in the scenario, a shareIdentifier column last (empty for none).
function referenceJobs(sim: RunResult, names: JobNames): Buffer {
  const { jobs, templates, jobQueues, reasons } = sim;
  const fairShare = (sim.scenario.schedulingPolicies ?? []).length > 0 && sim.scenario.jobQueues.some((q) => q.schedulingPolicy);
  const rows: Cell[][] = [];
  for (let r = 0; r < jobs.count; r++) {
    const t = templates[jobs.template.data[r]];
    const shape = sim.shapes.shapes[jobs.shape.data[r]];
    const kind = jobs.kind.data[r];
    const child = kind === JobKind.ARRAY_CHILD;
    rows.push([
      names.jobId(r), names.jobName(r), jobQueues[t.queue].name, t.jobDefinition, JOB_KIND_NAMES[kind],
      child ? names.jobId(jobs.parent.data[r]) : '', child ? jobs.ordinal.data[r] : '',
      JOB_STATUS_NAMES[jobs.status.data[r]], reasons.values[jobs.reason.data[r]],
      seconds(jobs.createdAt.data[r]), seconds(jobs.runnableAt.data[r]), seconds(jobs.startedAt.data[r]),
      seconds(jobs.stoppedAt.data[r]), jobs.attempts.data[r], names.dependsOn(r).join(';'),
      shape.vcpus, shape.memory, shape.gpus, kind === JobKind.ARRAY_PARENT ? sim.arrays.get(r)!.size : '',
      ...(fairShare ? [t.shareIdentifier ?? ''] : []),
    ]);
  }
  return reference(fairShare ? [...JOBS_COLUMNS, 'shareIdentifier'] : JOBS_COLUMNS, rows);
}

function referenceAttempts(sim: RunResult, names: JobNames): Buffer {
  const { attempts, jobs, instances, computeEnvironments, reasons } = sim;
  const rows: Cell[][] = [];
  for (let a = 0; a < attempts.count; a++) {
    const row = attempts.job.data[a];
    const shape = sim.shapes.shapes[jobs.shape.data[row]];
    const inst = instances[attempts.instance.data[a]];
    const exitCode = attempts.exitCode.data[a];
    rows.push([
      names.jobId(row), attempts.attempt.data[a], computeEnvironments[inst.computeEnvironment].name, inst.instanceId,
      inst.shape.instanceType, inst.purchaseOption.name, seconds(attempts.placedAt.data[a]), seconds(attempts.startedAt.data[a]),
      seconds(attempts.stoppedAt.data[a]), exitCode === NO_EXIT_CODE ? '' : exitCode, reasons.values[attempts.reason.data[a]],
      reasons.values[attempts.containerReason.data[a]], shape.vcpus, shape.memory, shape.gpus, outcomeName(attempts.outcome.data[a]), attemptCost(sim, a),
    ]);
  }
  return reference(ATTEMPTS_COLUMNS, rows);
}

function referenceInstances(sim: RunResult): Buffer {
  const rows: Cell[][] = sim.instances.map((inst) => [
    inst.instanceId, sim.computeEnvironments[inst.computeEnvironment].name, inst.shape.instanceType, inst.purchaseOption.name,
    inst.shape.vcpus, inst.shape.memoryMiB, inst.shape.gpus, seconds(inst.launchedAt), seconds(inst.readyAt),
    seconds(inst.terminatedAt), inst.terminationReason, inst.billedSeconds(), inst.pricePerHour(), inst.costUsd(), inst.registeredMemory,
    inst.busyMs / 1000, inst.idleUsd(),
  ]);
  return reference(INSTANCES_COLUMNS, rows);
}

function tablesBothWays(sim: RunResult): void {
  const names = new JobNames(sim);
  // The writers print job ids unescaped: every id (UUIDs, array children, nodes) is its own CSV field.
  for (let r = 0; r < sim.jobs.count; r++) expect(csvText(names.jobId(r))).toBe(names.jobId(r));
  const jobs = nextPath();
  const attempts = nextPath();
  const instances = nextPath();
  writeJobsCsv(jobs, sim, names);
  writeAttemptsCsv(attempts, sim, names);
  writeInstancesCsv(instances, sim);
  expect(readFileSync(jobs).equals(referenceJobs(sim, names))).toBe(true);
  expect(readFileSync(attempts).equals(referenceAttempts(sim, names))).toBe(true);
  expect(readFileSync(instances).equals(referenceInstances(sim))).toBe(true);
}

describe('jobs.csv, attempts.csv and instances.csv write what csv-stringify writes', () => {
  it('scenarios/retry-heavy.yaml (retries, Spot reclaims, arrays of outcomes)', () => {
    const sim = simulate(loadScenario('scenarios/retry-heavy.yaml'));
    expect(sim.attempts.count).toBeGreaterThan(sim.jobs.count); // retries happened
    tablesBothWays(sim);
  });

  it('the same run with job names and status reasons that need quoting', () => {
    // Shipped scenarios hold no such strings, but a CSV replay's job names and the reasons
    // interned in a run are free text: the escaping of each interned string must match too.
    const sim = simulate(loadScenario('scenarios/retry-heavy.yaml'));
    const rowNames = sim.rowNames as Map<number, string>;
    for (let r = 0; r < sim.jobs.count; r += 3) rowNames.set(r, [' a,b ', 'say "x"', 'two\nlines', 'cr\r', '', 'é 😀'][(r / 3) % 6]);
    const reasons = sim.reasons.values;
    for (let i = 1; i < reasons.length; i++) reasons[i] = `${reasons[i]}, "quoted"${i % 2 ? '\n' : ''}`;
    const names = new JobNames(sim);
    const path = nextPath();
    writeJobsCsv(path, sim, names);
    const written = readFileSync(path);
    expect(written.includes('"say ""x"""')).toBe(true);
    expect(written.equals(referenceJobs(sim, names))).toBe(true);
    tablesBothWays(sim);
  });

  it('a run with fair-share queues (jobs.csv has shareIdentifier last) and a FIFO queue, with identifiers that need quoting', () => {
    const sim = simulate(fairShareScenario());
    const path = nextPath();
    writeJobsCsv(path, sim, new JobNames(sim));
    expect(readFileSync(path, 'utf8').split('\n')[0].endsWith(',arraySize,shareIdentifier')).toBe(true);
    tablesBothWays(sim);
    // The scenario checks identifiers (letters and digits), but the column escapes whatever a
    // template holds, like every other interned string.
    const templates = sim.templates as JobTemplate[];
    templates.forEach((t, i) => {
      if (t.shareIdentifier !== null) t.shareIdentifier = ['a,b', 'say "x"', 'two\nlines', ' sp ', 'é'][i % 5];
    });
    const quoted = nextPath();
    writeJobsCsv(quoted, sim, new JobNames(sim));
    expect(readFileSync(quoted, 'utf8')).toContain('"a,b"');
    tablesBothWays(sim);
  });
});
