import { getNamedType, isObjectType, valueFromASTUntyped } from 'graphql';
import type { DocumentNode, FieldNode, GraphQLObjectType, GraphQLSchema, SelectionSetNode } from 'graphql';
import { selectedFieldNodes, selectedFields } from '../resolvers/selectedFields';
import { resourceFilterParams, subResourceFilterParams } from '../inputs/filterParams';
import type { UpstreamParams } from '../../upstream/format/listingPath';
import { collectFields } from './collectFields';
import { connectionCost, PROBE_PAGES, type ConnectionCost } from './connectionCost';
import { groupRepresentations } from './groupRepresentations';
import { CAPABILITIES_FIELDS, EDITION_ENTRY_FIELDS, FILE_LISTING_FIELDS, PRODUCT_FEED_FIELDS } from '../resolvers/lookupFields';
import { datedFeedPages, editionLookupCost, fileLookupCost, resourceLookupCost, type EditionKey, type LookupCost } from './lookupCosts';
import { measuredOperation, type MeasuredOperation, type VariableValues } from './measuredOperation';
import { UPSTREAM_COST_MODEL as COST } from './upstreamCostModel';
import { fileRepresentationCount } from './fileRepresentationCount';
import { pagesOf } from '../../upstream/loaders/listingTotals';
import { zoneFilterCode, zoneInfo } from '../../zones';
import { latestEditionZones } from '../inputs/latestEditionZones';
import type { ListingKnowledge } from '../../upstream/loaders/ListingKnowledge';

/** How the estimate charges what only the data can tell. */
export interface EstimateOptions {
  /**
   * False (the admission estimate): a listing whose total nothing tells costs its first page, and an archive's
   * Range reads nothing, since both are reserved on the budget at run time once page 1 or the listing is read.
   * True: both are charged in full, at the cost model's bounds: what the schema publishes (`@cost`).
   */
  worstCase?: boolean;
}

/**
 * The upstream requests the operation sends before its data can tell it more, counted before running it and
 * following how the resolvers fetch: connections read the pages their fields need (see `connectionCost`),
 * look-ups by name and facets of objects reached by name read the listings of `UPSTREAM_COST_MODEL`. What the
 * knowledge tells (a listing's total, where a product is listed) is charged in full; what depends on data not
 * yet read (the pages after page 1 of a listing of unknown total, an archive's Range reads, a page read after a
 * look-up missed) is not: it is reserved on the operation's budget when it runs (`WalkBudget`), so the budget
 * still holds. With `worstCase`, everything at the cost model's bounds. 0 for an unknown operation.
 *
 * Pages are counted per distinct upstream key (the loaders dedupe them within a request), conservatively: a
 * page shared by distinct field groups (aliases, two connections over one listing) is counted for each. Not
 * counted: retries of failed requests and pages asked again after a failed load; the estimate assumes an
 * answering upstream. Run it only after the depth and alias limits: its work is that of executing the
 * operation's selection shape.
 */
export function estimateUpstreamRequests(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables?: VariableValues | null,
  knowledge?: ListingKnowledge,
  options: EstimateOptions = {},
): number {
  const measured = measuredOperation(document, operationName, variables);
  const root = measured ? schema.getRootType(measured.operation.operation) : null;
  if (!measured || !root) return 0;
  const estimation: Estimation = {
    schema,
    measured,
    chargedPages: new Set(),
    knowledge: knowledge ?? NO_KNOWLEDGE,
    editionDates: new Map(),
    worstCase: options.worstCase === true,
  };
  const cost = setCost(estimation, root, { kind: 'query' }, [measured.operation.selectionSet]);
  let feedPages = 0;
  for (const [product, { dates, fields }] of estimation.editionDates) {
    feedPages += datedFeedPages(product, [...dates].sort(), estimation.knowledge, fields, estimation.worstCase);
  }
  return cost + feedPages;
}

/** Where the objects of a set came from, which decides what their fields still have to fetch. */
type Origin =
  /** Read from a listing: the entry is at hand, its facets and title are free. */
  | 'listing'
  /** Looked up by name (a root field or a federation reference): the look-up paid for what it saw selected. */
  | 'lookup'
  /** Reached by name from a child (an edition's product, a file's edition): each facet is fetched on demand. */
  | 'reference';

/**
 * The objects a selection set is evaluated on, as upper bounds of *distinct* upstream keys: two objects with
 * the same names read the same pages, so costs scale with distinct names, not with objects.
 */
type Scope =
  /** The root. */
  | { kind: 'query' }
  /**
   * Products; `name` when it is one product known by name (its listings' totals may be known); `names` when
   * every product is known by name (looked up), for where the capabilities listing holds them.
   */
  | { kind: 'resource'; products: number; origin: Origin; name?: string; names?: readonly string[] }
  /** Editions, of at most `products` products; `key` when it is one edition known by name. */
  | { kind: 'subResource'; editions: number; products: number; origin: Origin; key?: EditionKey }
  /**
   * Files of at most `editions` editions (their own names cost nothing: the listing holds them); `archives`, when
   * their names are known before running (`_entities`), how many may read a table of contents.
   */
  | { kind: 'file'; editions: number; products: number; files: number; archives?: number }
  /** Archives of at most `editions` editions (`SubResource.archives`). */
  | { kind: 'archive'; editions: number; products: number; archives: number }
  /** A download plan of at most `files` files of at most `editions` editions (entries already read). */
  | { kind: 'plan'; editions: number; products: number; files: number }
  /** Zones; a label is known unless the zone was reached by a code that France's reference data does not hold. */
  | { kind: 'zone'; zones: number; labelKnown: boolean }
  /**
   * A connection field on `listings` distinct parents, each costing `cost`, its nodes being `node`; `listing` when
   * it is one listing known by its path and filter (a product named in the operation), whose pages are then
   * counted once across aliases.
   */
  | { kind: 'connection'; listings: number; cost: ConnectionCost; node: Scope; listing?: string }
  /** The edges of a connection. */
  | { kind: 'edge'; node: Scope }
  /** The catalogue's facets (`Query.facets`), read from the shared capabilities scan. */
  | { kind: 'facets' }
  /** Facet values, each with the products offering it (entries at hand). */
  | { kind: 'facet'; values: number }
  /**
   * Places (`Query.place`) or the communes of one, from reference data: only what hangs below their zones may
   * fetch. `places` bounds the distinct départements and régions they name.
   */
  | { kind: 'place'; places: number }
  /** A sync plan (`Query.syncPlan`): its editions to download, at most `syncPlanEditions` when their files are read. */
  | { kind: 'syncPlan' }
  /** Values that fetch nothing below them: PageInfo, Format, Crs, ChecksumReport, ArchiveContents, `_service`. */
  | { kind: 'value' };

/** One request's estimation in progress. */
interface Estimation {
  schema: GraphQLSchema;
  measured: MeasuredOperation;
  /** What the process knows of listings (`ListingKnowledge`): totals, where a product is listed, what a product holds. */
  knowledge: ListingKnowledge;
  /**
   * Pages of known listings already charged (`listing#page`, see `listingKey`): identical pages under aliases,
   * and the capabilities pages every look-up and facet of the request shares, count once.
   */
  chargedPages: Set<string>;
  /** Editions looked up by the dates their names end with: per product, the dates and how many fields asked. */
  editionDates: Map<string, { dates: Set<string>; fields: number }>;
  /** Charge what only the data can tell at the cost model's bounds (`EstimateOptions.worstCase`). */
  worstCase: boolean;
}

/** A field leading to an object: what the field itself costs, and the objects below it. */
interface Step {
  cost: number;
  scope: Scope;
}

const VALUE: Step = { cost: 0, scope: { kind: 'value' } };

/** Knowing nothing: every estimate is the worst case of `UPSTREAM_COST_MODEL`. */
const NO_KNOWLEDGE: ListingKnowledge = { knownTotal: () => undefined };

function setCost(estimation: Estimation, type: GraphQLObjectType, scope: Scope, selectionSets: readonly SelectionSetNode[]): number {
  if (scope.kind === 'value') return 0;
  const fields = collectFields(estimation.schema, estimation.measured, type, selectionSets);
  const names = new Set([...fields.values()].map((nodes) => (nodes[0] as FieldNode).name.value));
  let cost = chargesOfTheSet(estimation, scope, names);
  for (const nodes of fields.values()) cost += fieldCost(estimation, type, scope, nodes);
  return cost;
}

// Private: pages fetched once for the whole set whatever its fields (a connection's window, a facet scan).
function chargesOfTheSet(estimation: Estimation, scope: Scope, names: ReadonlySet<string>): number {
  switch (scope.kind) {
    case 'connection': {
      // `resolveConnection`: edges and nodes read the window's pages, totalCount and pageInfo the probe page.
      const edges = names.has('edges') || names.has('nodes') ? scope.cost.edgePages : 0;
      const probe = names.has('totalCount') || names.has('pageInfo') ? PROBE_PAGES : 0;
      const pages = Math.max(edges, probe);
      const first = scope.cost.firstPage;
      if (scope.listing === undefined || first === undefined || scope.listings !== 1) return scope.listings * pages;
      // One known listing: its pages first … first + pages - 1, each charged once per request (the loaders share them).
      return chargePages(estimation, scope.listing, pageRange(first, pages));
    }
    case 'resource': {
      const title = scope.origin === 'reference' && names.has('title') ? scope.products * COST.productFeedFirstPage : 0;
      const facets =
        scope.origin !== 'listing' && CAPABILITIES_FIELDS.some((field) => names.has(field)) ? chargeCapabilitiesLookup(estimation, scope.names) : 0;
      return title + facets;
    }
    case 'subResource': {
      // `allFiles`: every page of each edition's file listing, shared by totalSize, archives, checksums and the plan.
      const fileWalk =
        FILE_LISTING_FIELDS.some((field) => field !== 'files' && names.has(field)) ? scope.editions * walked(estimation, COST.filesOfEditionPages) : 0;
      const companion = names.has('checksums') ? scope.editions * COST.companionDownload : 0;
      if (scope.origin !== 'reference') return fileWalk + companion;
      const title = names.has('title') ? scope.editions * COST.editionFilesFirstPage : 0;
      const entry =
        EDITION_ENTRY_FIELDS.some((field) => names.has(field)) ?
          scope.editions * walked(estimation, COST.editionsOfOneDatePages) + scope.products * walked(estimation, COST.editionsOfProductPages)
        : 0;
      return title + entry + fileWalk + companion;
    }
    case 'zone':
      return !scope.labelKnown && names.has('label') ? scope.zones * COST.zoneLabelPage : 0;
    default:
      return 0;
  }
}

function fieldCost(estimation: Estimation, type: GraphQLObjectType, scope: Scope, nodes: readonly FieldNode[]): number {
  const field = nodes[0] as FieldNode;
  const name = field.name.value;
  // __typename, __schema, __type: answered from the schema.
  if (name.startsWith('__')) return 0;
  if (scope.kind === 'query' && name === '_entities') return entitiesCost(estimation, nodes);
  const step = stepOf(estimation, scope, type.name, field, nodes);
  if (step === null) return 0;
  const childType = getNamedType(type.getFields()[name]?.type);
  return step.cost + (isObjectType(childType) ? setCost(estimation, childType, step.scope, selectionSetsOf(nodes)) : 0);
}

// Private: the rule of each field of each scope; null for a leaf that fetches nothing. A field without a
// rule throws, so that a field added to the schema cannot go uncounted (a test selects every field).
function stepOf(estimation: Estimation, scope: Scope, typeName: string, field: FieldNode, nodes: readonly FieldNode[]): Step | null {
  const name = field.name.value;
  const argument = (argumentName: string): unknown => argumentValue(estimation, field, argumentName);
  switch (scope.kind) {
    case 'query':
      if (name === 'resources') {
        const known = namedListing(estimation, ['capabilities'], () => resourceFilterParams(argument('filter') as never));
        return connection(argument, 1, (items) => ({ kind: 'resource', products: items, origin: 'listing' }), known);
      }
      if (name === 'resource') {
        const product = argument('name');
        const names = typeof product === 'string' ? [product] : undefined;
        const lookup = resourceLookupCost(
          names ?? 1,
          selected(estimation, nodes, 'Resource'),
          sharesProbe(estimation, nodes),
          estimation.knowledge,
          estimation.worstCase,
        );
        return {
          cost: charge(estimation, lookup),
          scope: { kind: 'resource', products: 1, origin: 'lookup', ...(names ? { name: names[0] as string, names } : {}) },
        };
      }
      if (name === 'subResource') {
        const edition = { resourceName: String(argument('resourceName')), name: String(argument('name')) };
        const lookup = editionLookupCost(
          [edition],
          selected(estimation, nodes, 'SubResource'),
          sharesFilesProbe(estimation, nodes),
          estimation.knowledge,
          estimation.worstCase,
        );
        return { cost: charge(estimation, lookup), scope: { kind: 'subResource', editions: 1, products: 1, origin: 'lookup', key: edition } };
      }
      if (name === '_service') return VALUE;
      if (name === 'facets') return { cost: chargeCapabilitiesScan(estimation), scope: { kind: 'facets' } };
      // Its label comes from reference data, or, for a code only the upstream knows, from one page.
      if (name === 'zone') return { cost: 0, scope: { kind: 'zone', zones: 1, labelKnown: labelsKnown([argument('input')]) } };
      // The catalogue index (docs/catalogue.md): no upstream request; index editions come with their entries.
      if (name === 'editions') {
        const cost = connectionCost({ first: argument('first'), last: argument('last'), after: argument('after'), before: argument('before') });
        return {
          cost: 0,
          scope: { kind: 'connection', listings: 0, cost, node: { kind: 'subResource', editions: cost.window, products: cost.window, origin: 'listing' } },
        };
      }
      // Products found in the index come with their capabilities entries (a product the index has no entry of yet,
      // only between an upgrade and the next sync, answers by name: its walks are reserved on the budget).
      if (name === 'searchResources') {
        const cost = connectionCost({ first: argument('first'), after: argument('after') });
        return { cost: 0, scope: { kind: 'connection', listings: 0, cost, node: { kind: 'resource', products: cost.window, origin: 'listing' } } };
      }
      if (name === 'changes' || name === 'catalogue' || name === 'editionFacets') return VALUE;
      // Reference data and footprints (src/zones/): no upstream request.
      if (name === 'place') return { cost: 0, scope: { kind: 'place', places: 1 } };
      if (name === 'syncPlan') return { cost: 0, scope: { kind: 'syncPlan' } };
      // Change-log subscriptions and webhook watches read the change log and the watch store, never the upstream.
      if (['catalogueChanged', 'watches', 'createWatch', 'deleteWatch'].includes(name)) return VALUE;
      break;
    case 'resource':
      if (['name', 'title', 'description', 'updated', 'atomUrl'].includes(name)) return null;
      if (name === 'formats' || name === 'crs') return VALUE;
      // A product may cover every zone; the zones of many products are still among the same codes.
      if (name === 'zones') return { cost: 0, scope: { kind: 'zone', zones: scope.products > 0 ? COST.zoneCodes : 0, labelKnown: true } };
      if (name === 'subResources') {
        const known =
          scope.name === undefined ? {} : namedListing(estimation, ['resource', scope.name], () => subResourceFilterParams(argument('filter') as never));
        return connection(argument, scope.products, (items) => ({ kind: 'subResource', editions: items, products: scope.products, origin: 'listing' }), known);
      }
      if (name === 'edition') return { cost: 0, scope: { kind: 'subResource', editions: scope.products, products: scope.products, origin: 'listing' } };
      if (name === 'latestEdition') {
        const cost =
          scope.name === undefined ?
            scope.products * (estimation.worstCase ? COST.latestEditionPages : COST.walkFirstPages)
          : chargeLatestEdition(estimation, scope.name, argument);
        return { cost, scope: { kind: 'subResource', editions: scope.products, products: scope.products, origin: 'listing' } };
      }
      if (name === 'editions') {
        // `findNewestPerZone`: page 1 of the product's listing; when longer, page 1 of each zone's (their last
        // pages reserved at run time), or, without zones, the whole listing (its pages after page 1 reserved).
        const zones = argument('zones');
        const zoneCount = Array.isArray(zones) ? Math.min(zones.length * COST.departementsPerRegion, COST.zoneCodes) : COST.zoneCodes;
        const pages =
          estimation.worstCase ?
            Array.isArray(zones) ?
              Math.min(1 + zoneCount * COST.editionsOfOneZonePages, COST.walkPages)
            : COST.walkPages
          : Array.isArray(zones) ? 1 + zoneCount * COST.walkFirstPages
          : COST.walkFirstPages;
        return {
          cost: scope.products * pages,
          scope: { kind: 'subResource', editions: scope.products * zoneCount, products: scope.products, origin: 'listing' },
        };
      }
      break;
    case 'subResource':
      if (['name', 'resourceName', 'title', 'updated', 'editionDate', 'atomUrl', 'firstSeenAt', 'withdrawnAt'].includes(name)) return null;
      // Its zone's footprint: charged with the set when the zone must be found (EDITION_ENTRY_FIELDS), else free.
      if (name === 'bbox') return null;
      if (name === 'format' || name === 'crs') return VALUE;
      if (name === 'zone') return { cost: 0, scope: { kind: 'zone', zones: Math.min(scope.editions, COST.zoneCodes), labelKnown: true } };
      if (name === 'resource') return { cost: 0, scope: { kind: 'resource', products: scope.products, origin: 'reference' } };
      if (name === 'files') {
        const key = scope.key;
        const total = key === undefined ? undefined : knownTotalUnder(estimation, ['resource', key.resourceName, key.name], () => ({}));
        return connection(argument, scope.editions, (items) => ({ kind: 'file', editions: scope.editions, products: scope.products, files: items }), { total });
      }
      // Charged with the set (the file walk they share); their objects are entries already read.
      if (name === 'totalSize') return null;
      if (name === 'archives')
        return { cost: 0, scope: { kind: 'archive', editions: scope.editions, products: scope.products, archives: scope.editions * COST.archivesPerEdition } };
      if (name === 'checksums') return VALUE;
      if (name === 'downloadPlan') return { cost: 0, scope: plan(scope.editions, scope.products, scope.editions * COST.filesPerEdition) };
      break;
    case 'file':
      if (
        [
          'name',
          'resourceName',
          'subResourceName',
          'title',
          'url',
          'size',
          'mediaType',
          'md5',
          'contentMediaTypes',
          'isArchiveVolume',
          'updated',
          'role',
        ].includes(name)
      ) {
        return null;
      }
      if (name === 'subResource') {
        return { cost: 0, scope: { kind: 'subResource', editions: scope.editions, products: scope.products, origin: 'reference' } };
      }
      // Reserved at run time from the listed sizes (`archiveContents`), unless the names are known before running.
      if (name === 'contents') {
        const archives = estimation.worstCase ? scope.files : (scope.archives ?? 0);
        return { cost: archives * COST.archiveReads, scope: { kind: 'value' } };
      }
      break;
    case 'archive':
      if (['name', 'totalSize', 'complete', 'missingParts'].includes(name)) return null;
      if (name === 'downloadPlan') return { cost: 0, scope: plan(scope.editions, scope.products, scope.archives * COST.partsWithContentsPerArchive) };
      // Reserved at run time from the volumes' listed sizes (`archiveContents`).
      if (name === 'contents') return { cost: estimation.worstCase ? scope.archives * COST.archiveContentsRequests : 0, scope: { kind: 'value' } };
      // Only an archive of one file has a table of contents of its own (a volume's is null).
      if (name === 'parts') {
        return {
          cost: 0,
          scope: { kind: 'file', editions: scope.editions, products: scope.products, files: scope.archives * COST.partsWithContentsPerArchive },
        };
      }
      break;
    case 'zone':
      if (['code', 'label', 'name', 'kind', 'bbox', 'geometry'].includes(name)) return null;
      // Reference data: a région, the départements of a région, with their labels.
      if (name === 'region' || name === 'departements')
        return { cost: 0, scope: { kind: 'zone', zones: Math.min(scope.zones * COST.departementsPerRegion, COST.zoneCodes), labelKnown: true } };
      if (name === 'resources') return connection(argument, scope.zones, (items) => ({ kind: 'resource', products: items, origin: 'listing' }));
      // One product (the `resourceName` argument) for every zone.
      if (name === 'subResources')
        return connection(argument, scope.zones, (items) => ({ kind: 'subResource', editions: items, products: 1, origin: 'listing' }));
      break;
    case 'place':
      if (['kind', 'code', 'name', 'point', 'bbox'].includes(name)) return null;
      if (name === 'departement' || name === 'region')
        return { cost: 0, scope: { kind: 'zone', zones: Math.min(scope.places, COST.zoneCodes), labelKnown: true } };
      if (name === 'zones') return { cost: 0, scope: { kind: 'zone', zones: COST.zoneCodes, labelKnown: true } };
      // A postcode's communes: their départements are at most every zone code.
      if (name === 'communes') return { cost: 0, scope: { kind: 'place', places: COST.zoneCodes } };
      break;
    case 'facets':
      if (name === 'zones') return { cost: 0, scope: { kind: 'facet', values: COST.zoneCodes } };
      if (name === 'formats' || name === 'crs') return { cost: 0, scope: { kind: 'facet', values: COST.capabilitiesProducts } };
      break;
    case 'facet':
      if (name === 'resourceCount') return null;
      if (name === 'format' || name === 'crs') return VALUE;
      if (name === 'zone') return { cost: 0, scope: { kind: 'zone', zones: Math.min(scope.values, COST.zoneCodes), labelKnown: true } };
      // Every facet's products are among the same capabilities entries.
      if (name === 'resources') return { cost: 0, scope: { kind: 'resource', products: COST.capabilitiesProducts, origin: 'listing' } };
      break;
    case 'connection':
      if (name === 'totalCount') return null;
      // `EditionConnection.facets`: counts read from the index with the window.
      if (name === 'facets') return VALUE;
      // `EditionConnection.downloadPlan`: every page of the file listing of each edition of the window.
      if (name === 'downloadPlan' && scope.node.kind === 'subResource') {
        const { editions, products } = scope.node;
        return { cost: editions * walked(estimation, COST.filesOfEditionPages), scope: plan(editions, products, editions * COST.filesPerEdition) };
      }
      if (name === 'pageInfo') return VALUE;
      if (name === 'nodes') return { cost: 0, scope: scope.node };
      if (name === 'edges') return { cost: 0, scope: { kind: 'edge', node: scope.node } };
      break;
    case 'syncPlan': {
      // From the index, but for the files of the editions to download: a plan reading them holds at most
      // `syncPlanEditions` (a larger one is refused before any request), each charged its file listing.
      const editions = COST.syncPlanEditions;
      if (name === 'endCursor' || name === 'upToDate') return null;
      if (name === 'remove') return VALUE;
      if (name === 'download') return { cost: 0, scope: { kind: 'subResource', editions, products: editions, origin: 'listing' } };
      if (name === 'downloadPlan') return { cost: editions * walked(estimation, COST.filesOfEditionPages), scope: { kind: 'value' } };
      break;
    }
    case 'edge':
      if (name === 'cursor') return null;
      if (name === 'node') return { cost: 0, scope: scope.node };
      break;
    case 'plan':
      // Its files are entries of the listings already read; only their tables of contents fetch.
      if (name === 'files') return { cost: 0, scope: { kind: 'file', editions: scope.editions, products: scope.products, files: scope.files } };
      return null;
    case 'value':
      return null;
  }
  throw new Error(`estimateUpstreamRequests: no cost rule for ${typeName}.${name}`);
}

// Private: a download plan of `files` files (with a table of contents of their own, at most) of these editions.
function plan(editions: number, products: number, files: number): Scope {
  return { kind: 'plan', editions, products, files };
}

// Private: a connection field on `parents` distinct parents; `node` gets the number of distinct items. `known`: its
// listing's total (narrows the window) and, for one listing known by path and filter, its key (its pages are then
// charged once per request).
function connection(
  argument: (name: string) => unknown,
  parents: number,
  node: (items: number) => Scope,
  known: { total?: number | undefined; listing?: string | undefined } = {},
): Step {
  const cost = connectionCost({ first: argument('first'), last: argument('last'), after: argument('after'), before: argument('before') }, known.total);
  return {
    cost: 0,
    scope: {
      kind: 'connection',
      listings: parents,
      cost,
      node: node(parents * cost.window),
      ...(known.listing === undefined ? {} : { listing: known.listing }),
    },
  };
}

// Private: one listing known by its path and the filter read from arguments: its total when known, and its key.
function namedListing(
  estimation: Estimation,
  segments: readonly string[],
  params: () => UpstreamParams,
): { total: number | undefined; listing: string | undefined } {
  return { total: knownTotalUnder(estimation, segments, params), listing: listingKey(segments, params) };
}

// Private: `_entities`, charged per type of representation, each type's fields walked on its own.
function entitiesCost(estimation: Estimation, nodes: readonly FieldNode[]): number {
  const groups = groupRepresentations(argumentValue(estimation, nodes[0] as FieldNode, 'representations'));
  const walk = (typeName: string, lookup: LookupCost, scope: Scope): number =>
    charge(estimation, lookup) + setCost(estimation, objectType(estimation, typeName), scope, selectionSetsOf(nodes));
  let cost = 0;
  if (groups.resources.size > 0) {
    const names = [...groups.resources];
    const lookup = resourceLookupCost(
      names,
      selected(estimation, nodes, 'Resource'),
      sharesProbe(estimation, nodes),
      estimation.knowledge,
      estimation.worstCase,
    );
    cost += walk('Resource', lookup, { kind: 'resource', products: names.length, origin: 'lookup', names });
  }
  if (groups.editions.length > 0) {
    const lookup = editionLookupCost(
      groups.editions,
      selected(estimation, nodes, 'SubResource'),
      sharesFilesProbe(estimation, nodes),
      estimation.knowledge,
      estimation.worstCase,
    );
    const products = distinctProducts(groups.editions);
    cost += walk('SubResource', lookup, { kind: 'subResource', editions: groups.editions.length, products, origin: 'lookup' });
  }
  if (groups.fileEditions.length > 0) {
    const products = distinctProducts(groups.fileEditions);
    const { files, archives } = fileRepresentationCount(argumentValue(estimation, nodes[0] as FieldNode, 'representations'));
    cost += walk('File', fileLookupCost(groups.fileEditions.length, estimation.worstCase), {
      kind: 'file',
      editions: groups.fileEditions.length,
      products,
      files,
      archives,
    });
  }
  if (groups.zones.size > 0) {
    // A representation's code is used as given (trimmed): `75` or `Paris` is not the reference data's `D075`.
    cost += walk(
      'Zone',
      { requests: 0, capabilitiesScan: false },
      { kind: 'zone', zones: groups.zones.size, labelKnown: [...groups.zones].every((code) => zoneInfo(code.trim()) !== null) },
    );
  }
  return cost;
}

// Private: a listing's identity (path and filter) for counting its pages once; undefined when the filter does not read.
function listingKey(segments: readonly string[], params: () => UpstreamParams): string | undefined {
  try {
    const read = params();
    return `${segments.join('/')}?${Object.keys(read)
      .sort()
      .map((key) => `${key}=${String(read[key])}`)
      .join('&')}`;
  } catch {
    return undefined;
  }
}

// Private: the known total of a listing whose filter is read from arguments (undefined when they do not read).
function knownTotalUnder(estimation: Estimation, segments: readonly string[], params: () => UpstreamParams): number | undefined {
  try {
    return estimation.knowledge.knownTotal(segments, params());
  } catch {
    return undefined;
  }
}

// Private: true when the first product-feed field of a product looked up by name reads page 1 of the very
// listing the look-up probes (see `productFeedProbe`): then the look-up costs nothing of its own.
function sharesProbe(estimation: Estimation, nodes: readonly FieldNode[]): boolean {
  const first = selectedFieldNodes({ fieldNodes: nodes, fragments: estimation.measured.fragments }, 'Resource').find((node) =>
    PRODUCT_FEED_FIELDS.includes(node.name.value),
  );
  if (!first) return false;
  if (first.name.value !== 'subResources') return true;
  return !(first.arguments ?? []).some((argument) => ['after', 'before', 'last'].includes(argument.name.value));
}

// Private: true when the first file-listing field of an edition looked up by name reads page 1 of its files,
// the page the look-up proves it with: a window from the start, or a walk of every file.
function sharesFilesProbe(estimation: Estimation, nodes: readonly FieldNode[]): boolean {
  const first = selectedFieldNodes({ fieldNodes: nodes, fragments: estimation.measured.fragments }, 'SubResource').find((node) =>
    FILE_LISTING_FIELDS.includes(node.name.value),
  );
  if (!first) return false;
  if (first.name.value !== 'files') return true;
  return !(first.arguments ?? []).some((argument) => ['after', 'before', 'last'].includes(argument.name.value));
}

function charge(estimation: Estimation, lookup: LookupCost): number {
  for (const [product, dates] of lookup.datesByProduct ?? []) {
    const asked = estimation.editionDates.get(product) ?? { dates: new Set<string>(), fields: 0 };
    for (const date of dates) asked.dates.add(date);
    asked.fields += 1;
    estimation.editionDates.set(product, asked);
  }
  return lookup.requests + (lookup.capabilitiesScan ? chargeCapabilitiesLookup(estimation, lookup.products) : 0);
}

// Private: the capabilities pages a look-up of these products reads (`findResource`), those not yet charged to
// the request (every look-up and facet shares them): the page the knowledge last saw each product on, which the
// look-up reads first; for a product it never saw (or names not known before running), the scan's pages.
function chargeCapabilitiesLookup(estimation: Estimation, products: readonly string[] | undefined): number {
  const pages = products?.map((product) => estimation.knowledge.capabilitiesPageOf?.(product));
  if (pages === undefined || pages.some((page) => page === undefined)) return chargeCapabilitiesScan(estimation);
  return chargePages(estimation, capabilitiesListing(), pages as number[]);
}

// Private: the capabilities pages not yet charged to the request. A scan to find an entry (`findInListing`)
// reads page 1, then the rest, at worst every page, as a whole read (`facets`) does: the listing's pages when its
// total is known (a cached page, the index), else page 1 (the rest reserved at run time; the worst case
// `capabilitiesWalkPages`).
function chargeCapabilitiesScan(estimation: Estimation): number {
  const total = knownTotalUnder(estimation, ['capabilities'], () => ({}));
  const pages = total !== undefined ? Math.max(1, pagesOf(total)) : walked(estimation, COST.capabilitiesWalkPages);
  return chargePages(estimation, capabilitiesListing(), pageRange(1, pages));
}

// Private: `Resource.latestEdition` of one product known by name (`findLatestEdition`): page 1 of its filtered
// feed, and its last page when the feed is longer than a page (editions come oldest first), each charged once per
// request (aliases asking the same listing, and the look-up proving the product with that very page, share
// them). The knowledge of the listing's total tells whether there is a last page; without it, both are charged.
// When the knowledge says the zone asked has no edition, the containing zones that will be read are charged
// too: page 1 of the feed without zone, then, when it is longer than a page, each containing zone's feed until
// one that has editions. (Without that knowledge, the chain is reserved at run time.)
function chargeLatestEdition(estimation: Estimation, product: string, argument: (name: string) => unknown): number {
  let base: UpstreamParams;
  let chain: string[] | null;
  try {
    base = subResourceFilterParams({ format: argument('format'), crs: argument('crs') } as never);
    // `zone` or `place` (a place is charged as the zones it resolves to).
    chain = latestEditionZones({ zone: argument('zone'), place: argument('place'), orContainingZone: argument('orContainingZone') });
  } catch {
    return estimation.worstCase ? COST.latestEditionPages : COST.walkFirstPages;
  }
  const feed = (params: UpstreamParams): { pages: Array<number | string>; total: number | undefined } => {
    const total = knownTotalUnder(estimation, ['resource', product], () => params);
    return {
      // Unknown total: page 1; its last page, when there is one, is reserved at run time (`newestOfListing`).
      pages:
        total === undefined ?
          estimation.worstCase ?
            [1, 'last']
          : [1]
        : pagesOf(total) > 1 ? [1, pagesOf(total)]
        : [1],
      total,
    };
  };
  const charged = (params: UpstreamParams, pages: ReadonlyArray<number | string>) =>
    chargePages(estimation, listingKey(['resource', product], () => params) as string, pages);
  if (chain === null) return charged(base, feed(base).pages);
  // A place no zone covers: the field asks nothing; a look-up of the product probes page 1 of its `base` feed.
  if (chain.length === 0) return charged(base, [1]);
  const [asked, ...containing] = chain as [string, ...string[]];
  const own = feed({ ...base, zone: asked });
  let cost = charged({ ...base, zone: asked }, own.pages);
  if (own.total !== 0 || containing.length === 0) return cost;
  const whole = feed(base);
  cost += charged(base, [1]);
  if (whole.total !== undefined && pagesOf(whole.total) <= 1) return cost;
  for (const zone of containing) {
    const next = feed({ ...base, zone });
    cost += charged({ ...base, zone }, next.pages);
    if (next.total !== undefined && next.total > 0) break;
  }
  return cost;
}

// Private: what a listing read whole or scanned, of unknown total, is charged: `worst` pages in the worst case,
// else its first page (the rest is reserved at run time, once page 1 gave the total).
function walked(estimation: Estimation, worst: number): number {
  return estimation.worstCase ? worst : COST.walkFirstPages;
}

// Private: charges the pages of a listing (`listingKey`) not yet charged to the request; returns how many.
function chargePages(estimation: Estimation, listing: string, pages: ReadonlyArray<number | string>): number {
  let charged = 0;
  for (const page of pages) {
    const key = `${listing}#${page}`;
    if (estimation.chargedPages.has(key)) continue;
    estimation.chargedPages.add(key);
    charged += 1;
  }
  return charged;
}

// Private: `count` pages from `first`.
function pageRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => first + index);
}

function capabilitiesListing(): string {
  return listingKey(['capabilities'], () => ({})) as string;
}

// Private: true when France's reference data gives the label of every one of these zones as people write them
// (`Query.zone` reads them with `zoneFilterCode`), so that no request is made for it.
function labelsKnown(codes: readonly unknown[]): boolean {
  return codes.every((code) => {
    if (typeof code !== 'string') return false;
    try {
      return zoneInfo(zoneFilterCode(code, 'code')) !== null;
    } catch {
      return false;
    }
  });
}

// Private: what the look-up resolver will see selected (directives ignored, as `selectedFields` does).
function selected(estimation: Estimation, nodes: readonly FieldNode[], typeName: string): Set<string> {
  return selectedFields({ fieldNodes: nodes, fragments: estimation.measured.fragments }, typeName);
}

function argumentValue(estimation: Estimation, field: FieldNode, name: string): unknown {
  const argument = field.arguments?.find((candidate) => candidate.name.value === name);
  return argument ? valueFromASTUntyped(argument.value, estimation.measured.variables) : undefined;
}

function selectionSetsOf(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
}

function distinctProducts(editions: ReadonlyArray<{ resourceName: string }>): number {
  return new Set(editions.map((edition) => edition.resourceName)).size;
}

function objectType(estimation: Estimation, name: string): GraphQLObjectType {
  const type = estimation.schema.getType(name);
  if (!isObjectType(type)) throw new Error(`estimateUpstreamRequests: expected ${name} to be an object type of the schema, got ${String(type)}`);
  return type;
}
