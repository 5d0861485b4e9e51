import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../connections/connectionArgs';
import { UPSTREAM_PAGE_SIZE } from '../../upstream/format/listingPath';
import { ARCHIVE_TABLE_READS } from '../../downloads/archives/archiveContentsRequestBound';
import { SYNC_PLAN_MAX_DOWNLOADS } from '../resolvers/syncPlanBound';

/**
 * The tunable table of the estimate: upstream pages a look-up by name may read, where the code's real cost
 * depends on listings we cannot see before running the operation. Each value is an assumed upper bound; where
 * the upstream can exceed it (noted per entry), the worst case under-counts, so raise the value rather than work
 * around it elsewhere. Connection windows are not here: they follow from `first`/`last` exactly (see
 * `connectionCost`).
 *
 * Two uses. The admission estimate (`estimateUpstreamRequests`) charges what is read before any data: a listing
 * read whole or scanned whose total nothing tells costs its first page (`walkFirstPages`), the rest being
 * reserved at run time once page 1 gave the total (`WalkBudget`); an archive's Range reads are reserved when its
 * listed sizes are known. The worst case (`{ worstCase: true }`) charges every entry below in full: it is what the
 * schema publishes to routers (`@cost`, `@listSize`: `publishedCosts.ts`), which cannot reserve at run time.
 */
export const UPSTREAM_COST_MODEL = {
  /**
   * Pages of the unfiltered capabilities listing read when nothing tells how long it is: read whole (`Query.facets`,
   * `allResources`), or scanned to find a product by name (`findResource`: page 1, then every other page when the
   * product is not on it): 60 pages, 3,000 products (the upstream lists about 120; the bench's real-shaped
   * catalogue has 2,500). Charged once per request: every look-up and facet shares these pages. A known total (a
   * cached page, the catalogue index: `ListingKnowledge`) replaces it, and the page the index last saw a product
   * on replaces the scan. A larger catalogue exceeds it: its walk reserves its pages on the operation's budget at
   * run time (`WalkBudget`), so the budget holds, but the estimate under-counts.
   */
  capabilitiesWalkPages: 60,
  /**
   * What the estimate charges, before running, for a listing read whole or scanned whose total it does not know:
   * page 1, which gives the total. The pages after it are reserved on the operation's budget once it is known
   * (`readAllEntries`, `findInListing`), and the entries of this table bound them in the worst case.
   */
  walkFirstPages: 1,
  /**
   * A product's own feed, page 1: proves a product absent from the capabilities listing (or one whose
   * editions alone are asked), and gives the title of a product reached from one of its editions.
   * Per distinct product.
   */
  productFeedFirstPage: 1,
  /**
   * Pages of a product's feed filtered on the date an edition's name ends with (the date hint of
   * `findSubResourceByHint`), scanned whole. Up to 100 editions of one product on one date (the fake has at
   * most 27; a national product cut by département and format can pass 100). Per distinct product and date;
   * a known total of that date's listing replaces it.
   */
  editionsOfOneDatePages: 2,
  /**
   * An edition's file feed, page 1: settles whether an edition the date hint missed exists, and gives the
   * title of an edition reached from one of its files. Per distinct edition.
   */
  editionFilesFirstPage: 1,
  /**
   * Pages of a product's unfiltered feed walked to find an edition when the date hint fails (a name without
   * a date, or a date that is not its edition date). Up to 150 editions: BDORTHO has 126 in the fake.
   * Under-counts the largest products (BDTOPO has ~3,800 editions upstream, 76 pages); since every walk reserves
   * its pages on the operation's remaining budget, an under-count cannot exceed the budget. Per distinct product.
   */
  editionsOfProductPages: 3,
  /** Pages of an edition's file feed scanned to find a file by name: up to 100 files. Per distinct edition. */
  filesOfEditionPages: 2,
  /** Files of one edition, as `filesOfEditionPages` bounds them (a download plan's files). */
  filesPerEdition: 2 * UPSTREAM_PAGE_SIZE,
  /** A zone reached by its code alone: page 1 of the products for that zone gives its label. Per distinct zone. */
  zoneLabelPage: 1,
  /**
   * `Resource.latestEdition`: page 1 of the (zone-, format-, CRS-) filtered feed, and its last page when it is
   * longer (editions are listed oldest first). Per distinct product; for a product named in the operation, its
   * listing's known total decides whether there is a last page, and the pages are charged once by key. Not counted, reserved on the operation's
   * remaining budget when they run (`WalkBudget`): an earlier page when the newest date straddles two pages, the
   * containing zones when the zone asked has no edition, and a walk when the upstream's order does not hold.
   */
  latestEditionPages: 2,
  /** Départements a région expands to (Grand Est and Occitanie have 10 and 13): bounds `editions(zones:)` per zone asked. */
  departementsPerRegion: 13,
  /** Pages of one zone-filtered product feed read whole by `editions(zones:)`. */
  editionsOfOneZonePages: 2,
  /** Pages `readAllEntries` reads at most: a product walked whole by `editions` without zones. */
  walkPages: 40,
  /** Products in the capabilities listing (about 120): the resources of one catalogue facet. */
  capabilitiesProducts: 150,
  /** The `.md5` companion downloaded by `SubResource.checksums`. Per distinct edition. */
  companionDownload: 1,
  /**
   * Distinct zone codes the upstream uses (136 known: 2 countries, 18 régions, 101 départements, 7 overseas
   * collectivities, 8 ISO codes; plus variants such as the zero-padded `D0971` of some products): bounds the
   * distinct zones under `Resource.zones` and `SubResource.zone`, whose connections are keyed by zone code.
   */
  zoneCodes: 150,
  /**
   * Reads of one archive's table of contents (`readZipContents`: its end, a zip64 record, its directory;
   * `readSevenZipContents`: its start header, next header and packed header): at most 3, each one Range request
   * per volume it touches. A single file's table of contents (`File.contents`) costs at most this.
   */
  archiveReads: ARCHIVE_TABLE_READS,
  /**
   * Range requests for a split archive's table of contents (`Archive.contents`) in the worst case published: each
   * of its `archiveReads` crossing one volume boundary. At run time the reservation is computed from the volumes'
   * listed sizes and `GEOPF_ARCHIVE_HEADER_MAX_BYTES` (`archiveContentsRequestBound`), which may be more for
   * volumes smaller than the header cap.
   */
  archiveContentsRequests: 6,
  /** Parts of an archive with a table of contents of their own (`Archive.parts { contents }`): only a single file's. */
  partsWithContentsPerArchive: 1,
  /**
   * Archives of one edition (`SubResource.archives`) whose tables of contents may be asked together. Editions
   * usually hold one (a split one counting once); under-counts editions with more.
   */
  archivesPerEdition: 10,
  /**
   * Editions of one `syncPlan` whose files are read (its `download`, its `downloadPlan`): a bound, not an
   * assumption, since a plan downloading more is refused before any request when its files are asked.
   */
  syncPlanEditions: SYNC_PLAN_MAX_DOWNLOADS,
  /** Items per upstream page (always sent as `limit`). */
  upstreamPageSize: UPSTREAM_PAGE_SIZE,
  /** Window of a connection given neither `first` nor `last`. */
  defaultWindow: DEFAULT_PAGE_SIZE,
  /** Largest window: a larger `first`/`last` is refused before any request, and counted as this one. */
  maxWindow: MAX_PAGE_SIZE,
} as const;
