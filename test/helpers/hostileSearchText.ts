import { pick } from './seededRandom';

/**
 * Pieces of search text meant to break a query language: the operators and syntax of SQLite FTS5 and PostgreSQL
 * `tsquery` (quotes, prefixes, groups, column filters, NEAR, boolean words), LIKE wildcards, escapes, a NUL, accents,
 * combining marks, astral and CJK characters, and plain words the fixtures' products carry.
 */
export const SEARCH_TEXT_PIECES = [
  '"',
  "'",
  '*',
  '-',
  ':',
  '(',
  ')',
  '{',
  '}',
  '^',
  '&',
  '|',
  '!',
  '<',
  '>',
  '<->',
  '\\',
  '%',
  '_',
  ';',
  '--',
  ' ',
  'NEAR',
  'NEAR/2',
  'AND',
  'OR',
  'NOT',
  'name:',
  'col:',
  'bd',
  'topo',
  'é',
  'Œ',
  'a',
  '0',
  '\u0000',
  '\u0301',
  '𝔘',
  '日本',
] as const;

/** Search text of `minPieces` to `maxPieces` pieces drawn with `rand`, joined by spaces or nothing (also drawn). */
export function hostileSearchText(rand: () => number, minPieces: number, maxPieces: number): string {
  const length = minPieces + Math.floor(rand() * (maxPieces - minPieces + 1));
  const separator = rand() < 0.5 ? ' ' : '';
  return Array.from({ length }, () => pick(rand, SEARCH_TEXT_PIECES)).join(separator);
}
