// Names a finished run gives its jobs: AWS-style ids (a UUIDv4 per submission, `<parent>:<i>` for
// array children, `<parent>#<n>` for the nodes of a multi-node job), job names, and the ids of the jobs each row waited on (which rows those are is
// the lifecycle's to say: RunResult.waitsOn).
import { RandomStreams, randomUuid, type Rng } from '../engine/random.js';
import { JobKind } from '../model/jobs.js';
import type { RunResult } from './run-result.js';

/** The job columns an id is made from: enough to name a row away from its run (a worker thread writing attempts.csv). */
export interface IdColumns {
  kind: Uint8Array;
  parent: Int32Array;
  ordinal: Int32Array;
}

/** AWS-style job ids of a run's rows: a UUIDv4 per submission, `<parent>:<i>` / `<parent>#<n>` for array children and nodes. */
export class JobIds {
  private readonly ids: string[] = [];
  private readonly rng: Rng;
  /** The columns as last read: rows below ids.length are in them, and a row's kind, parent and ordinal never change. */
  private columns: IdColumns;

  /** `read` gives the table's columns and row count now (a run still going grows, and so replaces, them). */
  constructor(seed: number, private readonly read: () => IdColumns & { count: number }) {
    // UUIDs drawn in row (= submission) order from their own stream, so they do not depend on
    // anything the scheduler did.
    this.rng = new RandomStreams(seed).stream('ids', 'jobs');
    this.columns = read();
    this.drawTo();
  }

  /** Ids of the rows up to the table's count: a run still going (Step Functions read ids as jobs end) adds rows, and their ids are the same drawn later. */
  private drawTo(): void {
    const now = this.read();
    this.columns = now;
    const { kind } = now;
    for (let r = this.ids.length; r < now.count; r++) {
      const k = kind[r];
      this.ids.push(k !== JobKind.ARRAY_CHILD && k !== JobKind.NODE ? randomUuid(this.rng) : '');
    }
  }

  jobId(row: number): string {
    if (row >= this.ids.length) this.drawTo();
    const { kind, parent, ordinal } = this.columns;
    const k = kind[row];
    if (k === JobKind.ARRAY_CHILD) return `${this.ids[parent[row]]}:${ordinal[row]}`;
    if (k === JobKind.NODE) return `${this.ids[parent[row]]}#${ordinal[row]}`;
    return this.ids[row];
  }
}

const NO_IDS: readonly string[] = Object.freeze([]);

export class JobNames {
  private readonly ids: JobIds;

  constructor(private readonly sim: RunResult) {
    this.ids = new JobIds(sim.seed, () => {
      const { jobs } = sim;
      return { count: jobs.count, kind: jobs.kind.data, parent: jobs.parent.data, ordinal: jobs.ordinal.data };
    });
  }

  jobId(row: number): string {
    return this.ids.jobId(row);
  }

  jobName(row: number): string {
    const jobs = this.sim.jobs;
    // Array children and multi-node nodes share their parent's name.
    const kind = jobs.kind.data[row];
    const named = kind === JobKind.ARRAY_CHILD || kind === JobKind.NODE ? jobs.parent.data[row] : row;
    const own = this.sim.rowNames.get(named);
    if (own !== undefined) return own;
    const t = this.sim.templates[jobs.template.data[named]];
    return t.numbered ? `${t.jobName}${jobs.ordinal.data[named]}` : t.jobName;
  }

  /** The job ids this row waited for, after array expansion (DESIGN §4 `dependsOn`). */
  dependsOn(row: number): readonly string[] {
    const rows = this.sim.waitsOn(row);
    // Most rows wait on nothing: no array made for them (jobs.csv asks for every row).
    return rows.length === 0 ? NO_IDS : rows.map((r) => this.jobId(r));
  }
}
