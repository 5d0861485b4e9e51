import { getArgumentValues } from 'graphql/execution/values';
import { isObjectType, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import { subResourceFilterParams } from '../inputs/filterParams';
import type { UpstreamParams } from '../../upstream/format/listingPath';
import { PRODUCT_FEED_FIELDS } from './lookupFields';
import { latestEditionZones } from '../inputs/latestEditionZones';

/**
 * The filter under which the query will first read a product's feed (its first feed-backed field), so that
 * a look-up proves the product exists with that very page, which the field then reuses: `latestEdition`
 * starts with the listing of the zone asked (format/CRS-filtered), `editions` with the format/CRS-filtered
 * listing, `subResources` with its own filter; with none of them, the unfiltered feed (it carries the title). Unfiltered when
 * the arguments cannot be read here (the field reports its own argument errors).
 */
export function productFeedProbe(info: Pick<GraphQLResolveInfo, 'schema' | 'variableValues'>, nodes: readonly FieldNode[]): UpstreamParams {
  const type = info.schema.getType('Resource');
  const node = nodes.find((candidate) => PRODUCT_FEED_FIELDS.includes(candidate.name.value));
  const field = node && isObjectType(type) ? type.getFields()[node.name.value] : undefined;
  if (!node || !field) return {};
  try {
    const args = getArgumentValues(field, node, info.variableValues) as {
      filter?: Record<string, unknown> | null;
      format?: string | null;
      crs?: string | null;
      zone?: string | null;
      place?: string | null;
    };
    if (node.name.value === 'subResources') return subResourceFilterParams(args.filter);
    const base = subResourceFilterParams({ format: args.format, crs: args.crs });
    // `latestEdition(zone:)` and `latestEdition(place:)` start with the first zone of their chain (see `findLatestEdition`).
    const first = node.name.value === 'latestEdition' ? latestEditionZones(args)?.[0] : undefined;
    return first === undefined ? base : { ...base, zone: first };
  } catch {
    return {};
  }
}
