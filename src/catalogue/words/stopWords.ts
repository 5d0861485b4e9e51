/**
 * Words a query drops, folded (see `foldWords`): French articles, prepositions and conjunctions, and their
 * English counterparts, which say nothing of a product (`courbes de niveau` asks for `courbes` and `niveau`).
 * Documents keep them; neither store has a stop list of its own (the PostgreSQL configuration is built
 * without one), so both stores agree on what a query asks.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'au',
  'aux',
  'avec',
  'd',
  'dans',
  'de',
  'des',
  'du',
  'en',
  'et',
  'l',
  'la',
  'le',
  'les',
  'ou',
  'par',
  'pour',
  'sans',
  'sur',
  'un',
  'une',
  'and',
  'for',
  'in',
  'of',
  'on',
  'the',
  'to',
  'with',
]);
