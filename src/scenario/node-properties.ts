// Multi-node parallel jobs (spec §12): a RegisterJobDefinition's `nodeProperties` read into node
// ranges, and node ranges resolved into the disjoint node groups the run time places. SubmitJob's
// `nodeOverrides` over them are in node-overrides.ts.
import { instanceType as catalogType, registeredMemoryMiB } from '../market/catalog.js';
import { API_INTEGER, describe, fields, label, type Checker, type Fields } from './check.js';
import { LIMITS } from './defaults.js';
import { checkPlatform, readResources, type Resources } from './resources.js';
import { readSimulation, resolveSimulation, type FamilyContext } from './simulation.js';
import { UNSUPPORTED } from './unsupported.js';
import type { NodeGroupSpec, NodePropertiesSpec, Settings, SimulationSpec } from './types.js';

/** containerProperties (and a node range's container): what the model reads, and what it only accepts. */
export const CONTAINER_KNOWN = ['image', 'resourceRequirements', 'vcpus', 'memory'];
export const CONTAINER_IGNORED = [
  'command', 'environment', 'jobRoleArn', 'executionRoleArn', 'volumes', 'mountPoints', 'linuxParameters', 'logConfiguration',
  'secrets', 'ulimits', 'user', 'privileged', 'readonlyRootFilesystem', 'networkConfiguration', 'fargatePlatformConfiguration',
  'ephemeralStorage', 'runtimePlatform', 'repositoryCredentials', 'enableExecuteCommand', 'instanceType',
];

export const TARGET_NODES_RULE = 'a node range such as "0:3" (nodes 0 to 3), "4" (node 4), ":3" (from node 0), "4:" (to the last node) or ":" (every node)';

/** A parsed `targetNodes`: a missing start is node 0, a missing end (end null) the last node. */
export interface TargetNodes {
  start: number;
  end: number | null;
}

/** `n`, `n:m`, `:m`, `n:` or `:` (NodeRangeProperty.targetNodes); undefined when it is none of them. */
export function parseTargetNodes(text: string): TargetNodes | undefined {
  // Split and trim rather than one regex with optional spaces around ':' — that backtracked
  // catastrophically (seconds for a few thousand spaces). trim() strips exactly what \s matches.
  const parts = text.split(':').map((p) => p.trim());
  if (parts.length === 1) return /^\d+$/.test(parts[0]!) ? { start: Number(parts[0]), end: Number(parts[0]) } : undefined;
  if (parts.length !== 2) return undefined;
  const [from, to] = parts as [string, string];
  if (!/^\d*$/.test(from) || !/^\d*$/.test(to)) return undefined;
  return { start: from ? Number(from) : 0, end: to ? Number(to) : null };
}

/** The last node a range reaches in a job of `numNodes` nodes. */
export function lastNode(r: TargetNodes, numNodes: number): number {
  return r.end ?? numNodes - 1;
}

/** "nodes 0 to 7", "node 3". */
export function nodesText(from: number, to: number): string {
  return from === to ? `node ${from}` : `nodes ${from} to ${to}`;
}

/** One node range's container: the sizes and image of its nodes, and the instance type it names. */
export interface RangeValues {
  vcpus: number;
  memory: number;
  gpus: number;
  image: string;
  /** container.instanceType or the one element of instanceTypes; null when the range names none. */
  instanceType: string | null;
  simulation: SimulationSpec | null;
}

/** A node range as registered, kept to resolve node groups and to check a submission's nodeOverrides. */
export interface NodeRangeDraft extends TargetNodes {
  /** nodeRangeProperties[j] of its definition. */
  path: string;
  targetNodes: string;
  /**
   * Its node count at the definition's numNodes. An inner (smaller) range overrides an outer one
   * where they overlap; fixed at registration, so a numNodes override keeps the definition's nesting.
   */
  size: number;
  /** As written, for the legacy-vs-resourceRequirements rule of containerOverrides (spec §11.1). */
  resources: Resources;
  values: RangeValues;
  /** Where values.instanceType was written (container.instanceType or instanceTypes[0]); null when it names none. */
  instanceTypePath: string | null;
}

export interface NodePropertiesDraft {
  numNodes: number;
  mainNode: number;
  ranges: NodeRangeDraft[];
  /** Some range has an open upper end (`:` or `n:`): the condition for nodeOverrides.numNodes (API NodeOverrides). */
  openEnded: boolean;
  /** Registered memory of a catalog instance type under the scenario's settings (spec §8.8). */
  hostMemoryMiB: (memoryMiB: number) => number;
}

export interface NodeContext {
  definitionName: string;
  families: FamilyContext;
  settings: Pick<Settings, 'registeredMemoryFraction' | 'agentReservedMemoryMiB'>;
}

/**
 * A multinode definition's `nodeProperties`: the ranges as registered (for nodeOverrides) and the
 * node groups they resolve to; undefined when it has problems (reported). The job definition's own
 * fields (type, platform, containerProperties) are checked by its reader.
 */
export function readNodeProperties(f: Fields, ctx: NodeContext): { draft: NodePropertiesDraft; spec: NodePropertiesSpec } | undefined {
  const np = f.object('nodeProperties', { required: true, what: 'a mapping with numNodes, mainNode and nodeRangeProperties' });
  if (!np) return undefined;
  const before = f.c.problems.length;
  np.allow(['numNodes', 'mainNode', 'nodeRangeProperties']);
  const numNodes = readNumNodes(np);
  const mainNode = np.number('mainNode', { required: true, integer: true, min: 0, ...API_INTEGER });
  if (numNodes !== undefined && mainNode !== undefined && mainNode >= numNodes) {
    f.c.report(np.at('mainNode'), `${label(np.at('mainNode'))} must be less than numNodes (${numNodes}): node indexes run from 0 to ${numNodes - 1}, received ${mainNode}`);
  }
  const list = np.list('nodeRangeProperties', { required: true, what: `a list of 1 to ${LIMITS.nodeRangesMax} node ranges { targetNodes, container }` });
  const listPath = np.at('nodeRangeProperties');
  if (list && list.length === 0) f.c.report(listPath, `${label(listPath)} must list at least one node range { targetNodes, container }, received an empty list`);
  if (list && list.length > LIMITS.nodeRangesMax) {
    f.c.report(listPath, `A multi-node job can have at most ${LIMITS.nodeRangesMax} node ranges (node groups), received ${list.length}`);
  }
  const ranges: NodeRangeDraft[] = [];
  list?.forEach((item, j) => {
    const e = fields(f.c, item, `${listPath}[${j}]`);
    const r = e && readRange(e, numNodes, ctx);
    if (r) ranges.push(r);
  });
  if (numNodes === undefined || mainNode === undefined || !list || f.c.problems.length > before) return undefined;

  checkNesting(f.c, ranges, numNodes);
  const coverage = f.c.problems.length === before ? groupsOf(ranges, numNodes) : undefined;
  if (coverage && 'uncovered' in coverage) {
    // AWS: "Your accumulative node ranges must account for all nodes".
    f.c.report(listPath, `The node ranges must cover every node from 0 to ${numNodes - 1} (numNodes ${numNodes}); node ${coverage.uncovered} is in none of them`);
  }
  const { settings } = ctx;
  const draft: NodePropertiesDraft = {
    numNodes, mainNode, ranges, openEnded: ranges.some((r) => r.end === null),
    hostMemoryMiB: (memoryMiB) => registeredMemoryMiB(memoryMiB, settings.registeredMemoryFraction, settings.agentReservedMemoryMiB),
  };
  const type = commonInstanceType(f.c, ranges.map((r) => ({ path: r.instanceTypePath ?? r.path, rangePath: r.path, instanceType: r.values.instanceType })));
  if (f.c.problems.length > before) return undefined;
  const resolved = resolveNodes(draft, numNodes, ranges.map((r) => r.values), type);
  checkUnusedSimulation(f.c, ranges, resolved);
  checkInstanceFit(f.c, draft, resolved, ranges.map((r) => `${r.path}.container`));
  return f.c.problems.length > before ? undefined : { draft, spec: resolved.spec };
}

/** numNodes of a definition or of nodeOverrides: 1..1000. */
export function readNumNodes(np: Fields): number | undefined {
  return np.number('numNodes', {
    required: true, integer: true, min: LIMITS.numNodesMin, max: LIMITS.numNodesMax,
    maxNote: `(AWS Batch runs at most ${LIMITS.numNodesMax.toLocaleString('en-US')} nodes per multi-node job)`,
  });
}

function readRange(e: Fields, numNodes: number | undefined, ctx: NodeContext): NodeRangeDraft | undefined {
  e.allow(['targetNodes', 'container', 'instanceTypes', 'simulation'], [], UNSUPPORTED.nodeRange);
  const text = e.string('targetNodes', { required: true, rule: TARGET_NODES_RULE });
  const target = text === undefined ? undefined : readTargetNodes(e, text, numNodes, 'the job');
  const container = e.object('container', { required: true, what: 'a mapping with the image and resourceRequirements of these nodes' });
  container?.allow([...CONTAINER_KNOWN, 'instanceType'], CONTAINER_IGNORED.filter((k) => k !== 'instanceType'));
  const resources = container ? readResources(container) : {};
  if (container) {
    requireResources(container, resources, 'EC2', label(container.path));
    checkPlatform(e.c, 'EC2', resources, () => true);
  }
  const image = container?.string('image') ?? ctx.definitionName;
  const instanceType = readInstanceType(e, container);
  const written = readSimulation(e, { required: false, families: ctx.families });
  if (written && !written.written.has('duration')) {
    e.c.report(`${written.path}.duration`,
      `${label(written.path)}.duration is required (how long the child nodes of this range run; without a simulation block they run until the main node exits)`);
  }
  const simulation = written?.duration ? (resolveSimulation(e.c, written) ?? null) : null;
  const { VCPU, MEMORY, GPU } = resources;
  if (text === undefined || !target || !VCPU || !MEMORY || instanceType === undefined || (written && !simulation)) return undefined;
  const size = numNodes === undefined ? 0 : lastNode(target, numNodes) - target.start + 1;
  return {
    ...target, path: e.path, targetNodes: text, size, resources, instanceTypePath: instanceType?.path ?? null,
    values: { vcpus: VCPU.value, memory: MEMORY.value, gpus: GPU?.value ?? 0, image, instanceType: instanceType?.name ?? null, simulation },
  };
}

/** Parses targetNodes at e.targetNodes and checks it against a job of `numNodes` nodes (when known). */
export function readTargetNodes(e: Fields, text: string, numNodes: number | undefined, job: string): TargetNodes | undefined {
  const path = e.at('targetNodes');
  const target = parseTargetNodes(text);
  if (!target) {
    e.c.report(path, `${label(path)} must be ${TARGET_NODES_RULE}, received ${describe(text)}`);
    return undefined;
  }
  if (target.end !== null && target.end < target.start) {
    e.c.report(path, `${label(path)} "${text}" ends (node ${target.end}) before it starts (node ${target.start})`);
    return undefined;
  }
  if (numNodes === undefined) return target;
  const beyond = target.start >= numNodes ? target.start : target.end !== null && target.end >= numNodes ? target.end : undefined;
  if (beyond !== undefined) {
    e.c.report(path, `${label(path)} "${text}" names node ${beyond}, but ${job} has ${numNodes} node${numNodes === 1 ? '' : 's'} (${nodesText(0, numNodes - 1)})`);
    return undefined;
  }
  return target;
}

/** A container must give its vCPUs and memory (spec §11.1); unless it wrote them and they were refused (already said). */
export function requireResources(container: Fields, resources: Resources, capability: 'EC2' | 'FARGATE' | undefined, what: string): void {
  for (const [res, name] of [['VCPU', 'vCPUs'], ['MEMORY', 'memory (MiB)']] as const) {
    if (resources[res] || hasAttempt(container, res)) continue;
    container.c.report(container.path,
      `${what} must give the ${name}: a ${res} entry in resourceRequirements${capability === 'FARGATE' ? '' : ` (or the legacy ${res === 'VCPU' ? 'vcpus' : 'memory'})`}`);
  }
}

function hasAttempt(container: Fields, res: 'VCPU' | 'MEMORY'): boolean {
  if (container.has(res === 'VCPU' ? 'vcpus' : 'memory')) return true;
  const list = container.raw('resourceRequirements');
  return Array.isArray(list) && list.some((e) => typeof e === 'object' && e !== null && (e as { type?: unknown }).type === res);
}

/**
 * The instance type a node range (or a node property override) names, and where: `container.instanceType`
 * (or containerOverrides.instanceType) or `instanceTypes`, a list AWS limits to one element. null
 * when it names none; undefined when what it names is refused (reported).
 */
export function readInstanceType(e: Fields, container: Fields | undefined): { name: string; path: string } | null | undefined {
  let ok = true;
  const fromContainer = container?.string('instanceType');
  if (container?.has('instanceType') && fromContainer === undefined) ok = false;
  let fromList: string | undefined;
  const list = e.list('instanceTypes');
  if (list) {
    const path = e.at('instanceTypes');
    if (list.length !== 1 || typeof list[0] !== 'string') {
      e.c.report(path, `${label(path)} must list exactly one instance type (AWS limits this list to one element), received ${JSON.stringify(list)}`);
      ok = false;
    } else {
      fromList = list[0];
    }
  } else if (e.has('instanceTypes')) {
    ok = false;
  }
  if (fromContainer !== undefined && fromList !== undefined && fromContainer !== fromList) {
    e.c.report(e.at('instanceTypes'), `${label(e.at('instanceTypes'))} names "${fromList}" but ${label(container!.at('instanceType'))} names "${fromContainer}": a multi-node job runs on one instance type`);
    ok = false;
  }
  const name = fromContainer ?? fromList;
  if (!ok) return undefined;
  if (name === undefined) return null;
  const path = fromContainer !== undefined ? container!.at('instanceType') : `${e.at('instanceTypes')}[0]`;
  if (!catalogType(name)) {
    e.c.report(path, `Unknown instance type "${name}": a multi-node job names one EC2 instance type of the catalog, such as "m5.8xlarge" (not a family or category)`);
    return undefined;
  }
  return { name, path };
}

/**
 * Every range that names an instance type names the same one (spec §12): the job's type, or null
 * when none names one (the compute environment's best fit for the largest node, at placement).
 */
function commonInstanceType(c: Checker, named: readonly { path: string; rangePath: string; instanceType: string | null }[]): string | null {
  const first = named.find((n) => n.instanceType !== null);
  if (!first) return null;
  for (const n of named) {
    if (n.instanceType === null || n.instanceType === first.instanceType) continue;
    c.report(n.path, `All node ranges of a multi-node job must use the same instance type: ${label(n.rangePath)} uses "${n.instanceType}" but ${label(first.rangePath)} uses "${first.instanceType}"`);
  }
  return first.instanceType;
}

/**
 * Nested ranges are allowed (the inner overrides the outer); two ranges over the same nodes, or
 * overlapping without one inside the other, have no defined winner and are refused.
 */
function checkNesting(c: Checker, ranges: readonly NodeRangeDraft[], numNodes: number): void {
  ranges.forEach((b, j) => {
    for (let i = 0; i < j; i++) {
      const a = ranges[i]!;
      const [a0, a1, b0, b1] = [a.start, lastNode(a, numNodes), b.start, lastNode(b, numNodes)];
      if (a1 < b0 || b1 < a0) continue;
      const at = `${b.path}.targetNodes`;
      if (a0 === b0 && a1 === b1) {
        c.report(at, `${label(at)} "${b.targetNodes}" covers the same nodes as ${label(a.path)} ("${a.targetNodes}"): give each node range its own nodes`);
      } else if (!(a0 <= b0 && b1 <= a1) && !(b0 <= a0 && a1 <= b1)) {
        c.report(at, `${label(at)} "${b.targetNodes}" overlaps ${label(a.path)} ("${a.targetNodes}") at ${nodesText(Math.max(a0, b0), Math.min(a1, b1))} without either containing the other (nested ranges override the outer one; partly overlapping ones are ambiguous)`);
      } else {
        continue; // nested: a later earlier range may still overlap this one partly
      }
      return; // one problem per range
    }
  });
}

/**
 * Disjoint ascending node groups: each node takes the innermost range covering it (the smallest at
 * registration), and consecutive nodes of one range form a group. `{ uncovered }`: the first node
 * no range covers.
 */
function groupsOf(
  ranges: readonly (TargetNodes & { size: number })[], numNodes: number,
): { groups: { from: number; to: number; range: number }[] } | { uncovered: number } {
  const groups: { from: number; to: number; range: number }[] = [];
  for (let node = 0; node < numNodes; node++) {
    let best = -1;
    ranges.forEach((r, i) => {
      if (node < r.start || node > Math.min(lastNode(r, numNodes), numNodes - 1)) return;
      if (best < 0 || r.size < ranges[best]!.size) best = i;
    });
    if (best < 0) return { uncovered: node };
    const last = groups[groups.length - 1];
    if (last && last.range === best && last.to === node - 1) last.to = node;
    else groups.push({ from: node, to: node, range: best });
  }
  return { groups };
}

/** A NodePropertiesSpec, and for each of its groups the index of the range it comes from (the spec names ranges only by text). */
export interface ResolvedNodes {
  spec: NodePropertiesSpec;
  rangeOf: readonly number[];
}

/** The nodes of a job of `numNodes` nodes whose ranges have `values` (the definition's, or after overrides). */
export function resolveNodes(draft: NodePropertiesDraft, numNodes: number, values: readonly RangeValues[], instanceType: string | null): ResolvedNodes {
  const resolved = groupsOf(draft.ranges, numNodes);
  // Callers resolve only ranges that cover every node (checked at registration; nodeOverrides keep it).
  if ('uncovered' in resolved) throw new RangeError(`node ${resolved.uncovered} is in no node range`);
  const groups: NodeGroupSpec[] = resolved.groups.map(({ from, to, range }) => {
    const v = values[range]!;
    return {
      from, to, targetNodes: draft.ranges[range]!.targetNodes, vcpus: v.vcpus, memory: v.memory, gpus: v.gpus, image: v.image,
      simulation: v.simulation && copySimulation(v.simulation),
    };
  });
  return {
    spec: { numNodes, mainNode: draft.mainNode, instanceType, groups, openEnded: draft.openEnded },
    rangeOf: resolved.groups.map((g) => g.range),
  };
}

/** A multi-node job's own size (the definition's, the job's in jobs.csv): its main node's group's. */
export function mainNodeSize(spec: NodePropertiesSpec): { vcpus: number; memory: number; gpus: number } {
  const main = groupOf(spec, spec.mainNode);
  return { vcpus: main.vcpus, memory: main.memory, gpus: main.gpus };
}

/** The group holding node `index` (groups cover every node). */
export function groupOf(spec: NodePropertiesSpec, index: number): NodeGroupSpec {
  return spec.groups.find((g) => g.from <= index && index <= g.to)!;
}

function copySimulation(s: SimulationSpec): SimulationSpec {
  return {
    ...s, duration: { ...s.duration }, exitCodes: s.exitCodes.map((e) => ({ ...e })), speedupByFamily: { ...s.speedupByFamily },
    memory: s.memory && { ...s.memory },
  };
}

/** A range's simulation block that only the main node would use is never used: the main node runs the definition's. */
function checkUnusedSimulation(c: Checker, ranges: readonly NodeRangeDraft[], { spec, rangeOf }: ResolvedNodes): void {
  ranges.forEach((r, j) => {
    if (!r.values.simulation) return;
    const own = spec.groups.filter((_, g) => rangeOf[g] === j);
    if (own.length > 0 && own.every((g) => g.from === spec.mainNode && g.to === spec.mainNode)) {
      c.report(`${r.path}.simulation`,
        `${label(r.path)}.simulation is never used: this range holds only the main node (node ${spec.mainNode}), which runs the job definition's simulation block`);
    }
  });
}

/**
 * The job's instance type must exist and hold every node group (vCPUs, registered memory, GPUs);
 * `where[j]` is where range j's values were written (its container, or the override that changed
 * them), null when they are not checked again.
 */
export function checkInstanceFit(c: Checker, draft: NodePropertiesDraft, { spec, rangeOf }: ResolvedNodes, where: readonly (string | null)[]): void {
  if (spec.instanceType === null) return;
  const type = catalogType(spec.instanceType);
  if (!type) return; // unknown types are reported where they are named
  const memory = draft.hostMemoryMiB(type.memoryMiB);
  const seen = new Set<number>();
  spec.groups.forEach((g, k) => {
    const j = rangeOf[k]!;
    const at = where[j];
    if (!at || seen.has(j) || (g.vcpus <= type.vcpus && g.memory <= memory && g.gpus <= type.gpus)) return;
    seen.add(j);
    c.report(at,
      `Node range "${draft.ranges[j]!.targetNodes}" needs ${g.vcpus} vCPUs, ${g.memory} MiB and ${g.gpus} GPUs per node, more than instance type ${type.instanceType} holds `
      + `(${type.vcpus} vCPUs, ${memory} MiB of registered memory of its ${type.memoryMiB} MiB, ${type.gpus} GPUs)`);
  });
}
