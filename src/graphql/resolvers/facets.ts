import type { CatalogueFacetsResolvers, CrsFacetResolvers, FormatFacetResolvers, ZoneFacetResolvers } from '../__generated__/resolvers-types';
import type { ResourceEntry, Term } from '../../upstream/format/model';
import type { CatalogueFacetsModel, FacetModel } from '../models/facets';
import { resourceFromEntry } from '../models/parents';

/**
 * The facets of a list of capabilities entries: each distinct code with the first non-empty label seen and
 * the products offering it (in listing order), facets sorted by code. Format codes are compared as the
 * upstream writes them (its case is not uniform, and the filter may be case-sensitive).
 */
export function catalogueFacets(entries: readonly ResourceEntry[]): CatalogueFacetsModel {
  const collect = (pick: (entry: ResourceEntry) => Term[]) => {
    const byCode = new Map<string, FacetModel<Term>>();
    for (const entry of entries) {
      for (const term of pick(entry)) {
        const facet = byCode.get(term.code) ?? { value: { code: term.code, label: null }, resources: [] };
        if (facet.value.label === null && term.label !== null) facet.value = term;
        if (!facet.resources.some((resource) => resource.name === entry.name)) facet.resources.push(resourceFromEntry(entry));
        byCode.set(term.code, facet);
      }
    }
    return [...byCode.values()].sort((a, b) => a.value.code.localeCompare(b.value.code));
  };
  return { zones: collect((entry) => entry.zones), formats: collect((entry) => entry.formats), crs: collect((entry) => entry.crs) };
}

const count = <T>(facet: FacetModel<T>) => facet.resources.length;

/** Resolvers of the facet types. */
export const facetResolvers: {
  CatalogueFacets: CatalogueFacetsResolvers;
  ZoneFacet: ZoneFacetResolvers;
  FormatFacet: FormatFacetResolvers;
  CrsFacet: CrsFacetResolvers;
} = {
  CatalogueFacets: {},
  ZoneFacet: { zone: (facet) => facet.value, resourceCount: count },
  FormatFacet: { format: (facet) => facet.value, resourceCount: count },
  CrsFacet: { crs: (facet) => facet.value, resourceCount: count },
};
