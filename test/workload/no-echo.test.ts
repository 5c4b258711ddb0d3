// Messages about a file a scenario names (a trace, a price trace, an empirical column) say what was
// expected and where — file, line, column — but never quote the file's text: a file given by
// mistake (or on purpose, such as /etc/shadow) would otherwise be printed back line by line.
// Numbers may be shown; text may not.
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/scenario/errors.js';
import { problemsOf, writeScenario } from './helpers.js';

const S = 'SECRET';

function expectNoEcho(problems: Problem[], atLeast: number): void {
  expect(problems.length).toBeGreaterThanOrEqual(atLeast);
  for (const p of problems) {
    expect(p.message).not.toContain(S);
    expect(p.message).not.toContain('root:x');
    expect(p.line).toBeGreaterThan(0);
  }
}

describe('CSV traces', () => {
  it('does not quote a header without the columns it needs', () => {
    const file = writeScenario('  - { type: csv, file: t.csv, jobQueue: q, jobDefinition: d }', { 't.csv': `${S}_one,${S}_two\n1,2\n` });
    const problems = problemsOf(file);
    expect(problems.map((p) => p.message)).toEqual([
      't.csv line 1, column 3: no submit-time column: the header (2 fields) needs a "submitTime" column, or map one with columns.submitTime',
    ]);
  });

  it('does not quote a header that lacks a mapped column', () => {
    const file = writeScenario('  - { type: csv, file: t.csv, jobQueue: q, jobDefinition: d, columns: { submitTime: when } }', { 't.csv': `${S},b\n1,2\n` });
    expect(problemsOf(file).map((p) => p.message)).toEqual(['t.csv line 1, column 3: columns.submitTime names "when", which is not in the header (2 fields)']);
  });

  it('does not quote cells, and still says what was expected where', () => {
    const head = 'submitTime,jobName,jobQueue,jobDefinition,vcpus,duration,exitCode,dependsOn,shareIdentifier,timeout\n';
    const rows = [
      `0,a,q,d,1,60,0,,,`,
      `${S},b,q,d,1,60,0,,,`,
      `1,${S}!,${S},${S}x:1,${S},${S},${S},${S} !x,${S}!,${S}`,
      `2,c,arn:aws:batch:us-east-1:1:job-queue/${S},d,1,60,0,,,`,
    ];
    const problems = problemsOf(writeScenario('  - { type: csv, file: t.csv }', { 't.csv': head + rows.join('\n') }));
    expectNoEcho(problems, 10);
    expect(problems.map((p) => p.message)).toContain('t.csv line 3, column 1: submitTime must be seconds ≥ 0 or an ISO-8601 instant such as 2026-01-05T06:00:00Z, received text (6 characters)');
    expect(problems.map((p) => p.message)).toContain('t.csv line 4, column 2: jobName must be up to 128 letters, digits, hyphens and underscores, starting with a letter or digit, received a name with a character that is not allowed at character 7');
    expect(problems.map((p) => p.message)).toContain('t.csv line 4, column 5: vcpus must be a number, received text (6 characters)');
  });

  it('does not quote a password file read without a header', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
    const file = writeScenario('  - { type: csv, file: passwd, jobDefinition: d, header: false, delimiter: ":", columns: { submitTime: 3, jobName: 1, shareIdentifier: 6, jobQueue: 7 } }', { passwd });
    const problems = problemsOf(file);
    expectNoEcho(problems, 4);
    for (const word of ['root', 'daemon', 'bash', 'nologin']) expect(problems.filter((p) => p.message.includes(word))).toEqual([]);
  });

  it('does not quote the text around a CSV syntax error', () => {
    const file = writeScenario('  - { type: csv, file: t.csv, jobQueue: q, jobDefinition: d }', { 't.csv': `submitTime,jobName\n0,a${S}"${S}"\n` });
    expectNoEcho(problemsOf(file), 1);
  });
});

describe('SWF traces', () => {
  it('does not quote fields that are not numbers', () => {
    const line = (f2: string) => `1 ${f2} 0 60 1 -1 -1 1 -1 -1 1 1 1 -1 -1 -1 -1 -1`;
    const file = writeScenario('  - { type: swf, file: t.swf, jobQueue: q, jobDefinition: d }', { 't.swf': `${line('0')}\n${line(S)}\n${S} ${S}\n` });
    const problems = problemsOf(file);
    expectNoEcho(problems, 2);
    expect(problems.map((p) => p.message)).toContain('t.swf line 2: field 2 (submit time) must be a number (−1 for unknown), received text (6 characters)');
  });
});

describe('describe-jobs JSON', () => {
  it('does not quote values', () => {
    const job = {
      jobId: `${S}-id`, jobName: `${S} name`, jobQueue: `${S}q`, jobDefinition: `${S}d`, status: S, createdAt: S, shareIdentifier: `${S}!`,
      container: { vcpus: S, resourceRequirements: [{ type: 'MEMORY', value: S }] }, timeout: { attemptDurationSeconds: S },
      arrayProperties: { size: S }, dependsOn: [{ [S]: S }, S],
    };
    const file = writeScenario('  - { type: describe-jobs, file: j.json }', { 'j.json': JSON.stringify({ jobs: [job] }, null, 2) });
    const problems = problemsOf(file);
    expectNoEcho(problems, 8);
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/^j\.json line 8, column 17: jobs\[0\]\.status: must be one of SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED, received text \(6 characters\)$/));
  });
});

describe('price traces and empirical columns', () => {
  const base = (settings: string, workloads = '[]') => `
name: p
startTime: 2026-01-05T00:00:00Z
computeEnvironments:
  - { computeEnvironmentName: ce, type: MANAGED, computeResources: { type: SPOT, maxvCpus: 16, instanceTypes: [c5.large] } }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - { jobDefinitionName: d, type: container, containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 60 } }
settings: ${settings}
`;

  it('does not quote a price trace\'s header or cells', () => {
    const header = writeScenario('  []', { 'p.csv': `${S},instanceType,price\n` }, base('{ spot: { priceTrace: p.csv } }'));
    expect(problemsOf(header).map((p) => p.message)).toEqual(['p.csv line 1, column 1: unknown column in the header (expected time,instanceType,price)']);
    const cells = writeScenario('  []', { 'p.csv': `time,instanceType,price\n${S},${S}.large,${S}\n` }, base('{ spot: { priceTrace: p.csv } }'));
    const problems = problemsOf(cells);
    expectNoEcho(problems, 3);
    expect(problems.map((p) => p.message)).toContain('p.csv line 2, column 2: instanceType must be an instance type of the catalog, e.g. c5.large, received a name that is not in the catalog');
  });

  it('does not quote an empirical column\'s header or cells', () => {
    const w = '  - { type: synthetic, arrivals: { process: batch, count: 1 }, jobQueue: q, jobDefinition: d, duration: { distribution: empirical, file: e.csv, column: runtime } }';
    const header = writeScenario(w, { 'e.csv': `${S},b\n1,2\n` }, base('{}'));
    expect(problemsOf(header).map((p) => p.message)).toEqual(['"e.csv" has no column "runtime" (its header, line 1, has 2 fields)']);
    const cells = writeScenario(w, { 'e.csv': `runtime\n${S}\n60\n` }, base('{}'));
    const problems = problemsOf(cells);
    expectNoEcho(problems, 1);
    expect(problems.map((p) => p.message)).toEqual(['e.csv line 2, column 1: must be a number ≥ 0, received text (6 characters)']);
  });
});
