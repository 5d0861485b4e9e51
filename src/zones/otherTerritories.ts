/** A zone that is neither a région nor a département: its upstream code and official name. */
export interface TerritoryRow {
  readonly code: string;
  readonly name: string;
}

/** The national zones. */
export const COUNTRIES: readonly TerritoryRow[] = [
  { code: 'FRA', name: 'France entière' },
  { code: 'FXX', name: 'France métropolitaine' },
];

/** The overseas collectivities (and the TAAF) the upstream codes like départements, by INSEE number. */
export const OVERSEAS_COLLECTIVITIES: readonly TerritoryRow[] = [
  { code: 'D975', name: 'Saint-Pierre-et-Miquelon' },
  { code: 'D977', name: 'Saint-Barthélemy' },
  { code: 'D978', name: 'Saint-Martin' },
  { code: 'D984', name: 'Terres australes et antarctiques françaises' },
  { code: 'D986', name: 'Wallis-et-Futuna' },
  { code: 'D987', name: 'Polynésie française' },
  { code: 'D988', name: 'Nouvelle-Calédonie' },
];

/** The ISO 3166 alpha-3 codes the upstream publishes beside the D-code of the same territory. */
export const ISO_TERRITORIES: readonly TerritoryRow[] = [
  { code: 'GLP', name: 'Guadeloupe' },
  { code: 'MTQ', name: 'Martinique' },
  { code: 'GUF', name: 'Guyane' },
  { code: 'REU', name: 'La Réunion' },
  { code: 'MYT', name: 'Mayotte' },
  { code: 'SPM', name: 'Saint-Pierre-et-Miquelon' },
  { code: 'BLM', name: 'Saint-Barthélemy' },
  { code: 'MAF', name: 'Saint-Martin' },
];
