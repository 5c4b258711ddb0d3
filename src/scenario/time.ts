// ISO-8601 instants as scenario files write them (startTime, price-trace times).

/** A date, or a date-time with a zone (Z or ±hh:mm): a local time would mean different instants on different machines. */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** ' (add a zone such as Z: …)' when `text` looks like a date-time without a zone, else ''. */
export function localTimeHint(text: string): string {
  return /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? ' (add a zone such as Z: a local time is not reproducible)' : '';
}

/** True when `v` matches ISO_INSTANT and names a real calendar date and time. */
export function isValidInstant(v: string): boolean {
  const m = ISO_INSTANT.exec(v);
  return m !== null && Number.isFinite(Date.parse(v)) && Number(m[2]) >= 1 && Number(m[2]) <= 12
    && Number(m[3]) >= 1 && Number(m[3]) <= daysInMonth(Number(m[1]), Number(m[2]))
    && Number(m[4] ?? 0) <= 23 && Number(m[5] ?? 0) <= 59 && Number(m[6] ?? 0) <= 59;
}

function daysInMonth(year: number, month: number): number {
  return [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * The latest time a scenario or workload may state, and the longest duration: 10 years. Times run
 * as integer milliseconds, and this keeps them (and sums of a few of them) far inside
 * Number.MAX_SAFE_INTEGER; the engine clamps sampled durations to it too.
 */
export const MAX_TIME_SECONDS = 315_360_000;
export const MAX_TIME_MS = MAX_TIME_SECONDS * 1000;
