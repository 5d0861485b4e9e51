/**
 * The start every form of a French word shares, for a prefix query on a store without a French stemmer
 * (SQLite): plural `s`/`x` and a final `e` dropped, `-aux` read as `-a` (`nationaux` and `national` share
 * `nationa`), `-eaux` as `-eau`. `orthophotographies` gives `orthophotographi`, which every form begins with.
 * Words of four letters or fewer, and words ending in a digit, are kept whole.
 */
export function lightStem(word: string): string {
  if (word.length <= 4 || /\d$/.test(word)) return word;
  let stem = word;
  if (stem.endsWith('eaux')) stem = stem.slice(0, -1);
  else if (stem.endsWith('aux')) stem = stem.slice(0, -2);
  else if (stem.endsWith('s') || stem.endsWith('x')) stem = stem.slice(0, -1);
  if (stem.length > 4 && stem.endsWith('e')) stem = stem.slice(0, -1);
  return stem;
}
