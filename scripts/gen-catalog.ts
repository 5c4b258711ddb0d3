// Regenerates src/market/catalog-data/ from the shared reference data: instance-catalog.csv,
// ondemand-prices.csv and the newest Spot Instance Advisor snapshot. Run:
//   npx tsx scripts/gen-catalog.ts [sharedDataDir]      (default ../shared/data)
// The output is a pure function of the three files (no dates, no machine facts), so running it
// again on the same data gives the same bytes; test/market/catalog-data.test.ts checks that.
//
// The data is written column by column, one string literal per column with one entry per instance
// type (whole families to a line, entries separated by spaces): half the size of the same data as
// 1,323 array literals, and catalog.ts builds a type's object only when it is looked up. The
// constants are typed `string`, so the declaration file does not repeat the data as literal types.
// One module per kind of fact — the types' shapes, their GPUs and accelerators, the on-demand price
// tables, the Spot advisor — and an index that gathers them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const ADVISOR_FILE = 'spot-advisor-us-east-1-2026-08-10.csv';
const ADVISOR = /^spot-advisor-(?<region>[a-z]+-[a-z]+-\d+)-(?<date>\d{4}-\d{2}-\d{2})\.csv$/.exec(ADVISOR_FILE)!.groups!;
export const OUTPUT_DIR = 'src/market/catalog-data';
/** The project's root: the script writes there whatever the working directory. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const CATALOG_COLUMNS = [
  'instance_type', 'family', 'category', 'vcpus', 'memory_gib', 'gpus', 'gpu_model', 'gpu_memory_gib', 'arch',
  'ondemand_usd_per_hour', 'region', 'source', 'accelerators', 'accelerator_model',
];
const PRICE_COLUMNS = ['instance_type', 'region', 'usd_per_hour', 'source'];
const ADVISOR_COLUMNS = ['instance_type', 'interruption_band', 'savings_pct'];
const BANDS = ['<5%', '5-10%', '10-15%', '15-20%', '>20%'];
const ARCHES = ['x86_64', 'arm64'];
/** Marks "no value" in a column (no price in a region, not in the advisor). */
const NONE = '-';

type Row = Record<string, string>;

function readCsv(dir: string, file: string, columns: string[]): Row[] {
  const path = join(dir, file);
  const rows = parse(readFileSync(path), { columns: true }) as Row[];
  const header = Object.keys(rows[0] ?? {});
  if (header.join(',') !== columns.join(',')) throw new Error(`${path}: expected the columns ${columns.join(',')}, found ${header.join(',')}`);
  return rows;
}

function fail(file: string, row: number, message: string): never {
  // Data line numbers: the header is line 1.
  throw new Error(`${file} line ${row + 2}: ${message}`);
}

/** A number as the column writes it: the shortest form that reads back the same value. */
function num(file: string, row: number, column: string, text: string, opts: { integer?: boolean } = {}): string {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || (opts.integer && !Number.isInteger(n))) {
    fail(file, row, `${column} must be a${opts.integer ? 'n integer' : ' number'} ≥ 0, received "${text}"`);
  }
  return String(n);
}

/** A word that can stand in a space-separated column. */
function word(file: string, row: number, column: string, text: string): string {
  if (!/^[\x21-\x7e]+$/.test(text) || text === NONE) fail(file, row, `${column} must be a non-empty word without spaces, received "${text}"`);
  return text;
}

/** Dictionary-encodes a column of a few distinct strings: one base-36 digit per row. */
function dictionary(values: string[]): { names: string[]; codes: string[] } {
  const names = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length > 36) throw new Error(`too many distinct values for a one-character code: ${names.length}`);
  return { names, codes: values.map((v) => names.indexOf(v).toString(36)) };
}

/** Characters a line of a column holds at most (whole families; a longer family has a line of its own). */
const LINE = 400;

/** The generated modules (file name → text) for the data in `dir`. Throws, naming the file and line, on data it cannot trust. */
export function renderCatalogData(dir: string): Map<string, string> {
  const catalog = readCsv(dir, 'instance-catalog.csv', CATALOG_COLUMNS);
  const prices = readCsv(dir, 'ondemand-prices.csv', PRICE_COLUMNS);
  const advisor = readCsv(dir, ADVISOR_FILE, ADVISOR_COLUMNS);

  const index = new Map<string, number>();
  catalog.forEach((r, i) => {
    const type = word('instance-catalog.csv', i, 'instance_type', r.instance_type!);
    if (index.has(type)) fail('instance-catalog.csv', i, `${type} is listed twice`);
    // catalog.ts derives the family from the name, so the file must agree with that rule.
    if (type.slice(0, type.indexOf('.')) !== r.family) fail('instance-catalog.csv', i, `family "${r.family}" is not the part of "${type}" before its dot`);
    if (!ARCHES.includes(r.arch!)) fail('instance-catalog.csv', i, `arch must be x86_64 or arm64, received "${r.arch}"`);
    if (r.region !== 'us-east-1') fail('instance-catalog.csv', i, `region must be us-east-1 (the price column's region), received "${r.region}"`);
    index.set(type, i);
  });

  // Regions in the order the price table first names them; every catalog type must be priced in us-east-1.
  const regions: string[] = [];
  const byRegion = new Map<string, (string | undefined)[]>();
  prices.forEach((p, j) => {
    const i = index.get(p.instance_type!);
    if (i === undefined) fail('ondemand-prices.csv', j, `${p.instance_type} is not in instance-catalog.csv`);
    const region = word('ondemand-prices.csv', j, 'region', p.region!);
    let column = byRegion.get(region);
    if (!column) {
      regions.push(region);
      byRegion.set(region, (column = new Array<string | undefined>(catalog.length)));
    }
    if (column[i] !== undefined) fail('ondemand-prices.csv', j, `${p.instance_type} is priced twice for ${region}`);
    column[i] = num('ondemand-prices.csv', j, 'usd_per_hour', p.usd_per_hour!);
  });
  const usEast = byRegion.get('us-east-1');
  catalog.forEach((r, i) => {
    const own = num('instance-catalog.csv', i, 'ondemand_usd_per_hour', r.ondemand_usd_per_hour!);
    if (usEast?.[i] !== own) fail('instance-catalog.csv', i, `ondemand_usd_per_hour ${own} differs from ondemand-prices.csv's us-east-1 price ${usEast?.[i] ?? '(none)'}`);
  });

  const band: string[] = new Array<string>(catalog.length).fill(NONE);
  const savings: string[] = new Array<string>(catalog.length).fill(NONE);
  advisor.forEach((a, j) => {
    const i = index.get(a.instance_type!);
    if (i === undefined) fail(ADVISOR_FILE, j, `${a.instance_type} is not in instance-catalog.csv`);
    const b = BANDS.indexOf(a.interruption_band!);
    if (b < 0) fail(ADVISOR_FILE, j, `interruption_band must be one of ${BANDS.join(', ')}, received "${a.interruption_band}"`);
    if (band[i] !== NONE) fail(ADVISOR_FILE, j, `${a.instance_type} is listed twice`);
    band[i] = String(b);
    savings[i] = num(ADVISOR_FILE, j, 'savings_pct', a.savings_pct!, { integer: true });
  });

  const cell = (column: string, i: number, opts: { integer?: boolean } = {}) => num('instance-catalog.csv', i, column, catalog[i]![column] || '0', opts);
  const category = dictionary(catalog.map((r) => r.category!));
  const gpuModel = dictionary(catalog.map((r) => r.gpu_model!));
  const acceleratorModel = dictionary(catalog.map((r) => r.accelerator_model!));
  const families = catalog.map((r) => r.family!);

  // Whole families to a line (a data change shows as a change of a few lines), at most LINE characters.
  const column = (values: (i: number) => string, separator = ' '): string => {
    const groups: string[] = [];
    let group: string[] = [];
    catalog.forEach((_, i) => {
      if (i > 0 && families[i] !== families[i - 1]) {
        groups.push(group.join(separator));
        group = [];
      }
      group.push(values(i));
    });
    groups.push(group.join(separator));
    // A separator between families on one line keeps the entries apart (none for one-character columns, as within a family).
    const lines: string[] = [];
    for (const g of groups) {
      const last = lines.length - 1;
      if (last >= 0 && lines[last]!.length + separator.length + g.length <= LINE) lines[last] += separator + g;
      else lines.push(g);
    }
    return '`\n' + lines.join('\n') + '\n`';
  };
  const strings = (names: string[]) => `[${names.map((n) => JSON.stringify(n)).join(', ')}]`;
  const header = (what: string) => [
    `// GENERATED by scripts/gen-catalog.ts from the project's shared reference data. Do not edit by hand.`,
    `// ${what}`,
    '// Columns: one entry per instance type in catalog order (as in shapes.ts), whole families to a',
    `// line, entries separated by white space; "${NONE}" = no value. catalog.ts splits them on first use.`,
    '',
  ];
  const files = new Map<string, string>();
  const file = (name: string, lines: string[]) => files.set(name, [...lines, ''].join('\n'));
  file('index.ts', [
    '// GENERATED by scripts/gen-catalog.ts from instance-catalog.csv, ondemand-prices.csv and',
    `// ${ADVISOR_FILE} (the project's shared reference data). Do not edit by hand.`,
    '// Sources (docs/data-sources.md): on-demand prices from Karpenter\'s generated price tables',
    '// (karpenter-provider-aws @6fc13b52, 2026-07-20); vCPUs, memory, GPUs and architecture from',
    '// cluster-autoscaler\'s static instance list (2026-01-22) or Karpenter\'s instance-type reference;',
    '// GPU and accelerator models from that reference; interruption bands and savings from the AWS',
    `// Spot Instance Advisor feed (spot-advisor-data.json) fetched ${ADVISOR.date}.`,
    "export * from './shapes.js';",
    "export * from './accelerators.js';",
    "export * from './prices.js';",
    "export * from './spot.js';",
  ]);
  file('shapes.ts', [
    ...header('What each instance type is: name, category, architecture, vCPUs and memory.'),
    `export const TYPE_COUNT = ${catalog.length};`,
    `export const CATEGORY_NAMES: readonly string[] = ${strings(category.names)};`,
    '',
    '/** Instance type names; the family is the part before the dot. */',
    `export const INSTANCE_TYPE: string = ${column((i) => catalog[i]!.instance_type!)};`,
    '/** Index (base 36) into CATEGORY_NAMES, one character per type. */',
    `export const CATEGORY: string = ${column((i) => category.codes[i]!, '')};`,
    '/** `a` arm64, `x` x86_64, one character per type. */',
    `export const ARCH: string = ${column((i) => (catalog[i]!.arch === 'arm64' ? 'a' : 'x'), '')};`,
    `export const VCPUS: string = ${column((i) => cell('vcpus', i, { integer: true }))};`,
    `export const MEMORY_GIB: string = ${column((i) => cell('memory_gib', i))};`,
  ]);
  file('accelerators.ts', [
    ...header('GPUs and AWS Trainium / Inferentia accelerators of each instance type.'),
    `export const GPU_MODEL_NAMES: readonly string[] = ${strings(gpuModel.names)};`,
    `export const ACCELERATOR_MODEL_NAMES: readonly string[] = ${strings(acceleratorModel.names)};`,
    '',
    `export const GPUS: string = ${column((i) => cell('gpus', i, { integer: true }))};`,
    '/** Index (base 36) into GPU_MODEL_NAMES, one character per type. */',
    `export const GPU_MODEL: string = ${column((i) => gpuModel.codes[i]!, '')};`,
    '/** Total GPU memory of the instance, GiB. */',
    `export const GPU_MEMORY_GIB: string = ${column((i) => cell('gpu_memory_gib', i))};`,
    '/** AWS Trainium / Inferentia devices (not GPUs). */',
    `export const ACCELERATORS: string = ${column((i) => cell('accelerators', i, { integer: true }))};`,
    '/** Index (base 36) into ACCELERATOR_MODEL_NAMES, one character per type. */',
    `export const ACCELERATOR_MODEL: string = ${column((i) => acceleratorModel.codes[i]!, '')};`,
  ]);
  file('prices.ts', [
    ...header('Linux on-demand prices, USD per hour, by Region.'),
    `export const REGIONS = ${strings(regions)} as const;`,
    '',
    '/** One column per entry of REGIONS. */',
    'export const ON_DEMAND_USD_PER_HOUR: readonly string[] = [',
    ...regions.map((region) => `  // ${region}\n  ${column((i) => byRegion.get(region)![i] ?? NONE)},`),
    '];',
  ]);
  file('spot.ts', [
    ...header(`The Spot Instance Advisor's interruption bands and savings (${ADVISOR.region}, ${ADVISOR.date}).`),
    `export const SPOT_ADVISOR = { region: '${ADVISOR.region}', date: '${ADVISOR.date}' } as const;`,
    `export const BANDS = ${strings(BANDS)} as const;`,
    '',
    '/** Index into BANDS of the advisor\'s monthly interruption band, one character per type. */',
    `export const SPOT_BAND: string = ${column((i) => band[i]!, '')};`,
    '/** The advisor\'s savings over on-demand, percent. */',
    `export const SPOT_SAVINGS_PCT: string = ${column((i) => savings[i]!)};`,
  ]);
  return files;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(ROOT, '../shared/data');
  const out = join(ROOT, OUTPUT_DIR);
  mkdirSync(out, { recursive: true });
  for (const [name, text] of renderCatalogData(dir)) {
    writeFileSync(join(out, name), text);
    console.log(`wrote ${join(OUTPUT_DIR, name)} (${text.length} characters)`);
  }
  console.log(`from ${dir}`);
}
