/**
 * Derives `src/zones/data/footprints.json`, the zone footprints, from the outlines of France's départements and
 * régions (IGN ADMIN EXPRESS COG 2018, WGS84 GeoJSON), and the table of overseas collectivity boxes below.
 *
 *   npx tsx scripts/deriveFootprints.ts [SOURCE_DIRECTORY] [--tolerance DEGREES]
 *
 * SOURCE_DIRECTORY holds `departements-avec-outre-mer.geojson` and `regions-avec-outre-mer.geojson`
 * (default: `../shared/geo` beside the repository). The output is deterministic: the same sources and
 * tolerance give the same bytes.
 *
 * How: the outlines share their borders vertex for vertex, so the borders are cut into arcs (runs of edges
 * owned by the same rings) and each arc is simplified once (Douglas–Peucker), then rounded to 4 decimals. Two
 * neighbours keep exactly the same border: no gap, no overlap, whatever the tolerance. FXX is the dissolve of
 * the 13 metropolitan régions (their outer border only), simplified with the same arcs; FRA is FXX's polygons
 * with the overseas départements'. The collectivities the source lacks get the boxes of COLLECTIVITY_BOXES.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Default simplification tolerance, in degrees (about 110 m of latitude per 0.001°). */
const DEFAULT_TOLERANCE = 0.002;
/** Decimals kept: 4 decimals are about 11 m. */
const DECIMALS = 4;
const OUTPUT = resolve(__dirname, '..', 'src', 'zones', 'data', 'footprints.json');

type Point = [number, number];
/** A ring without its closing position; outer rings counter-clockwise, holes clockwise. */
type OpenRing = Point[];
type Polygon = OpenRing[];

/**
 * Boxes `[west, south, east, north]` for the overseas collectivities the source does not cover, from the
 * published positions of their outermost islands or points, widened so that the islands, not only their
 * charted points, are inside. src/zones/data/README.md gives the source of each figure, or says there is none.
 */
export const COLLECTIVITY_BOXES: Readonly<Record<string, readonly (readonly [number, number, number, number])[]>> = {
  // Saint-Pierre-et-Miquelon: Saint-Pierre, Miquelon-Langlade and their islets.
  D975: [[-56.5, 46.7, -56.1, 47.2]],
  // Saint-Barthélemy and its islets.
  D977: [[-63.0, 17.8, -62.7, 18.0]],
  // Saint-Martin (the French, northern part of the island) and Tintamarre; the box also takes in part of Sint Maarten.
  D978: [[-63.2, 18.0, -62.9, 18.2]],
  // TAAF: Kerguelen, Crozet, Amsterdam and Saint-Paul, the Îles Éparses (Glorieuses, Tromelin, Juan de Nova,
  // Europa, Bassas da India), and Terre Adélie (136°E–142°E, from the coast to the pole).
  D984: [
    [68.6, -50.1, 70.7, -48.5],
    [50.1, -46.6, 52.4, -45.9],
    [77.4, -38.9, 77.7, -37.7],
    [47.2, -11.7, 47.5, -11.4],
    [54.4, -16.0, 54.6, -15.8],
    [42.6, -17.2, 42.8, -16.9],
    [40.2, -22.5, 40.5, -22.2],
    [39.6, -21.6, 39.8, -21.4],
    [136.0, -90.0, 142.0, -66.1],
  ],
  // Wallis-et-Futuna: the Wallis islands (Uvéa), then the Horn islands (Futuna, Alofi). West of the antimeridian.
  D986: [
    [-176.3, -13.5, -176.1, -13.1],
    [-178.3, -14.4, -177.9, -14.2],
  ],
  // Polynésie française: Marquises; Société; Tuamotu west; Tuamotu east and Gambier; Australes; Rapa and Marotiri.
  D987: [
    [-141.0, -11.0, -137.0, -7.8],
    [-154.8, -17.9, -148.0, -15.7],
    [-148.8, -18.5, -140.5, -14.0],
    [-143.0, -23.5, -134.4, -15.0],
    [-154.8, -23.95, -147.6, -21.7],
    [-144.4, -28.0, -143.4, -27.5],
  ],
  // Nouvelle-Calédonie: Grande Terre with Belep and the Île des Pins; the Loyauté islands; Chesterfield and
  // Bellona; the Entrecasteaux reefs; Walpole; Matthew and Hunter. East of the antimeridian.
  D988: [
    [163.5, -22.8, 167.6, -19.5],
    [166.3, -21.7, 168.2, -20.0],
    [158.1, -21.6, 159.1, -19.0],
    [162.8, -19.4, 163.3, -17.9],
    [168.9, -22.7, 169.0, -22.6],
    [171.3, -22.7, 172.3, -22.2],
  ],
};

interface Feature {
  readonly code: string;
  readonly polygons: Polygon[];
}

function main(): void {
  const args = process.argv.slice(2);
  const toleranceFlag = args.indexOf('--tolerance');
  const tolerance = toleranceFlag === -1 ? DEFAULT_TOLERANCE : Number(args[toleranceFlag + 1]);
  if (!(tolerance >= 0)) throw new Error(`--tolerance: expected a number of degrees ≥ 0, got ${args[toleranceFlag + 1]}`);
  const positional = args.filter((_, index) => index !== toleranceFlag && index !== toleranceFlag + 1);
  const sourceDirectory = resolve(positional[0] ?? join(__dirname, '..', '..', 'shared', 'geo'));

  const departements = readFeatures(join(sourceDirectory, 'departements-avec-outre-mer.geojson'), (code) => `D${code.padStart(3, '0')}`);
  const regions = readFeatures(join(sourceDirectory, 'regions-avec-outre-mer.geojson'), (code) => `R${code}`);
  const metropolitan = regions.filter((region) => region.code >= 'R11');
  const fxx: Feature = { code: 'FXX', polygons: dissolve(metropolitan.flatMap((region) => region.polygons)) };

  const table = new ArcTable();
  const encode = arcEncoder([...departements, ...regions, fxx], tolerance, table);
  const geometries = new Map<string, number[][][]>();
  for (const feature of [fxx, ...regions, ...departements]) geometries.set(feature.code, encode(feature));
  const overseas = departements.filter((departement) => departement.code >= 'D971');
  geometries.set('FRA', [...(geometries.get('FXX') ?? []), ...overseas.flatMap((departement) => geometries.get(departement.code) ?? [])]);
  for (const [code, boxes] of Object.entries(COLLECTIVITY_BOXES)) {
    geometries.set(
      code,
      boxes.map((box) => [[table.refer(`box:${box.join(',')}`, () => boxRing(box), false)]]),
    );
  }

  const objects = [...geometries.keys()].sort().map((code) => JSON.stringify({ type: 'MultiPolygon', id: code, arcs: geometries.get(code) }));
  const arcs = table.arcs.map((arc) => JSON.stringify(arc.map((point, index) => (index === 0 ? point : deltaFrom(arc[index - 1] as Point, point)))));
  const header = {
    type: 'Topology',
    transform: { scale: [1 / 10 ** DECIMALS, 1 / 10 ** DECIMALS], translate: [-180, -90] },
    simplification: { method: 'Douglas-Peucker along shared arcs', toleranceDegrees: tolerance },
  };
  const text = `${JSON.stringify(header).slice(0, -1)},\n"objects":{"footprints":{"type":"GeometryCollection","geometries":[\n${objects.join(',\n')}\n]}},\n"arcs":[\n${arcs.join(',\n')}\n]}\n`;
  writeFileSync(OUTPUT, text);

  const positions = table.arcs.reduce((sum, arc) => sum + arc.length, 0);
  process.stdout.write(
    `${OUTPUT}: ${objects.length} footprints, ${table.arcs.length} arcs, ${positions} positions, ${text.length} bytes, tolerance ${tolerance}°\n`,
  );
}

// Private: the step from one quantized position to the next.
function deltaFrom(previous: Point, point: Point): Point {
  return [point[0] - previous[0], point[1] - previous[1]];
}

// Private: the features of a source file as open, oriented rings, keyed by `keyOf(code)`.
function readFeatures(path: string, keyOf: (code: string) => string): Feature[] {
  const collection = JSON.parse(readFileSync(path, 'utf8')) as {
    features: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }[];
  };
  return collection.features.map((feature) => {
    const { type, coordinates } = feature.geometry;
    const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as Point[][][];
    return {
      code: keyOf(feature.properties.code),
      polygons: polygons.map((rings) => rings.map((ring, index) => oriented(openRing(ring), index === 0))),
    };
  });
}

// Private: a ring without its closing position and without repeated consecutive positions.
function openRing(ring: Point[]): OpenRing {
  const open = ring.filter((point, index) => index === 0 || !samePoint(point, ring[index - 1] as Point));
  if (open.length > 1 && samePoint(open[0] as Point, open[open.length - 1] as Point)) open.pop();
  return open;
}

// Private: the ring counter-clockwise when outer, clockwise when a hole.
function oriented(ring: OpenRing, outer: boolean): OpenRing {
  return signedArea(ring) > 0 === outer ? ring : [...ring].reverse();
}

// Private: twice the signed area (shoelace); positive for counter-clockwise rings.
function signedArea(ring: OpenRing): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i += 1) {
    const [x1, y1] = ring[i] as Point;
    const [x2, y2] = ring[(i + 1) % ring.length] as Point;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/**
 * The union of polygons that meet only along shared borders: every directed edge whose reverse is also present
 * is inside the union and dropped; the remaining edges chain into rings (counter-clockwise ones are outer
 * rings, clockwise ones holes, each put in the smallest outer ring holding it).
 */
function dissolve(polygons: Polygon[]): Polygon[] {
  const edges = new Map<string, Point[]>();
  for (const ring of polygons.flat()) {
    ring.forEach((point, index) => {
      const next = ring[(index + 1) % ring.length] as Point;
      edges.set(`${key(point)}>${key(next)}`, [point, next]);
    });
  }
  const outgoing = new Map<string, Point[][]>();
  for (const [from, to] of edges.values() as Iterable<[Point, Point]>) {
    if (edges.has(`${key(to)}>${key(from)}`)) continue;
    const list = outgoing.get(key(from)) ?? [];
    list.push([from, to]);
    outgoing.set(key(from), list);
  }
  const rings: OpenRing[] = [];
  for (const start of [...outgoing.keys()].sort()) {
    while ((outgoing.get(start)?.length ?? 0) > 0) {
      const ring: OpenRing = [];
      let edge = outgoing.get(start)?.pop() as Point[];
      for (;;) {
        ring.push(edge[0] as Point);
        const nextKey = key(edge[1] as Point);
        if (nextKey === start) break;
        const candidates = outgoing.get(nextKey);
        if (!candidates || candidates.length === 0) throw new Error(`dissolve: an open border at ${nextKey}`);
        edge = candidates.pop() as Point[];
      }
      rings.push(ring);
    }
  }
  const outers = rings.filter((ring) => signedArea(ring) > 0).sort((a, b) => signedArea(a) - signedArea(b));
  const result = new Map<OpenRing, Polygon>(outers.map((ring) => [ring, [ring]]));
  for (const hole of rings.filter((ring) => signedArea(ring) < 0)) {
    const holder = outers.find((outer) => insideRing(hole[0] as Point, outer));
    if (!holder) throw new Error(`dissolve: a hole outside every outer ring at ${key(hole[0] as Point)}`);
    result.get(holder)?.push(hole);
  }
  return [...result.values()];
}

/** The arcs of the topology: quantized positions, each arc stored once, in one direction. */
class ArcTable {
  readonly arcs: Point[][] = [];
  private readonly indexes = new Map<string, number>();

  /** The reference to a quantized arc (`~index`, i.e. `-index - 1`, when the ring runs along it backwards). */
  refer(canonicalKey: string, make: () => Point[], backwards: boolean): number {
    let index = this.indexes.get(canonicalKey);
    if (index === undefined) {
      index = this.arcs.push(make().map(quantize)) - 1;
      this.indexes.set(canonicalKey, index);
    }
    return backwards ? ~index : index;
  }
}

/**
 * A function turning a feature's rings into arc references, simplifying along shared arcs. An edge's owners are
 * the rings holding it (in either direction); a ring is cut wherever its owners change, so each arc is the same
 * run of edges in every ring that holds it and is simplified once, keeping its ends.
 */
function arcEncoder(features: Feature[], tolerance: number, table: ArcTable): (feature: Feature) => number[][][] {
  const owners = new Map<string, string[]>();
  let ringId = 0;
  for (const ring of features.flatMap((feature) => feature.polygons.flat())) {
    const id = String((ringId += 1));
    ring.forEach((point, index) => {
      const edge = undirected(point, ring[(index + 1) % ring.length] as Point);
      const list = owners.get(edge) ?? [];
      if (!list.includes(id)) list.push(id);
      owners.set(edge, list);
    });
  }
  const ownersOf = (a: Point, b: Point) => (owners.get(undirected(a, b)) ?? []).slice().sort().join(',');

  const encodeRing = (ring: OpenRing): number[] => {
    const n = ring.length;
    const cuts: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const before = ownersOf(ring[(i - 1 + n) % n] as Point, ring[i] as Point);
      const after = ownersOf(ring[i] as Point, ring[(i + 1) % n] as Point);
      if (before !== after) cuts.push(i);
    }
    if (cuts.length === 0) return [closedArc(ring, tolerance, table)];
    return cuts.map((cut, index) => {
      const end = cuts[(index + 1) % cuts.length] as number;
      const arc: Point[] = [];
      for (let i = cut; ; i = (i + 1) % n) {
        arc.push(ring[i] as Point);
        if (arc.length > 1 && i === end) break;
      }
      return openArc(arc, tolerance, table);
    });
  };

  return (feature) =>
    feature.polygons
      .map((rings) => rings.map(encodeRing).filter((refs) => isValidRing(decodeRing(refs, table))))
      .filter((rings) => rings.length > 0 && signedArea(decodeRing(rings[0] as number[], table)) > 0);
}

// Private: an arc between two cuts, simplified once whichever way a ring runs along it.
function openArc(arc: Point[], tolerance: number, table: ArcTable): number {
  const forward = arc.map(key).join(';');
  const backward = [...arc].reverse().map(key).join(';');
  const backwards = forward > backward;
  return table.refer(backwards ? backward : forward, () => douglasPeucker(backwards ? [...arc].reverse() : arc, tolerance), backwards);
}

// Private: a ring no other ring cuts (an island, an enclave): one closed arc, simplified from its smallest
// vertex and the vertex furthest from it, the same way whatever ring (and direction) holds it.
function closedArc(ring: OpenRing, tolerance: number, table: ArcTable): number {
  let start = 0;
  ring.forEach((point, index) => {
    if (key(point) < key(ring[start] as Point)) start = index;
  });
  const rotated = [...ring.slice(start), ...ring.slice(0, start)];
  const reversed = [rotated[0] as Point, ...rotated.slice(1).reverse()];
  const backwards = key(rotated[1] as Point) > key(reversed[1] as Point);
  const canonical = backwards ? reversed : rotated;
  return table.refer(
    `ring:${canonical.map(key).join(';')}`,
    () => {
      let far = 1;
      canonical.forEach((point, index) => {
        if (distance(point, canonical[0] as Point) > distance(canonical[far] as Point, canonical[0] as Point)) far = index;
      });
      const first = douglasPeucker(canonical.slice(0, far + 1), tolerance);
      const second = douglasPeucker([...canonical.slice(far), canonical[0] as Point], tolerance);
      return [...first, ...second.slice(1)];
    },
    backwards,
  );
}

// Private: the open ring (quantized units) that arc references make, as a reader of the file builds it.
function decodeRing(refs: number[], table: ArcTable): OpenRing {
  const ring: Point[] = [];
  for (const ref of refs) {
    const arc = table.arcs[ref < 0 ? ~ref : ref] as Point[];
    const points = ref < 0 ? [...arc].reverse() : arc;
    ring.push(...(ring.length === 0 ? points : points.slice(1)));
  }
  return openRing(ring);
}

// Private: a ring worth keeping: three distinct positions at least, and an area.
function isValidRing(ring: OpenRing): boolean {
  return ring.length >= 3 && signedArea(ring) !== 0;
}

// Private: Douglas–Peucker, keeping both ends; distances in degrees, longitude scaled by cos(latitude).
function douglasPeucker(points: Point[], tolerance: number): Point[] {
  if (points.length <= 2) return points;
  const keep = new Array<boolean>(points.length).fill(false);
  keep[0] = true;
  keep[points.length - 1] = true;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop() as [number, number];
    let furthest = -1;
    let furthestDistance = tolerance;
    for (let i = first + 1; i < last; i += 1) {
      const d = segmentDistance(points[i] as Point, points[first] as Point, points[last] as Point);
      if (d > furthestDistance) {
        furthest = i;
        furthestDistance = d;
      }
    }
    if (furthest !== -1) {
      keep[furthest] = true;
      stack.push([first, furthest], [furthest, last]);
    }
  }
  return points.filter((_, index) => keep[index]);
}

// Private: the distance from p to the segment ab, in degrees of latitude.
function segmentDistance(p: Point, a: Point, b: Point): number {
  const scale = Math.cos((a[1] * Math.PI) / 180);
  const [px, py, ax, ay, bx, by] = [p[0] * scale, p[1], a[0] * scale, a[1], b[0] * scale, b[1]];
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

// Private: a position in quantized units of 10^-DECIMALS degree, counted from (-180, -90).
function quantize([x, y]: Point): Point {
  const factor = 10 ** DECIMALS;
  return [Math.round((x + 180) * factor), Math.round((y + 90) * factor)];
}

// Private: ray casting on an open ring.
function insideRing([x, y]: Point, ring: OpenRing): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i] as Point;
    const [xj, yj] = ring[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function boxRing([west, south, east, north]: readonly [number, number, number, number]): Point[] {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
}

function key([x, y]: Point): string {
  return `${x},${y}`;
}

function samePoint(a: Point, b: Point): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function undirected(a: Point, b: Point): string {
  const [p, q] = [key(a), key(b)];
  return p < q ? `${p}|${q}` : `${q}|${p}`;
}

if (require.main === module) main();
