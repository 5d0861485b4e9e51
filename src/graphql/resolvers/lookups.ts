import type { Context } from '../context';
import { isUpstreamNotFound } from '../../core/errors';
import type { UpstreamParams } from '../../upstream/format/listingPath';
import type { FileEntry } from '../../upstream/format/model';
import { needsCapabilitiesEntry, needsOnlyFileListing } from './lookupFields';
import type { ResourceParent, SubResourceParent } from '../models/parents';
import { editionSearchHint } from '../../upstream/loaders/editionSearchHint';
import { loadReservedPage } from '../../upstream/loaders/loadReservedPage';

/**
 * Look-ups by name, shared by root fields and federation references (names validated by the caller).
 * An unknown name is null, so existence must be proven, and it is proven by a request the query reuses:
 *
 * - a product: by the first page of its own feed, under the filter the query will first read it with (the
 *   upstream answers 404 for an unknown name; the page also carries its title): one request whatever the
 *   catalogue's size; only when the query asks for facets that live in the capabilities entry alone
 *   (description, updated, zones, formats, CRS) by that entry, found by scanning the capabilities;
 * - an edition: by its entry in the product's feed filtered on the date its name ends with (shared by every
 *   edition of that date, and holding its date, zone, format and CRS), unless the query only needs its files;
 *   otherwise, or when the entry is not there, by the first page of its files.
 *
 * A product missing from the capabilities listing falls back to its own feed before answering null: a
 * listing can lag behind a publication, and a product may have a feed without being listed.
 */

/** What the query asks of a product reached by name. */
export interface ProductSelection {
  /** The fields selected on it. */
  fields: ReadonlySet<string>;
  /** The filter its first feed-backed field reads the product's feed under (see `productFeedProbe`). */
  feedProbe: UpstreamParams;
}

/** The product, or null when the upstream does not know it. */
export async function lookupResource(name: string, context: Context, selection: ProductSelection): Promise<ResourceParent | null> {
  if (needsCapabilitiesEntry(selection.fields)) {
    const entry = await context.loaders.findResource(name);
    if (entry) return { name, entry };
    // Not listed: its own feed settles it, a read that follows the miss (reserved, not estimated).
    const feed = context.loaders.editions(name, {});
    const page = loadReservedPage(feed, 1, context.loaders.budget, `the feed of ${name}, absent from the capabilities`);
    return (await existsUnlessNotFound(page)) ? { name, entry: null, feedProbe: {} } : null;
  }
  const probe = selection.feedProbe;
  return (await existsUnlessNotFound(context.loaders.editions(name, probe).loadPage(1))) ? { name, entry: null, feedProbe: probe } : null;
}

/** The edition, or null when the upstream does not know it. `selected`: the fields the query asks of it. */
export async function lookupSubResource(
  resourceName: string,
  name: string,
  context: Context,
  selected: ReadonlySet<string>,
): Promise<SubResourceParent | null> {
  const filesOnly = needsOnlyFileListing(selected);
  if (!filesOnly) {
    const hinted = await unlessNotFound(context.loaders.findSubResourceByHint(resourceName, name));
    if (hinted) return { resourceName, name, entry: hinted };
  }
  // Not where its name says: one request settles whether it exists before any walk through the product. When a
  // date's listing was read first, that request follows its miss (reserved, not estimated).
  const files = context.loaders.files(resourceName, name);
  const afterMiss = !filesOnly && editionSearchHint(name) !== null;
  const first = afterMiss ? loadReservedPage(files, 1, context.loaders.budget, `the files of ${name}, absent from its date's listing`) : files.loadPage(1);
  if (!(await existsUnlessNotFound(first))) return null;
  const entry = filesOnly ? null : await unlessNotFound(context.loaders.findSubResource(resourceName, name));
  return { resourceName, name, entry };
}

/** The file, or null when it is not in its edition's listing (or the edition is unknown). */
export function lookupFile(resourceName: string, subResourceName: string, name: string, { loaders }: Context): Promise<FileEntry | null> {
  return unlessNotFound(loaders.findFile(resourceName, subResourceName, name));
}

async function unlessNotFound<T>(value: Promise<T | null>): Promise<T | null> {
  try {
    return await value;
  } catch (error) {
    if (isUpstreamNotFound(error)) return null;
    throw error;
  }
}

async function existsUnlessNotFound(page: Promise<unknown>): Promise<boolean> {
  return (await unlessNotFound(page.then(() => true))) ?? false;
}
