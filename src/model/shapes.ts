// Job sizes (vCPU, memory MiB, GPUs) interned to small integers: demand is counted per shape and
// "does this size fit that instance type" is answered once per pair.

export interface JobShape {
  id: number;
  vcpus: number;
  memory: number;
  gpus: number;
}

export class ShapeTable {
  readonly shapes: JobShape[] = [];
  private readonly byKey = new Map<string, number>();

  /** The shape interned last: a workload stream asks for the same size job after job. */
  private last: JobShape | null = null;

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
