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

/** A product or edition name as the tools take it: the rule of `validateName` is applied by GraphQL. */
export const NAME = z.string().min(1).max(255);

/** A place as `Query.place` reads it. */
export const PLACE = z.string().min(1).max(200).describe('A commune name, an INSEE code, a postcode, a zone (D029, R53, FXX) or "lon,lat".');
