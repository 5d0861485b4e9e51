import type { EditionFilter } from '../__generated__/resolvers-types';
import type { EditionQuery } from '../../catalogue/store/CatalogueStore';
import { BadUserInputError } from '../../core/errors';
import { parseBBoxInput, parseGeometryInput, parsePointInput, zonesContaining, zonesIntersecting } from '../../zones';
import { readPlace } from './readPlace';
import { graphqlFilterField, type FilterFieldName } from './filterFieldName';

/** The spatial filters of `EditionFilter`, each named as the error messages name it. */
const SPATIAL_FILTERS = ['place', 'point', 'bbox', 'intersects'] as const;

/**
 * The index query with `filter`'s spatial filter (at most one of place, point, bbox, intersects) turned into
 * the zone codes it stands for, intersected with the query's own zones: the store answers it with its zone
 * filter alone. `place` stands for the zones covering the place (`Query.place`); `point`, `bbox` and
 * `intersects` for the zones whose footprint holds the point or meets the area (no footprint: never). The query
 * unchanged when none is given. BAD_USER_INPUT naming the filters when several are, or naming the bad one (as
 * `nameOf` spells them).
 */
export async function spatialEditionQuery(query: EditionQuery, filter: EditionFilter, nameOf: FilterFieldName = graphqlFilterField): Promise<EditionQuery> {
  const given = SPATIAL_FILTERS.filter((name) => filter[name] != null);
  if (given.length === 0) return query;
  if (given.length > 1) {
    const names = given.map(nameOf);
    const all = SPATIAL_FILTERS.map(nameOf);
    throw new BadUserInputError(`${names.join(', ')}: expected at most one of ${all.slice(0, -1).join(', ')} and ${all.at(-1)}, got ${given.length}`, names[1]);
  }
  const codes = withUpstreamSpellings(await zoneCodesOf(filter, nameOf));
  return { ...query, zones: query.zones ? query.zones.filter((code) => codes.has(code)) : [...codes] };
}

// Private: the codes of the zones the one spatial filter given stands for.
async function zoneCodesOf({ place, point, bbox, intersects }: EditionFilter, nameOf: FilterFieldName): Promise<string[]> {
  if (place != null) return [...(await readPlace(place, nameOf('place'))).zones];
  const zones =
    point != null ? zonesContaining(parsePointInput(point, nameOf('point')))
    : bbox != null ? zonesIntersecting(parseBBoxInput(bbox, nameOf('bbox')))
    : zonesIntersecting(parseGeometryInput(intersects, nameOf('intersects')));
  return zones.map((zone) => zone.code);
}

// Private: the codes, and the zero-padded spelling the upstream also files overseas zones under (`D0971` for D971).
function withUpstreamSpellings(codes: readonly string[]): Set<string> {
  return new Set(codes.flatMap((code) => (/^D9\d\d$/.test(code) ? [code, `D0${code.slice(1)}`] : [code])));
}
