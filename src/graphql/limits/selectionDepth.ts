import { Kind } from 'graphql';
import type { DocumentNode, SelectionSetNode } from 'graphql';
import { isIncluded } from './isIncluded';
import { measuredOperation, type MeasuredOperation, type VariableValues } from './measuredOperation';

/** How deep an operation's selections go, in fields (fragments followed, skipped selections left out). */
export interface SelectionDepth {
  /** Deepest path of data fields: `{ resources { nodes { name } } }` is 3. */
  depth: number;
  /** Deepest path through `__schema` or `__type`, counted from the root; 0 without introspection. */
  introspectionDepth: number;
}

/** Introspection root fields: answered from the schema, they never reach the upstream. */
const INTROSPECTION_ROOTS: ReadonlySet<string> = new Set(['__schema', '__type']);

/**
 * The selection depth of the operation named `operationName` (or the only one); zeros for an unknown
 * operation. Introspection is measured apart: a full introspection query is deeper than any useful data query.
 * Each fragment is measured once, so fragments spreading fragments cannot make this slow.
 */
export function selectionDepth(document: DocumentNode, operationName?: string | null, variables?: VariableValues | null): SelectionDepth {
  const measured = measuredOperation(document, operationName, variables);
  if (!measured) return { depth: 0, introspectionDepth: 0 };
  return depthOf(measured.operation.selectionSet, measured, new Map(), new Set());
}

function depthOf(selectionSet: SelectionSetNode, measured: MeasuredOperation, fragments: Map<string, SelectionDepth>, inProgress: Set<string>): SelectionDepth {
  let depth = 0;
  let introspectionDepth = 0;
  const merge = (below: SelectionDepth): void => {
    depth = Math.max(depth, below.depth);
    introspectionDepth = Math.max(introspectionDepth, below.introspectionDepth);
  };
  for (const selection of selectionSet.selections) {
    if (!isIncluded(selection, measured.variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const below = selection.selectionSet ? depthOf(selection.selectionSet, measured, fragments, inProgress) : { depth: 0, introspectionDepth: 0 };
      if (INTROSPECTION_ROOTS.has(selection.name.value)) {
        merge({ depth: 0, introspectionDepth: 1 + Math.max(below.depth, below.introspectionDepth) });
      } else {
        merge({ depth: 1 + below.depth, introspectionDepth: below.introspectionDepth > 0 ? 1 + below.introspectionDepth : 0 });
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      merge(depthOf(selection.selectionSet, measured, fragments, inProgress));
    } else {
      merge(fragmentDepth(selection.name.value, measured, fragments, inProgress));
    }
  }
  return { depth, introspectionDepth };
}

// Private: memoized per fragment; a cycle (which validation refuses anyway) adds nothing.
function fragmentDepth(name: string, measured: MeasuredOperation, fragments: Map<string, SelectionDepth>, inProgress: Set<string>): SelectionDepth {
  const known = fragments.get(name);
  if (known) return known;
  const fragment = measured.fragments[name];
  if (!fragment || inProgress.has(name)) return { depth: 0, introspectionDepth: 0 };
  inProgress.add(name);
  const result = depthOf(fragment.selectionSet, measured, fragments, inProgress);
  inProgress.delete(name);
  fragments.set(name, result);
  return result;
}
