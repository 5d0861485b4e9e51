import { z } from 'zod';
import { defineTool } from '../ToolDefinition';
import { NAME, PLACE, LIMIT } from '../argumentSchemas';
import { TOOL_OPERATIONS } from '../toolOperations';
import { dataOf, ToolFailure } from '../ToolFailure';

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

/** The change log from a cursor: `changes_since`, as `Query.changes(after:)`. */
export const changesSince = defineTool({
  name: 'changes_since',
  title: 'Catalogue changes since a cursor',
  readsUpstream: false,
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
