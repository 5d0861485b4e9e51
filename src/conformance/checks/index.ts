import type { Check } from '../Check';
import { atomContentTypeCheck } from './atomContentTypeCheck';
import { downloadHeadCheck } from './downloadHeadCheck';
import { downloadRangeCheck } from './downloadRangeCheck';
import { downloadRedirectCheck } from './downloadRedirectCheck';
import { downloadValidatorsCheck } from './downloadValidatorsCheck';
import { editionOrderCheck } from './editionOrderCheck';
import { emptyListingPageCountCheck } from './emptyListingPageCountCheck';
import { entryNamesCheck } from './entryNamesCheck';
import { limitClampCheck } from './limitClampCheck';
import { md5CompanionCheck } from './md5CompanionCheck';
import { pagePastEndCheck } from './pagePastEndCheck';
import { totalEntriesCheck } from './totalEntriesCheck';
import { updatedFromCheck } from './updatedFromCheck';

/**
 * Every check, in the order they run: those that send requests first, then those that only look at what was read
 * (names, totals, content types, redirects, validators), which still report on what came back if the run stopped.
 */
export const CHECKS: readonly Check[] = [
  // Listings.
  limitClampCheck,
  updatedFromCheck,
  editionOrderCheck,
  pagePastEndCheck,
  emptyListingPageCountCheck,
  // Downloads: file listings, then HEAD, Range and the md5 companion.
  md5CompanionCheck,
  downloadHeadCheck,
  downloadRangeCheck,
  // Everything read so far.
  downloadRedirectCheck,
  downloadValidatorsCheck,
  atomContentTypeCheck,
  totalEntriesCheck,
  entryNamesCheck,
];
