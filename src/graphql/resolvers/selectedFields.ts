import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { productFeedProbe } from './feedProbe';
import type { ProductSelection } from './lookups';

/**
 * Names of the fields selected on `typeName` directly under the field being resolved, through inline
 * fragments and named fragments (aliases and directives ignored). For a look-up this says which upstream
 * listing the query will need, so that existence is proven by a request the query reuses.
 */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, typeName: string): Set<string> {
  return new Set(selectedFieldNodes(info, typeName).map((node) => node.name.value));
}

/**
 * `selectedFields`, computed once per field of the document and type: `_entities` resolves every
 * representation with the same `info.fieldNodes`, so 20 editions read their selection once. Read-only.
 */
export function selectedFieldsOnce(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, typeName: string): ReadonlySet<string> {
  let byType = selections.get(info.fieldNodes);
  if (!byType) selections.set(info.fieldNodes, (byType = new Map<string, ReadonlySet<string>>()));
  let fields = byType.get(typeName);
  if (!fields) byType.set(typeName, (fields = selectedFields(info, typeName)));
  return fields;
}

// Private: selections by field nodes (they belong to a parsed document, which lives as long as it is used).
const selections = new WeakMap<readonly FieldNode[], Map<string, ReadonlySet<string>>>();

/** The field nodes selected on `typeName` directly under the field being resolved, in query order. */
export function selectedFieldNodes(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, typeName: string): FieldNode[] {
  const nodes: FieldNode[] = [];
  const visit = (selectionSet: SelectionSetNode | undefined, seenFragments: Set<string>): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        nodes.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        if (condition === undefined || condition === typeName) visit(selection.selectionSet, seenFragments);
      } else if (!seenFragments.has(selection.name.value)) {
        const fragment = info.fragments[selection.name.value];
        seenFragments.add(selection.name.value);
        if (fragment && fragment.typeCondition.name.value === typeName) visit(fragment.selectionSet, seenFragments);
      }
    }
  };
  for (const fieldNode of info.fieldNodes) visit(fieldNode.selectionSet, new Set());
  return nodes;
}

/** What the query asks of a `Resource` reached by name: its fields, and the feed filter it will read first. */
export function productSelection(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'schema' | 'variableValues'>): ProductSelection {
  const nodes = selectedFieldNodes(info, 'Resource');
  return { fields: new Set(nodes.map((node) => node.name.value)), feedProbe: productFeedProbe(info, nodes) };
}
