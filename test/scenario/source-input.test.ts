// Scenario text as untrusted input: YAML aliases cannot expand without bound, keys such as
// __proto__ are ordinary (unknown) fields that cannot reach any prototype, JSON syntax errors are
// placed where they are, and a file that is not a scenario is not echoed back.
import { describe, expect, it } from 'vitest';
import { MAX_ALIAS_NODES } from '../../src/scenario/source.js';
import { problemsOfText, timed } from '../helpers/problems.js';

const BASE = `name: src
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: EC2, maxvCpus: 16, instanceTypes: [c5] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - jobDefinitionName: d
    type: container
    containerProperties: { vcpus: 1, memory: 1024 }
    simulation: { duration: 60 }
`;
const BASE_LINES = BASE.split('\n').length - 1;

describe('YAML alias expansion', () => {
  it('refuses an alias chain that expands quadratically, quickly, at the alias that crosses the limit', () => {
    const n = 2000; // 2,000 aliases to a list of 2,000 items: 4 million nodes
    const text = `${BASE}x-a: &a [${Array(n).fill('1').join(', ')}]\nx-b: [${Array(n).fill('*a').join(', ')}]\njobs: []\n`;
    const { value: problems, ms } = timed(() => problemsOfText(text));
    expect(ms).toBeLessThan(5000);
    expect(problems).toHaveLength(1);
    const crossing = Math.floor(MAX_ALIAS_NODES / (n + 1)); // each alias adds its list and its n items
    expect(problems[0]).toEqual({
      path: `x-b[${crossing}]`, line: BASE_LINES + 2, column: 7 + 4 * crossing,
      message: `YAML aliases expand to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} values in all (the limit that stops alias bombs); use fewer or smaller aliases`,
    });
  });

  it('refuses the exponential "billion laughs" the same way', () => {
    const levels = ['lol0: &l0 [lol]'];
    for (let k = 1; k <= 9; k++) levels.push(`lol${k}: &l${k} [${Array(10).fill(`*l${k - 1}`).join(', ')}]`);
    const text = `${BASE}x-laughs:\n${levels.map((l) => `  ${l}`).join('\n')}\njobs: []\n`;
    const { value: problems, ms } = timed(() => problemsOfText(text));
    expect(ms).toBeLessThan(5000);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^YAML aliases expand to more than [\d,]+ values in all/);
  });

  it('still merges a defaults mapping into many jobs, in time proportional to the file', () => {
    const jobs = Array.from({ length: 2000 }, (_, i) => `  - { <<: *job, jobName: j${i} }`).join('\n');
    const text = `${BASE}x-job: &job { jobQueue: q, jobDefinition: d, submitAt: 5 }\njobs:\n${jobs}\n`;
    const { value: problems, ms } = timed(() => problemsOfText(text));
    expect(problems).toEqual([]);
    // Resolving each alias by searching the whole document made this quadratic (6 s).
    expect(ms).toBeLessThan(1500);
  });
});

describe('keys that name Object.prototype members', () => {
  it('reports __proto__ as an unknown field with its path, in YAML and JSON', () => {
    const yaml = `${BASE}jobs:\n  - { jobName: a, jobQueue: q, jobDefinition: d, __proto__: { x: 1 } }\n`;
    const [p] = problemsOfText(yaml);
    expect(p).toMatchObject({ path: 'jobs[0].__proto__', line: BASE_LINES + 2, column: 50 });
    expect(p!.message).toMatch(/^Unknown field "__proto__" \(expected one of "jobName", /);

    const json = problemsOfText('{"__proto__": {"seed": 1}, "jobs": [{"__proto__": 5, "jobName": "a", "jobQueue": "q", "jobDefinition": "d"}]}', 'p.json');
    expect(json.map((x) => [x.path, x.message.slice(0, 28)])).toContainEqual(['__proto__', 'Unknown field "__proto__" (e']);
    expect(json.map((x) => x.path)).toContain('jobs[0].__proto__');
    expect(json.some((x) => x.message.includes('[object Object]'))).toBe(false);
  });

  it('reports constructor, toString and hasOwnProperty keys as unknown fields too', () => {
    const text = `${BASE}jobs:\n  - { jobName: a, jobQueue: q, jobDefinition: d, constructor: 1, toString: 2, containerOverrides: { hasOwnProperty: 3 } }\n`;
    const problems = problemsOfText(text);
    expect(problems.map((p) => p.path)).toEqual(['jobs[0].constructor', 'jobs[0].toString', 'jobs[0].containerOverrides.hasOwnProperty']);
    for (const p of problems) expect(p.message).toMatch(/^Unknown field "(constructor|toString|hasOwnProperty)" \(expected one of /);
  });

  it('treats instance types named like Object.prototype members as unknown, not as categories', () => {
    const text = BASE.replace('instanceTypes: [c5]', 'instanceTypes: [constructor, __proto__, toString]')
      + 'settings: { spot: { pools: [{ instanceType: hasOwnProperty }] } }\njobs: []\n';
    const problems = problemsOfText(text);
    expect(problems.map((p) => p.path)).toEqual([
      'computeEnvironments[0].computeResources.instanceTypes[0]', 'computeEnvironments[0].computeResources.instanceTypes[1]',
      'computeEnvironments[0].computeResources.instanceTypes[2]', 'settings.spot.pools[0].instanceType',
    ]);
    expect(problems[0]!.message).toMatch(/^Unknown instance type or family "constructor" \(similar families: c1, c3, .*; 167 families in the catalog; categories: /);
    expect(problems[3]!.message).toBe('settings.spot.pools[0].instanceType must be an instance type of the catalog, e.g. c5.large, received "hasOwnProperty"');
  });

  it('lets no key reach Object.prototype, through mappings, merges or JSON', () => {
    const yaml = `${BASE}x-evil: &evil { __proto__: { polluted: yes }, constructor: { prototype: { polluted: yes } } }
jobs:
  - { <<: *evil, jobName: a, jobQueue: q, jobDefinition: d }
`;
    problemsOfText(yaml);
    problemsOfText('{"__proto__": {"polluted": true}, "x-a": {"constructor": {"prototype": {"polluted": true}}}}', 'e.json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});

describe('JSON syntax errors', () => {
  it('places an unexpected word at its start, not at the end of the file', () => {
    const text = '{\n  "name": "t",\n  "seed": tru\n}\n';
    expect(problemsOfText(text, 'x.json')).toEqual([{
      path: '', line: 3, column: 11,
      message: 'JSON syntax error: unexpected "tru" (expected a string, a number, an object, a list, true, false or null)',
    }]);
  });

  it('places an unexpected character where it is', () => {
    expect(problemsOfText('{\n  "name": "t",\n  "seed": @\n}\n', 'x.json')).toEqual([{
      path: '', line: 3, column: 11, message: 'JSON syntax error: unexpected character "@"',
    }]);
  });

  it('keeps V8\'s own description when it gives a position, without the position text', () => {
    expect(problemsOfText('{\n  "a": 1,\n  "b": 2,,\n}\n', 'x.json')).toEqual([{
      path: '', line: 3, column: 10, message: 'JSON syntax error: Expected double-quoted property name',
    }]);
    expect(problemsOfText('{"a": 1}\n\n  x', 'x.json')).toEqual([{
      path: '', line: 3, column: 3, message: 'JSON syntax error: Unexpected non-whitespace character after JSON',
    }]);
  });

  it('says where the text ends early', () => {
    expect(problemsOfText('{\n  "name": "t",\n  "jobs": [\n', 'x.json')).toEqual([{
      path: '', line: 4, column: 1, message: 'JSON syntax error: the text ends before the JSON value does',
    }]);
  });
});

describe('deeply nested text', () => {
  it('says the document is nested too deeply, not that a stack overflowed', () => {
    const problems = problemsOfText(`x-a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(problems).toEqual([{ path: '', line: expect.any(Number), column: expect.any(Number), message: 'YAML syntax error: the document is nested too deeply to read' }]);
  });
});

describe('a file that is not a scenario', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';

  it('is not echoed back as YAML', () => {
    const problems = problemsOfText(passwd, 'passwd.yaml');
    expect(problems).toEqual([{
      path: '', line: 1, column: 1,
      message: 'The scenario must be a mapping with computeEnvironments, jobQueues, jobDefinitions and jobs, received a string',
    }]);
  });

  it('is not echoed back as JSON', () => {
    const problems = problemsOfText(passwd, 'passwd.json');
    expect(problems).toEqual([{ path: '', line: 1, column: 1, message: 'JSON syntax error: unexpected character "r"' }]);
  });
});
