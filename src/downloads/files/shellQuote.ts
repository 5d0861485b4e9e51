/**
 * One word for bash (or any POSIX shell), whatever it holds: the value between single quotes, each `'`
 * written `'\''` (close, an escaped quote, reopen). Inside single quotes nothing is special, not `$`, `` ` ``,
 * `\`, `!`, a newline nor anything else, so the shell reads back exactly `value`. NUL is the one character a
 * shell word cannot hold: it throws a `TypeError` rather than let the shell cut the word short.
 */
export function shellQuote(value: string): string {
  if (value.includes('\u0000')) throw new TypeError(`shellQuote: expected a string without NUL, got ${JSON.stringify(value.slice(0, 80))}`);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
