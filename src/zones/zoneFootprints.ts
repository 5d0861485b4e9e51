import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BBox, MultiPolygon, Position, Ring } from './geometry/Geometry';
import type { PreparedGeometry } from './geometry/prepareGeometry';
import { prepareGeometry } from './geometry/prepareGeometry';
import { ISO_TWINS } from './isoTwins';

/** The credit the footprints' licence asks for, to show wherever a footprint is shown. */
export const FOOTPRINT_ATTRIBUTION = 'Contours : IGN – ADMIN EXPRESS COG 2018 (Licence Ouverte), simplifiés';

// Private: the data file, relative to `src/zones/`.
const FOOTPRINTS_FILE = join('data', 'footprints.json');

/** Where a zone lies: a simplified outline (overseas collectivities: a few boxes) and its box. */
export interface ZoneFootprint {
  /** The zone code: `D029`, `R53`, `FXX`, `GLP`… (an ISO code shares the geometry of its D-code). */
  readonly code: string;
  /** WGS84 lon/lat, 4 decimals; FXX is the dissolved metropolitan outline, FRA is FXX's parts and the overseas départements'. */
  readonly geometry: MultiPolygon;
  /** `[minLon, minLat, maxLon, maxLat]`. */
  readonly bbox: BBox;
  /** The geometry with the per-polygon boxes the spatial tests use. */
  readonly prepared: PreparedGeometry;
}

// Private: the footprints once read; reference data, loaded on first use and never changed after.
let loaded: ReadonlyMap<string, ZoneFootprint> | undefined;

/** The footprint of a zone code (`D029`, `R53`, `FXX`, `FRA`, `D984`, `GLP`…), or null when there is none. */
export function zoneFootprint(code: string): ZoneFootprint | null {
  return zoneFootprints().get(code) ?? null;
}

/** Every footprint by zone code; the data file is read and decoded on the first call only. */
export function zoneFootprints(): ReadonlyMap<string, ZoneFootprint> {
  loaded ??= decodeFootprints(JSON.parse(readFileSync(footprintsPath(), 'utf8')) as Topology);
  return loaded;
}

/** The data file, found from this module's location (works from `src/zones/` and from `dist/src/zones/`). */
export function footprintsPath(start: string = __dirname): string {
  for (let directory = start; ; directory = dirname(directory)) {
    for (const candidate of [join(directory, FOOTPRINTS_FILE), join(directory, 'src', 'zones', FOOTPRINTS_FILE)]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(directory) === directory) throw new Error(`src/zones/${FOOTPRINTS_FILE} not found above ${start}`);
  }
}

/** What the data file holds: a TopoJSON topology with quantized, delta-encoded arcs (see scripts/deriveFootprints.ts). */
export interface Topology {
  readonly type: 'Topology';
  readonly transform: { readonly scale: readonly [number, number]; readonly translate: readonly [number, number] };
  readonly objects: { readonly footprints: { readonly geometries: readonly { readonly id: string; readonly arcs: number[][][] }[] } };
  readonly arcs: readonly (readonly [number, number][])[];
}

/** The footprints of a topology, by zone code, ISO codes added beside their D-codes. */
export function decodeFootprints(topology: Topology): ReadonlyMap<string, ZoneFootprint> {
  const arcs = topology.arcs.map((arc) => decodeArc(arc, topology.transform));
  const footprints = new Map<string, ZoneFootprint>();
  for (const object of topology.objects.footprints.geometries) {
    const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: object.arcs.map((rings) => rings.map((refs) => ringOf(refs, arcs))) };
    const prepared = prepareGeometry(geometry);
    footprints.set(object.id, { code: object.id, geometry, bbox: prepared.bbox, prepared });
  }
  for (const [iso, twin] of ISO_TWINS) {
    const footprint = footprints.get(twin);
    if (footprint) footprints.set(iso, { ...footprint, code: iso });
  }
  return footprints;
}

// Private: an arc's positions in degrees. Positions are whole multiples of the scale (10^-4), so dividing the
// integer by 10^4 gives the nearest double to the 4-decimal value, with no floating-point residue.
function decodeArc(arc: readonly [number, number][], transform: Topology['transform']): Position[] {
  const [xFactor, yFactor] = transform.scale.map((scale) => Math.round(1 / scale)) as [number, number];
  const [xOffset, yOffset] = [transform.translate[0] * xFactor, transform.translate[1] * yFactor];
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [(x + xOffset) / xFactor, (y + yOffset) / yFactor] as const;
  });
}

// Private: a closed ring from arc references (`~index` runs an arc backwards); each arc starts where the
// previous one ended, so that shared position is kept once.
function ringOf(refs: readonly number[], arcs: readonly Position[][]): Ring {
  const ring: Position[] = [];
  for (const ref of refs) {
    const arc = arcs[ref < 0 ? ~ref : ref] ?? [];
    const positions = ref < 0 ? [...arc].reverse() : arc;
    for (const position of ring.length === 0 ? positions : positions.slice(1)) {
      const last = ring[ring.length - 1];
      if (last === undefined || last[0] !== position[0] || last[1] !== position[1]) ring.push(position);
    }
  }
  const first = ring[0];
  if (first !== undefined && ring.length > 1 && (ring[ring.length - 1] as Position) !== first) {
    const last = ring[ring.length - 1] as Position;
    if (last[0] !== first[0] || last[1] !== first[1]) ring.push(first);
  }
  return ring;
}
