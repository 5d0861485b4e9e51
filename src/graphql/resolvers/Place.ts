import type { PlaceCommuneResolvers, PlaceResolvers, QueryResolvers } from '../__generated__/resolvers-types';
import { readPlace } from '../inputs/readPlace';

/** `Query.place`: what people wrote, resolved from reference data (no upstream request). */
export const placeQuery: Pick<QueryResolvers, 'place'> = {
  place: (_root, { input }) => readPlace(input, 'input'),
};

/** A resolved place: its zones as `Zone` parents (their labels come from reference data). */
export const Place: PlaceResolvers = {
  departement: (place) => (place.departement ? { code: place.departement } : null),
  region: (place) => (place.region ? { code: place.region } : null),
  point: (place) => (place.point ? [...place.point] : null),
  bbox: (place) => (place.bbox ? [...place.bbox] : null),
  communes: (place) => (place.communes ? [...place.communes] : null),
  zones: (place) => place.zones.map((code) => ({ code })),
};

/** A commune a postcode serves. */
export const PlaceCommune: PlaceCommuneResolvers = {
  departement: (commune) => (commune.departement ? { code: commune.departement } : null),
};
