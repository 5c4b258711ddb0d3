// A multi-node parallel job at run time (spec §12): its parent row (MULTINODE: queued, carrying the
// job's status) and its node rows (NODE, `jobId#n`, consecutive after it), which node is the main
// one, each node's group, and the instances its current attempt holds.
import type { NodeGroupSpec, NodePropertiesSpec, SimulationSpec } from '../scenario/types.js';

export class MultiNodeState {
  /** Instance index per node while an attempt holds the gang (−1 otherwise). */
  readonly instances: Int32Array;
  /** Set while the job stops its nodes itself (the main node ended): their ends change nothing more. */
  stopping = false;

  constructor(readonly parent: number, readonly firstNode: number, readonly spec: NodePropertiesSpec) {
    this.instances = new Int32Array(spec.numNodes).fill(-1);
  }

  get numNodes(): number {
    return this.spec.numNodes;
  }

  get mainRow(): number {
    return this.firstNode + this.spec.mainNode;
  }

  /** How node `row` behaves: its group's simulation block for a child that has one; null: the job's (main) or none (a child runs until the main node exits). */
  simulationOf(row: number): SimulationSpec | null {
    return row === this.mainRow ? null : this.group(row - this.firstNode).simulation;
  }

  /** The group node `index` belongs to (the groups are disjoint, ascending and cover every node). */
  group(index: number): NodeGroupSpec {
    for (const g of this.spec.groups) if (index >= g.from && index <= g.to) return g;
    throw new RangeError(`node ${index} of ${this.spec.numNodes} is in no node group`);
  }
}
