// Growable typed-array columns for struct-of-arrays tables (jobs, attempts): one row is a few
// numbers, not an object, so a million jobs cost tens of megabytes and no per-job allocation.

type TypedArray = Float64Array | Int32Array | Uint8Array | Uint16Array;
type TypedArrayCtor<T extends TypedArray> = { new (n: number): T };

export class Column<T extends TypedArray> {
  data: T;
  constructor(private readonly ctor: TypedArrayCtor<T>, capacity: number, private readonly fill = 0) {
    this.data = new ctor(capacity);
    if (fill !== 0) this.data.fill(fill);
  }

  /** Makes room for at least `n` rows, keeping existing values (doubling: each row is copied about once). */
  ensure(n: number): void {
    if (n <= this.data.length) return;
    let cap = this.data.length || 16;
    while (cap < n) cap *= 2;
    this.resize(cap);
  }

  /** Makes room for exactly `n` rows when the count is known in advance (no spare capacity). */
  reserve(n: number): void {
    if (n > this.data.length) this.resize(n);
  }

  private resize(cap: number): void {
    const next = new this.ctor(cap);
    if (this.fill !== 0) next.fill(this.fill);
    next.set(this.data as never);
    this.data = next;
  }
}
