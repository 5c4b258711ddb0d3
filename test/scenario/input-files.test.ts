// The files a scenario is read from: only regular files are read (a device such as /dev/zero or a
// named pipe would never end), none larger than the documented limit, and only UTF-8 text. Cases
// that would hang or exhaust memory if the guard were missing run the command line in a child
// process with a time and memory bound, so a regression fails the test instead of the suite.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { MAX_SCENARIO_FILE_BYTES } from '../../src/scenario/files.js';
import { problemsFrom } from '../helpers/problems.js';
import { CLI, ROOT } from '../helpers/cli.js';

const POSIX = process.platform !== 'win32';
const HAS_DEV_ZERO = existsSync('/dev/zero');

const BASE = `name: files
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: SPOT, maxvCpus: 16, instanceTypes: [c5.large] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - jobDefinitionName: d
    type: container
    containerProperties: { vcpus: 1, memory: 1024 }
    simulation: { duration: 60 }
jobs:
  - { jobName: a, jobQueue: q, jobDefinition: d }
`;

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'batchsim-files-'));
}

/** The command line with a time and heap bound: a guard that is missing shows as a timeout or a crash, not a hung suite. */
function validate(file: string): { status: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', ...CLI, 'validate', file], {
    cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, CI: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined };
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
}

describe('the scenario file itself', () => {
  it.runIf(HAS_DEV_ZERO)('refuses /dev/zero (through a .yaml link) as a character device, at once', () => {
    const d = dir();
    const link = join(d, 'zero.yaml');
    symlinkSync('/dev/zero', link);
    const r = validate(link);
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Invalid scenario file '${link}': 1 problem`);
    expect(r.stderr).toContain('Cannot read the scenario file: it is a character device, not a regular file');
    expect(r.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
  });

  it.runIf(POSIX)('refuses a named pipe without waiting for a writer', () => {
    const d = dir();
    const fifo = join(d, 'pipe.yaml');
    mkfifo(fifo);
    const r = validate(fifo);
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Cannot read the scenario file: it is a named pipe (FIFO), not a regular file');
  });

  it('says a directory is a directory', () => {
    const d = dir();
    mkdirSync(join(d, 'folder.yaml'));
    const problems = problemsFrom(() => loadScenario(join(d, 'folder.yaml')));
    expect(problems).toEqual([{ path: '', message: 'Cannot read the scenario file: it is a directory, not a regular file' }]);
  });

  it('refuses a file over the size limit without reading it', () => {
    const d = dir();
    const file = join(d, 'huge.yaml');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, MAX_SCENARIO_FILE_BYTES + 1); // sparse: no disk space used
    closeSync(fd);
    const problems = problemsFrom(() => loadScenario(file));
    expect(problems).toEqual([{
      path: '',
      message: `Cannot read the scenario file: it is larger than ${MAX_SCENARIO_FILE_BYTES / 1024 / 1024} MiB, the limit for a scenario file`,
    }]);
  });

  it('refuses bytes that are not UTF-8, at their line and column', () => {
    const d = dir();
    const file = join(d, 'latin1.yaml');
    // "Zürich" in Latin-1: ü is the single byte 0xFC.
    writeFileSync(file, Buffer.concat([Buffer.from(`${BASE}x-note: "Z`), Buffer.from([0xfc]), Buffer.from('rich"\n')]));
    const problems = problemsFrom(() => loadScenario(file));
    const line = BASE.split('\n').length;
    expect(problems).toEqual([{
      path: '', line, column: 11,
      message: 'The file is not UTF-8 text: byte 0xFC at line ' + line + ', column 11 is not valid UTF-8 (save the file as UTF-8)',
    }]);
  });

  it('names UTF-16 for a file that starts with a UTF-16 byte-order mark', () => {
    const d = dir();
    const file = join(d, 'utf16.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE, 'utf16le')]));
    const problems = problemsFrom(() => loadScenario(file));
    expect(problems).toEqual([{
      path: '', line: 1, column: 1,
      message: 'The file is not UTF-8 text: it starts with a UTF-16 byte-order mark (save the file as UTF-8)',
    }]);
  });

  it('reads a UTF-8 JSON scenario that starts with a byte-order mark', () => {
    const d = dir();
    const file = join(d, 'bom.json');
    const doc = {
      name: 'bom',
      computeEnvironments: [{ computeEnvironmentName: 'ce', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 4, instanceTypes: ['c5'] } }],
      jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }] }],
      jobDefinitions: [{ jobDefinitionName: 'd', type: 'container', containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 60 } }],
      jobs: [{ jobName: 'a', jobQueue: 'q', jobDefinition: 'd' }],
    };
    writeFileSync(file, `\uFEFF${JSON.stringify(doc, null, 2)}`);
    expect(loadScenario(file).name).toBe('bom');
  });
});

describe('files a scenario names (price traces, empirical columns)', () => {
  it.runIf(HAS_DEV_ZERO)('refuses /dev/zero as a price trace and as an empirical column, at once', () => {
    const d = dir();
    const file = join(d, 's.yaml');
    writeFileSync(file, `${BASE}settings: { spot: { priceTrace: /dev/zero } }
workloads:
  - type: synthetic
    arrivals: { process: batch, count: 1 }
    jobQueue: q
    jobDefinition: d
    duration: { distribution: empirical, file: /dev/zero, column: 1 }
`);
    const r = validate(file);
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('✖ Cannot read the price trace "/dev/zero": it is a character device, not a regular file');
    expect(r.stderr).toContain('✖ Cannot read "/dev/zero": it is a character device, not a regular file');
  });

  it.runIf(POSIX)('refuses a named pipe as a price trace', () => {
    const d = dir();
    mkfifo(join(d, 'prices.csv'));
    const file = join(d, 's.yaml');
    writeFileSync(file, `${BASE}settings: { spot: { priceTrace: prices.csv } }\n`);
    const r = validate(file);
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('✖ Cannot read the price trace "prices.csv": it is a named pipe (FIFO), not a regular file');
    expect(r.stderr).toContain('→ at settings.spot.priceTrace (line ');
  });

  it('refuses a price trace that is not UTF-8, at its own line and column', () => {
    const d = dir();
    writeFileSync(join(d, 'prices.csv'), Buffer.concat([Buffer.from('time,instanceType,price\n0,c5.large,0.03\n60,c5.large,0.0'), Buffer.from([0xff]), Buffer.from('4\n')]));
    const file = join(d, 's.yaml');
    writeFileSync(file, `${BASE}settings: { spot: { priceTrace: prices.csv } }\n`);
    const problems = problemsFrom(() => loadScenario(file));
    expect(problems).toEqual([{
      path: 'settings.spot.priceTrace', file: 'prices.csv', line: 3, column: 16,
      message: 'prices.csv is not UTF-8 text: byte 0xFF at line 3, column 16 is not valid UTF-8 (save the file as UTF-8)',
    }]);
  });
});
