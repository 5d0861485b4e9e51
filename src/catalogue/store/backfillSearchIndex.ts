import type { Kysely } from 'kysely';
import type { Term } from '../../upstream/format/model';
import { productDocument, zoneDocument } from './searchDocuments';
import type { SearchDocumentRow, StoreTables } from './tables';

/** Documents per INSERT: 6 columns × 500 stays under both dialects' parameter limits. */
const BATCH = 500;

/**
 * Fills the full-text index of an existing store from its rows: each listed product from its name, title and
 * the zones of its listed editions (its description is not in the store yet: the next pass reads the whole
 * capabilities listing, see the `capabilities_owed` sync state), each zone of a listed edition from its code and
 * label. Nothing for an empty store.
 */
export async function backfillSearchIndex(db: Kysely<StoreTables>): Promise<void> {
  const products = await db.selectFrom('geopf_products').select(['name', 'title']).where('withdrawn_at', 'is', null).execute();
  const zoneRows = await db
    .selectFrom('geopf_editions')
    .select(['product', 'zone', 'zone_label'])
    .distinct()
    .where('withdrawn_at', 'is', null)
    .where('zone', 'is not', null)
    .execute();
  const zonesOf = new Map<string, Map<string, Term>>();
  const labels = new Map<string, string | null>();
  for (const row of zoneRows) {
    const code = row.zone as string;
    const zones = zonesOf.get(row.product) ?? new Map<string, Term>();
    zonesOf.set(row.product, zones);
    if (!zones.get(code)?.label) zones.set(code, { code, label: row.zone_label });
    if (!labels.get(code)) labels.set(code, row.zone_label);
  }
  const documents: SearchDocumentRow[] = [
    ...products.map((product) => productDocument(product.name, product.title, null, [...(zonesOf.get(product.name)?.values() ?? [])])),
    ...[...labels].map(([code, label]) => zoneDocument(code, label)),
  ];
  for (let index = 0; index < documents.length; index += BATCH) {
    await db
      .insertInto('geopf_search_documents')
      .values(documents.slice(index, index + BATCH))
      .execute();
  }
}
