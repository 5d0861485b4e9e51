import { z } from 'zod';
import { defineTool, type ToolDefinition } from './ToolDefinition';
import { EDITION, NAME, PLACE } from './editionShape';
import { notFound, withProductCandidates } from './productCandidates';
import { TOOL_OPERATIONS } from './toolOperations';
import { dataOf, ToolFailure } from './ToolFailure';
import type { RunOperation } from './OperationAnswer';

const LIMIT = z.number().int().min(1).max(100);
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** Runs `query` and gives its data; an unknown product's failure gets the product names closest to it. */
async function dataFor(run: RunOperation, query: string, variables: Record<string, unknown>, product: string) {
  try {
    return dataOf(await run(query, variables));
  } catch (error) {
    if (error instanceof ToolFailure) throw await withProductCandidates(error, product, run);
    throw error;
  }
}

const findProducts = defineTool({
  name: 'find_products',
  title: 'Find products',
  description:
    'Products of the IGN Géoplateforme download service found by words (French or English names, themes, places: "bd topo", "orthophoto finistère"), best first. From the catalogue index: no upstream request.',
  input: z.strictObject({
    q: z.string().min(1).max(200).describe('Words, e.g. "orthophoto finistère" (at most 200 characters and 8 words).'),
    limit: LIMIT.optional().describe('How many products, 1 to 100 (default 20).'),
  }),
  output: z.object({
    totalCount: z.number().int(),
    products: z.array(z.object({ name: z.string(), title: z.string().nullable(), description: z.string().nullable() })),
    suggestions: z.array(z.unknown()).optional().describe('Closest product names when nothing matched.'),
  }),
  async call({ q, limit }, run) {
    const answer = await run(TOOL_OPERATIONS.FindProducts, { q, first: limit ?? null });
    const search = dataOf(answer)['searchResources'] as {
      totalCount: number;
      nodes: Array<{ name: string; title: string | null; description: string | null }>;
    };
    const suggestions = answer.extensions['suggestions'];
    const names = search.nodes.map((product) => product.name);
    return {
      structured: { totalCount: search.totalCount, products: search.nodes, ...(Array.isArray(suggestions) ? { suggestions } : {}) },
      summary:
        names.length > 0 ?
          `${search.totalCount} product(s) for "${q}": ${names.join(', ')}.`
        : `No product for "${q}"${Array.isArray(suggestions) && suggestions.length > 0 ? `; closest: ${JSON.stringify(suggestions)}` : ''}.`,
    };
  },
});

const latestEdition = defineTool({
  name: 'latest_edition',
  title: 'Latest edition for a place',
  description:
    "A product's newest edition covering a place (its most precise zone that has one: for Brest, D029, else R53, else FXX, else FRA), optionally in a format and CRS. As GraphQL's Resource.latestEdition(place:).",
  input: z.strictObject({
    product: NAME.describe('The exact product name, e.g. BDTOPO (find_products gives it).'),
    place: PLACE,
    format: z.string().min(1).max(100).optional().describe('A format code, e.g. GPKG.'),
    crs: z.string().min(1).max(100).optional().describe('A CRS, e.g. EPSG:2154.'),
  }),
  output: z.object({ edition: EDITION.nullable().describe('Null when no zone covering the place has an edition.') }),
  async call({ product, place, format, crs }, run) {
    const data = await dataFor(run, TOOL_OPERATIONS.LatestEdition, { product, place, format: format ?? null, crs: crs ?? null }, product);
    const resource = data['resource'] as { latestEdition: z.infer<typeof EDITION> | null } | null;
    if (!resource) throw await withProductCandidates(notFound('product', `No product named "${product}".`), product, run);
    const edition = resource.latestEdition;
    return {
      structured: { edition },
      summary:
        edition ? `Latest ${product} edition for ${place}: ${edition.name} (${edition.editionDate ?? 'undated'}).` : `No ${product} edition covers ${place}.`,
    };
  },
});

const editionsAt = defineTool({
  name: 'editions_at',
  title: 'Editions covering a place',
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

const FILE = z.object({ name: z.string(), size: z.number().nullable(), md5: z.string().nullable(), url: z.string() });

const editionFiles = defineTool({
  name: 'edition_files',
  title: 'Files of an edition',
  description:
    "Every file of an edition (data, archive volumes, checksums) with its size, md5 and download URL, and the edition's total size. Reads the edition's listing upstream.",
  input: z.strictObject({ product: NAME.describe('The product, e.g. BDTOPO.'), edition: NAME.describe('The edition name.') }),
  output: z.object({ product: z.string(), edition: z.string(), totalSize: z.number().nullable(), files: z.array(FILE) }),
  async call({ product, edition }, run) {
    const data = await dataFor(run, TOOL_OPERATIONS.EditionFiles, { product, edition }, product);
    const found = data['subResource'] as { downloadPlan: { totalSize: number | null; files: Array<z.infer<typeof FILE>> } | null } | null;
    if (!found?.downloadPlan) throw await withProductCandidates(notFound('edition', `No edition "${edition}" of "${product}".`), product, run);
    const { totalSize, files } = found.downloadPlan;
    return {
      structured: { product, edition, totalSize, files },
      summary: `${files.length} file(s) in ${edition}${totalSize !== null ? `, ${totalSize} bytes in all` : ''}.`,
    };
  },
});

const PLAN = z.object({ product: z.string(), edition: z.string(), totalSize: z.number().nullable(), fileCount: z.number().int(), manifest: z.string() });
/** One plan operation holds at most this many editions (GraphQL's alias limit is 30). */
const MAX_PLAN_EDITIONS = 20;

const downloadPlan = defineTool({
  name: 'download_plan',
  title: 'Download plan',
  description:
    "A plan to download and verify editions: per edition, the bytes of GraphQL's SubResource.downloadPlan(format:) manifest (a bash script with curl and md5sum, a Metalink 4 document for aria2c -M, or an aria2 input file), and the total size. All editions are planned in one GraphQL operation, within one budget.",
  input: z.strictObject({
    editions: z
      .array(z.strictObject({ product: NAME, edition: NAME }))
      .min(1)
      .max(MAX_PLAN_EDITIONS)
      .describe(`The editions, 1 to ${MAX_PLAN_EDITIONS}.`),
    format: z.enum(['METALINK', 'ARIA2', 'SCRIPT']).describe('SCRIPT (bash), METALINK (aria2c -M) or ARIA2 (aria2c -i).'),
  }),
  output: z.object({ format: z.string(), totalSize: z.number().nullable().describe('Null when a file has no size.'), plans: z.array(PLAN) }),
  async call({ editions, format }, run) {
    // One alias per edition of the published DownloadPlan selection: one operation, one budget.
    const selection = 'resourceName name downloadPlan(format: $format) { format totalSize manifest files { name } }';
    const variables: Record<string, unknown> = { format };
    const fields = editions.map(({ product, edition }, index) => {
      variables[`p${index}`] = product;
      variables[`e${index}`] = edition;
      return `e${index}: subResource(resourceName: $p${index}, name: $e${index}) { ${selection} }`;
    });
    const declared = editions.map((_, index) => `$p${index}: ID!, $e${index}: ID!`).join(', ');
    const query = `query DownloadPlans($format: DownloadPlanFormat, ${declared}) { ${fields.join(' ')} }`;
    const data = await dataFor(run, query, variables, editions[0]?.product ?? '');
    const plans = editions.map(({ product, edition }, index) => {
      const found = data[`e${index}`] as { downloadPlan: { totalSize: number | null; manifest: string; files: unknown[] } | null } | null;
      if (!found?.downloadPlan) throw notFound('edition', `No edition "${edition}" of "${product}".`);
      return { product, edition, totalSize: found.downloadPlan.totalSize, fileCount: found.downloadPlan.files.length, manifest: found.downloadPlan.manifest };
    });
    const totalSize = plans.some((plan) => plan.totalSize === null) ? null : plans.reduce((sum, plan) => sum + (plan.totalSize ?? 0), 0);
    const files = plans.reduce((sum, plan) => sum + plan.fileCount, 0);
    return {
      structured: { format, totalSize, plans },
      summary: `${format} plan of ${plans.length} edition(s), ${files} file(s)${totalSize !== null ? `, ${totalSize} bytes` : ''}.`,
    };
  },
});

const CHANGE = z.object({
  seq: z.string(),
  kind: z.string(),
  resourceName: z.string(),
  editionName: z.string().nullable(),
  zoneCode: z.string().nullable(),
  format: z.string().nullable(),
  crs: z.string().nullable(),
  editionDate: z.string().nullable(),
  observedAt: z.string(),
});

const changesSince = defineTool({
  name: 'changes_since',
  title: 'Catalogue changes since a cursor',
  description:
    'What changed in the catalogue (editions added, withdrawn, updated), oldest first, after a cursor from an earlier call (none: from the start of the change log), optionally of one product or of the zones covering a place. Keep nextCursor to ask again later. From the catalogue index: no upstream request.',
  input: z.strictObject({
    cursor: z.string().min(1).max(200).optional().describe('The nextCursor of an earlier call.'),
    product: NAME.optional().describe('Only this product.'),
    place: PLACE.optional().describe('Only the zones covering this place (its département, its région and the départements of that région, FXX, FRA).'),
    limit: LIMIT.optional().describe('How many changes, 1 to 100 (default 20).'),
  }),
  output: z.object({
    changes: z.array(CHANGE),
    nextCursor: z.string().nullable().describe('Where to resume; the cursor given when nothing new.'),
    hasMore: z.boolean(),
  }),
  async call({ cursor, product, place, limit }, run) {
    let zones: string[] | undefined;
    if (place !== undefined) {
      const placed = dataOf(await run(TOOL_OPERATIONS.PlaceZones, { input: place }))['place'] as { zones: Array<{ code: string }> } | null;
      zones = (placed?.zones ?? []).map((zone) => zone.code);
      if (zones.length === 0) throw new ToolFailure({ code: 'BAD_USER_INPUT', message: `place: no zone covers "${place}"`, parameter: 'place' });
    }
    const filter = { ...(product !== undefined ? { resources: [product] } : {}), ...(zones ? { zones } : {}) };
    const data = dataOf(await run(TOOL_OPERATIONS.ChangesSince, { after: cursor ?? null, filter, first: limit ?? null }));
    const changes = data['changes'] as { nodes: Array<z.infer<typeof CHANGE>>; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
    return {
      structured: { changes: changes.nodes, nextCursor: changes.pageInfo.endCursor ?? cursor ?? null, hasMore: changes.pageInfo.hasNextPage },
      summary: `${changes.nodes.length} change(s)${changes.pageInfo.hasNextPage ? ', more to read' : ''}; resume with cursor ${JSON.stringify(changes.pageInfo.endCursor ?? cursor ?? null)}.`,
    };
  },
});

/** The tools of `/mcp`, in the order `tools/list` gives them. */
export const MCP_TOOLS: readonly ToolDefinition[] = [findProducts, latestEdition, editionsAt, editionFiles, downloadPlan, changesSince];
