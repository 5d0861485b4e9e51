import { valueFromASTUntyped } from 'graphql';
import type { SelectionNode } from 'graphql';
import type { VariableValues } from './measuredOperation';

/**
 * False when `@skip(if: true)` or `@include(if: false)` removes the selection, the condition written
 * literally or as a variable. A condition that is not a boolean (a missing variable) keeps the selection:
 * counting it can only over-estimate, and execution refuses such a request anyway.
 */
export function isIncluded(selection: SelectionNode, variables: VariableValues): boolean {
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const argument = directive.arguments?.find((candidate) => candidate.name.value === 'if');
    const condition: unknown = argument ? valueFromASTUntyped(argument.value, variables) : undefined;
    if (name === 'skip' && condition === true) return false;
    if (name === 'include' && condition === false) return false;
  }
  return true;
}
