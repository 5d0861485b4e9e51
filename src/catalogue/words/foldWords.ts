// Private: letters people write as two (the tokenizers of both stores keep them as one otherwise).
const LIGATURES: ReadonlyArray<[RegExp, string]> = [
  [/œ/g, 'oe'],
  [/æ/g, 'ae'],
  [/ß/g, 'ss'],
];

// Private: anything that is neither a letter nor a digit separates words.
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/**
 * The words of a query as both stores compare them: compatibility-normalized (`²` → `2`, full-width letters),
 * accents dropped, lower-cased, ligatures spelled out, split on anything but letters and digits. `Île-de-France`
 * gives `ile`, `de`, `france`; `BD-TOPO®` gives `bd`, `topo`. Each word holds letters and digits only, so no
 * word can carry the syntax of either full-text query language.
 */
export function foldWords(text: string): string[] {
  return spellLigatures(
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase(),
  )
    .split(SEPARATORS)
    .filter((word) => word.length > 0);
}

/**
 * A text as the stores index it: lower-cased, ligatures spelled out, every run of separators one space; accents
 * kept (the store drops them: FTS5's `remove_diacritics`, PostgreSQL's `unaccent` or its `translate()`
 * stand-in), so both stores split the words where `foldWords` splits a query.
 */
export function searchableText(...parts: ReadonlyArray<string | null | undefined>): string {
  return parts
    .filter((part): part is string => typeof part === 'string')
    .map((part) => spellLigatures(part.normalize('NFC').toLowerCase()).split(SEPARATORS).filter(Boolean).join(' '))
    .filter((part) => part.length > 0)
    .join(' ');
}

function spellLigatures(text: string): string {
  return LIGATURES.reduce((result, [ligature, spelled]) => result.replace(ligature, spelled), text);
}
