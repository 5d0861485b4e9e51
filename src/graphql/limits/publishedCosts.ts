import { connectionCost } from './connectionCost';
import { UPSTREAM_COST_MODEL as COST } from './upstreamCostModel';

/**
 * What the schema publishes to routers (`@cost(weight:)`), per schema coordinate: the upstream requests one
 * call of the field sends of its own at most, by the cost model's bounds (what the worst-case estimate charges
 * it, on an object whose entry is at hand, with its default arguments): a page of a listing, a whole listing, an
 * archive's Range reads. A field missing here reads nothing of its own: a facet of an entry, an object of the
 * catalogue index. The facets of a product or edition reached by name are part of the look-up that reaches it.
 * `test/graphql/schema/publishedCosts.test.ts` fails when the SDL or the estimator drifts from this table.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = Object.freeze({
  /** The pages of the default window (20 items: page 1). */
  'Query.resources': defaultWindowPages(),
  /** Page 1 of the product's own feed, which proves it. */
  'Query.resource': COST.productFeedFirstPage,
  /** Its date's listing, and page 1 of its files should that listing miss it. */
  'Query.subResource': COST.editionsOfOneDatePages + COST.editionFilesFirstPage,
  /** The capabilities listing read whole. */
  'Query.facets': COST.capabilitiesWalkPages,
  'Resource.subResources': defaultWindowPages(),
  /** Page 1 of the filtered listing and its last page. */
  'Resource.latestEdition': COST.latestEditionPages,
  /** The product's listing walked whole. */
  'Resource.editions': COST.walkPages,
  'SubResource.files': defaultWindowPages(),
  /** Every page of the file listing (shared by the four fields below within an operation). */
  'SubResource.totalSize': COST.filesOfEditionPages,
  'SubResource.archives': COST.filesOfEditionPages,
  'SubResource.downloadPlan': COST.filesOfEditionPages,
  /** The file listing, and the `.md5` companion downloaded. */
  'SubResource.checksums': COST.filesOfEditionPages + COST.companionDownload,
  /** The file listing of each edition of the window. */
  'EditionConnection.downloadPlan': COST.filesOfEditionPages,
  /** The file listing of each edition the plan downloads, at most `syncPlanEditions`. */
  'SyncPlan.downloadPlan': COST.syncPlanEditions * COST.filesOfEditionPages,
  /** A single file's table of contents: its Range reads. */
  'File.contents': COST.archiveReads,
  /** A (split) archive's table of contents: its Range reads, each crossing a volume boundary at worst. */
  'Archive.contents': COST.archiveContentsRequests,
  /** Page 1 of the zone's products, for a code only the upstream knows. */
  'Zone.label': COST.zoneLabelPage,
  'Zone.resources': defaultWindowPages(),
  'Zone.subResources': defaultWindowPages(),
});

/**
 * The sizes the schema publishes for lists that lead to fields with a cost (`@listSize(assumedSize:)`), per
 * schema coordinate, from the cost model: what the estimator multiplies what is below them by. Connections
 * publish their slicing arguments, and their default window as the assumed size.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = Object.freeze({
  'Resource.zones': COST.zoneCodes,
  'Resource.editions': COST.zoneCodes,
  'SubResource.archives': COST.archivesPerEdition,
  'Archive.parts': COST.partsWithContentsPerArchive,
  'DownloadPlan.files': COST.filesPerEdition,
  'Zone.departements': COST.departementsPerRegion,
  'Place.zones': COST.zoneCodes,
  'Place.communes': COST.zoneCodes,
  'SyncPlan.download': COST.syncPlanEditions,
  'CatalogueFacets.zones': COST.zoneCodes,
  'CatalogueFacets.formats': COST.capabilitiesProducts,
  'CatalogueFacets.crs': COST.capabilitiesProducts,
  'ZoneFacet.resources': COST.capabilitiesProducts,
  'FormatFacet.resources': COST.capabilitiesProducts,
  'CrsFacet.resources': COST.capabilitiesProducts,
});

/** The assumed size of a connection given neither `first` nor `last` (`@listSize(assumedSize:)` of every connection). */
export const CONNECTION_ASSUMED_SIZE = COST.defaultWindow;

// Private: the pages a connection's default window reads from the start.
function defaultWindowPages(): number {
  return connectionCost({}).edgePages;
}
