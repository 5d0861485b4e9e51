import { BadUserInputError } from '../../core/errors';
import { foldWords } from './foldWords';
import { STOP_WORDS } from './stopWords';

/** Longest text a search accepts, in characters. */
export const MAX_QUERY_LENGTH = 200;
/** Most words a search keeps (stop words aside): bounds the alternatives (`WordQuery.alternatives`). */
export const MAX_QUERY_WORDS = 8;
/** Longest word, in characters (no product or zone name has a longer one). */
const MAX_WORD_LENGTH = 64;

/**
 * What a search asks, as both stores read it: a match of every word of one alternative (each word a prefix,
 * in any field), any alternative. The first alternative is the words as written; the others join neighbours,
 * so that `bd topo` and `BD-TOPO` also ask for `bdtopo` (a name written with or without its spaces and dashes). Words are folded (`foldWords`): letters and digits only.
 */
export interface WordQuery {
  /** The folded words, stop words dropped, in the order written. */
  words: readonly string[];
  /** Each a list of words, all of which must match; the first is `words`. */
  alternatives: ReadonlyArray<readonly string[]>;
  /** Every word of every alternative, once. */
  terms: readonly string[];
}

/**
 * Reads a search text: any text is data (quotes, `*`, `-`, `:`, `NEAR`, `AND` are separators or plain words).
 * BAD_USER_INPUT naming `argumentName` when it is longer than `MAX_QUERY_LENGTH`, holds no word but stop words,
 * more than `MAX_QUERY_WORDS` words, or a word longer than 64 characters.
 */
export function parseWordQuery(text: string, argumentName: string): WordQuery {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new BadUserInputError(`${argumentName}: expected at most ${MAX_QUERY_LENGTH} characters, got ${text.length}`, argumentName);
  }
  const words = foldWords(text).filter((word) => !STOP_WORDS.has(word));
  if (words.length === 0) {
    throw new BadUserInputError(
      `${argumentName}: expected at least one word (letters or digits, other than words such as "de" or "the"), got ${JSON.stringify(text.slice(0, 80))}`,
      argumentName,
    );
  }
  if (words.length > MAX_QUERY_WORDS) {
    throw new BadUserInputError(`${argumentName}: expected at most ${MAX_QUERY_WORDS} words, got ${words.length}`, argumentName);
  }
  const long = words.find((word) => word.length > MAX_WORD_LENGTH);
  if (long !== undefined) {
    throw new BadUserInputError(`${argumentName}: expected words of at most ${MAX_WORD_LENGTH} characters, got one of ${long.length}`, argumentName);
  }
  const alternatives = joinedAlternatives(words);
  return { words, alternatives, terms: [...new Set(alternatives.flat())] };
}

/** The identity of a query for cursors and caches: its alternatives, as text. */
export function wordQueryKey(query: WordQuery): string {
  return query.alternatives.map((alternative) => alternative.join(' ')).join('|');
}

// Private: every way of reading `words` with some neighbours joined (`a b c`: `a b c`, `ab c`, `a bc`), the
// words as written first. At most fib(MAX_QUERY_WORDS + 1) = 34 of them.
function joinedAlternatives(words: readonly string[]): string[][] {
  const from = (index: number): string[][] => {
    if (index >= words.length) return [[]];
    const word = words[index] as string;
    const apart = from(index + 1).map((rest) => [word, ...rest]);
    if (index + 1 >= words.length) return apart;
    const joined = from(index + 2).map((rest) => [word + (words[index + 1] as string), ...rest]);
    return [...apart, ...joined];
  };
  return from(0);
}
