// File safety of `batchsim run` and `batchsim compare` as a user (or a hostile one) meets it:
// --out replaces only what batchsim wrote, names from scenarios never leave reports/, leftovers of
// killed runs are removed, and Ctrl-C while writing leaves nothing half-written. Every command runs
// in its own temporary working directory, so the default reports/ is never the project's.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, SMALL_SCENARIO } from '../helpers/cli.js';

const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'batchsim-safety-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function batchsim(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scenario file in the working directory; `name: small` replaced (or dropped when `name` is null). */
function scenario(file: string, name: string | null = 'small'): string {
  const text = name === null ? SMALL_SCENARIO.replace('name: small\n', '') : SMALL_SCENARIO.replace('name: small', `name: ${JSON.stringify(name)}`);
  writeFileSync(join(cwd, file), text);
  return file;
}

/** Every path under `dir` with the bytes of each file (directories as 'dir'). */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && !e.isSymbolicLink()) {
        out.set(p, 'dir');
        walk(p);
      } else out.set(p, e.isSymbolicLink() ? 'link' : readFileSync(join(dir, p), 'utf8'));
    }
  };
  walk('');
  return out;
}

const NO_STACK = /\n\s+at .*\.(ts|js):\d+/;

describe('--out replaces only an absent or empty directory or an earlier batchsim report', () => {
  it('refuses a directory of someone else’s files: exit 2, every file left as it was', () => {
    mkdirSync(join(cwd, 'documents', 'sub'), { recursive: true });
    writeFileSync(join(cwd, 'documents', 'thesis.txt'), 'years of work');
    writeFileSync(join(cwd, 'documents', 'sub', 'notes.md'), 'notes');
    scenario('small.yaml');
    const before = tree(cwd);
    const r = batchsim('run', 'small.yaml', '--out', 'documents');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'documents' is not empty and is not a batchsim report");
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(tree(cwd)).toEqual(before);
  });

  it('refuses a regular file and a symbolic link to a directory', () => {
    writeFileSync(join(cwd, 'report'), 'a file');
    mkdirSync(join(cwd, 'elsewhere'));
    writeFileSync(join(cwd, 'elsewhere', 'keep.txt'), 'keep');
    symlinkSync(join(cwd, 'elsewhere'), join(cwd, 'link'));
    scenario('small.yaml');
    const before = tree(cwd);
    const file = batchsim('run', 'small.yaml', '--out', 'report');
    expect(file.status).toBe(2);
    expect(file.stderr).toContain("'report' exists and is not a directory");
    const link = batchsim('run', 'small.yaml', '--out', 'link');
    expect(link.status).toBe(2);
    expect(link.stderr).toContain("'link' is a symbolic link");
    // An empty directory behind a link is refused too: the link is not ours to replace.
    rmSync(join(cwd, 'elsewhere', 'keep.txt'));
    expect(batchsim('run', 'small.yaml', '--out', 'link').status).toBe(2);
    before.delete('elsewhere/keep.txt');
    expect(tree(cwd)).toEqual(before);
  });

  it('writes into an absent or empty directory, and replaces its own earlier report (marker and all)', () => {
    scenario('small.yaml');
    mkdirSync(join(cwd, 'empty'));
    expect(batchsim('run', 'small.yaml', '--out', 'empty', '--no-charts').status).toBe(0);
    expect(readFileSync(join(cwd, 'empty', '.batchsim-report'), 'utf8').split('\n')[0]).toBe('batchsim report');
    expect(batchsim('run', 'small.yaml', '--out', 'fresh', '--no-charts').status).toBe(0);
    // An earlier report is replaced whole: the new one is the run's files only.
    writeFileSync(join(cwd, 'fresh', 'old-extra.csv'), 'from an earlier run');
    const again = batchsim('run', 'small.yaml', '--out', 'fresh', '--no-charts', '--seed', '6');
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(existsSync(join(cwd, 'fresh', 'old-extra.csv'))).toBe(false);
    expect(JSON.parse(readFileSync(join(cwd, 'fresh', 'summary.json'), 'utf8')).seed).toBe(6);
    // No staging or moved-aside directory is left beside it.
    expect(readdirSync(cwd).sort()).toEqual(['empty', 'fresh', 'small.yaml']);
  });

  it('never writes through a symbolic link planted at the staging marker\'s name in an earlier report', () => {
    scenario('small.yaml');
    expect(batchsim('run', 'small.yaml', '--out', 'rep', '--no-charts').status).toBe(0);
    writeFileSync(join(cwd, 'precious.txt'), 'not batchsim\'s');
    symlinkSync(join(cwd, 'precious.txt'), join(cwd, 'rep', '.batchsim-staging'));
    const r = batchsim('run', 'small.yaml', '--out', 'rep', '--no-charts');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is a symbolic link');
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(readFileSync(join(cwd, 'precious.txt'), 'utf8')).toBe('not batchsim\'s');
  });

  it('compare refuses a report directory that is not its own, before simulating anything', () => {
    scenario('alpha.yaml', 'alpha');
    scenario('beta.yaml', 'beta');
    mkdirSync(join(cwd, 'out', 'beta'), { recursive: true });
    writeFileSync(join(cwd, 'out', 'beta', 'mine.txt'), 'mine');
    const before = tree(cwd);
    const r = batchsim('compare', 'alpha.yaml', 'beta.yaml', '--out', 'out');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not a batchsim report');
    // alpha's report was not written either: the check comes first.
    expect(tree(cwd)).toEqual(before);
  });
});

describe('names from scenarios never escape reports/', () => {
  it.each([
    ['..yaml', '.'],
    ['...yaml', '..'],
  ])('a scenario file %s (its name "%s" comes from the file name) is refused with exit 2 naming the field', (file, shown) => {
    mkdirSync(join(cwd, 'reports', 'keep'), { recursive: true });
    writeFileSync(join(cwd, 'reports', 'keep', 'report.txt'), 'an earlier report of someone');
    scenario(file, null);
    const before = tree(cwd);
    const r = batchsim('run', file);
    expect(r.status).toBe(2);
    // (The scenario loader may catch it first; either way the field is named.)
    expect(r.stderr).toContain(JSON.stringify(shown));
    expect(r.stderr).toContain('→ at name');
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(tree(cwd)).toEqual(before);
  });

  it('compare refuses a scenario whose name would leave the reports folder', () => {
    scenario('alpha.yaml', 'alpha');
    scenario('...yaml', null);
    const r = batchsim('compare', 'alpha.yaml', '...yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"..');
    expect(r.stderr).toContain('→ at name');
    expect(readdirSync(cwd).sort()).toEqual(['...yaml', 'alpha.yaml']);
  });

  it('the same name given with --out is fine: the name is not used for the path', () => {
    scenario('..yaml', null);
    const r = batchsim('run', '..yaml', '--out', 'here', '--no-charts');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(cwd, 'here', 'summary.json'))).toBe(true);
  });
});

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('leftovers of killed runs', () => {
  it('a later run removes staging directories of dead processes that carry the marker, and nothing else', () => {
    const dead = deadPid();
    const marker = (pid: number, host = hostname()) => JSON.stringify({ pid, host }) + '\n';
    const mk = (name: string, markerText: string | null) => {
      mkdirSync(join(cwd, 'out', name), { recursive: true });
      writeFileSync(join(cwd, 'out', name, 'jobs.csv'), 'half-written');
      if (markerText !== null) writeFileSync(join(cwd, 'out', name, '.batchsim-staging'), markerText);
    };
    mk(`.small.tmp-${dead}`, marker(dead)); // ours, dead: removed
    mk(`.other.tmp-${dead}`, marker(dead)); // ours, another report's, dead: removed too
    mk(`.small.tmp-${process.pid}`, marker(process.pid)); // ours, but that process runs: kept
    mk(`.small.tmp-${dead + 1}`, null); // no marker: not ours, kept
    mk(`.x.tmp-${dead}`, marker(dead, 'another-host')); // another machine's (a shared disk): kept
    mk(`.y.tmp-${dead}`, marker(dead + 7)); // marker and name disagree: kept
    scenario('small.yaml');
    const r = batchsim('run', 'small.yaml', '--out', join('out', 'small'), '--no-charts');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(
      [`.small.tmp-${process.pid}`, `.small.tmp-${dead + 1}`, `.x.tmp-${dead}`, `.y.tmp-${dead}`, 'small'].sort(),
    );
  });

  it('an earlier report moved aside by a killed run is put back when its place is still empty', () => {
    scenario('small.yaml');
    expect(batchsim('run', 'small.yaml', '--out', join('out', 'kept'), '--no-charts', '--seed', '9').status).toBe(0);
    const dead = deadPid();
    // What a run killed between its two renames leaves: the old report aside, nothing in place.
    const aside = join(cwd, 'out', `.kept.old-${dead}`);
    spawnSync('mv', [join(cwd, 'out', 'kept'), aside]);
    writeFileSync(join(aside, '.batchsim-staging'), JSON.stringify({ pid: dead, host: hostname() }));
    expect(batchsim('run', 'small.yaml', '--out', join('out', 'other'), '--no-charts').status).toBe(0);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['kept', 'other']);
    expect(JSON.parse(readFileSync(join(cwd, 'out', 'kept', 'summary.json'), 'utf8')).seed).toBe(9);
    expect(existsSync(join(cwd, 'out', 'kept', '.batchsim-staging'))).toBe(false);
  });

  it('SIGINT while the report is being written removes the staging directory and leaves no report', async () => {
    scenario('small.yaml');
    const child = spawn(process.execPath, ['--import', TSX, MAIN, 'run', 'small.yaml', '--out', join('out', 'r')], { cwd, env: { ...process.env, CI: '' }, stdio: 'ignore' });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // Wait for the staging directory to appear, then interrupt.
    let seen = false;
    for (let i = 0; i < 3000 && !seen && child.exitCode === null; i++) {
      seen = existsSync(join(cwd, 'out')) && readdirSync(join(cwd, 'out')).some((f) => f.startsWith('.r.tmp-'));
      if (!seen) await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen, 'the run never staged its report').toBe(true);
    child.kill('SIGINT');
    const { code, signal } = await ended;
    expect(signal === 'SIGINT' || code === 0, `exit ${code} ${signal}`).toBe(true);
    // No staging directory left; a report, if there is one, is complete (the signal came after it was in place).
    const left = readdirSync(join(cwd, 'out'));
    expect(left.filter((f) => f !== 'r')).toEqual([]);
    if (left.includes('r')) for (const f of ['.batchsim-report', 'summary.json', 'report.html']) expect(existsSync(join(cwd, 'out', 'r', f)), f).toBe(true);
  }, 30_000);
});
