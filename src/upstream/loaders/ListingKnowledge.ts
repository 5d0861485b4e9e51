import type { UpstreamParams } from '../format/listingPath';

/**
 * What the process already knows of the upstream's listings, to narrow cost estimates and to look in the right
 * place first. Two sources answer it: the page cache (a cached page carries its listing's total) and the
 * catalogue index (`IndexKnowledge`: the listings as its last sync read them). Every answer is "as last seen":
 * a listing that grew since costs the estimate nothing more, because every page the operation reads beyond the
 * estimate is reserved on its budget when it runs (`WalkBudget`), so the budget stays a hard cap.
 */
export interface ListingKnowledge {
  /**
   * The total of the listing at these path segments under this filter (`gpf_dl:totalentries`, or the index's
   * count of what it would hold), else undefined.
   */
  knownTotal(segments: readonly string[], params: UpstreamParams): number | undefined;
  /**
   * The page (1-based, pages of 50) of the unfiltered capabilities listing a product was last seen on, else
   * undefined (never seen, or no complete capabilities walk). `findResource` reads that page first.
   */
  capabilitiesPageOf?(name: string): number | undefined;
  /**
   * Whether the product's complete listing held this edition when last read: true or false when the product was
   * read whole, undefined when it never was.
   */
  holdsEdition?(resourceName: string, name: string): boolean | undefined;
}
