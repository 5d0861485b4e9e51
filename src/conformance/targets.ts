/**
 * Products the probe reads. Only product names and a département are fixed: editions and file names are
 * discovered from the listings, so the probe keeps working as editions come and go.
 */

/** A product listing to sample, optionally narrowed to one zone; the probe picks the format itself. */
export interface ListingTarget {
  resource: string;
  zone?: string;
}

/**
 * Where edition order is sampled. ADMIN-EXPRESS-COG: a yearly national product with several editions per zone
 * and format, whose older editions still list an `.md5` companion; its editions also give the download targets.
 * BDTOPO in one département: a quarterly product with one edition per quarter, format and CRS.
 */
export const ORDER_TARGETS: readonly ListingTarget[] = [{ resource: 'ADMIN-EXPRESS-COG' }, { resource: 'BDTOPO', zone: 'D075' }];

/** An edition date no edition has: a product listing filtered up to it is empty. */
export const BEFORE_ANY_EDITION = '1900-01-01';

/** Editions of the first target whose files are read, at most, looking for an archive and an `.md5` companion. */
export const MAX_EDITIONS_TRIED = 3;
