// Synthetic workloads: an arrival process (Poisson, diurnal, bursts, a fixed batch) and a weighted
// job mix with size and duration distributions. Every kind of draw has its own named stream
// (`arrivals/<name>/arrivals`, `…/mix`, `…/vcpus`, `…/memory`, `…/gpus`, `…/duration`,
// `…/arraySize`), so the same seed gives the same jobs whatever else the scenario changes, and
// adding, say, a memory distribution does not move the arrival times.
import type { Rng } from '../engine/random.js';
import { LIMITS } from '../scenario/defaults.js';
import { MAX_TIME_MS } from '../scenario/time.js';
import type { ArrivalProcess, JobMixEntry, Scenario, SyntheticWorkloadSpec, WorkloadDistribution } from '../scenario/types.js';
import { sampleWorkload } from './distributions.js';
import type { WorkloadJob, WorkloadStream } from './types.js';

const ARRAY_MIN = 2;
const ARRAY_MAX = 10_000;
const MEMORY_MIN = 4;

export function syntheticWorkload(spec: SyntheticWorkloadSpec, scenario: Scenario, stream: (key: string) => Rng): WorkloadStream {
  const named = (what: string) => stream(`${spec.name}/${what}`);
  const nextTime = arrivalTimes(spec.arrivals, named('arrivals'));
  const mixRng = spec.mix.length > 1 ? named('mix') : null;
  const totalWeight = spec.mix.reduce((a, m) => a + m.weight, 0);
  const draw = {
    vcpus: lazy(() => named('vcpus')),
    memory: lazy(() => named('memory')),
    gpus: lazy(() => named('gpus')),
    duration: lazy(() => named('duration')),
    arraySize: lazy(() => named('arraySize')),
  };
  const queues = spec.mix.map((m) => scenario.jobQueues.findIndex((q) => q.jobQueueName === m.jobQueue));
  const untilMs = spec.untilSeconds === null ? Infinity : spec.untilSeconds * 1000;
  let emitted = 0;
  let done = false;

  const pick = (): number => {
    if (!mixRng) return 0;
    let u = mixRng() * totalWeight;
    for (let i = 0; i < spec.mix.length - 1; i++) {
      u -= spec.mix[i]!.weight;
      if (u < 0) return i;
    }
    return spec.mix.length - 1;
  };

  return {
    namePrefix: spec.jobNamePrefix,
    usesDependencies: false,
    next(): WorkloadJob | null {
      if (done || (spec.count !== null && emitted >= spec.count)) return null;
      const t = nextTime();
      // Nothing is generated past MAX_TIME_MS: a slow process ends there instead of producing
      // times the run cannot reach (or Infinity).
      if (t === null || t > untilMs || t > MAX_TIME_MS) {
        done = true;
        return null;
      }
      emitted++;
      const k = pick();
      const m = spec.mix[k]!;
      const def = scenario.jobDefinitions[m.jobDefinition]!;
      const fargate = def.platformCapabilities.includes('FARGATE');
      const job: WorkloadJob = {
        atMs: Math.round(t),
        jobName: null,
        jobQueue: queues[k]!,
        jobDefinition: m.jobDefinition,
        // Draws are clamped to the bounds the loader applies to written values (a wide lognormal can
        // draw beyond them, even Infinity).
        vcpus: m.vcpus === null ? def.vcpus : fargate ? fixedValue(m.vcpus) : clamp(Math.round(sampleWorkload(m.vcpus, draw.vcpus())), 1, LIMITS.vcpusMax),
        memory: m.memory === null ? def.memory : fargate ? fixedValue(m.memory) : clamp(Math.round(sampleWorkload(m.memory, draw.memory())), MEMORY_MIN, LIMITS.memoryMiBMax),
        gpus: m.gpus === null ? def.gpus : clamp(Math.round(sampleWorkload(m.gpus, draw.gpus())), 0, LIMITS.gpusMax),
        durationMs: m.duration === null ? null : clamp(Math.round(sampleWorkload(m.duration, draw.duration()) * 1000), 0, MAX_TIME_MS),
        exitCode: null,
        arraySize: arraySize(m, draw.arraySize),
        dependsOn: [],
        attemptDurationSeconds: null,
        cancelled: null,
      };
      // Fair share (spec §7.2): absent fields mean no identifier and the definition's priority.
      if (m.shareIdentifier) job.shareIdentifier = m.shareIdentifier;
      if (m.schedulingPriority !== undefined) job.schedulingPriority = m.schedulingPriority;
      return job;
    },
  };
}

/** `v` within [lo, hi]; NaN (not drawn by any distribution, but cheap to guard) becomes lo. */
function clamp(v: number, lo: number, hi: number): number {
  return v >= hi ? hi : v >= lo ? v : lo;
}

function arraySize(m: JobMixEntry, rng: () => Rng): number {
  if (m.arraySize === null) return 0;
  const n = Math.round(sampleWorkload(m.arraySize, rng()));
  return n < ARRAY_MIN ? 0 : Math.min(ARRAY_MAX, n);
}

/** Fargate sizes must be one of the allowed pairs, so only fixed values are accepted (checked when loading). */
function fixedValue(d: WorkloadDistribution): number {
  return d.distribution === 'fixed' ? d.value : NaN;
}

function lazy(make: () => Rng): () => Rng {
  let rng: Rng | undefined;
  return () => (rng ??= make());
}

/** A function giving the next arrival time (ms, fractional, non-decreasing), or null when the process ends. */
export function arrivalTimes(a: ArrivalProcess, rng: Rng): () => number | null {
  switch (a.process) {
    case 'poisson': {
      let t = a.startAtSeconds * 1000;
      const meanMs = a.meanInterarrivalSeconds * 1000;
      return () => (t += -meanMs * Math.log(1 - rng()));
    }
    case 'diurnal':
      return diurnal(a, rng);
    case 'batch': {
      let left = a.count;
      return () => (left-- > 0 ? a.atSeconds * 1000 : null);
    }
    case 'bursts':
      return bursts(a.bursts, rng);
  }
}

/**
 * A non-homogeneous Poisson process by thinning (Lewis and Shedler, 1979): candidates at the
 * peak rate, each kept with probability rate(t) / peak.
 */
function diurnal(a: Extract<ArrivalProcess, { process: 'diurnal' }>, rng: Rng): () => number | null {
  const rate = diurnalRate(a);
  const peak = 'ratePerHourByHour' in a ? Math.max(...a.ratePerHourByHour) : a.sinusoid.meanRatePerHour * (1 + a.sinusoid.amplitude);
  const meanGapMs = 3_600_000 / peak;
  let t = a.startAtSeconds * 1000;
  return () => {
    for (;;) {
      t += -meanGapMs * Math.log(1 - rng());
      // Past the limit the stream ends (the caller stops at MAX_TIME_MS); a tiny rate gets there fast.
      if (t > MAX_TIME_MS || rng() * peak < rate(t)) return t;
    }
  };
}

/** Jobs per hour at t (ms since the scenario start). */
export function diurnalRate(a: Extract<ArrivalProcess, { process: 'diurnal' }>): (tMs: number) => number {
  const hourOf = (tMs: number) => {
    const h = ((a.clockOffsetSeconds + tMs / 1000) / 3600) % 24;
    return h < 0 ? h + 24 : h;
  };
  if ('ratePerHourByHour' in a) {
    const table = a.ratePerHourByHour;
    return (tMs) => table[Math.min(23, Math.floor(hourOf(tMs)))]!;
  }
  const { meanRatePerHour, amplitude, peakHour } = a.sinusoid;
  return (tMs) => meanRatePerHour * (1 + amplitude * Math.cos((2 * Math.PI * (hourOf(tMs) - peakHour)) / 24));
}

/**
 * Bursts merged in time order. Within a spread burst the times are sorted uniforms drawn one at a
 * time (the minimum of the m remaining uniforms on [x, 1) is x + (1 − x)(1 − U^(1/m))), so a
 * burst of a million jobs needs no array.
 */
function bursts(list: { atSeconds: number; count: number; spreadSeconds: number }[], rng: Rng): () => number | null {
  const left = list.map((b) => b.count);
  const pos = list.map(() => 0);
  const next: (number | null)[] = list.map(() => null);
  const advance = (i: number) => {
    const b = list[i]!;
    if (left[i]! <= 0) {
      next[i] = null;
      return;
    }
    if (b.spreadSeconds > 0) {
      let u = 0;
      while (u === 0) u = rng();
      pos[i] = pos[i]! + (1 - pos[i]!) * (1 - Math.pow(u, 1 / left[i]!));
    }
    left[i]!--;
    next[i] = (b.atSeconds + b.spreadSeconds * pos[i]!) * 1000;
  };
  list.forEach((_, i) => advance(i));
  return () => {
    let best = -1;
    for (let i = 0; i < next.length; i++) {
      const t = next[i];
      if (t !== null && t !== undefined && (best < 0 || t < next[best]!)) best = i;
    }
    if (best < 0) return null;
    const t = next[best]!;
    advance(best);
    return t;
  };
}
