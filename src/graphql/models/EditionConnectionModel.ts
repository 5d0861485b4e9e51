import type { EditionFacetCounts } from '../../catalogue/store/CatalogueStore';
import type { EdgeModel, PageInfoModel } from './ConnectionModel';
import type { SubResourceParent } from './parents';

/**
 * What `Query.editions` hands to `EditionConnection` (codegen mapper): the window, read whole from the index,
 * and, when the operation selects them, the count and facets read with it (null when not selected).
 */
export interface EditionConnectionModel {
  edges: Array<EdgeModel<SubResourceParent>>;
  nodes: SubResourceParent[];
  pageInfo: PageInfoModel;
  totalCount: number | null;
  facets: EditionFacetCounts | null;
}
