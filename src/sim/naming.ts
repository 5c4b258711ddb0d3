// Names a finished run gives its jobs: AWS-style ids (a UUIDv4 per submission, `<parent>:<i>` for
// array children), job names, and the resolved dependency ids of each row.
import { RandomStreams, randomUuid } from '../engine/random.js';
import { JobKind } from '../model/jobs.js';
import type { Simulation } from './simulation.js';

export class JobNames {
  private readonly ids: string[];

  constructor(private readonly sim: Simulation) {
    // UUIDs drawn in row (= submission) order from their own stream, so they do not depend on
    // anything the scheduler did.
    const rng = new RandomStreams(sim.seed).stream('ids', 'jobs');
    const jobs = sim.jobs;
    this.ids = new Array<string>(jobs.count);
    for (let r = 0; r < jobs.count; r++) {
      if (jobs.kind.data[r] !== JobKind.ARRAY_CHILD) this.ids[r] = randomUuid(rng);
    }
  }

  jobId(row: number): string {
    const jobs = this.sim.jobs;
    if (jobs.kind.data[row] === JobKind.ARRAY_CHILD) return `${this.ids[jobs.parent.data[row]]}:${jobs.ordinal.data[row]}`;
    return this.ids[row];
  }

  jobName(row: number): string {
    const jobs = this.sim.jobs;
    // Array children share their parent's name.
    const named = jobs.kind.data[row] === JobKind.ARRAY_CHILD ? jobs.parent.data[row] : row;
    const own = this.sim.rowNames.get(named);
    if (own !== undefined) return own;
    const t = this.sim.templates[jobs.template.data[named]];
    return t.numbered ? `${t.jobName}${jobs.ordinal.data[named]}` : t.jobName;
  }

  /** The job ids this row waited for, after array expansion (DESIGN §4 `dependsOn`). */
  dependsOn(row: number): string[] {
    const { jobs, scenario, templateSubmission, submissionRow } = this.sim;
    const kind = jobs.kind.data[row];
    const submission = templateSubmission[jobs.template.data[row]];
    if (submission < 0) {
      const own = this.sim.workloadDeps.get(kind === JobKind.ARRAY_CHILD ? jobs.parent.data[row] : row) ?? [];
      return own.map((r) => this.jobId(r));
    }
    const k = jobs.ordinal.data[row];
    const out: string[] = [];
    for (const d of scenario.jobs[submission].dependsOn) {
      if (d.type === 'SEQUENTIAL') {
        if (kind === JobKind.ARRAY_CHILD && k > 0) out.push(this.jobId(row - 1));
      } else if (d.type === 'N_TO_N') {
        if (kind === JobKind.ARRAY_CHILD) out.push(`${this.ids[submissionRow[d.job]]}:${k}`);
      } else {
        out.push(this.ids[submissionRow[d.job]]);
      }
    }
    return out;
  }
}
