// `batchsim run --trace FROM..TO` (docs/outputs.md, "trace"): what happened in one window of time,
// step by step — each scheduler cycle's queue heads, what it placed and why a head was not
// placed, the instances it asked for, and every job state change. The cycle is watched through
// the scheduling-policy seam (a policy that wraps the real one and its decisions) and job changes
// through the transition listener, so a run without --trace pays nothing. Entries keep rows and
// instance indices; src/report/trace.ts names them once the run is over.
import type { ComputeEnvironment, InstanceOffer } from '../model/compute-environment.js';
import type { JobQueue } from '../model/job-queue.js';
import type { CycleDecisions, CycleSettings, CycleView, SchedulingPolicy } from '../scheduler/cycle-policy.js';
import { PlaceOutcome, type Placement, type Scheduler } from '../scheduler/scheduler.js';
import type { TransitionListener } from '../sim/context.js';
import type { Simulation } from '../sim/simulation.js';

/** A window of simulated time, ms from the start (either end may be open). */
export interface TraceWindow {
  fromMs: number;
  toMs: number;
}

export type TraceEntry = { t: number; seq: number } & (
  | { kind: 'cycle'; queues: { queue: string; priority: number; waiting: number; head: number }[] }
  | { kind: 'place'; queue: string; row: number; instances: number[]; fargate: string[] }
  | { kind: 'blocked'; queue: string; row: number; outcome: PlaceOutcome; reason: string }
  | { kind: 'launch'; computeEnvironment: string; instance: number }
  | { kind: 'job'; row: number; from: number; to: number }
);

/** The most entries kept: a window over a whole large run would otherwise hold millions. */
export const MAX_TRACE_ENTRIES = 500_000;

export class TraceRecorder {
  readonly entries: TraceEntry[] = [];
  /** Entries left out past MAX_TRACE_ENTRIES. */
  dropped = 0;
  private sim: Simulation | null = null;
  private seq = 0;

  constructor(readonly window: TraceWindow) {}

  /** The run being traced (set before it runs: the policy and listener read its clock). */
  attach(sim: Simulation): void {
    this.sim = sim;
  }

  /** `inner`, with every cycle inside the window written down. */
  policy(inner: SchedulingPolicy): SchedulingPolicy {
    return {
      runCycle: (scheduler: Scheduler, settings: CycleSettings, queues: JobQueue[], view: CycleView, decide: CycleDecisions, now: number) => {
        if (!this.inWindow(now)) return inner.runCycle(scheduler, settings, queues, view, decide, now);
        this.push({
          kind: 'cycle',
          queues: scheduler.queuesInOrder(queues).map((q) => ({ queue: q.name, priority: q.priority, waiting: q.waiting, head: q.waiting > 0 ? view.head(q) : -1 })),
        });
        inner.runCycle(scheduler, settings, queues, view, this.decisions(decide), now);
      },
    };
  }

  /** Job state changes inside the window. */
  readonly onTransition: TransitionListener = (row, from, to, t) => {
    if (this.inWindow(t)) this.push({ kind: 'job', row, from, to });
  };

  private decisions(decide: CycleDecisions): CycleDecisions {
    return {
      start: (queue: JobQueue, row: number, placement: Placement) => {
        const instances: number[] = [];
        const fargate: string[] = [];
        for (const a of placement.assignments) {
          if (a.kind === 'instance') instances.push(a.instance.index);
          else fargate.push(a.computeEnvironment.name);
        }
        // Written before the decision is applied: the job's RUNNABLE → STARTING follows it.
        this.push({ kind: 'place', queue: queue.name, row, instances, fargate });
        decide.start(queue, row, placement);
      },
      blocked: (queue: JobQueue, row: number, placement: Placement) => {
        decide.blocked(queue, row, placement);
        const reason = this.sim!.reasons.values[this.sim!.jobs.reason.data[row]] ?? '';
        this.push({ kind: 'blocked', queue: queue.name, row, outcome: placement.outcome, reason: placement.outcome === PlaceOutcome.Wait ? '' : reason });
      },
      launch: (ce: ComputeEnvironment, offer: InstanceOffer) => {
        decide.launch(ce, offer);
        // The instance just launched is the fleet's newest.
        this.push({ kind: 'launch', computeEnvironment: ce.name, instance: this.sim!.fleet.instances.length - 1 });
      },
    };
  }

  private inWindow(t: number): boolean {
    return t >= this.window.fromMs && t <= this.window.toMs;
  }

  private push(e: { kind: TraceEntry['kind'] } & Record<string, unknown>): void {
    if (this.entries.length >= MAX_TRACE_ENTRIES) {
      this.dropped++;
      return;
    }
    this.entries.push({ ...e, t: this.sim!.kernel.now, seq: this.seq++ } as TraceEntry);
  }
}
