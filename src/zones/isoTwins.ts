/**
 * The D-code each ISO 3166 territory code stands beside: the same territory under two codes. The ISO zone
 * shares its twin's footprint and covering zones.
 */
export const ISO_TWINS: ReadonlyMap<string, string> = new Map([
  ['GLP', 'D971'],
  ['MTQ', 'D972'],
  ['GUF', 'D973'],
  ['REU', 'D974'],
  ['SPM', 'D975'],
  ['MYT', 'D976'],
  ['BLM', 'D977'],
  ['MAF', 'D978'],
]);
