// Names a finished run gives its jobs: AWS-style ids (a UUIDv4 per submission, `<parent>:<i>` for
// array children, `<parent>#<n>` for the nodes of a multi-node job), job names, and the ids of the jobs each row waited on (which rows those are is
// the lifecycle's to say: RunResult.waitsOn).
import { RandomStreams, randomUuid, type Rng } from '../engine/random.js';
import { JobKind } from '../model/jobs.js';
import type { RunResult } from './run-result.js';

export class JobNames {
  private readonly ids: string[] = [];
  private readonly rng: Rng;

  constructor(private readonly sim: RunResult) {
    // UUIDs drawn in row (= submission) order from their own stream, so they do not depend on
    // anything the scheduler did.
    this.rng = new RandomStreams(sim.seed).stream('ids', 'jobs');
    this.drawTo(sim.jobs.count);
  }

  /** Ids of rows up to `count`: a run still going (Step Functions read ids as jobs end) adds rows, and their ids are the same drawn later. */
  private drawTo(count: number): void {
    const jobs = this.sim.jobs;
    for (let r = this.ids.length; r < count; r++) {
      const kind = jobs.kind.data[r];
      this.ids.push(kind !== JobKind.ARRAY_CHILD && kind !== JobKind.NODE ? randomUuid(this.rng) : '');
    }
  }

  jobId(row: number): string {
    const jobs = this.sim.jobs;
    if (row >= this.ids.length) this.drawTo(jobs.count);
    const kind = jobs.kind.data[row];
    if (kind === JobKind.ARRAY_CHILD) return `${this.ids[jobs.parent.data[row]]}:${jobs.ordinal.data[row]}`;
    if (kind === JobKind.NODE) return `${this.ids[jobs.parent.data[row]]}#${jobs.ordinal.data[row]}`;
    return this.ids[row];
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
  dependsOn(row: number): string[] {
    return this.sim.waitsOn(row).map((r) => this.jobId(r));
  }
}
