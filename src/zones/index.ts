// Zones: the upstream's zone codes, what people write for them, and the reference data behind both.

// Types.
export { ZoneKind } from './ZoneKind';
export type { ZoneInfo } from './ZoneInfo';

// Look-ups: an upstream code, or a person's input (code in any usual spelling, or name).
export { zoneInfo } from './zoneCatalogue';
export { parseZoneInput } from './parseZoneInput';
export { NAME_PRIORITY } from './findZoneByName';

// What people write for a zone, as the upstream code a filter sends (a région standing for its départements).
export { zoneCodesFor, zoneFilterCode } from './zoneFilterCode';

// The edit distance behind suggestions (closest zones here, closest products in the catalogue's searches).
export { levenshtein } from './levenshtein';

// Expansion of a région to its départements.
export { expandZone } from './expandZone';

// The whole catalogue, for listings.
export { ZONES } from './zoneCatalogue';

// Places: what people write for one (commune, postcode, zone, lon,lat) and the zones covering it, most precise first.
export { resolvePlace } from './resolvePlace';
export { PlaceKind } from './ResolvedPlace';
export type { PlaceCommune, ResolvedPlace } from './ResolvedPlace';
export { zonesContaining, zonesIntersecting } from './zonesCovering';
export { enclosingZones } from './enclosingZones';
// Loads the footprints and the commune index in the background (a server calls it at start).
export { preparePlaces } from './preparePlaces';

// Footprints: where each zone lies (simplified outlines; boxes for the overseas collectivities).
export { FOOTPRINT_ATTRIBUTION, zoneFootprint } from './zoneFootprints';
export type { ZoneFootprint } from './zoneFootprints';

// Spatial arguments people send, validated (BAD_USER_INPUT naming the argument otherwise).
export { parseBBoxInput } from './geometry/parseBBoxInput';
export { parseGeometryInput } from './geometry/parseGeometryInput';
export { parsePointInput } from './geometry/parsePointInput';
export type { BBox, Geometry, MultiPolygon, Polygon, Position } from './geometry/Geometry';
