import type { CatalogueIndex } from '../../catalogue/index/CatalogueIndex';
import type { EditionKey, EditionQuery, IndexedEdition } from '../../catalogue/store/CatalogueStore';

/** Editions read from the store per statement. */
export const EXPORT_BATCH = 100;

/**
 * One batch of the editions `query` matches, newest edition date first (then product, name: the order of
 * `Query.editions`), strictly after `from`: keyset paging, each batch its own short read, so an export never
 * holds a transaction while its client reads. An edition a sync adds while an export runs appears when it sorts
 * after the position reached; none is skipped or repeated. `next` is null after the last batch.
 */
export async function readEditionBatch(
  index: CatalogueIndex,
  query: EditionQuery,
  from: EditionKey | null,
  batchSize = EXPORT_BATCH,
): Promise<{ editions: IndexedEdition[]; next: EditionKey | null }> {
  const window = await index.read((store) => store.reader.editions(query, 'EDITION_DATE_DESC', from, false, batchSize));
  const end = window[window.length - 1];
  return { editions: window.map((item) => item.edition), next: window.length < batchSize || !end ? null : end.key };
}

/** Every product's title (withdrawn ones too), by name: read once per export. */
export function productTitles(index: CatalogueIndex): Promise<Map<string, string | null>> {
  return index.read(async (store) => new Map([...(await store.products())].map(([name, row]) => [name, row.title])));
}
