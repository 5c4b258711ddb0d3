// The whole EC2 catalog in a scenario: families of every kind resolve and are priced from the
// region's table (settings.region), types a region does not price are refused or left out, burstable
// types are refused as AWS refuses them, and settings.pricing's negotiated on-demand rates change
// what ON_DEMAND capacity costs — and nothing else. Prices below are copied from the shared
// ondemand-prices.csv and spot-advisor-us-east-1-2026-08-10.csv.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { batchsim } from '../helpers/cli.js';
import { problemsOfText } from '../helpers/problems.js';
import { runYaml } from '../known-answer/helpers.js';

/** One environment of `types`, one queue, one 2-vCPU job of `seconds`; `settings` and `resources` go in as YAML flow text. */
function scenario(types: string, opts: { settings?: string; type?: string; resources?: string; seconds?: number } = {}): string {
  return `
name: catalog
settings: { schedulerCycleSeconds: 10, instanceLaunchSeconds: 120, imagePullSeconds: 15${opts.settings ? `, ${opts.settings}` : ''} }
computeEnvironments:
  - computeEnvironmentName: ce
    type: MANAGED
    computeResources: { type: ${opts.type ?? 'EC2'}, maxvCpus: 4096, instanceTypes: [${types}]${opts.resources ? `, ${opts.resources}` : ''} }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce }] }
jobDefinitions:
  - jobDefinitionName: work
    type: container
    containerProperties: { vcpus: 2, memory: 2048 }
    simulation: { duration: ${opts.seconds ?? 3600} }
jobs:
  - { jobName: j1, jobQueue: q, jobDefinition: work }
`;
}

const FAMILIES = 'c7a, m7i, r7i, g6e, trn1, inf2';
const shapes = (s: Scenario) => new Map(s.computeEnvironments[0]!.computeResources!.instanceTypes.map((t) => [t.instanceType, t]));
const price = (s: Scenario, type: string) => shapes(s).get(type)?.onDemandUsdPerHour;

describe('a real family list: c7a, m7i, r7i, g6e, trn1, inf2', () => {
  const s = parseScenario(scenario(FAMILIES), 'families.yaml');

  it('validates, resolving every non-.metal size of each family', () => {
    const types = [...shapes(s).keys()];
    // c7a 11, m7i 9, r7i 9, g6e 8, trn1 2, inf2 4 sizes without .metal.
    expect(types).toHaveLength(43);
    expect(types.filter((t) => t.startsWith('trn1.'))).toEqual(['trn1.2xlarge', 'trn1.32xlarge']);
    expect(types.some((t) => t.includes('metal'))).toBe(false);
    expect(types).toEqual([...types].sort());
  });

  it('prices each type at the us-east-1 on-demand price of the CSV', () => {
    expect([price(s, 'c7a.large'), price(s, 'm7i.large'), price(s, 'r7i.large'), price(s, 'g6e.xlarge'), price(s, 'trn1.2xlarge'), price(s, 'inf2.xlarge')])
      .toEqual([0.10264, 0.1008, 0.1323, 1.861, 1.34375, 0.7582]);
    expect(shapes(s).get('g6e.12xlarge')).toMatchObject({ gpus: 4, vcpus: 48, arch: 'x86_64' });
  });

  it('notes, once per entry, that Trainium and Inferentia devices cannot be reserved by a job', () => {
    expect(s.notices!.map((n) => n.path)).toEqual(['computeEnvironments[0].computeResources.instanceTypes[4]', 'computeEnvironments[0].computeResources.instanceTypes[5]']);
    expect(s.notices![0]!.message).toBe('"trn1" has AWS Trainium accelerators, which a job cannot reserve (AWS Batch\'s resourceRequirements are GPU, MEMORY and VCPU): '
      + 'batchsim places jobs there by vCPUs and memory only; size a job to the whole instance to give it every device');
    expect(s.notices![1]!.message).toMatch(/^"inf2" has AWS Inferentia2 accelerators/);
  });

  it('runs: the 2-vCPU job goes to the cheapest type that holds it, at its CSV price', () => {
    // c7a.medium has 1 vCPU; of the 2-vCPU sizes m7i.large (0.1008) beats c7a.large (0.10264).
    const run = runYaml(scenario(FAMILIES));
    const [i] = run.instances;
    expect(i).toMatchObject({ instanceType: 'm7i.large', purchaseOption: 'ON_DEMAND' });
    expect(i!.costUsd).toBeCloseTo((i!.billedSeconds * 0.1008) / 3600, 12);
  });
});

describe('settings.region', () => {
  it('prices types from the region\'s table (us-gov-west-1, us-gov-east-1)', () => {
    const west = parseScenario(scenario('m7i, r7i, c5.large', { settings: 'region: us-gov-west-1' }), 'gov.yaml');
    expect(west.settings.region).toBe('us-gov-west-1');
    expect([price(west, 'm7i.large'), price(west, 'r7i.large'), price(west, 'm7i.xlarge'), price(west, 'c5.large')]).toEqual([0.12705, 0.15855, 0.2541, 0.102]);
    const east = parseScenario(scenario('m5.large', { settings: 'region: us-gov-east-1' }), 'gov.yaml');
    expect(price(east, 'm5.large')).toBe(0.121);
    expect(parseScenario(scenario('m5.large'), 'default.yaml').settings.region).toBe('us-east-1');
  });

  it('refuses a named type with no price in the region, naming the region', () => {
    const problems = problemsOfText(scenario('m7i.large, c7a.large', { settings: 'region: us-gov-west-1' }));
    expect(problems).toEqual([expect.objectContaining({
      path: 'computeEnvironments[0].computeResources.instanceTypes[1]',
      message: 'Instance type "c7a.large" has no on-demand price in us-gov-west-1: AWS\'s price list for the region does not offer it; '
        + 'state a price in settings.pricing.onDemandPrices, or choose another settings.region',
    })]);
  });

  it('refuses each family of the list that has no priced type in the region, and takes the others', () => {
    const problems = problemsOfText(scenario(FAMILIES, { settings: 'region: us-gov-west-1' }));
    expect(problems.map((p) => p.path)).toEqual([0, 3, 4, 5].map((j) => `computeEnvironments[0].computeResources.instanceTypes[${j}]`));
    expect(problems[0]!.message).toBe('No instance type of "c7a" has an on-demand price in us-gov-west-1: AWS\'s price list for the region offers none of its 11 types; '
      + 'state a price in settings.pricing.onDemandPrices, or choose another settings.region');
  });

  it('leaves out, with a notice, the types of a family the region does not price', () => {
    const s = parseScenario(scenario('c5d', { settings: 'region: us-gov-east-1' }), 'gov.yaml');
    expect([...shapes(s).keys()]).not.toContain('c5d.12xlarge');
    expect(shapes(s).size).toBe(6);
    expect(s.notices).toEqual([{
      path: 'computeEnvironments[0].computeResources.instanceTypes[0]',
      message: '2 of the 8 types of "c5d" have no on-demand price in us-gov-east-1 and are left out: c5d.12xlarge, c5d.24xlarge',
    }]);
    // The legacy `optimal` pool keeps c5/m5/r5 where c4/m4/r4 are not sold, as AWS says it does.
    const legacy = parseScenario(scenario('optimal', { settings: 'region: us-gov-east-1, optimalMeans: legacy' }), 'gov.yaml');
    expect([...new Set([...shapes(legacy).values()].map((t) => t.family))].sort()).toEqual(['c5', 'm5', 'r5']);
    expect(legacy.notices![0]!.message).toMatch(/^17 of the 41 types of "optimal" have no on-demand price in us-gov-east-1 and are left out: c4\.large, /);
  });

  it('lets a stated price make a type usable where the region has none', () => {
    const s = parseScenario(scenario('c7a.large', { settings: 'region: us-gov-west-1, pricing: { onDemandPrices: { c7a.large: 0.13 } }' }), 'gov.yaml');
    expect(price(s, 'c7a.large')).toBe(0.13);
  });

  it('refuses a region it has no prices for', () => {
    const problems = problemsOfText(scenario('m5', { settings: 'region: eu-west-1' }));
    expect(problems).toEqual([expect.objectContaining({
      path: 'settings.region',
      message: 'settings.region must be one of us-east-1, us-gov-west-1, us-gov-east-1 (the regions batchsim has on-demand prices for), received "eu-west-1"',
    })]);
  });

  it('notes that Spot and Fargate use us-east-1 figures in GovCloud', () => {
    const spot = parseScenario(scenario('m7i.large', { type: 'SPOT', settings: 'region: us-gov-west-1' }), 'gov.yaml');
    expect(spot.notices).toEqual([{
      path: 'computeEnvironments[0].computeResources.type',
      message: 'Spot in us-gov-west-1: the Spot Instance Advisor data is us-east-1\'s (2026-08-10); its savings and interruption bands are applied to '
        + 'us-gov-west-1\'s on-demand prices (settings.spot.pools can state the region\'s own)',
    }]);
    const fargate = (settings: string) => parseScenario(`
name: fg
settings: { ${settings} }
computeEnvironments:
  - { computeEnvironmentName: fg, type: MANAGED, computeResources: { type: FARGATE, maxvCpus: 16 } }
`, 'fg.yaml').notices;
    expect(fargate('region: us-gov-east-1')!.map((n) => n.message)).toEqual([
      'Fargate in us-gov-east-1 is priced at us-east-1\'s rates (batchsim has no others); set settings.fargate.x86VcpuHour, x86GbHour, armVcpuHour and armGbHour to us-gov-east-1\'s',
    ]);
    expect(fargate('region: us-gov-east-1, fargate: { x86VcpuHour: 0.05 }')).toBeUndefined();
    expect(fargate('region: us-east-1')).toBeUndefined();
  });
});

describe('burstable types', () => {
  it('are refused in a compute environment, as AWS Batch refuses them', () => {
    const problems = problemsOfText(scenario('t3, t3a.large, t4g.micro, m7i'));
    expect(problems.map((p) => p.path)).toEqual([0, 1, 2].map((j) => `computeEnvironments[0].computeResources.instanceTypes[${j}]`));
    expect(problems[0]!.message).toBe('Burstable instance family "t3" cannot be used: AWS Batch does not launch T types '
      + '(CreateComputeEnvironment answers "Instance type can only be one of [...]"); use a fixed-performance family such as m7i, c7i or m7g');
    expect(problems[1]!.message).toMatch(/^Burstable instance type "t3a\.large" cannot be used/);
  });
});

describe('settings.pricing', () => {
  const run = (settings = '', opts: { type?: string; types?: string } = {}) => {
    const r = runYaml(scenario(opts.types ?? 'm7i.large', { settings, type: opts.type }));
    expect(r.instances).toHaveLength(1);
    return r.instances[0]!;
  };
  const base = run();
  // m7i.large: 0.1008 USD/h in us-east-1. The timeline does not depend on prices.
  const billed = base.billedSeconds;
  const usd = (perHour: number) => (billed * perHour) / 3600;

  it('leaves a run at list prices when unset', () => {
    expect(billed).toBeGreaterThan(3600);
    expect(base.costUsd).toBeCloseTo(usd(0.1008), 12);
  });

  it('takes an overall on-demand discount off the bill, exactly', () => {
    const i = run('pricing: { onDemandDiscountPct: 20 }');
    expect(i.billedSeconds).toBe(billed);
    expect(i.costUsd).toBeCloseTo(usd(0.1008 * 0.8), 12);
    expect(base.costUsd - i.costUsd).toBeCloseTo(usd(0.1008) * 0.2, 12);
  });

  it('takes a family discount in place of the overall one, for that family only', () => {
    expect(run('pricing: { onDemandDiscountPct: 20, familyDiscountPct: { m7i: 30 } }').costUsd).toBeCloseTo(usd(0.1008 * 0.7), 12);
    expect(run('pricing: { onDemandDiscountPct: 20, familyDiscountPct: { c7a: 30 } }').costUsd).toBeCloseTo(usd(0.1008 * 0.8), 12);
    const s = parseScenario(scenario('m7i.large, c7a.large', { settings: 'pricing: { onDemandDiscountPct: 20, familyDiscountPct: { c7a: 30 } }' }), 'p.yaml');
    expect(price(s, 'm7i.large')).toBeCloseTo(0.1008 * 0.8, 15);
    expect(price(s, 'c7a.large')).toBeCloseTo(0.10264 * 0.7, 15);
  });

  it('bills a stated per-type price as it is, with no discount on top', () => {
    const i = run('pricing: { onDemandDiscountPct: 20, onDemandPrices: { m7i.large: 0.05 } }');
    expect(i.costUsd).toBeCloseTo(usd(0.05), 12);
  });

  it('moves BEST_FIT to the type that is cheapest after discounts', () => {
    // c7a.large 0.10264 vs m7i.large 0.1008: m7i at list prices, c7a with 10 % off c7a.
    expect(run('', { types: 'c7a.large, m7i.large' }).instanceType).toBe('m7i.large');
    const i = run('pricing: { familyDiscountPct: { c7a: 10 } }', { types: 'c7a.large, m7i.large' });
    expect(i.instanceType).toBe('c7a.large');
    expect(i.costUsd).toBeCloseTo((i.billedSeconds * 0.10264 * 0.9) / 3600, 12);
  });

  it('does not reach Spot, which stays the advisor\'s savings off the region\'s list price', () => {
    const spot = (settings: string) => run(`${settings}${settings ? ', ' : ''}spot: { pools: [{ instanceType: m7i.large, monthlyInterruptionRate: 0 }] }`, { type: 'SPOT' });
    const list = spot('');
    expect(list.purchaseOption).toBe('SPOT');
    // m7i.large: 61 % savings in the advisor.
    expect(list.costUsd).toBeCloseTo((list.billedSeconds * 0.1008 * 0.39) / 3600, 12);
    expect(spot('pricing: { onDemandDiscountPct: 40, onDemandPrices: { m7i.large: 0.01 } }').costUsd).toBe(list.costUsd);
    const gov = spot('region: us-gov-west-1');
    expect(gov.costUsd).toBeCloseTo((gov.billedSeconds * 0.12705 * 0.39) / 3600, 12);
  });

  it('prices a GovCloud run from the region\'s table, discount included', () => {
    const i = run('region: us-gov-west-1, pricing: { onDemandDiscountPct: 10 }');
    expect(i.costUsd).toBeCloseTo(usd(0.12705 * 0.9), 12);
  });

  it('prices catalog types of an UNMANAGED fleet too, unless the entry gives its own pricePerHour', () => {
    const fleet = (settings: string, entry: string) => parseScenario(`
name: lab
settings: { ${settings} }
computeEnvironments:
  - { computeEnvironmentName: lab, type: UNMANAGED, simulation: { fleet: [${entry}] } }
`, 'lab.yaml').computeEnvironments[0]!.fleet[0]!.onDemandUsdPerHour;
    expect(fleet('region: us-gov-west-1, pricing: { onDemandDiscountPct: 50 }', '{ instanceType: m7i.large }')).toBeCloseTo(0.12705 / 2, 15);
    expect(fleet('region: us-gov-west-1, pricing: { onDemandDiscountPct: 50 }', '{ instanceType: m7i.large, pricePerHour: 0.2 }')).toBe(0.2);
    expect(problemsOfText(`
name: lab
settings: { region: us-gov-west-1 }
computeEnvironments:
  - { computeEnvironmentName: lab, type: UNMANAGED, simulation: { fleet: [{ instanceType: c7a.large }] } }
`)).toEqual([expect.objectContaining({
      path: 'computeEnvironments[0].simulation.fleet[0].instanceType',
      message: 'Instance type "c7a.large" has no on-demand price in us-gov-west-1: AWS\'s price list for the region does not offer it; '
        + 'give this entry a pricePerHour, or state a price in settings.pricing.onDemandPrices',
    })]);
  });

  it('refuses bad input, every problem at its field', () => {
    const problems = problemsOfText(scenario('m7i', {
      settings: 'pricing: { onDemandDiscountPct: 100, familyDiscountPct: { m7x: 10, t3: 5, m7i.large: 3, c7a: -1, r7i: "20" }, '
        + 'onDemandPrices: { m7i: 1, m7i.huge: 2, t3.large: 1, c5.large: 0, zzz: 1, m5.large: .inf }, savingsPlan: 3 }',
    }));
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['settings.pricing.onDemandDiscountPct', 'settings.pricing.onDemandDiscountPct must be between 0 and 99, received 100'],
      ['settings.pricing.familyDiscountPct.m7x', 'settings.pricing.familyDiscountPct: Unknown instance family "m7x" (similar families: m7a, m7g, m7gd, m7i, m7i-flex; 167 families in the catalog)'],
      ['settings.pricing.familyDiscountPct.t3', 'settings.pricing.familyDiscountPct: "t3" is a burstable family, which AWS Batch does not launch'],
      ['settings.pricing.familyDiscountPct.m7i.large', 'settings.pricing.familyDiscountPct: "m7i.large" is an instance type; a discount is by family: m7i'],
      ['settings.pricing.familyDiscountPct.c7a', 'settings.pricing.familyDiscountPct.c7a must be between 0 and 99, received -1'],
      ['settings.pricing.familyDiscountPct.r7i', 'settings.pricing.familyDiscountPct.r7i must be a number between 0 and 99, received "20"'],
      ['settings.pricing.onDemandPrices.m7i', 'settings.pricing.onDemandPrices: "m7i" is a family; a price is per instance type, e.g. m7i.large'],
      ['settings.pricing.onDemandPrices.m7i.huge', expect.stringMatching(/^settings\.pricing\.onDemandPrices: Unknown instance type "m7i\.huge" \(m7i sizes: m7i\.large, m7i\.xlarge, /)],
      ['settings.pricing.onDemandPrices.t3.large', 'settings.pricing.onDemandPrices: "t3.large" is burstable, which AWS Batch does not launch'],
      ['settings.pricing.onDemandPrices.c5.large', 'settings.pricing.onDemandPrices.c5.large must be > 0, received 0'],
      ['settings.pricing.onDemandPrices.zzz', 'settings.pricing.onDemandPrices: Unknown instance type "zzz" (similar families: z1d; 167 families in the catalog)'],
      ['settings.pricing.onDemandPrices.m5.large', 'settings.pricing.onDemandPrices.m5.large must be a number > 0, received Infinity'],
      ['settings.pricing.savingsPlan', expect.stringMatching(/^Unknown field "savingsPlan"/)],
    ]);
    expect(problems.every((p) => p.line !== undefined)).toBe(true);
    expect(problemsOfText(scenario('m7i', { settings: 'pricing: { familyDiscountPct: [m7i] }' }))[0]!.message)
      .toBe('settings.pricing.familyDiscountPct must be a mapping, received a list of 1');
  });

  it('keeps a key such as __proto__ as data, refused like any other unknown name', () => {
    const problems = problemsOfText(scenario('m7i', { settings: 'pricing: { onDemandPrices: { __proto__: 1, constructor: 2 } }' }));
    expect(problems.map((p) => p.path)).toEqual(['settings.pricing.onDemandPrices.__proto__', 'settings.pricing.onDemandPrices.constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('from the command line', () => {
  it('validates the family list, and refuses it in GovCloud with exit 2, naming the region', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-catalog-'));
    const ok = join(dir, 'families.yaml');
    writeFileSync(ok, scenario(FAMILIES));
    const v = batchsim('validate', ok);
    expect(v.status).toBe(0);
    expect(v.stdout).toContain('families.yaml: valid (1 compute environments');
    const gov = join(dir, 'gov.yaml');
    writeFileSync(gov, scenario(FAMILIES, { settings: 'region: us-gov-west-1' }));
    const bad = batchsim('validate', gov);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^Invalid scenario file '.*gov\.yaml': 4 problems/);
    expect(bad.stderr).toContain('✖ No instance type of "g6e" has an on-demand price in us-gov-west-1');
    expect(bad.stderr).toContain('→ at computeEnvironments[0].computeResources.instanceTypes[3] (line 7, column 83)');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
