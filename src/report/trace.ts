// trace.txt and trace.jsonl (docs/outputs.md, "trace"): a TraceRecorder's entries, in the order
// the kernel made them, with names — job names and ids, instance ids and types — and the instance
// changes of the window (ready, terminated, and launches no cycle asked for) taken from the
// instance table: at their instant, launches and readiness come before the entries the kernel
// made then (they are what a cycle at that instant sees), terminations after them.
import { ATTEMPT_OUTCOME_NAMES, NO_EXIT_CODE } from '../model/attempts.js';
import { JOB_STATUS_NAMES, JobKind, JobStatus } from '../model/jobs.js';
import { PlaceOutcome } from '../scheduler/scheduler.js';
import type { TraceEntry, TraceRecorder } from '../metrics/trace-recorder.js';
import type { JobNames } from '../sim/naming.js';
import type { Simulation } from '../sim/simulation.js';

type InstanceEntry = { t: number; seq: number; kind: 'instance'; instance: number; what: 'launched' | 'ready' | 'terminated' };

/** Where an entry goes among those of its instant: instance arrivals, then the kernel's, then terminations. */
const orderAtInstant = (e: Entry) => (e.kind !== 'instance' ? 1 : e.what === 'terminated' ? 2 : 0);
type Entry = TraceEntry | InstanceEntry;

/** Why a head was not placed, by the scheduler's outcome (docs/model.md, "Blocked jobs"). */
const NOT_PLACED: Record<number, string> = {
  [PlaceOutcome.Wait]: 'waits: capacity is launching, or an environment can still scale out, or it is busy at maxvCpus',
  [PlaceOutcome.JobResourceRequirement]: 'no instance type of any environment of the queue can hold it',
  [PlaceOutcome.ComputeEnvironmentMaxResource]: "a type could hold it, but every environment's maxvCpus is below what that type needs",
  [PlaceOutcome.InsufficientCapacity]: 'the environment could scale out for it, but its Spot capacity cannot be had now',
};

export interface TraceFiles {
  text: string;
  jsonl: string;
  entries: number;
}

export function traceFiles(sim: Simulation, trace: TraceRecorder, names: JobNames): TraceFiles {
  const { fromMs, toMs } = trace.window;
  const within = (t: number) => t >= fromMs && t <= toMs;
  const launchedByCycle = new Set<number>();
  for (const e of trace.entries) if (e.kind === 'launch') launchedByCycle.add(e.instance);
  const entries: Entry[] = [...trace.entries];
  for (const inst of sim.fleet.instances) {
    const add = (t: number, what: InstanceEntry['what']) => {
      if (t >= 0 && within(t)) entries.push({ t, seq: -1, kind: 'instance', instance: inst.index, what });
    };
    if (!launchedByCycle.has(inst.index)) add(inst.launchedAt, 'launched');
    if (inst.readyAt !== inst.launchedAt) add(inst.readyAt, 'ready');
    add(inst.terminatedAt, 'terminated');
  }
  entries.sort((a, b) => a.t - b.t || orderAtInstant(a) - orderAtInstant(b) || a.seq - b.seq);

  const job = (row: number) => {
    const kind = sim.jobs.kind.data[row];
    const index = kind === JobKind.ARRAY_CHILD || kind === JobKind.NODE ? `${kind === JobKind.NODE ? '#' : ':'}${sim.jobs.ordinal.data[row]}` : '';
    return { jobName: names.jobName(row) + index, jobId: names.jobId(row) };
  };
  const jobText = (row: number) => {
    const j = job(row);
    return `${j.jobName} [${j.jobId.slice(0, 8)}]`;
  };
  const instance = (index: number) => {
    const inst = sim.fleet.instances[index];
    return {
      instanceId: inst.instanceId, instanceType: inst.shape.instanceType, purchaseOption: inst.purchaseOption.name,
      computeEnvironment: sim.computeEnvironments[inst.computeEnvironment].name,
    };
  };
  const instanceText = (index: number) => {
    const i = instance(index);
    return `${i.instanceId} (${i.instanceType}, ${i.purchaseOption}, ${i.computeEnvironment})`;
  };

  // The attempt that ended with a job's change out of STARTING or RUNNING: its outcome, exit code and reason.
  const traced = new Set<number>();
  for (const e of entries) if (e.kind === 'job' && (e.from === JobStatus.STARTING || e.from === JobStatus.RUNNING)) traced.add(e.row);
  const ended = new Map<string, number>();
  const { attempts } = sim;
  for (let a = 0; a < attempts.count; a++) {
    const row = attempts.job.data[a];
    if (traced.has(row)) ended.set(`${row}@${attempts.stoppedAt.data[a]}`, a);
  }
  const attemptOf = (row: number, t: number) => {
    const a = ended.get(`${row}@${t}`);
    if (a === undefined) return null;
    const exit = attempts.exitCode.data[a];
    return {
      attempt: attempts.attempt.data[a], outcome: ATTEMPT_OUTCOME_NAMES[attempts.outcome.data[a]],
      exitCode: exit === NO_EXIT_CODE ? null : exit, statusReason: sim.reasons.values[attempts.reason.data[a]] || null,
    };
  };

  const text: string[] = [
    `# batchsim trace of ${sim.scenario.name}, seed ${sim.seed}: ${window(fromMs, toMs)} (times from the start, ${sim.scenario.startTime})`,
  ];
  const json: string[] = [];
  let lastTime = -1;
  let placed = -1;
  for (const e of entries) {
    // A placement's RUNNABLE → STARTING is the placement line itself.
    if (e.kind === 'job' && e.row === placed && e.to === JobStatus.STARTING) continue;
    placed = e.kind === 'place' ? e.row : -1;
    const at = e.t === lastTime ? ' '.repeat(12) : clock(e.t);
    lastTime = e.t;
    const t = e.t / 1000;
    switch (e.kind) {
      case 'cycle': {
        const queues = e.queues.map((q) => `${q.queue} (priority ${q.priority}) ${q.waiting === 0 ? 'empty' : `${q.waiting} waiting${q.head >= 0 ? `, head ${jobText(q.head)}` : ''}`}`);
        text.push(`${at}  cycle — ${queues.join('; ')}`);
        json.push(JSON.stringify({ t, kind: 'cycle', queues: e.queues.map((q) => ({ jobQueue: q.queue, priority: q.priority, waiting: q.waiting, head: q.head >= 0 ? job(q.head) : null })) }));
        break;
      }
      case 'place': {
        const where = [...e.instances.map(instanceText), ...e.fargate.map((ce) => `a Fargate task in ${ce}`)].join(', ');
        text.push(`${at}    place ${jobText(e.row)} from ${e.queue} on ${where}`);
        json.push(JSON.stringify({ t, kind: 'place', jobQueue: e.queue, ...job(e.row), instances: e.instances.map(instance), fargate: e.fargate }));
        break;
      }
      case 'blocked': {
        const why = NOT_PLACED[e.outcome] ?? 'not placed';
        text.push(`${at}    not placed ${jobText(e.row)} (${e.queue}): ${why}${e.reason ? ` — ${e.reason}` : ''}`);
        json.push(JSON.stringify({ t, kind: 'notPlaced', jobQueue: e.queue, ...job(e.row), why, statusReason: e.reason || null }));
        break;
      }
      case 'launch':
        text.push(`${at}    scale out: launch ${instanceText(e.instance)}`);
        json.push(JSON.stringify({ t, kind: 'launch', ...instance(e.instance) }));
        break;
      case 'job': {
        const attempt = e.from === JobStatus.STARTING || e.from === JobStatus.RUNNING ? attemptOf(e.row, e.t) : null;
        const how = attempt
          ? ` — attempt ${attempt.attempt} ${attempt.outcome}${attempt.exitCode !== null ? `, exit code ${attempt.exitCode}` : ''}${attempt.statusReason ? `: ${attempt.statusReason}` : ''}`
          : '';
        text.push(`${at}  ${jobText(e.row)} ${e.from < 0 ? 'submitted:' : `${JOB_STATUS_NAMES[e.from]} →`} ${JOB_STATUS_NAMES[e.to]}${how}`);
        json.push(JSON.stringify({ t, kind: 'job', ...job(e.row), from: e.from < 0 ? null : JOB_STATUS_NAMES[e.from], to: JOB_STATUS_NAMES[e.to], attempt }));
        break;
      }
      case 'instance': {
        const inst = sim.fleet.instances[e.instance];
        const reason = e.what === 'terminated' && inst.terminationReason ? ` (${inst.terminationReason})` : '';
        text.push(`${at}  instance ${instanceText(e.instance)} ${e.what}${reason}`);
        json.push(JSON.stringify({ t, kind: 'instance', what: e.what, ...instance(e.instance), terminationReason: e.what === 'terminated' ? inst.terminationReason || null : null }));
        break;
      }
    }
  }
  if (trace.dropped > 0) text.push(`# ${trace.dropped} more entries left out: a trace keeps at most ${trace.entries.length}; choose a shorter window`);
  return { text: text.join('\n') + '\n', jsonl: json.length ? json.join('\n') + '\n' : '', entries: entries.length };
}

/** Elapsed time as hh:mm:ss.mmm (hours past 99 widen the field). */
function clock(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

function window(fromMs: number, toMs: number): string {
  return `${clock(fromMs)} to ${toMs === Infinity ? 'the end' : clock(toMs)}`;
}
