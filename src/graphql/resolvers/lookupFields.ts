/**
 * Which listing each field of a product or edition reached by name reads: the look-ups prove existence with
 * the listing the query needs anyway, and the cost estimator charges the same (one list for both).
 */

/** `Resource` fields whose values live only in the capabilities entry (the title is also in its own feed). */
export const CAPABILITIES_FIELDS: readonly string[] = ['description', 'updated', 'zones', 'formats', 'crs'];
/** `Resource` fields that read the product's own feed. */
export const PRODUCT_FEED_FIELDS: readonly string[] = ['subResources', 'latestEdition', 'editions'];
/** `SubResource` fields whose values live only in the entry of the product's feed (the title is also on its file feed). */
export const EDITION_ENTRY_FIELDS: readonly string[] = ['updated', 'editionDate', 'zone', 'format', 'crs', 'bbox'];
/** `SubResource` fields that read the edition's file listing. */
export const FILE_LISTING_FIELDS: readonly string[] = ['files', 'totalSize', 'archives', 'checksums', 'downloadPlan'];

/** True when the selection needs a field only the product's capabilities entry holds (else its own feed serves). */
export function needsCapabilitiesEntry(selected: ReadonlySet<string>): boolean {
  return CAPABILITIES_FIELDS.some((field) => selected.has(field));
}

/** True when the selection needs the edition's files and nothing only its entry in the product's feed holds. */
export function needsOnlyFileListing(selected: ReadonlySet<string>): boolean {
  return FILE_LISTING_FIELDS.some((field) => selected.has(field)) && !EDITION_ENTRY_FIELDS.some((field) => selected.has(field));
}
