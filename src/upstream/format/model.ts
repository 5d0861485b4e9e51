import type { UpstreamError } from '../../core/errors';

/**
 * Plain objects the Atom parser hands out. Nothing outside `upstream/` sees XML: resolvers receive these
 * (codegen `mappers` point here).
 */

/** A `{term, label}` facet: a zone, a format or a CRS. An empty label is `null`. */
export interface Term {
  code: string;
  label: string | null;
}

/** One `<link>` of an entry. `rel` defaults to `alternate` (RFC 4287 §4.2.7.2). */
export interface AtomLink {
  href: string;
  rel: string;
  type: string | null;
  /** `gpf_dl:length` (namespaced) as written; `null` when absent. */
  length: string | null;
}

/** One upstream page: the paging attributes of `<feed>` and its entries. */
export interface FeedPage<E> {
  /** `gpf_dl:page`, 1-based. */
  page: number;
  /** `gpf_dl:pagesize`: the effective limit the upstream applied. */
  pageSize: number;
  /** `gpf_dl:pagecount` (0 or 1 for an empty listing: the upstream's choice is unknown). */
  pageCount: number;
  /** `gpf_dl:totalentries`: items in the whole filtered listing. */
  totalEntries: number;
  /** Feed `<title>`: a product's display title on its feed, the edition name on a file feed. */
  title: string | null;
  /** Feed `<updated>`. */
  updated: string | null;
  /** The entries of the page this service accepts, in order; never one of `refused`. */
  entries: E[];
  /**
   * Entries of the page refused one by one (a name no file can have, a download URL outside the upstream's
   * path), each at its place in the page: the page holds `entries.length + refused.length` items. None when absent.
   */
  refused?: readonly RefusedEntry[];
}

/** An entry of a page refused alone (its siblings answered): where it stands in the page, and why. */
export interface RefusedEntry {
  /** Its place in the page, 0-based, counting every entry. */
  position: number;
  /** `UPSTREAM_BAD_RESPONSE` naming the entry and what is wrong with it. */
  error: UpstreamError;
}

/** A product, from a capabilities entry. */
export interface ResourceEntry {
  /** Exact upstream name, from `<id>` or the drill-down link; never from `<title>`. */
  name: string;
  title: string | null;
  /** `<content>`: free text at this level. */
  description: string | null;
  updated: string | null;
  zones: Term[];
  formats: Term[];
  /** `<category>` facets. */
  crs: Term[];
}

/** An edition, from an entry of a product's feed. */
export interface SubResourceEntry {
  resourceName: string;
  name: string;
  title: string | null;
  updated: string | null;
  /** `gpf_dl:editionDate`, `YYYY-MM-DD`. */
  editionDate: string | null;
  /** The first `gpf_dl:zone` (the upstream gives exactly one, or none for untyped series). */
  zone: Term | null;
  format: Term | null;
  crs: Term | null;
}

/** A downloadable file, from an entry of an edition's feed. */
export interface FileEntry {
  resourceName: string;
  subResourceName: string;
  name: string;
  title: string | null;
  /** Download URL: the entry's link `href`. */
  url: string;
  /** `gpf_dl:length` in bytes. */
  size: number | null;
  /** Link `type`: the media type of the file itself. */
  mediaType: string | null;
  /** `<content>` when it is a 32-hex MD5 (lower-cased). */
  md5: string | null;
  /** `gpf_dl:mime_type`: media types inside the archive. */
  contentMediaTypes: string[];
  /** Link `rel="section"`: a volume of a split archive. */
  isArchiveVolume: boolean;
  updated: string | null;
}
