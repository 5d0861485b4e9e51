import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Names of the fields selected on `typeName` directly under the field being resolved, through inline
 * fragments and named fragments (aliases and directives ignored). For a look-up this says which upstream
 * listing the query will need, so that existence is proven by a request the query reuses.
 */
export function selectedFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, typeName: string): Set<string> {
  const names = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined, seenFragments: Set<string>): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === 'Field') {
        names.add(selection.name.value);
      } else if (selection.kind === 'InlineFragment') {
        const condition = selection.typeCondition?.name.value;
        if (condition === undefined || condition === typeName) visit(selection.selectionSet, seenFragments);
      } else if (!seenFragments.has(selection.name.value)) {
        const fragment = info.fragments[selection.name.value];
        seenFragments.add(selection.name.value);
        if (fragment && fragment.typeCondition.name.value === typeName) visit(fragment.selectionSet, seenFragments);
      }
    }
  };
  for (const fieldNode of info.fieldNodes as readonly FieldNode[]) visit(fieldNode.selectionSet, new Set());
  return names;
}
