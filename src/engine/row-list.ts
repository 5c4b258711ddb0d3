// A list of row numbers that the engine fills and empties on every scheduler cycle (jobs submitted
// or finished since the last one): an Int32Array with a count, so the hot path neither allocates
// nor sets an Array's length (a slow path in V8) to empty it.

export class RowList {
  private data = new Int32Array(64);
  length = 0;

  push(row: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = row;
  }

  at(i: number): number {
    return this.data[i];
  }

  clear(): void {
    this.length = 0;
  }
}
