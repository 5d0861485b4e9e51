import type { EdgeModel, PageInfoModel } from './ConnectionModel';
import type { SubResourceParent } from './parents';

/** What `Query.editions` hands to `EditionConnection` (codegen mapper): the window, read whole from the index. */
export interface EditionConnectionModel {
  edges: Array<EdgeModel<SubResourceParent>>;
  nodes: SubResourceParent[];
  pageInfo: PageInfoModel;
  totalCount: number;
}
