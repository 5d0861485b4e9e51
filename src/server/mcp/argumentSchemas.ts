import { z } from 'zod';

/** A product or edition name as the tools take it: the rule of `validateName` is applied by GraphQL. */
export const NAME = z.string().min(1).max(255);

/** A place as `Query.place` reads it. */
export const PLACE = z.string().min(1).max(200).describe('A commune name, an INSEE code, a postcode, a zone (D029, R53, FXX) or "lon,lat".');

/** How many items a tool answers: 1 to 100, as GraphQL's connections. */
export const LIMIT = z.number().int().min(1).max(100);

/** A day, `YYYY-MM-DD`. */
export const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
