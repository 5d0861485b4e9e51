import { z } from 'zod';
import { defineTool } from '../ToolDefinition';
import { EDITION } from '../editionSchema';
import { NAME, PLACE, LIMIT, DATE } from '../argumentSchemas';
import { TOOL_OPERATIONS } from '../toolOperations';
import { dataOf } from '../ToolFailure';

/** Editions covering a place, a point or a box: `editions_at`, as `Query.editions(filter:)`. */
export const editionsAt = defineTool({
  name: 'editions_at',
  title: 'Editions covering a place',
  readsUpstream: false,
  description:
    'Editions whose zone covers a place (a commune, postcode, zone or "lon,lat"), a point (lon and lat) or a box, newest first, optionally of one product and between two dates. From the catalogue index: no upstream request.',
  input: z
    .strictObject({
      place: PLACE.optional(),
      lon: z.number().min(-180).max(180).optional().describe('Longitude in degrees (with lat).'),
      lat: z.number().min(-90).max(90).optional().describe('Latitude in degrees (with lon).'),
      bbox: z.array(z.number()).length(4).optional().describe('[minLon, minLat, maxLon, maxLat] in EPSG:4326 degrees.'),
      product: NAME.optional().describe('Only this product, e.g. BDTOPO.'),
      from: DATE.optional().describe('Editions dated on or after this day.'),
      to: DATE.optional().describe('Editions dated on or before this day.'),
      limit: LIMIT.optional().describe('How many editions, 1 to 100 (default 20).'),
    })
    .refine((args) => (args.lon === undefined) === (args.lat === undefined), { message: 'give lon and lat together', path: ['lat'] })
    .refine((args) => [args.place, args.lon, args.bbox].filter((where) => where !== undefined).length === 1, {
      message: 'give exactly one of place, lon and lat, bbox',
      path: ['place'],
    }),
  output: z.object({ totalCount: z.number().int(), editions: z.array(EDITION) }),
  async call({ place, lon, lat, bbox, product, from, to, limit }, run) {
    const filter = {
      ...(place !== undefined ? { place } : {}),
      ...(lon !== undefined && lat !== undefined ? { point: { lon, lat } } : {}),
      ...(bbox !== undefined ? { bbox } : {}),
      ...(product !== undefined ? { resources: [product] } : {}),
      ...(from !== undefined ? { editionDateFrom: from } : {}),
      ...(to !== undefined ? { editionDateTo: to } : {}),
    };
    const data = dataOf(await run(TOOL_OPERATIONS.EditionsAt, { filter, first: limit ?? null }));
    const editions = data['editions'] as { totalCount: number; nodes: Array<z.infer<typeof EDITION>> };
    const where = place ?? (bbox ? `[${bbox.join(', ')}]` : `${lon},${lat}`);
    return {
      structured: { totalCount: editions.totalCount, editions: editions.nodes },
      summary: `${editions.totalCount} edition(s) cover ${where}${editions.totalCount > editions.nodes.length ? `; the ${editions.nodes.length} newest given` : ''}.`,
    };
  },
});
