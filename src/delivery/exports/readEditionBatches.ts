import type { CatalogueIndex } from '../../catalogue/index/CatalogueIndex';
import type { EditionKey, EditionQuery, IndexedEdition } from '../../catalogue/store/CatalogueStore';

/** Editions read from the store per statement. */
export const EXPORT_BATCH = 1000;

/**
 * The editions `query` matches, newest edition date first (then product, name: the order of `Query.editions`),
 * read in keyset batches of `batchSize`, each its own short read: an export never holds a transaction while its
 * client reads. An edition a sync adds while the export runs appears when it sorts after the position reached;
 * none is skipped or repeated. Stops before the next read once `signal` aborts.
 */
export async function* readEditionBatches(
  index: CatalogueIndex,
  query: EditionQuery,
  signal: AbortSignal,
  batchSize = EXPORT_BATCH,
): AsyncGenerator<IndexedEdition[]> {
  let from: EditionKey | null = null;
  while (!signal.aborted) {
    const position: EditionKey | null = from;
    const window: Array<{ edition: IndexedEdition; key: EditionKey }> = await index.read((store) =>
      store.reader.editions(query, 'EDITION_DATE_DESC', position, false, batchSize),
    );
    if (window.length > 0) yield window.map((item) => item.edition);
    const end = window[window.length - 1];
    if (window.length < batchSize || !end) return;
    from = end.key;
  }
}

/** Every product's title (withdrawn ones too), by name: read once per export. */
export function productTitles(index: CatalogueIndex): Promise<Map<string, string | null>> {
  return index.read(async (store) => new Map([...(await store.products())].map(([name, row]) => [name, row.title])));
}
