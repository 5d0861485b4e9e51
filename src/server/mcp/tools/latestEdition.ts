import { z } from 'zod';
import { defineTool } from '../ToolDefinition';
import { EDITION } from '../editionSchema';
import { NAME, PLACE } from '../argumentSchemas';
import { dataWithCandidates, notFound, withProductCandidates } from '../productCandidates';
import { TOOL_OPERATIONS } from '../toolOperations';

/** A product's newest edition for a place: `latest_edition`, as `Resource.latestEdition(place:)`. */
export const latestEdition = defineTool({
  name: 'latest_edition',
  title: 'Latest edition for a place',
  readsUpstream: true,
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
    const data = await dataWithCandidates(run, TOOL_OPERATIONS.LatestEdition, { product, place, format: format ?? null, crs: crs ?? null }, product);
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
