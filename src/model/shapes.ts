// Job sizes (vCPU, memory MiB, GPUs) interned to small integers: demand is counted per shape and
// "does this size fit that instance type" is answered once per pair.

export interface JobShape {
  id: number;
  vcpus: number;
  memory: number;
  gpus: number;
  /** A multi-node job's gang (spec §12): its size and instance type; vcpus etc. are then its nodes' totals. */
  gang?: GangShape;
}

/** What a multi-node job needs at once: `nodes` whole instances of one type, each holding one node. */
export interface GangShape {
  nodes: number;
  /** The definition's instance type, or null: the environment's cheapest type that holds the largest node. */
  instanceType: string | null;
  /** The largest node's requirements, interned (every node's instance must hold them). */
  node: JobShape;
}

export class ShapeTable {
  readonly shapes: JobShape[] = [];
  private readonly byKey = new Map<string, number>();

  /** The shape interned last: a workload stream asks for the same size job after job. */
  private last: JobShape | null = null;

  /** A gang's shape (one per distinct gang; never equal to a container job's). */
  internGang(gang: GangShape, vcpus: number, memory: number, gpus: number): number {
    const key = `gang/${gang.nodes}/${gang.instanceType ?? ''}/${gang.node.id}/${vcpus}/${memory}/${gpus}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push({ id, vcpus, memory, gpus, gang });
      this.byKey.set(key, id);
    }
    return id;
  }

  intern(vcpus: number, memory: number, gpus: number): number {
    const last = this.last;
    if (last !== null && last.vcpus === vcpus && last.memory === memory && last.gpus === gpus) return last.id;
    const key = `${vcpus}/${memory}/${gpus}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.shapes.length;
      this.shapes.push({ id, vcpus, memory, gpus });
      this.byKey.set(key, id);
    }
    this.last = this.shapes[id];
    return id;
  }
}
