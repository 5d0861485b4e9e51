import { z } from 'zod';

/** An edition as the tools answer it: the fields the tool operations select on `SubResource`, as GraphQL gives them. */
export const EDITION = z.object({
  resourceName: z.string().describe('The product, e.g. BDTOPO.'),
  name: z.string().describe('The edition, e.g. BDTOPO_3-5_TOUSTHEMES_GPKG_LAMB93_D029_2026-03-15.'),
  title: z.string().nullable(),
  editionDate: z.string().nullable().describe('YYYY-MM-DD.'),
  updated: z.string().nullable(),
  zone: z.object({ code: z.string(), name: z.string().nullable() }).nullable(),
  format: z.object({ code: z.string() }).nullable(),
  crs: z.object({ code: z.string() }).nullable(),
});
