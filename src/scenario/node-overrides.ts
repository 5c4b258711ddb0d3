// SubmitJob's `nodeOverrides` (API NodeOverrides and NodePropertyOverride; spec §12) over a
// multinode job definition's node ranges: `numNodes`, allowed only when a range is open-ended, and
// per-range `containerOverrides` (resources, instance type, command, environment).
import { fields, label, quoteList, type Fields } from './check.js';
import type { JobDefinitionDraft } from './job-definitions.js';
import {
  TARGET_NODES_RULE, checkInstanceFit, lastNode, nodesText, readInstanceType, readNumNodes, readTargetNodes, resolveNodes,
  type NodePropertiesDraft, type NodeRangeDraft, type RangeValues, type TargetNodes,
} from './node-properties.js';
import { readContainerOverrides } from './overrides.js';
import { UNSUPPORTED } from './unsupported.js';
import type { NodePropertiesSpec } from './types.js';


/** What one node property override changed in one node range of the definition. */
interface Applied {
  range: number;
  path: string;
  resources: boolean;
  instanceType: { name: string; path: string } | null;
}

/**
 * The job's nodes: the definition's node properties after `nodeOverrides` (at f.nodeOverrides,
 * optional); undefined when there are problems (reported) or the definition is unusable.
 */
export function readNodeOverrides(f: Fields, definition: JobDefinitionDraft): NodePropertiesSpec | undefined {
  const draft = definition.nodes;
  const o = f.object('nodeOverrides');
  o?.allow(['numNodes', 'nodePropertyOverrides']);
  const before = f.c.problems.length;
  const ref = `${definition.name}:${definition.revision}`;
  const numNodes = o && draft ? readNodeCount(o, ref, draft) : draft?.numNodes;
  const values: RangeValues[] = draft ? draft.ranges.map((r) => ({ ...r.values })) : [];
  const applied: Applied[] = [];
  const list = o?.list('nodePropertyOverrides');
  list?.forEach((item, k) => {
    const p = fields(f.c, item, `${o!.at('nodePropertyOverrides')}[${k}]`);
    if (!p) return;
    const a = readOverride(p, draft, numNodes, ref, applied);
    if (!a || !draft) return;
    values[a.range] = { ...values[a.range]!, ...a.values };
    applied.push(a.applied);
  });
  if (!draft || numNodes === undefined || f.c.problems.length > before) return undefined;

  const type = jobInstanceType(f, draft, values, applied);
  if (type === undefined) return undefined;
  const resolved = resolveNodes(draft, numNodes, values, type);
  // Only what the overrides changed is checked again: the definition's own ranges were checked when it was registered.
  const typeChange = applied.find((a) => a.instanceType !== null && a.instanceType.name !== definition.spec?.nodeProperties?.instanceType);
  const where = draft.ranges.map((_, i) => typeChange?.instanceType?.path ?? applied.find((a) => a.range === i && a.resources)?.path ?? null);
  checkInstanceFit(f.c, draft, resolved, where);
  return f.c.problems.length > before ? undefined : resolved.spec;
}

/**
 * nodeOverrides.numNodes (API NodeOverrides): the definition needs a range with an open upper end,
 * and its main node and every range's lower bound must be below the new count. Open ranges then
 * reach the new last node; a closed range past it ends there.
 */
function readNodeCount(o: Fields, ref: string, draft: NodePropertiesDraft): number | undefined {
  if (!o.has('numNodes')) return draft.numNodes;
  const n = readNumNodes(o);
  if (n === undefined) return undefined;
  const path = o.at('numNodes');
  const what = `${label(path)} (${n})`;
  if (!draft.openEnded) {
    o.c.report(path,
      `${label(path)} needs a node range with an open upper end (":" or "n:") in job definition "${ref}", whose ranges are ${quoteList(draft.ranges.map((r) => r.targetNodes))}`);
  } else if (draft.mainNode >= n) {
    o.c.report(path, `${what} must be greater than the main node's index in job definition "${ref}" (mainNode ${draft.mainNode})`);
  } else {
    const low = draft.ranges.find((r) => r.start >= n);
    if (!low) return n;
    o.c.report(path, `${what} must be greater than the lower bound of every node range of job definition "${ref}": "${low.targetNodes}" starts at node ${low.start}`);
  }
  return undefined;
}

/** One NodePropertyOverride: which range of the definition it targets, and the values it gives that range. */
function readOverride(
  p: Fields, draft: NodePropertiesDraft | undefined, numNodes: number | undefined, ref: string, earlier: readonly Applied[],
): { range: number; values: Partial<RangeValues>; applied: Applied } | undefined {
  p.allow(['targetNodes', 'containerOverrides', 'instanceTypes'], [], UNSUPPORTED.nodeOverride);
  const text = p.string('targetNodes', { required: true, rule: TARGET_NODES_RULE });
  const co = p.object('containerOverrides');
  const type = readInstanceType(p, co);
  const range = text === undefined || !draft || numNodes === undefined ? undefined : targetRange(p, text, draft, numNodes, ref, earlier);
  const r = range === undefined ? undefined : draft!.ranges[range]!;
  const base = r && { resources: r.resources, capability: 'EC2' as const, owner: `node range "${r.targetNodes}" of job definition "${ref}"` };
  const { over, ok } = readContainerOverrides(co, base, true);
  if (range === undefined || !ok || type === undefined) return undefined;

  const values: Partial<RangeValues> = {};
  if (over.VCPU) values.vcpus = over.VCPU.value;
  if (over.MEMORY) values.memory = over.MEMORY.value;
  if (over.GPU) values.gpus = over.GPU.value;
  if (type !== null) values.instanceType = type.name;
  return { range, values, applied: { range, path: p.path, resources: Object.keys(over).length > 0, instanceType: type } };
}

/**
 * The definition's range an override's targetNodes names (AWS: "NodeOverride targets should match
 * job definition" — the same nodes, not an arbitrary set), once per range; undefined when it names
 * none (reported).
 */
function targetRange(
  p: Fields, text: string, draft: NodePropertiesDraft, numNodes: number, ref: string, earlier: readonly Applied[],
): number | undefined {
  const target = readTargetNodes(p, text, numNodes, 'the job');
  if (!target) return undefined;
  const at = p.at('targetNodes');
  const range = draft.ranges.findIndex((r) => sameNodes(r, target, numNodes));
  if (range < 0) {
    p.c.report(at,
      `NodeOverride targets should match job definition: ${label(at)} "${text}" (${nodesText(target.start, lastNode(target, numNodes))}) is none of the node ranges of job definition "${ref}" (${quoteList(draft.ranges.map((r) => r.targetNodes))})`);
    return undefined;
  }
  const twice = earlier.find((a) => a.range === range);
  if (twice) {
    p.c.report(at, `${label(at)} "${text}" targets node range "${draft.ranges[range]!.targetNodes}" again (also ${label(twice.path)}): give each node range one override`);
    return undefined;
  }
  return range;
}

/** The definition's range and the override's target name the same nodes in a job of `numNodes` nodes. */
function sameNodes(r: NodeRangeDraft, t: TargetNodes, numNodes: number): boolean {
  return r.start === t.start && Math.min(lastNode(r, numNodes), numNodes - 1) === lastNode(t, numNodes);
}

/**
 * The one instance type of the job after its overrides (spec §12: every node group uses the same
 * one): an override that names a type other than a range's is refused, at the override.
 */
function jobInstanceType(f: Fields, draft: NodePropertiesDraft, values: readonly RangeValues[], applied: readonly Applied[]): string | null | undefined {
  let ok = true;
  for (const a of applied) {
    if (!a.instanceType) continue;
    const other = values.findIndex((v) => v.instanceType !== null && v.instanceType !== a.instanceType!.name);
    if (other < 0) continue;
    f.c.report(a.instanceType.path,
      `All node ranges of a multi-node job must use the same instance type: this override gives node range "${draft.ranges[a.range]!.targetNodes}" "${a.instanceType.name}" but node range "${draft.ranges[other]!.targetNodes}" uses "${values[other]!.instanceType}"`);
    ok = false;
  }
  if (!ok) return undefined;
  return values.find((v) => v.instanceType !== null)?.instanceType ?? null;
}
