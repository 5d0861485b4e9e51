import { isAbstractType, Kind } from 'graphql';
import type { FieldNode, GraphQLObjectType, GraphQLSchema, NamedTypeNode, SelectionSetNode } from 'graphql';
import { isIncluded } from './isIncluded';
import type { MeasuredOperation } from './measuredOperation';

/**
 * The fields selected on objects of `type` by these selection sets, grouped by response key (alias or name)
 * as graphql-js executes them: skipped selections and fragments of other types left out, each named fragment
 * followed once per grouping. Grouping bounds the work: repeating a field or a fragment does not repeat it.
 */
export function collectFields(
  schema: GraphQLSchema,
  measured: MeasuredOperation,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const visitedFragments = new Set<string>();
  const applies = (condition: NamedTypeNode | undefined): boolean => {
    if (condition === undefined || condition.name.value === type.name) return true;
    const conditionType = schema.getType(condition.name.value);
    return conditionType !== undefined && conditionType !== null && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
  };
  const collect = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (!isIncluded(selection, measured.variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const group = fields.get(key);
        if (group) group.push(selection);
        else fields.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition)) collect(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (visitedFragments.has(name)) continue;
        visitedFragments.add(name);
        const fragment = measured.fragments[name];
        if (fragment && applies(fragment.typeCondition)) collect(fragment.selectionSet);
      }
    }
  };
  for (const selectionSet of selectionSets) collect(selectionSet);
  return fields;
}
