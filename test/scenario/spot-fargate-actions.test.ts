// settings.spot (with a price-trace CSV), settings.fargate, Spot/Fargate compute environments, the
// simulation block's exit codes / speed-ups / checkpoints, and timed actions.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/scenario/defaults.js';
import { formatScenarioError, ScenarioError, type Problem } from '../../src/scenario/errors.js';
import { loadScenario, parseScenario } from '../../src/scenario/load.js';
import type { ActionSpec, Scenario } from '../../src/scenario/types.js';
import { brokenFieldTests, problemsOfText, type BrokenFieldCase } from '../helpers/problems.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

type Doc = Record<string, any>;

const problemsOf = (doc: Doc, file = join(FIXTURES, 'case.json')): Problem[] => problemsOfText(JSON.stringify(doc, null, 2), file);

function parse(doc: Doc, file = join(FIXTURES, 'case.json')): Scenario {
  return parseScenario(JSON.stringify(doc, null, 2), file);
}

/** A valid scenario with EC2, SPOT, Fargate, Fargate Spot and UNMANAGED environments. */
function base(): Doc {
  return {
    computeEnvironments: [
      { computeEnvironmentName: 'od', type: 'MANAGED', computeResources: { type: 'EC2', minvCpus: 4, desiredvCpus: 8, maxvCpus: 64, instanceTypes: ['c5'] } },
      { computeEnvironmentName: 'spot', type: 'MANAGED', computeResources: { type: 'SPOT', allocationStrategy: 'SPOT_CAPACITY_OPTIMIZED', maxvCpus: 128, instanceTypes: ['c5.large', 'c5.xlarge'] } },
      { computeEnvironmentName: 'fg', type: 'MANAGED', computeResources: { type: 'FARGATE', maxvCpus: 32 } },
      { computeEnvironmentName: 'fgs', type: 'MANAGED', computeResources: { type: 'FARGATE_SPOT', maxvCpus: 32 } },
      { computeEnvironmentName: 'lab', type: 'UNMANAGED', simulation: { fleet: [{ instanceType: 'slot', vcpus: 2, memory: 4096, count: 2 }] } },
    ],
    jobQueues: [
      { jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 2, computeEnvironment: 'od' }, { order: 1, computeEnvironment: 'spot' }] },
      { jobQueueName: 'fq', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fg' }] },
      { jobQueueName: 'later', priority: 5, state: 'DISABLED', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'od' }] },
    ],
    jobDefinitions: [
      { jobDefinitionName: 'work', type: 'container', containerProperties: { vcpus: 1, memory: 1024 }, simulation: { duration: 60 } },
      {
        jobDefinitionName: 'flaky', type: 'container', containerProperties: { vcpus: 1, memory: 1024 },
        simulation: { duration: 60, failureProbability: 0.25, failureExitCode: 137, speedup: { c5: 2, slot: 0.5 }, checkpointSeconds: 30 },
      },
      {
        jobDefinitionName: 'weighted', type: 'container', containerProperties: { vcpus: 1, memory: 1024 },
        simulation: { duration: 60, exitCodes: [{ exitCode: 0, weight: 8 }, { exitCode: 2, weight: 1 }, { exitCode: 3, weight: 1 }] },
      },
      {
        jobDefinitionName: 'small', type: 'container', platformCapabilities: ['FARGATE'],
        containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '2048' }] },
        simulation: { duration: 60 },
      },
    ],
    jobs: [
      { jobName: 'late', jobQueue: 'q', jobDefinition: 'work', submitAt: 100 },
      { jobName: 'early', jobQueue: 'q', jobDefinition: 'work', submitAt: 0, arrayProperties: { size: 10 } },
    ],
  };
}

function firstProblem(doc: Doc): Problem {
  const problems = problemsOf(doc);
  expect(problems.length).toBeGreaterThan(0);
  return problems[0]!;
}

// ----------------------------------------------------------------------------------------------

describe('settings.spot and settings.fargate', () => {
  const s = loadScenario(join(FIXTURES, 'spot.yaml'));

  it('merges interruption rates over the defaults and reads every Spot knob', () => {
    expect(s.settings.spot).toMatchObject({
      interruptionRateByBand: { '<5%': 0.01, '5-10%': 0.075, '10-15%': 0.125, '15-20%': 0.175, '>20%': 0.3 },
      defaultBand: '10-15%',
      defaultSavingsPct: 55,
      noticeSeconds: 90,
      spilloverOnInsufficientCapacity: true,
    });
    expect(DEFAULT_SETTINGS.spot.interruptionRateByBand['>20%']).toBe(0.25);
  });

  it('reads pools with outages in ms, sorted by start, and nulls for what is not given', () => {
    expect(s.settings.spot.pools).toEqual([
      {
        instanceType: 'c5.large', maxInstances: 4, monthlyInterruptionRate: null, savingsPct: null,
        outages: [{ fromMs: 600_000, toMs: 1_200_500 }, { fromMs: 7_200_000, toMs: 9_000_000 }],
      },
      { instanceType: 'm5.large', maxInstances: null, outages: [], monthlyInterruptionRate: 0.5, savingsPct: 70 },
    ]);
  });

  it('reads the price trace next to the scenario file: seconds or ISO instants, sorted by time (stable), pre-start prices at 0', () => {
    expect(s.settings.spot.priceTrace).toEqual([
      { atMs: 0, instanceType: 'm5.large', price: 0.045 },
      { atMs: 0, instanceType: 'c5.large', price: 0.035 },
      { atMs: 1_800_000, instanceType: 'm5.large', price: 0.05 },
      { atMs: 1_800_000, instanceType: 'c5.xlarge', price: 0.07 },
      { atMs: 3_600_000, instanceType: 'c5.large', price: 0.04 },
      { atMs: 7_200_000, instanceType: 'c5.large', price: 0.041 },
    ]);
  });

  it('reads every Fargate knob', () => {
    expect(s.settings.fargate).toEqual({
      startSeconds: 45, spotDiscount: 0.5, spotMonthlyInterruptionRate: 0.1, x86VcpuHour: 0.05, x86GbHour: 0.005, armVcpuHour: 0.04, armGbHour: 0.004,
    });
  });

  it('keeps the Fargate defaults of pricing-and-latency §1 when nothing is set', () => {
    expect(parseScenario('settings: { fargate: { startSeconds: 10 } }', 'x.yaml').settings.fargate).toEqual({ ...DEFAULT_SETTINGS.fargate, startSeconds: 10 });
  });

  it('keeps SPOT allocation strategies and bidPercentage, and FARGATE_SPOT maxvCpus', () => {
    expect(s.computeEnvironments[0]!.computeResources).toMatchObject({ type: 'SPOT', allocationStrategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED', bidPercentage: 60 });
    expect(s.computeEnvironments[1]!.computeResources).toMatchObject({ type: 'FARGATE_SPOT', maxvCpus: 16, instanceTypes: [] });
  });

  it('resolves the trace relative to the directory of the file given to parseScenario', () => {
    const text = 'startTime: 2026-01-05T00:00:00Z\nsettings: { spot: { priceTrace: prices.csv } }\n';
    expect(parseScenario(text, join(FIXTURES, 'elsewhere.yaml')).settings.spot.priceTrace).toHaveLength(6);
    const problems = problemsOfText(text, '/nonexistent/dir/x.yaml');
    expect(problems).toEqual([{
      path: 'settings.spot.priceTrace',
      message: 'Cannot read the price trace "prices.csv": no such file (looked for /nonexistent/dir/prices.csv)',
      line: 2, column: 33,
    }]);
  });
});


describe('price-trace CSV problems', () => {
  const text = 'startTime: 2026-01-05T00:00:00Z\nsettings:\n  spot:\n    priceTrace: prices-bad.csv\n';

  it('reports every bad row with the CSV file, line and field number', () => {
    const problems = problemsOfText(text, join(FIXTURES, 'bad.yaml'));
    expect(problems).toEqual([
      { path: 'settings.spot.priceTrace', file: 'prices-bad.csv', line: 5, column: 2, message: 'prices-bad.csv line 5, column 2: instanceType must be an instance type of the catalog, e.g. c5.large, received a name that is not in the catalog' },
      { path: 'settings.spot.priceTrace', file: 'prices-bad.csv', line: 6, column: 3, message: 'prices-bad.csv line 6, column 3: price must be a positive number (USD per hour), received 0' },
      { path: 'settings.spot.priceTrace', file: 'prices-bad.csv', line: 7, column: 3, message: 'prices-bad.csv line 7, column 3: price must be a positive number (USD per hour), received text (3 characters)' },
      {
        path: 'settings.spot.priceTrace', file: 'prices-bad.csv', line: 8, column: 1,
        message: 'prices-bad.csv line 8, column 1: time must be seconds since the scenario start (≥ 0) or an ISO-8601 instant such as 2026-01-05T06:00:00Z, received -5',
      },
      {
        path: 'settings.spot.priceTrace', file: 'prices-bad.csv', line: 9, column: 1,
        message: expect.stringMatching(/^prices-bad\.csv line 9, column 1: time must be .*received a local time \(add a zone such as Z: a local time is not reproducible\)$/),
      },
      { path: 'settings.spot.priceTrace', file: 'prices-bad.csv', line: 10, column: 3, message: 'prices-bad.csv line 10, column 3: expected 3 fields (time,instanceType,price), received 2' },
    ]);
  });

  it('names the CSV position in the formatted report', () => {
    try {
      parseScenario(text, join(FIXTURES, 'bad.yaml'));
      expect.unreachable();
    } catch (e) {
      const report = formatScenarioError(e as ScenarioError);
      expect(report).toContain('✖ prices-bad.csv line 7, column 3: price must be a positive number (USD per hour), received text (3 characters)\n  → at settings.spot.priceTrace (prices-bad.csv line 7, column 3)');
    }
  });

  it('sorts CSV problems where the scenario names the file, among the other problems', () => {
    const problems = problemsOfText(`seed: -1\n${text}name: "bad name"\n`, join(FIXTURES, 'bad.yaml'));
    expect(problems.map((p) => p.path)).toEqual(['seed', ...new Array(6).fill('settings.spot.priceTrace'), 'name']);
  });

  const dir = mkdtempSync(join(tmpdir(), 'batchsim-trace-'));
  const traceProblems = (csv: string) => {
    writeFileSync(join(dir, 't.csv'), csv);
    return problemsOfText('settings: { spot: { priceTrace: t.csv } }', join(dir, 's.yaml'));
  };

  it('checks the header', () => {
    expect(traceProblems('time,type,price\n0,c5.large,1\n').map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 2, 't.csv line 1, column 2: unknown column in the header (expected time,instanceType,price)'],
    ]);
    expect(traceProblems('time,price\n').map((p) => p.message)).toEqual(['t.csv line 1, column 3: the header must name the columns time,instanceType,price, missing instanceType']);
    expect(traceProblems('').map((p) => p.message)).toEqual(['The price trace "t.csv" is empty (expected a header line time,instanceType,price and one row per price change)']);
  });

  it('accepts columns in any order, quoted fields and CRLF, and reports the first line of a multi-line record', () => {
    writeFileSync(join(dir, 'ok.csv'), 'price,time,instanceType\r\n"0.5",10,c5.large\r\n0.25, 0 ,c5.large\r\n');
    expect(parseScenario('settings: { spot: { priceTrace: ok.csv } }', join(dir, 's.yaml')).settings.spot.priceTrace).toEqual([
      { atMs: 0, instanceType: 'c5.large', price: 0.25 }, { atMs: 10_000, instanceType: 'c5.large', price: 0.5 },
    ]);
    expect(traceProblems('time,instanceType,price\n\n0,"c5\nlarge",1\n').map((p) => [p.line, p.column])).toEqual([[3, 2]]);
  });

  it('reports CSV syntax errors with their line', () => {
    const problems = traceProblems('time,instanceType,price\n0,"c5.large,1\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'settings.spot.priceTrace', file: 't.csv', line: 2 });
    expect(problems[0]!.message).toMatch(/^t\.csv line 2: not valid CSV: a quoted field is not closed$/);
  });
});

type Case = BrokenFieldCase<Doc>;

const settingsCases: Case[] = [
  {
    name: 'unknown interruption band',
    breakIt: (d) => { d.settings = { spot: { interruptionRateByBand: { '20%+': 0.3 } } }; },
    paths: ['settings.spot.interruptionRateByBand.20%+'],
    message: 'Unknown field "20%+" (did you mean ">20%"?)',
  },
  {
    name: 'interruption rate above 1',
    breakIt: (d) => { d.settings = { spot: { interruptionRateByBand: { '>20%': 25 } } }; },
    paths: ['settings.spot.interruptionRateByBand.>20%'],
    message: 'settings.spot.interruptionRateByBand.>20% must be between 0 and 1, received 25',
  },
  {
    name: 'bad defaultBand',
    breakIt: (d) => { d.settings = { spot: { defaultBand: '20%' } }; },
    paths: ['settings.spot.defaultBand'],
    message: 'settings.spot.defaultBand must be one of <5%, 5-10%, 10-15%, 15-20%, >20%, received "20%"',
  },
  {
    name: 'defaultSavingsPct of 100',
    breakIt: (d) => { d.settings = { spot: { defaultSavingsPct: 100 } }; },
    paths: ['settings.spot.defaultSavingsPct'],
    message: 'settings.spot.defaultSavingsPct must be between 0 and 99, received 100',
  },
  {
    name: 'noticeSeconds above 600',
    breakIt: (d) => { d.settings = { spot: { noticeSeconds: 601 } }; },
    paths: ['settings.spot.noticeSeconds'],
    message: 'settings.spot.noticeSeconds must be between 0 and 600, received 601',
  },
  {
    name: 'spillover that is not a boolean',
    breakIt: (d) => { d.settings = { spot: { spilloverOnInsufficientCapacity: 'yes' } }; },
    paths: ['settings.spot.spilloverOnInsufficientCapacity'],
    message: 'settings.spot.spilloverOnInsufficientCapacity must be true or false, received "yes"',
  },
  {
    name: 'pool of an unknown type',
    breakIt: (d) => { d.settings = { spot: { pools: [{ instanceType: 'z9.large' }] } }; },
    paths: ['settings.spot.pools[0].instanceType'],
    message: 'settings.spot.pools[0].instanceType must be an instance type of the catalog, e.g. c5.large, received "z9.large"',
  },
  {
    name: 'pool naming a family',
    breakIt: (d) => { d.settings = { spot: { pools: [{ instanceType: 'c5' }] } }; },
    paths: ['settings.spot.pools[0].instanceType'],
    message: /received "c5" \("c5" is a family or category: give one pool per type, e\.g\. c5\.\w+\)$/,
  },
  {
    name: 'pool given twice',
    breakIt: (d) => { d.settings = { spot: { pools: [{ instanceType: 'c5.large' }, { instanceType: 'c5.large', maxInstances: 1 }] } }; },
    paths: ['settings.spot.pools[1].instanceType'],
    message: 'Spot pool "c5.large" is given twice (also settings.spot.pools[0]); merge the two entries',
  },
  {
    name: 'fractional maxInstances',
    breakIt: (d) => { d.settings = { spot: { pools: [{ instanceType: 'c5.large', maxInstances: 1.5 }] } }; },
    paths: ['settings.spot.pools[0].maxInstances'],
    message: 'settings.spot.pools[0].maxInstances must be an integer, received 1.5',
  },
  {
    name: 'outage that ends before it starts',
    breakIt: (d) => { d.settings = { spot: { pools: [{ instanceType: 'c5.large', outages: [{ from: 100, to: 100 }] }] } }; },
    paths: ['settings.spot.pools[0].outages[0].to'],
    message: 'settings.spot.pools[0].outages[0].to must be > from (100), received 100',
  },
  {
    name: 'outage without from',
    breakIt: (d) => { d.settings = { spot: { pools: [{ instanceType: 'c5.large', outages: [{ to: 100 }] }] } }; },
    paths: ['settings.spot.pools[0].outages[0].from'],
    message: /^settings\.spot\.pools\[0\]\.outages\[0\]\.from is required/,
  },
  {
    name: 'pool interruption rate and savings out of range',
    breakIt: (d) => { d.settings = { spot: { pools: [{ instanceType: 'c5.large', monthlyInterruptionRate: 1.5, savingsPct: -1 }] } }; },
    paths: ['settings.spot.pools[0].monthlyInterruptionRate', 'settings.spot.pools[0].savingsPct'],
    message: 'settings.spot.pools[0].monthlyInterruptionRate must be between 0 and 1, received 1.5',
  },
  {
    name: 'priceTrace that is not a string',
    breakIt: (d) => { d.settings = { spot: { priceTrace: [] } }; },
    paths: ['settings.spot.priceTrace'],
    message: 'settings.spot.priceTrace must be the path of a CSV file (time,instanceType,price), relative to the scenario file, received a list of 0',
  },
  {
    name: 'Fargate Spot discount above 0.9',
    breakIt: (d) => { d.settings = { fargate: { spotDiscount: 0.95 } }; },
    paths: ['settings.fargate.spotDiscount'],
    message: 'settings.fargate.spotDiscount must be between 0 and 0.9, received 0.95',
  },
  {
    name: 'Fargate price of 0',
    breakIt: (d) => { d.settings = { fargate: { x86VcpuHour: 0, armGbHour: -1 } }; },
    paths: ['settings.fargate.x86VcpuHour', 'settings.fargate.armGbHour'],
    message: 'settings.fargate.x86VcpuHour must be > 0, received 0',
  },
  {
    name: 'Fargate interruption rate and start seconds out of range',
    breakIt: (d) => { d.settings = { fargate: { startSeconds: -1, spotMonthlyInterruptionRate: 2 } }; },
    paths: ['settings.fargate.startSeconds', 'settings.fargate.spotMonthlyInterruptionRate'],
    message: 'settings.fargate.startSeconds must be ≥ 0, received -1',
  },
  {
    name: 'unknown Fargate setting',
    breakIt: (d) => { d.settings = { fargate: { x86VCpuHour: 1 } }; },
    paths: ['settings.fargate.x86VCpuHour'],
    message: 'Unknown field "x86VCpuHour" (did you mean "x86VcpuHour"?)',
  },
  {
    name: 'timeoutEnforcementSeconds below 0',
    breakIt: (d) => { d.settings = { timeoutEnforcementSeconds: -1 }; },
    paths: ['settings.timeoutEnforcementSeconds'],
    message: 'settings.timeoutEnforcementSeconds must be ≥ 0, received -1',
  },
];

const ceCases: Case[] = [
  {
    name: 'SPOT_* strategy on an EC2 environment',
    breakIt: (d) => { d.computeEnvironments[0].computeResources.allocationStrategy = 'SPOT_PRICE_CAPACITY_OPTIMIZED'; },
    paths: ['computeEnvironments[0].computeResources.allocationStrategy'],
    message: 'computeResources.allocationStrategy SPOT_PRICE_CAPACITY_OPTIMIZED is only valid with type SPOT, received type EC2',
  },
  {
    name: 'bidPercentage above 100',
    breakIt: (d) => { d.computeEnvironments[1].computeResources.bidPercentage = 101; },
    paths: ['computeEnvironments[1].computeResources.bidPercentage'],
    message: 'computeResources.bidPercentage must be between 0 and 100, received 101',
  },
  {
    name: 'Fargate Spot environment without maxvCpus',
    breakIt: (d) => { delete d.computeEnvironments[3].computeResources.maxvCpus; },
    paths: ['computeEnvironments[3].computeResources.maxvCpus'],
    message: /^computeResources\.maxvCpus is required/,
  },
];

const simulationCases: Case[] = [
  {
    name: 'failureProbability above 1',
    breakIt: (d) => { d.jobDefinitions[0].simulation.failureProbability = 1.5; },
    paths: ['jobDefinitions[0].simulation.failureProbability'],
    message: 'simulation.failureProbability must be between 0 and 1, received 1.5',
  },
  {
    name: 'failureExitCode 0',
    breakIt: (d) => { d.jobDefinitions[1].simulation.failureExitCode = 0; },
    paths: ['jobDefinitions[1].simulation.failureExitCode'],
    message: 'simulation.failureExitCode must be between 1 and 255, received 0',
  },
  {
    name: 'failureExitCode without failureProbability on a definition',
    breakIt: (d) => { d.jobDefinitions[0].simulation.failureExitCode = 3; },
    paths: ['jobDefinitions[0].simulation.failureExitCode'],
    message: 'simulation.failureExitCode needs failureProbability (the share of attempts that exit with it)',
  },
  {
    name: 'both exit-code forms',
    breakIt: (d) => { d.jobDefinitions[1].simulation.exitCodes = [{ exitCode: 1, weight: 1 }]; },
    paths: ['jobDefinitions[1].simulation.exitCodes'],
    message: 'simulation.exitCodes: give either failureProbability (with failureExitCode) or exitCodes, not both',
  },
  {
    name: 'exitCode next to exitCodes',
    breakIt: (d) => { d.jobDefinitions[2].simulation.exitCode = 0; },
    paths: ['jobDefinitions[2].simulation.exitCode'],
    message: 'simulation.exitCode has no effect with exitCodes: list the code in exitCodes with its weight instead',
  },
  {
    name: 'empty exitCodes',
    breakIt: (d) => { d.jobDefinitions[2].simulation.exitCodes = []; },
    paths: ['jobDefinitions[2].simulation.exitCodes'],
    message: 'simulation.exitCodes must list at least one { exitCode, weight }, received an empty list',
  },
  {
    name: 'zero weight',
    breakIt: (d) => { d.jobDefinitions[2].simulation.exitCodes[1].weight = 0; },
    paths: ['jobDefinitions[2].simulation.exitCodes[1].weight'],
    message: 'simulation.exitCodes[1].weight must be > 0, received 0',
  },
  {
    name: 'exit code listed twice',
    breakIt: (d) => { d.jobDefinitions[2].simulation.exitCodes[2].exitCode = 2; },
    paths: ['jobDefinitions[2].simulation.exitCodes[2].exitCode'],
    message: 'Exit code 2 appears twice in exitCodes (also exitCodes[1]); give it once with the summed weight',
  },
  {
    name: 'speedup for an unknown family',
    breakIt: (d) => { d.jobDefinitions[1].simulation.speedup = { p9: 2 }; },
    paths: ['jobDefinitions[1].simulation.speedup.p9'],
    message: 'Unknown instance family "p9" in simulation.speedup (similar families: p3, p3dn, p4d, p4de, p5, p5en, p6-b200, p6-b300; 167 families in the catalog; custom fleet shapes: slot)',
  },
  {
    name: 'speedup naming an instance type',
    breakIt: (d) => { d.jobDefinitions[1].simulation.speedup = { 'p4d.24xlarge': 2 }; },
    paths: ['jobDefinitions[1].simulation.speedup.p4d.24xlarge'],
    message: 'Unknown instance family "p4d.24xlarge" in simulation.speedup ("p4d.24xlarge" is an instance type; speedup is by family: p4d)',
  },
  {
    name: 'speedup factor of 0',
    breakIt: (d) => { d.jobDefinitions[1].simulation.speedup = { c5: 0 }; },
    paths: ['jobDefinitions[1].simulation.speedup.c5'],
    message: 'simulation.speedup.c5 must be > 0, received 0',
  },
  {
    name: 'checkpointSeconds of 0',
    breakIt: (d) => { d.jobDefinitions[1].simulation.checkpointSeconds = 0; },
    paths: ['jobDefinitions[1].simulation.checkpointSeconds'],
    message: 'simulation.checkpointSeconds must be > 0, received 0',
  },
  {
    name: 'unknown simulation field',
    breakIt: (d) => { d.jobDefinitions[0].simulation.failureProbabilty = 0.1; },
    paths: ['jobDefinitions[0].simulation.failureProbabilty'],
    message: 'Unknown field "failureProbabilty" (did you mean "failureProbability"?)',
  },
  {
    name: 'a job failureExitCode with no failureProbability anywhere',
    breakIt: (d) => { d.jobs[0].simulation = { failureExitCode: 9 }; },
    paths: ['jobs[0].simulation.failureExitCode'],
    message: 'simulation.failureExitCode needs failureProbability, here or in job definition "work"',
  },
  {
    name: 'a job exitCode under a definition with weighted exitCodes',
    breakIt: (d) => { d.jobs[0].jobDefinition = 'weighted'; d.jobs[0].simulation = { exitCode: 0 }; },
    paths: ['jobs[0].simulation.exitCode'],
    message: 'simulation.exitCode has no effect: job definition "weighted" gives weighted exitCodes; give exitCodes here to replace them',
  },
];

const actionCases: Case[] = [
  {
    name: 'unknown action',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'KillJob', jobId: 'early' }]; },
    paths: ['actions[0].action'],
    message: 'Unknown action "KillJob" (known: CancelJob, TerminateJob, UpdateComputeEnvironment, UpdateJobQueue, UpdateSchedulingPolicy, InterruptSpotInstances)',
  },
  {
    name: 'action name in the wrong case',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'canceljob', jobId: 'early', reason: 'x' }]; },
    paths: ['actions[0].action'],
    message: 'Unknown action "canceljob" (did you mean "CancelJob"? Action names are case-sensitive)',
  },
  {
    name: 'action without at',
    breakIt: (d) => { d.actions = [{ action: 'CancelJob', jobId: 'early', reason: 'x' }]; },
    paths: ['actions[0].at'],
    message: 'at is required (a number ≥ 0)',
  },
  {
    name: 'negative at',
    breakIt: (d) => { d.actions = [{ at: -1, action: 'CancelJob', jobId: 'early', reason: 'x' }]; },
    paths: ['actions[0].at'],
    message: 'at must be ≥ 0, received -1',
  },
  {
    name: 'unknown field of an action',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'TerminateJob', jobId: 'early', reason: 'x', force: true }]; },
    paths: ['actions[0].force'],
    message: 'Unknown field "force" (expected one of "at", "action", "jobId", "reason")',
  },
  {
    name: 'unknown job',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'CancelJob', jobId: 'ghost', reason: 'x' }]; },
    paths: ['actions[0].jobId'],
    message: 'Unknown job "ghost": jobId must be the jobName of an entry of jobs, optionally with :index for an array child (known: "early", "late")',
  },
  {
    name: 'ambiguous job',
    breakIt: (d) => { d.jobs.push({ jobName: 'late', jobQueue: 'q', jobDefinition: 'work' }); d.actions = [{ at: 500, action: 'CancelJob', jobId: 'late', reason: 'x' }]; },
    paths: ['actions[0].jobId'],
    message: 'Ambiguous jobId "late": 2 jobs have this jobName (jobs[0], jobs[2]); give them distinct names',
  },
  {
    name: 'child of a job that is not an array',
    breakIt: (d) => { d.actions = [{ at: 500, action: 'CancelJob', jobId: 'late:1', reason: 'x' }]; },
    paths: ['actions[0].jobId'],
    message: 'Job "late" (jobs[0]) is not an array job, so jobId cannot name a child ("late:1")',
  },
  {
    name: 'array index out of range',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'TerminateJob', jobId: 'early:10', reason: 'x' }]; },
    paths: ['actions[0].jobId'],
    message: 'Array index 10 is out of range: job "early" has arrayProperties.size 10 (children 0 to 9)',
  },
  {
    name: 'job not submitted yet',
    breakIt: (d) => { d.actions = [{ at: 99.5, action: 'CancelJob', jobId: 'late', reason: 'x' }]; },
    paths: ['actions[0].at'],
    message: 'Job "late" is not submitted yet at 99.5 s (jobs[0].submitAt is 100 s)',
  },
  {
    name: 'reason too long',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'CancelJob', jobId: 'early', reason: 'x'.repeat(1025) }]; },
    paths: ['actions[0].reason'],
    message: 'reason must be at most 1024 characters, received 1025',
  },
  {
    name: 'unknown compute environment',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateComputeEnvironment', computeEnvironment: 'nope', state: 'DISABLED' }]; },
    paths: ['actions[0].computeEnvironment'],
    message: 'Unknown compute environment "nope" (known: "fg", "fgs", "lab", "od", "spot")',
  },
  {
    name: 'minvCpus above maxvCpus',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', computeResources: { minvCpus: 100 } }]; },
    paths: ['actions[0].computeResources.minvCpus'],
    message: 'computeResources.minvCpus must be ≤ maxvCpus (64), received 100',
  },
  {
    name: 'maxvCpus below the minvCpus of the environment',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', computeResources: { maxvCpus: 2 } }]; },
    paths: ['actions[0].computeResources.maxvCpus'],
    message: 'computeResources.maxvCpus must be ≥ minvCpus (4) of "od", received 2',
  },
  {
    name: 'desiredvCpus lowered',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', computeResources: { desiredvCpus: 6 } }]; },
    paths: ['actions[0].computeResources.desiredvCpus'],
    message: 'computeResources.desiredvCpus cannot be lowered (spec §8.2): "od" has desiredvCpus 8 at 5 s, received 6',
  },
  {
    name: 'desiredvCpus lowered below what an earlier update set',
    breakIt: (d) => {
      d.actions = [
        { at: 50, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', computeResources: { desiredvCpus: 12 } },
        { at: 10, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', computeResources: { desiredvCpus: 16 } },
      ];
    },
    paths: ['actions[0].computeResources.desiredvCpus'],
    message: 'computeResources.desiredvCpus cannot be lowered (spec §8.2): "od" has desiredvCpus 16 at 50 s, received 12',
  },
  {
    name: 'desiredvCpus above maxvCpus',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', computeResources: { desiredvCpus: 65 } }]; },
    paths: ['actions[0].computeResources.desiredvCpus'],
    message: 'computeResources.desiredvCpus must be between minvCpus (4) and maxvCpus (64), received 65',
  },
  {
    name: 'negative maxvCpus',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateComputeEnvironment', computeEnvironment: 'spot', computeResources: { maxvCpus: -1 } }]; },
    paths: ['actions[0].computeResources.maxvCpus'],
    message: 'computeResources.maxvCpus must be ≥ 0, received -1',
  },
  {
    name: 'computeResources on an UNMANAGED environment',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateComputeEnvironment', computeEnvironment: 'lab', computeResources: { maxvCpus: 4 } }]; },
    paths: ['actions[0].computeResources'],
    message: 'computeResources cannot be updated on an UNMANAGED compute environment ("lab" has the fixed fleet of its simulation.fleet)',
  },
  {
    name: 'minvCpus on a Fargate environment',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateComputeEnvironment', computeEnvironment: 'fg', computeResources: { minvCpus: 4, maxvCpus: 8 } }]; },
    paths: ['actions[0].computeResources.minvCpus'],
    message: 'computeResources.minvCpus does not apply to FARGATE compute environment "fg": a Fargate update only takes maxvCpus',
  },
  {
    name: 'infrastructure update',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', computeResources: { instanceTypes: ['m5'] } }]; },
    paths: ['actions[0].computeResources.instanceTypes'],
    message: /^computeResources\.instanceTypes cannot be changed by an action: that is an infrastructure update \(spec §8\.7\)/,
  },
  {
    name: 'unknown job queue',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateJobQueue', jobQueue: 'nope', priority: 2 }]; },
    paths: ['actions[0].jobQueue'],
    message: 'Unknown job queue "nope" (known: "fq", "later", "q")',
  },
  {
    name: 'negative priority',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateJobQueue', jobQueue: 'q', priority: -1 }]; },
    paths: ['actions[0].priority'],
    message: 'priority must be between 0 and 1000, received -1',
  },
  {
    name: 'order that mixes EC2 and Fargate',
    breakIt: (d) => {
      d.actions = [{ at: 5, action: 'UpdateJobQueue', jobQueue: 'q', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'od' }, { order: 2, computeEnvironment: 'fg' }] }];
    },
    paths: ['actions[0].computeEnvironmentOrder'],
    message: 'A job queue cannot mix EC2 and Fargate compute environments, received "od" (EC2) and "fg" (FARGATE)',
  },
  {
    name: 'order with four environments',
    breakIt: (d) => {
      d.actions = [{
        at: 5, action: 'UpdateJobQueue', jobQueue: 'fq',
        computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fg' }, { order: 2, computeEnvironment: 'fgs' }, { order: 3, computeEnvironment: 'fg' }, { order: 4, computeEnvironment: 'fgs' }],
      }];
    },
    paths: ['actions[0].computeEnvironmentOrder', 'actions[0].computeEnvironmentOrder[2].computeEnvironment', 'actions[0].computeEnvironmentOrder[3].computeEnvironment'],
    message: 'A job queue can have at most 3 compute environments, received 4',
  },
  {
    name: 'order that moves a queue to Fargate',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'UpdateJobQueue', jobQueue: 'q', computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fg' }] }]; },
    paths: ['actions[0].computeEnvironmentOrder'],
    message: 'UpdateJobQueue cannot move job queue "q" from EC2 to FARGATE compute environments (its jobs were submitted for EC2)',
  },
  {
    name: 'submitting to a queue that an action disabled',
    breakIt: (d) => { d.actions = [{ at: 99, action: 'UpdateJobQueue', jobQueue: 'q', state: 'DISABLED' }]; },
    paths: ['jobs[0].jobQueue'],
    message: 'Job queue "q" is DISABLED at 100 s (set by actions[0] at 99 s), and AWS Batch refuses SubmitJob to a disabled queue',
  },
  {
    name: 'submitting to a DISABLED queue before an action enables it',
    breakIt: (d) => { d.jobs[0].jobQueue = 'later'; d.actions = [{ at: 100, action: 'UpdateJobQueue', jobQueue: 'later', state: 'ENABLED' }]; },
    paths: ['jobs[0].jobQueue'],
    message: 'Job queue "later" is DISABLED, and AWS Batch refuses SubmitJob to a disabled queue',
  },
  {
    name: 'interrupt with no filter',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'InterruptSpotInstances', count: 2 }]; },
    paths: ['actions[0]'],
    message: 'InterruptSpotInstances needs at least one of instanceId, instanceType and computeEnvironment (to say which Spot instances to interrupt)',
  },
  {
    name: 'bad instance id',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'InterruptSpotInstances', instanceId: 'i-123' }]; },
    paths: ['actions[0].instanceId'],
    message: 'instanceId must be an EC2 instance id: i- followed by 17 lower-case hexadecimal digits, received "i-123"',
  },
  {
    name: 'interrupting an on-demand environment',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'InterruptSpotInstances', computeEnvironment: 'od' }]; },
    paths: ['actions[0].computeEnvironment'],
    message: 'InterruptSpotInstances needs a SPOT or FARGATE_SPOT compute environment, "od" is EC2',
  },
  {
    name: 'interrupting a type the Spot environment cannot launch',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'InterruptSpotInstances', computeEnvironment: 'spot', instanceType: 'c5.2xlarge' }]; },
    paths: ['actions[0].instanceType'],
    message: 'Compute environment "spot" cannot launch c5.2xlarge (its instance types: "c5.large", "c5.xlarge")',
  },
  {
    name: 'interrupting a type no Spot environment launches',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'InterruptSpotInstances', instanceType: 'm5.large' }]; },
    paths: ['actions[0].instanceType'],
    message: 'No SPOT compute environment can launch m5.large, so no instance would match (SPOT environments: "spot")',
  },
  {
    name: 'instance type with a Fargate Spot environment',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'InterruptSpotInstances', computeEnvironment: 'fgs', instanceType: 'c5.large' }]; },
    paths: ['actions[0].instanceType'],
    message: 'instanceType does not apply to FARGATE_SPOT compute environment "fgs" (Fargate has no instance types)',
  },
  {
    name: 'count of 0',
    breakIt: (d) => { d.actions = [{ at: 5, action: 'InterruptSpotInstances', computeEnvironment: 'spot', count: 0 }]; },
    paths: ['actions[0].count'],
    message: 'count must be ≥ 1, received 0',
  },
  {
    name: 'actions that is not a list',
    breakIt: (d) => { d.actions = { at: 5 }; },
    paths: ['actions'],
    message: 'actions must be a list, received a mapping',
  },
];

describe('problems, one broken field at a time', () => {
  brokenFieldTests(base, (d) => problemsOf(d), [['settings', settingsCases], ['compute environments', ceCases], ['simulation', simulationCases], ['actions', actionCases]], { placed: true });
});

// ----------------------------------------------------------------------------------------------

describe('the simulation block', () => {
  const s = parse(base());
  const def = (name: string) => s.jobDefinitions.find((d) => d.jobDefinitionName === name)!;

  it('turns failureProbability and failureExitCode into weighted exit codes, and reads speedup and checkpoints', () => {
    expect(def('flaky').simulation).toEqual({
      duration: { distribution: 'fixed', value: 60 },
      exitCode: 0,
      exitCodes: [{ exitCode: 137, weight: 0.25 }, { exitCode: 0, weight: 0.75 }],
      speedupByFamily: { c5: 2, slot: 0.5 },
      checkpointSeconds: 30,
      memory: null,
      imagePullFailureProbability: 0,
    });
  });

  it('keeps weighted exitCodes as written, and neutral values when nothing is set', () => {
    expect(def('weighted').simulation.exitCodes).toEqual([{ exitCode: 0, weight: 8 }, { exitCode: 2, weight: 1 }, { exitCode: 3, weight: 1 }]);
    expect(def('work').simulation).toEqual({
      duration: { distribution: 'fixed', value: 60 }, exitCode: 0, exitCodes: [], speedupByFamily: {}, checkpointSeconds: null, memory: null, imagePullFailureProbability: 0,
    });
  });

  it('defaults failureExitCode to 1, uses exitCode for the rest, and drops zero weights', () => {
    const doc = base();
    doc.jobDefinitions[0].simulation = { duration: 1, failureProbability: 0.1, exitCode: 4 };
    expect(parse(doc).jobDefinitions[0]!.simulation.exitCodes).toEqual([{ exitCode: 1, weight: 0.1 }, { exitCode: 4, weight: 0.9 }]);
    doc.jobDefinitions[0].simulation = { duration: 1, failureProbability: 1 };
    expect(parse(doc).jobDefinitions[0]!.simulation.exitCodes).toEqual([{ exitCode: 1, weight: 1 }]);
    doc.jobDefinitions[0].simulation = { duration: 1, failureProbability: 0, failureExitCode: 3 };
    expect(parse(doc).jobDefinitions[0]!.simulation.exitCodes).toEqual([{ exitCode: 0, weight: 1 }]);
  });

  it('merges a job\'s block over its definition\'s field by field', () => {
    const doc = base();
    doc.jobs = [
      { jobName: 'p', jobQueue: 'q', jobDefinition: 'flaky', simulation: { failureProbability: 0.5 } },
      { jobName: 'c', jobQueue: 'q', jobDefinition: 'flaky', simulation: { failureExitCode: 2, exitCode: 5 } },
      { jobName: 'w', jobQueue: 'q', jobDefinition: 'flaky', simulation: { exitCodes: [{ exitCode: 9, weight: 1 }] } },
      { jobName: 'f', jobQueue: 'q', jobDefinition: 'weighted', simulation: { failureProbability: 0.2 } },
      { jobName: 's', jobQueue: 'q', jobDefinition: 'flaky', simulation: { speedup: { m5: 3 }, checkpointSeconds: 90, duration: 5 } },
    ];
    const jobs = parse(doc).jobs;
    const sim = (n: string) => jobs.find((j) => j.jobName === n)!.simulation;
    expect(sim('p').exitCodes).toEqual([{ exitCode: 137, weight: 0.5 }, { exitCode: 0, weight: 0.5 }]);
    expect(sim('c')).toMatchObject({ exitCode: 5, exitCodes: [{ exitCode: 2, weight: 0.25 }, { exitCode: 5, weight: 0.75 }] });
    expect(sim('w').exitCodes).toEqual([{ exitCode: 9, weight: 1 }]);
    expect(sim('f').exitCodes).toEqual([{ exitCode: 1, weight: 0.2 }, { exitCode: 0, weight: 0.8 }]);
    expect(sim('s')).toEqual({
      duration: { distribution: 'fixed', value: 5 }, exitCode: 0, exitCodes: [{ exitCode: 137, weight: 0.25 }, { exitCode: 0, weight: 0.75 }],
      speedupByFamily: { m5: 3 }, checkpointSeconds: 90, memory: null, imagePullFailureProbability: 0,
    });
    expect(sim('p').speedupByFamily).toEqual({ c5: 2, slot: 0.5 });
    expect(sim('p').speedupByFamily).not.toBe(sim('c').speedupByFamily);
  });
});

// ----------------------------------------------------------------------------------------------

describe('actions', () => {
  function withActions(actions: Doc[]): ActionSpec[] {
    const doc = base();
    doc.actions = actions;
    return parse(doc).actions;
  }

  it('resolves jobIds to indices in Scenario.jobs order, with array children, sorted by time then file order', () => {
    const doc = base();
    doc.actions = [
      { at: 200, action: 'TerminateJob', jobId: 'late', reason: 'operator' },
      { at: 100, action: 'CancelJob', jobId: 'early:3', reason: 'bad input' },
      { at: 100, action: 'CancelJob', jobId: 'late', reason: 'same instant as its submission' },
      { at: 0.0015, action: 'CancelJob', jobId: 'early', reason: 'whole array' },
    ];
    const s = parse(doc);
    expect(s.jobs.map((j) => j.jobName)).toEqual(['early', 'late']);
    expect(s.actions).toEqual([
      { atMs: 2, action: 'CancelJob', job: 0, arrayIndex: null, reason: 'whole array' },
      { atMs: 100_000, action: 'CancelJob', job: 0, arrayIndex: 3, reason: 'bad input' },
      { atMs: 100_000, action: 'CancelJob', job: 1, arrayIndex: null, reason: 'same instant as its submission' },
      { atMs: 200_000, action: 'TerminateJob', job: 1, arrayIndex: null, reason: 'operator' },
    ]);
  });

  it('reads UpdateComputeEnvironment with nulls for what it leaves alone, checking each update against the earlier ones', () => {
    expect(withActions([
      { at: 10, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', state: 'DISABLED' },
      { at: 20, action: 'UpdateComputeEnvironment', computeEnvironment: 'arn:aws:batch:us-east-1:123456789012:compute-environment/od', computeResources: { maxvCpus: 256, desiredvCpus: 128 } },
      { at: 30, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', computeResources: { minvCpus: 100 } },
      { at: 40, action: 'UpdateComputeEnvironment', computeEnvironment: 'fg', computeResources: { maxvCpus: 4 } },
    ])).toEqual([
      { atMs: 10_000, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', state: 'DISABLED', minvCpus: null, maxvCpus: null, desiredvCpus: null },
      { atMs: 20_000, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', state: null, minvCpus: null, maxvCpus: 256, desiredvCpus: 128 },
      { atMs: 30_000, action: 'UpdateComputeEnvironment', computeEnvironment: 'od', state: null, minvCpus: 100, maxvCpus: null, desiredvCpus: null },
      { atMs: 40_000, action: 'UpdateComputeEnvironment', computeEnvironment: 'fg', state: null, minvCpus: null, maxvCpus: 4, desiredvCpus: null },
    ]);
  });

  it('reads UpdateJobQueue with the new order sorted by `order`', () => {
    expect(withActions([
      { at: 1, action: 'UpdateJobQueue', jobQueue: 'q', priority: 7, computeEnvironmentOrder: [{ order: 9, computeEnvironment: 'spot' }, { order: 3, computeEnvironment: 'od' }] },
      { at: 2, action: 'UpdateJobQueue', jobQueue: 'fq', state: 'DISABLED' },
    ])).toEqual([
      { atMs: 1000, action: 'UpdateJobQueue', jobQueue: 'q', state: null, priority: 7, computeEnvironmentOrder: ['od', 'spot'], schedulingPolicy: null },
      { atMs: 2000, action: 'UpdateJobQueue', jobQueue: 'fq', state: 'DISABLED', priority: null, computeEnvironmentOrder: null, schedulingPolicy: null },
    ]);
  });

  it('lets jobs be submitted to a DISABLED queue once an action has enabled it, and at the instant it is disabled', () => {
    const doc = base();
    doc.jobs[0].jobQueue = 'later';
    doc.jobs.push({ jobName: 'x', jobQueue: 'q', jobDefinition: 'work', submitAt: 300 });
    doc.actions = [
      { at: 50, action: 'UpdateJobQueue', jobQueue: 'later', state: 'ENABLED' },
      { at: 300, action: 'UpdateJobQueue', jobQueue: 'q', state: 'DISABLED' },
    ];
    expect(problemsOf(doc)).toEqual([]);
  });

  it('reads InterruptSpotInstances filters, null when absent', () => {
    expect(withActions([
      { at: 60, action: 'InterruptSpotInstances', computeEnvironment: 'spot', instanceType: 'c5.xlarge', count: 2 },
      { at: 61, action: 'InterruptSpotInstances', instanceId: 'i-0123456789abcdef0' },
      { at: 62, action: 'InterruptSpotInstances', computeEnvironment: 'fgs' },
      { at: 63, action: 'InterruptSpotInstances', instanceType: 'c5.large' },
    ])).toEqual([
      { atMs: 60_000, action: 'InterruptSpotInstances', instanceId: null, instanceType: 'c5.xlarge', computeEnvironment: 'spot', count: 2 },
      { atMs: 61_000, action: 'InterruptSpotInstances', instanceId: 'i-0123456789abcdef0', instanceType: null, computeEnvironment: null, count: null },
      { atMs: 62_000, action: 'InterruptSpotInstances', instanceId: null, instanceType: null, computeEnvironment: 'fgs', count: null },
      { atMs: 63_000, action: 'InterruptSpotInstances', instanceId: null, instanceType: 'c5.large', computeEnvironment: null, count: null },
    ]);
  });

  it('positions action problems in YAML', () => {
    const text = [
      'computeEnvironments: [{ computeEnvironmentName: ce, type: MANAGED, computeResources: { type: EC2, maxvCpus: 8, instanceTypes: [c5] } }]', // 1
      'jobQueues: [{ jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }]',                           // 2
      'jobDefinitions: [{ jobDefinitionName: d, type: container, containerProperties: { vcpus: 1, memory: 512 }, simulation: { duration: 1 } }]', // 3
      'jobs: [{ jobName: a, jobQueue: q, jobDefinition: d, submitAt: 10 }]',                                                                      // 4
      'actions:',                                                                                                                                 // 5
      '  - at: 5',                                                                                                                                // 6
      '    action: CancelJob',                                                                                                                    // 7
      '    jobId: a',                                                                                                                             // 8
      '    reason: too early',                                                                                                                    // 9
    ].join('\n');
    expect(problemsOfText(text, 'x.yaml')).toEqual([
      { path: 'actions[0].at', message: 'Job "a" is not submitted yet at 5 s (jobs[0].submitAt is 10 s)', line: 6, column: 9 },
    ]);
  });
});
