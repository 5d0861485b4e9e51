import type { Term } from '../../upstream/format/model';
import type { ResourceParent, ZoneParent } from './parents';

/** One facet value and the products offering it. */
export interface FacetModel<T> {
  value: T;
  resources: ResourceParent[];
}

/** Every facet of the catalogue (the GraphQL `CatalogueFacets`). */
export interface CatalogueFacetsModel {
  zones: Array<FacetModel<ZoneParent>>;
  formats: Array<FacetModel<Term>>;
  crs: Array<FacetModel<Term>>;
}
