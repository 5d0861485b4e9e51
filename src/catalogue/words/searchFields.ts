/** The fields of a search document: a product's name, title, zone names and description; a zone's code and names. */
export type SearchField = 'name' | 'title' | 'zones' | 'description';

/** PostgreSQL's weight of each field in a document's `tsvector` (what a query restricted to fields asks for). */
export const FIELD_WEIGHTS: Readonly<Record<SearchField, 'A' | 'B' | 'C' | 'D'>> = { name: 'A', title: 'B', zones: 'C', description: 'D' };

/**
 * How a product search ranks a product: by the narrowest of these field sets in which the whole query matches
 * (0: in its name alone; 3: only with its description). A name match ranks above a title match, above a match
 * of the names of its zones, above a match that needs the description; ties are broken by product name.
 */
export const RANK_FIELDS: ReadonlyArray<readonly SearchField[]> = [
  ['name'],
  ['name', 'title'],
  ['name', 'title', 'zones'],
  ['name', 'title', 'zones', 'description'],
];

/** The fields of a product an edition search matches a word in (its zone's names come from the zone's document). */
export const PRODUCT_FIELDS: readonly SearchField[] = ['name', 'title', 'description'];

/** Every field. */
export const ALL_FIELDS: readonly SearchField[] = ['name', 'title', 'zones', 'description'];
