import { z } from 'zod';
import { defineTool } from '../ToolDefinition';
import { NAME } from '../argumentSchemas';
import { dataWithCandidates, notFound, withProductCandidates } from '../productCandidates';
import { TOOL_OPERATIONS } from '../toolOperations';

const FILE = z.object({ name: z.string(), size: z.number().nullable(), md5: z.string().nullable(), url: z.string() });

/** An edition's files: `edition_files`, as `SubResource.downloadPlan { files }`. */
export const editionFiles = defineTool({
  name: 'edition_files',
  title: 'Files of an edition',
  readsUpstream: true,
  description:
    "Every file of an edition (data, archive volumes, checksums) with its size, md5 and download URL, and the edition's total size. Reads the edition's listing upstream.",
  input: z.strictObject({ product: NAME.describe('The product, e.g. BDTOPO.'), edition: NAME.describe('The edition name.') }),
  output: z.object({ product: z.string(), edition: z.string(), totalSize: z.number().nullable(), files: z.array(FILE) }),
  async call({ product, edition }, run) {
    const data = await dataWithCandidates(run, TOOL_OPERATIONS.EditionFiles, { product, edition }, product);
    const found = data['subResource'] as { downloadPlan: { totalSize: number | null; files: Array<z.infer<typeof FILE>> } | null } | null;
    if (!found?.downloadPlan) throw await withProductCandidates(notFound('edition', `No edition "${edition}" of "${product}".`), product, run);
    const { totalSize, files } = found.downloadPlan;
    return {
      structured: { product, edition, totalSize, files },
      summary: `${files.length} file(s) in ${edition}${totalSize !== null ? `, ${totalSize} bytes in all` : ''}.`,
    };
  },
});
