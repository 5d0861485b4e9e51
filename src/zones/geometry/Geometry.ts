/** A position as GeoJSON writes it: `[longitude, latitude]`, in degrees (WGS84, EPSG:4326). */
export type Position = readonly [number, number];

/** A closed ring: at least 4 positions, the last equal to the first. */
export type Ring = readonly Position[];

/** A GeoJSON Polygon: an outer ring, then its holes. */
export interface Polygon {
  readonly type: 'Polygon';
  readonly coordinates: readonly Ring[];
}

/** A GeoJSON MultiPolygon: polygons (each an outer ring then its holes) that do not overlap. */
export interface MultiPolygon {
  readonly type: 'MultiPolygon';
  readonly coordinates: readonly (readonly Ring[])[];
}

/** The geometries a footprint or a user's area can be: a surface, never a point or a line. */
export type Geometry = Polygon | MultiPolygon;

/** A box as GeoJSON writes it: `[minLon, minLat, maxLon, maxLat]`, west ≤ east (never across the antimeridian). */
export type BBox = readonly [number, number, number, number];

/** The polygons of a geometry, each as its rings: one for a Polygon, each part of a MultiPolygon. */
export function polygonsOf(geometry: Geometry): readonly (readonly Ring[])[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}
