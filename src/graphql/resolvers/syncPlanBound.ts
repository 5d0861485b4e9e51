import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { selectedFieldNodes } from './selectedFields';

/**
 * Most editions one `syncPlan` downloads when their files are asked: the cost estimate charges that many file
 * listings before the operation runs, and a plan with more is refused before any upstream request, so the
 * estimate stays an upper bound.
 */
export const SYNC_PLAN_MAX_DOWNLOADS = 50;

/** `SubResource` fields answered from the index row of an edition, without the upstream. */
const INDEX_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  'name',
  'resourceName',
  'title',
  'updated',
  'editionDate',
  'atomUrl',
  'firstSeenAt',
  'withdrawnAt',
  'format',
  'crs',
]);

/** `Zone` fields answered from reference data (`region` and `departements` are zones too). */
const REFERENCE_ZONE_FIELDS: ReadonlySet<string> = new Set(['__typename', 'code', 'label', 'name', 'kind']);

/**
 * True when the `syncPlan` selection reads the upstream for the editions to download: `downloadPlan`, or a
 * field of `download` the index does not answer (files, sizes, archives, a zone's products…). Conservative: an
 * unknown field counts as reading.
 */
export function syncPlanReadsUpstream(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): boolean {
  const plan = selectedFieldNodes(info, 'SyncPlan');
  if (plan.some((node) => node.name.value === 'downloadPlan')) return true;
  return plan
    .filter((node) => node.name.value === 'download')
    .some((node) =>
      below(info, node, 'SubResource').some((field) => (field.name.value === 'zone' ? !answeredByReference(info, field) : !INDEX_FIELDS.has(field.name.value))),
    );
}

// Private: whether a zone's selection is reference data only, down to its région and départements.
function answeredByReference(info: Pick<GraphQLResolveInfo, 'fragments'>, zone: FieldNode): boolean {
  return below(info, zone, 'Zone').every((field) =>
    field.name.value === 'region' || field.name.value === 'departements' ? answeredByReference(info, field) : REFERENCE_ZONE_FIELDS.has(field.name.value),
  );
}

function below(info: Pick<GraphQLResolveInfo, 'fragments'>, node: FieldNode, typeName: string): FieldNode[] {
  return selectedFieldNodes({ fieldNodes: [node], fragments: info.fragments }, typeName);
}
