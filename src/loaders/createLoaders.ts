import type { GeopfClient, RequestScope } from '../upstream/GeopfClient';
import { listingIdentity, type UpstreamParams } from '../upstream/listingPath';
import type { FeedPage, FileEntry, ResourceEntry, SubResourceEntry } from '../upstream/model';
import { editionSearchHint } from './editionSearchHint';
import { findInListing } from './findInListing';
import { readAllEntries } from './readAllEntries';
import type { Listing } from './Listing';
import { PageLoader } from './pageLoader';

/** Every loader of one GraphQL request; created by the context factory, never shared between requests. */
export interface Loaders {
  /** GetCapabilities under a filter. */
  capabilities(params: UpstreamParams): Listing<ResourceEntry>;
  /** GetResource: a product's editions under a filter. */
  editions(resourceName: string, params: UpstreamParams): Listing<SubResourceEntry>;
  /** GetSubResource: an edition's files. */
  files(resourceName: string, subResourceName: string): Listing<FileEntry>;
  /** A product's capabilities entry, found by scanning the unfiltered capabilities; null when absent. */
  findResource(name: string): Promise<ResourceEntry | null>;
  /** An edition's entry, found in its product's feed filtered on the date its name ends with; null when not there. */
  findSubResourceByHint(resourceName: string, name: string): Promise<SubResourceEntry | null>;
  /** An edition's entry, found as above, else by scanning the product's unfiltered feed; null when absent. */
  findSubResource(resourceName: string, name: string): Promise<SubResourceEntry | null>;
  /** A file's entry, found by scanning its edition's feed; null when absent. */
  findFile(resourceName: string, subResourceName: string, name: string): Promise<FileEntry | null>;
  /** Every file of an edition, every page of its listing read once per request. */
  allFiles(resourceName: string, subResourceName: string): Promise<FileEntry[]>;
  /** Every product of the unfiltered capabilities listing. */
  allResources(): Promise<ResourceEntry[]>;
  /** The text of a small file of an edition (an md5 companion), downloaded once per request. */
  fileText(resourceName: string, subResourceName: string, fileName: string): Promise<string>;
}

/**
 * The loaders of one request, reading through `client` (and so through the process-wide gate) on behalf of
 * the operation described by `scope` (its deadline, its request count).
 */
export function createLoaders(client: GeopfClient, scope: RequestScope = {}): Loaders {
  const capabilitiesPages = new PageLoader<ResourceEntry>((key) => client.capabilities(key.params, key.page, scope));
  const editionPages = new PageLoader<SubResourceEntry>((key) => client.resource(key.segments[1] as string, key.params, key.page, scope));
  const filePages = new PageLoader<FileEntry>((key) => client.subResource(key.segments[1] as string, key.segments[2] as string, key.page, scope));

  const texts = new Map<string, Promise<string>>();
  const listing = <E>(pages: PageLoader<E>, segments: readonly string[], params: UpstreamParams): Listing<E> => ({
    identity: listingIdentity(segments, params),
    loadPage: (page: number): Promise<FeedPage<E>> => pages.load({ segments, params, page }),
  });

  const loaders: Loaders = {
    capabilities: (params) => listing(capabilitiesPages, ['capabilities'], params),
    editions: (resourceName, params) => listing(editionPages, ['resource', resourceName], params),
    files: (resourceName, subResourceName) => listing(filePages, ['resource', resourceName, subResourceName], {}),
    findResource: (name) => findInListing(loaders.capabilities({}), (entry) => entry.name === name),
    findSubResourceByHint: async (resourceName, name) => {
      const hint = editionSearchHint(name);
      return hint ? findInListing(loaders.editions(resourceName, hint), (entry) => entry.name === name) : null;
    },
    findSubResource: async (resourceName, name) =>
      (await loaders.findSubResourceByHint(resourceName, name)) ??
      findInListing(loaders.editions(resourceName, {}), (entry) => entry.name === name),
    findFile: (resourceName, subResourceName, name) =>
      findInListing(loaders.files(resourceName, subResourceName), (entry) => entry.name === name),
    allFiles: async (resourceName, subResourceName) => (await readAllEntries(loaders.files(resourceName, subResourceName))).entries,
    allResources: async () => (await readAllEntries(loaders.capabilities({}))).entries,
    fileText: (resourceName, subResourceName, fileName) => {
      const key = [resourceName, subResourceName, fileName].join('/');
      const text = texts.get(key) ?? client.downloadText(resourceName, subResourceName, fileName, scope);
      texts.set(key, text);
      text.catch(() => texts.delete(key));
      return text;
    },
  };
  return loaders;
}
