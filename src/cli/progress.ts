// A progress bar for long runs, on stderr, only when a person is watching: stderr is a terminal
// and CI is not set (so CI logs and pipes never get control characters). It appears once a run has
// taken a second, so short runs print nothing extra.
import cliProgress from 'cli-progress';
import type { Scenario } from '../scenario/types.js';
import type { TransitionListener } from '../sim/simulation.js';

const SHOW_AFTER_MS = 1000;
const CHECK_EVERY = 4096;

export interface Progress {
  /** Counts jobs as they finish (pass to the simulation). */
  onTransition: TransitionListener;
  /** The simulation is over; the report is being written. */
  writing(): void;
  /** Removes the bar. */
  stop(): void;
}

/** Whether a progress bar may be drawn here. */
export function interactive(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

/** Jobs the scenario will submit (array children counted), or null when a workload's count is open. */
function expectedJobs(scenario: Scenario): number | null {
  let total = 0;
  for (const job of scenario.jobs) total += job.arraySize > 0 ? job.arraySize : 1;
  for (const w of scenario.workloads) {
    const count = (w as { count?: unknown }).count;
    if (typeof count !== 'number') return null;
    total += count;
  }
  return total;
}

export function startProgress(scenario: Scenario, label: string): Progress | null {
  if (!interactive()) return null;
  const expected = expectedJobs(scenario);
  const started = performance.now();
  let bar: cliProgress.SingleBar | null = null;
  let finished = 0;
  let created = 0;
  let calls = 0;
  let simTime = 0;
  const hours = (ms: number) => `${(ms / 3.6e6).toFixed(1)} h`;
  const total = () => Math.max(1, expected ?? created, finished);
  const show = () => {
    bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} {bar} {percentage}% | {value}/{total} jobs finished | simulated {sim} | {stage}`,
        hideCursor: true,
        clearOnComplete: true,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total(), finished, { sim: hours(simTime), stage: 'simulating' });
  };
  return {
    onTransition: (_row, from, to, timeMs) => {
      if (from === -1) created++;
      if (to === 5 || to === 6) finished++;
      if (++calls % CHECK_EVERY !== 0) return;
      simTime = timeMs;
      if (!bar) {
        if (performance.now() - started < SHOW_AFTER_MS) return;
        show();
      }
      bar!.setTotal(total());
      bar!.update(finished, { sim: hours(simTime) });
    },
    writing: () => {
      if (!bar && performance.now() - started >= SHOW_AFTER_MS) show();
      bar?.setTotal(total());
      bar?.update(finished, { stage: 'writing the report' });
    },
    stop: () => {
      bar?.stop();
      bar = null;
    },
  };
}
