// One CSV string escaper for every file batchsim writes (metrics.csv, the report tables, the sweep's
// CSVs go through csv-stringify itself, which this matches).

/**
 * A string as csv-stringify writes it with its default options: quoted when it holds the
 * delimiter `,`, the quote `"`, or a record delimiter `\n` / `\r` (it quotes for both so a parser
 * that accepts either can read it back), with its quotes doubled; anything else verbatim —
 * leading or trailing spaces, an empty string and unicode included.
 */
export function csvText(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const NEEDS_QUOTES = /[",\r\n]/;
