import { Kind } from 'graphql';
import type { DocumentNode, SelectionSetNode } from 'graphql';
import { isIncluded } from './isIncluded';
import { measuredOperation, type MeasuredOperation, type VariableValues } from './measuredOperation';

/**
 * How many fields of the operation named `operationName` (or the only one) carry an alias other than their
 * own name, fragments followed (a fragment spread twice counts twice) and skipped selections left out.
 * 0 for an unknown operation. Each fragment is counted once and reused, so nesting cannot make this slow.
 */
export function aliasCount(document: DocumentNode, operationName?: string | null, variables?: VariableValues | null): number {
  const measured = measuredOperation(document, operationName, variables);
  return measured ? aliasesIn(measured.operation.selectionSet, measured, new Map(), new Set()) : 0;
}

function aliasesIn(selectionSet: SelectionSetNode, measured: MeasuredOperation, fragments: Map<string, number>, inProgress: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (!isIncluded(selection, measured.variables)) continue;
    if (selection.kind === Kind.FIELD) {
      if (selection.alias && selection.alias.value !== selection.name.value) count += 1;
      if (selection.selectionSet) count += aliasesIn(selection.selectionSet, measured, fragments, inProgress);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += aliasesIn(selection.selectionSet, measured, fragments, inProgress);
    } else {
      count += fragmentAliases(selection.name.value, measured, fragments, inProgress);
    }
  }
  return count;
}

// Private: memoized per fragment; a cycle (which validation refuses anyway) adds nothing.
function fragmentAliases(name: string, measured: MeasuredOperation, fragments: Map<string, number>, inProgress: Set<string>): number {
  const known = fragments.get(name);
  if (known !== undefined) return known;
  const fragment = measured.fragments[name];
  if (!fragment || inProgress.has(name)) return 0;
  inProgress.add(name);
  const count = aliasesIn(fragment.selectionSet, measured, fragments, inProgress);
  inProgress.delete(name);
  fragments.set(name, count);
  return count;
}
