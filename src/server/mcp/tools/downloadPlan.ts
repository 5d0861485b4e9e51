import { parse, print, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { z } from 'zod';
import { defineTool } from '../ToolDefinition';
import { NAME } from '../argumentSchemas';
import { dataWithCandidates, notFound } from '../productCandidates';
import { TOOL_OPERATIONS } from '../toolOperations';

const PLAN = z.object({ product: z.string(), edition: z.string(), totalSize: z.number().nullable(), fileCount: z.number().int(), manifest: z.string() });
/** The selection of the published `DownloadPlan` operation on its `subResource`, which the tool asks once per edition. */
const PLAN_SELECTION = print(
  ((parse(TOOL_OPERATIONS.DownloadPlan).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode).selectionSet!,
);
/** One plan operation holds at most this many editions (GraphQL's alias limit is 30). */
const MAX_PLAN_EDITIONS = 20;

/** Download plans of editions: `download_plan`, as `SubResource.downloadPlan(format:)` for each. */
export const downloadPlan = defineTool({
  name: 'download_plan',
  title: 'Download plan',
  readsUpstream: true,
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
    const variables: Record<string, unknown> = { format };
    const fields = editions.map(({ product, edition }, index) => {
      variables[`p${index}`] = product;
      variables[`e${index}`] = edition;
      return `e${index}: subResource(resourceName: $p${index}, name: $e${index}) ${PLAN_SELECTION}`;
    });
    const declared = editions.map((_, index) => `$p${index}: ID!, $e${index}: ID!`).join(', ');
    const query = `query DownloadPlans($format: DownloadPlanFormat, ${declared}) { ${fields.join(' ')} }`;
    const data = await dataWithCandidates(run, query, variables, editions[0]?.product ?? '');
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
