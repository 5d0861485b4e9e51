/** What a zone code stands for; the upstream mixes all of these in its `zone` facet. */
export const ZoneKind = {
  /** `FRA` (France entière) and `FXX` (France métropolitaine). */
  COUNTRY: 'COUNTRY',
  /** A 2016 région by its INSEE code: `R11`…`R94`, and the overseas `R01`–`R06`. */
  REGION: 'REGION',
  /** A département, metropolitan (`D001`…`D095`, `D02A`, `D02B`) or overseas (`D971`–`D974`, `D976`). */
  DEPARTEMENT: 'DEPARTEMENT',
  /** An overseas collectivity the upstream codes like a département: `D975`, `D977`, `D978`, `D984`, `D986`–`D988`. */
  OVERSEAS_COLLECTIVITY: 'OVERSEAS_COLLECTIVITY',
  /** An ISO 3166 alpha-3 code the upstream uses beside the D-code of the same territory: `GLP`, `MTQ`… */
  ISO_TERRITORY: 'ISO_TERRITORY',
} as const;

export type ZoneKind = (typeof ZoneKind)[keyof typeof ZoneKind];
