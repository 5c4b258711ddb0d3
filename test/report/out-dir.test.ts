// The report-directory rules of the library (writeRun / writeReport), which the CLI relies on:
// what may be replaced, what is refused, and which names may name a directory under reports/.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_MARKER, ReportPathError, isReportDir, unsafeReportName } from '../../src/report/out-dir.js';
import { writeRun } from '../../src/report/write-run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/sim/simulation.js';
import { SMALL_SCENARIO } from '../helpers/cli.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'batchsim-outdir-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const sim = () => simulate(parseScenario(SMALL_SCENARIO, 'small.yaml'));

describe('writeRun into an existing path', () => {
  it('refuses a non-empty directory without the marker, and writes nothing beside it', () => {
    const dir = join(root, 'docs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), 'mine');
    expect(() => writeRun(sim(), dir)).toThrow(ReportPathError);
    expect(readdirSync(root)).toEqual(['docs']);
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('does not take a marker that is a directory, or a file with other text, for its own', () => {
    const dir = join(root, 'fake');
    mkdirSync(join(dir, REPORT_MARKER), { recursive: true });
    expect(isReportDir(dir)).toBe(false);
    expect(() => writeRun(sim(), dir)).toThrow(ReportPathError);
    rmSync(join(dir, REPORT_MARKER), { recursive: true });
    writeFileSync(join(dir, REPORT_MARKER), 'something else\n');
    expect(isReportDir(dir)).toBe(false);
    expect(() => writeRun(sim(), dir)).toThrow(ReportPathError);
    expect(readFileSync(join(dir, REPORT_MARKER), 'utf8')).toBe('something else\n');
  });

  it('writes the marker with every report, so the next run may replace it', () => {
    const dir = join(root, 'run');
    writeRun(sim(), dir);
    expect(isReportDir(dir)).toBe(true);
    writeRun(sim(), dir);
    expect(existsSync(join(dir, 'jobs.csv'))).toBe(true);
    expect(readdirSync(root)).toEqual(['run']);
  });
});

describe('unsafeReportName', () => {
  it.each(['', '.', '..', '.hidden', 'a/b', 'a/../..', '/etc', 'a\\b', 'tab\there', 'x'.repeat(129)])('refuses %j', (name) => {
    expect(unsafeReportName(name)).not.toBeNull();
  });
  it.each(['small', 'gpu-spot.v2', 'a_b-c.d', 'x'.repeat(128), 'with space'])('accepts %j', (name) => {
    expect(unsafeReportName(name)).toBeNull();
  });
});
