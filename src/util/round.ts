// Rounding of the figures summary.json prints (to a fixed number of decimals, so reruns compare
// as text and tiny float noise does not show).

/** `x` rounded to `digits` decimals. */
export function roundTo(x: number, digits: number): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}
