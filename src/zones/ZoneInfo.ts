import type { ZoneKind } from './ZoneKind';

/** One zone the upstream knows, with the code and label it publishes the zone under. */
export interface ZoneInfo {
  /** The upstream code: `D075`, `D02A`, `D971`, `R11`, `FRA`, `GLP`. */
  readonly code: string;
  /** The upstream label, `"{CODE} {Name}"`: `D075 Paris`, `R11 Île-de-France`, `FRA France entière`. */
  readonly label: string;
  /** The official name, with its accents: `Paris`, `Île-de-France`, `Val-d'Oise`. */
  readonly name: string;
  readonly kind: ZoneKind;
  /** The région of a département (`R11` for `D075`); null for every other kind. */
  readonly parentRegion: string | null;
}
