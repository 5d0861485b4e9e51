import type { BBox, Position } from './geometry/Geometry';

/** What a place input turned out to be. */
export const PlaceKind = {
  /** A commune or a Paris, Lyon or Marseille arrondissement, by INSEE code or name: `29019`, `Brest`, `75101`. */
  COMMUNE: 'COMMUNE',
  /** A postcode: `29200`; it may serve several communes, even in several départements. */
  POSTCODE: 'POSTCODE',
  /** A zone of the catalogue, as `parseZoneInput` reads it: `D029`, `29`, `R53`, `FXX`, `Finistère`. */
  ZONE: 'ZONE',
  /** A position written `lon,lat`: `-4.49,48.39`. */
  POINT: 'POINT',
} as const;

export type PlaceKind = (typeof PlaceKind)[keyof typeof PlaceKind];

/** A commune named in a place's answer or in an error's candidates. */
export interface PlaceCommune {
  readonly code: string;
  readonly name: string;
  /** The zone code of its département or collectivity (`D029`), null when it has none (Clipperton). */
  readonly departement: string | null;
}

/** A place people wrote, resolved to the zones that cover it. */
export interface ResolvedPlace {
  readonly kind: PlaceKind;
  /** The INSEE code (COMMUNE), the postcode (POSTCODE) or the zone code (ZONE); absent for a POINT. */
  readonly code?: string;
  /** The commune's or zone's name; for a POSTCODE, the name its communes share, absent when they differ. */
  readonly name?: string;
  /** The zone code of the département or overseas collectivity, when there is exactly one. */
  readonly departement?: string;
  /** The zone code of the région, when there is exactly one. */
  readonly region?: string;
  /** POINT: the position given. */
  readonly point?: Position;
  /** ZONE: the box of the zone's footprint. Communes and postcodes have none (the commune data has no geometry). */
  readonly bbox?: BBox;
  /** POSTCODE: the communes it serves, largest first. */
  readonly communes?: readonly PlaceCommune[];
  /**
   * The zone codes covering the place, most precise first: D029, R53, FXX, FRA for Brest. A commune or postcode
   * takes those of its département(s); a point those whose footprint holds it (none at sea).
   */
  readonly zones: readonly string[];
}
