// Private: abbreviations people write in place of a whole word of a name.
const ABBREVIATIONS: Readonly<Record<string, string>> = { st: 'saint', ste: 'sainte' };

/**
 * The comparison key of a name or code: accents, case, spaces, hyphens and apostrophes dropped, `St`/`Ste`
 * read as `Saint`/`Sainte`. `Côtes-d'Armor`, `cotes d armor` and `COTES DARMOR` all give `cotesdarmor`.
 */
export function normalizeZoneText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .split(/[^a-z0-9]+/)
    .map((word) => ABBREVIATIONS[word] ?? word)
    .join('');
}
