/** Characters a spreadsheet reads as the start of a formula (and `'`, the guard itself, so that guarding is reversible). */
const GUARDED_START = /^[=+\-@\t\r']/;

/**
 * A text value as a CSV cell (RFC 4180): quoted when it holds a comma, a quote, CR or LF (quotes doubled). A
 * value starting with `=`, `+`, `-`, `@`, tab, CR or `'` gets a leading `'` so that no spreadsheet runs it as a
 * formula (upstream names are data from a source we do not control); strip one leading `'` to get the value
 * back. Null is an empty cell.
 */
export function csvText(value: string | null): string {
  if (value === null) return '';
  return csvQuoted(GUARDED_START.test(value) ? `'${value}` : value);
}

/** A number as a CSV cell (never guarded: `-4.79` is a longitude); null is an empty cell. */
export function csvNumber(value: number | null): string {
  return value === null ? '' : String(value);
}

/** A line of cells, ended by CRLF (RFC 4180). */
export function csvLine(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}

// Private: RFC 4180 quoting.
function csvQuoted(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
