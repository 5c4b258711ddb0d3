// Writes a CSV file in chunks: rows are stringified by csv-stringify a few thousand at a time and
// appended, so a million-row table never sits in memory as one string.
import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number;

export class CsvFile {
  private readonly fd: number;
  private rows: Cell[][] = [];

  constructor(path: string, header: readonly string[]) {
    this.fd = openSync(path, 'w');
    this.rows.push([...header]);
  }

  row(cells: Cell[]): void {
    this.rows.push(cells);
    if (this.rows.length >= 5000) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.rows.length === 0) return;
    writeSync(this.fd, stringify(this.rows));
    this.rows = [];
  }
}

/** Milliseconds since scenario start as seconds; empty when the time never came. */
export function seconds(ms: number): Cell {
  return ms < 0 ? '' : ms / 1000;
}
