import type { ZoneInfo } from './ZoneInfo';
import { byPrecision } from './byPrecision';
import { bboxesIntersect, bboxPolygon } from './geometry/bbox';
import type { BBox, Geometry, Position } from './geometry/Geometry';
import { geometriesIntersect } from './geometry/geometriesIntersect';
import { pointInPrepared } from './geometry/pointInGeometry';
import { prepareGeometry } from './geometry/prepareGeometry';
import { ZONES } from './zoneCatalogue';
import { zoneFootprint } from './zoneFootprints';
import type { ZoneFootprint } from './zoneFootprints';

/**
 * The zones whose footprint holds the point, most precise first (`byPrecision`): Rennes (-1.68, 48.11) gives
 * D035, R53, FXX, FRA; a point at sea gives none. The point is trusted: validate what people send first
 * (`parsePointInput`). Each footprint's box is compared before its outline.
 */
export function zonesContaining(point: Position): ZoneInfo[] {
  return zonesWhere((footprint) => pointInPrepared(point, footprint.prepared));
}

/**
 * The zones whose footprint shares at least one point with a box (`[minLon, minLat, maxLon, maxLat]`) or a
 * Polygon/MultiPolygon, most precise first. Touching counts. The area is trusted: validate what people send
 * first (`parseBBoxInput`, `parseGeometryInput`).
 */
export function zonesIntersecting(area: BBox | Geometry): ZoneInfo[] {
  const prepared = prepareGeometry(isBBox(area) ? bboxPolygon(area) : area);
  return zonesWhere((footprint) => bboxesIntersect(footprint.bbox, prepared.bbox) && geometriesIntersect(prepared, footprint.prepared));
}

// Private: the catalogue zones whose footprint passes the test, sorted by precision.
function zonesWhere(test: (footprint: ZoneFootprint) => boolean): ZoneInfo[] {
  return ZONES.filter((zone) => {
    const footprint = zoneFootprint(zone.code);
    return footprint !== null && test(footprint);
  }).sort(byPrecision);
}

function isBBox(area: BBox | Geometry): area is BBox {
  return Array.isArray(area);
}
