// The engine's M/M/c work with every layer taken away (issue 9): the `mmc90` queue run by one
// loop over the engine's own data model — its event queue (same kinds, phases and lanes, so the
// same five events per job), its job table and attempt log written with exactly the values the
// engine writes (test/bench/model-loop.test.ts compares every column), its keyed run-time draws
// and its job-state counters — but no queues, compute environments, policies, listeners or
// checks for arrays, dependencies, retries, multi-node jobs or Fargate. It is the most the
// engine could reach while it keeps what a run records; the bench prints its jobs/s as a share
// of the bare-heap probe's beside the engine's.
import { EventQueue } from '../src/engine/event-queue.js';
import { Phase } from '../src/engine/phases.js';
import { KeyedStream } from '../src/engine/keyed-random.js';
import { RandomStreams } from '../src/engine/random.js';
import { AttemptLog, AttemptOutcome } from '../src/model/attempts.js';
import { JobKind, JobStatus, JobTable, NO_EXIT_OVERRIDE, StringTable } from '../src/model/jobs.js';
import { StatusReason } from '../src/model/status-reasons.js';
import { EventKind } from '../src/sim/event-kinds.js';

export interface ModelLoopResult {
  seconds: number;
  jobs: number;
  events: number;
  /** When the last job ended, ms. */
  endMs: number;
  table: JobTable;
  attempts: AttemptLog;
}

export function mmcModelLoop(servers: number, meanInterarrivalSeconds: number, meanServiceSeconds: number, count: number, seed: number): ModelLoopResult {
  if (servers > 30) throw new RangeError('the model loop keeps its free servers in one 32-bit mask');
  const t0 = process.hrtime.bigint();
  const arrivals = new RandomStreams(seed).stream('arrivals', '0');
  const durations = new KeyedStream(seed, 'durations');
  const jobs = new JobTable();
  jobs.reserve(count);
  const attempts = new AttemptLog();
  attempts.reserve(count);
  const reasons = new StringTable();
  const events = new EventQueue();
  // The kernel's progress counters, kept as the lifecycle keeps them.
  let openJobs = 0;
  let activeJobs = 0;
  let changes = 0;
  let lastProgress = 0;
  // The queue (a FIFO ring of rows) and the servers: a bit per free server; the engine's best fit
  // among equal single-slot instances is the lowest index. A server's image cache, as the engine's.
  const waiting = new Int32Array(count);
  let head = 0;
  let tail = 0;
  let free = (1 << servers) - 1;
  const images = Array.from({ length: servers }, () => new Map<string, number>());
  const submitted: number[] = [];
  const finished: number[] = [];
  let cycleQueued = false;
  let arrived = 0;
  let t = 0;
  let now = 0;
  let handled = 0;
  let endMs = 0;

  const transition = (row: number, to: number): void => {
    const from = jobs.status.data[row];
    jobs.status.data[row] = to;
    changes++;
    lastProgress = now;
    const active = to === JobStatus.STARTING || to === JobStatus.RUNNING;
    if ((from === JobStatus.STARTING || from === JobStatus.RUNNING) !== active) activeJobs += active ? 1 : -1;
    const terminal = to === JobStatus.SUCCEEDED || to === JobStatus.FAILED;
    if ((from === JobStatus.SUCCEEDED || from === JobStatus.FAILED) !== terminal) openJobs += terminal ? -1 : 1;
  };
  const requestCycle = (): void => {
    if (cycleQueued) return;
    cycleQueued = true;
    events.push(now, Phase.SchedulerCycle, EventKind.SchedulerCycle, 0);
  };
  const nextArrival = (): void => {
    if (arrived >= count) return;
    t += -meanInterarrivalSeconds * 1000 * Math.log(1 - arrivals());
    events.push(Math.round(t), Phase.Submission, EventKind.WorkloadArrival, 0);
  };

  nextArrival();
  while (events.size > 0) {
    events.pop();
    handled++;
    now = events.time;
    const kind = events.kind;
    if (kind === EventKind.WorkloadArrival) {
      const row = jobs.count++;
      jobs.template.data[row] = 0;
      jobs.kind.data[row] = JobKind.JOB;
      jobs.parent.data[row] = -1;
      jobs.exitOverride.data[row] = NO_EXIT_OVERRIDE;
      jobs.status.data[row] = JobStatus.SUBMITTED;
      jobs.createdAt.data[row] = now;
      openJobs++;
      lastProgress = now;
      jobs.shape.data[row] = 0;
      jobs.timeout.data[row] = -1;
      const ms = Math.round(-meanServiceSeconds * Math.log(1 - durations.at(row, 0)()) * 1000);
      jobs.duration.data[row] = ms;
      jobs.remaining.data[row] = ms;
      jobs.ordinal.data[row] = arrived++;
      submitted.push(row);
      requestCycle();
      nextArrival();
    } else if (kind === EventKind.SchedulerCycle) {
      cycleQueued = false;
      // As the kernel drops a cycle once the work has ended.
      if (openJobs === 0 && arrived >= count) continue;
      for (let i = 0; i < submitted.length; i++) {
        const row = submitted[i];
        if (jobs.status.data[row] >= JobStatus.SUCCEEDED || jobs.cancelRequest.data[row] !== 0) continue;
        jobs.pendingDeps.data[row] = 0;
        if (jobs.runnableAt.data[row] < 0) jobs.runnableAt.data[row] = now;
        transition(row, JobStatus.RUNNABLE);
        waiting[tail++] = row;
      }
      submitted.length = 0;
      for (let i = 0; i < finished.length; i++) jobs.resolved.data[finished[i]] = 1;
      finished.length = 0;
      while (head < tail && free !== 0) {
        const row = waiting[head++];
        const server = 31 - Math.clz32(free & -free);
        free &= ~(1 << server);
        jobs.instance.data[row] = server;
        jobs.placedAt.data[row] = now;
        jobs.attempts.data[row]++;
        jobs.reason.data[row] = 0;
        transition(row, JobStatus.STARTING);
        const pulled = images[server].get('image');
        let startAt = now;
        if (pulled === undefined) images[server].set('image', now);
        else startAt = Math.max(now, pulled);
        events.push(startAt, Phase.JobStart, EventKind.JobStart, row);
      }
    } else if (kind === EventKind.JobStart) {
      const row = events.arg;
      jobs.startedAt.data[row] = now;
      if (jobs.firstStartedAt.data[row] < 0) jobs.firstStartedAt.data[row] = now;
      transition(row, JobStatus.RUNNING);
      const endsAt = now + Math.round(jobs.remaining.data[row]);
      jobs.exitCode.data[row] = 0;
      jobs.endsAt.data[row] = endsAt;
      events.push(endsAt, Phase.AttemptEnd, EventKind.AttemptEnd, row);
    } else {
      const row = events.arg;
      if (jobs.status.data[row] !== JobStatus.RUNNING || jobs.endsAt.data[row] !== now) continue;
      const server = jobs.instance.data[row];
      const reason = reasons.id(StatusReason.ESSENTIAL_CONTAINER_EXITED);
      const i = attempts.count++;
      attempts.job.data[i] = row;
      attempts.attempt.data[i] = jobs.attempts.data[row];
      attempts.instance.data[i] = server;
      attempts.placedAt.data[i] = jobs.placedAt.data[row];
      attempts.startedAt.data[i] = jobs.startedAt.data[row];
      attempts.stoppedAt.data[i] = now;
      attempts.exitCode.data[i] = jobs.exitCode.data[row];
      attempts.reason.data[i] = reason;
      attempts.containerReason.data[i] = 0;
      attempts.outcome.data[i] = AttemptOutcome.SUCCEEDED;
      free |= 1 << server;
      jobs.containerReason.data[row] = 0;
      jobs.instance.data[row] = -1;
      jobs.endsAt.data[row] = -1;
      jobs.deadline.data[row] = -1;
      jobs.cancelRequest.data[row] = 0;
      jobs.reason.data[row] = reason;
      jobs.stoppedAt.data[row] = now;
      transition(row, JobStatus.SUCCEEDED);
      finished.push(row);
      endMs = now;
      requestCycle();
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (changes < 0 || activeJobs !== 0 || lastProgress > endMs) throw new Error('the model loop ended with jobs running');
  return { seconds, jobs: count, events: handled, endMs, table: jobs, attempts };
}
