import { nameProblem } from '../../src/upstream/format/nameProblem';
import { pick } from './seededRandom';

/**
 * Pieces of names a hostile (or merely unusual) upstream may list, all of them printable: quotes of every
 * kind, shell and URL syntax, md5sum and XML specials, spaces, dashes, look-alikes and bidirectional marks.
 */
export const NAME_PIECES = [
  "'",
  '"',
  '\u2019',
  '\u00ab',
  '`',
  '$(touch pwned)',
  '`touch pwned`',
  '${IFS}',
  '$HOME',
  ';',
  '|',
  '&',
  '&amp;',
  '#',
  '%',
  '%2F',
  '%00',
  ' ',
  '\u00a0',
  '-',
  '-rf',
  '--',
  '*',
  '?',
  '[',
  ']',
  '<',
  '>',
  '=',
  '+',
  ',',
  '.',
  '..',
  '.7z',
  'MD5 (',
  ') = ',
  '\u202e',
  '\u200f',
  '\u200b',
  '\u0410',
  '\u0435',
  'é',
  'e\u0301',
  '日本',
  '🗺️',
  'a',
  'Z',
  '7',
  '_',
] as const;

/** A name the upstream mapping accepts (`nameProblem`), of 1 to 6 pieces drawn with `rand`. */
export function hostileName(rand: () => number): string {
  for (;;) {
    const name = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(rand, NAME_PIECES)).join('');
    if (nameProblem(name) === null) return name;
  }
}
