import { isObjectType, OperationTypeNode, valueFromASTUntyped } from 'graphql';
import type { DocumentNode, FieldNode, GraphQLSchema, SelectionSetNode } from 'graphql';
import { collectFields } from './collectFields';
import { fileRepresentationCount } from './fileRepresentationCount';
import { measuredOperation, type VariableValues } from './measuredOperation';

/**
 * How many `_entities` representations of the operation each read an archive's table of contents: the `File`
 * representations named like an archive (`.zip`, `.7z`), when the selection on `File` asks `contents` (under any alias). Each is the same work as one
 * more aliased `contents`, so the operation limits count them like aliases. 0 for an unknown operation.
 */
export function archiveRepresentationCount(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables?: VariableValues | null,
): number {
  const measured = measuredOperation(document, operationName, variables);
  const query = schema.getQueryType();
  const file = schema.getType('File');
  if (!measured || !query || !isObjectType(file) || measured.operation.operation !== OperationTypeNode.QUERY) return 0;
  let count = 0;
  for (const nodes of collectFields(schema, measured, query, [measured.operation.selectionSet]).values()) {
    const field = nodes[0] as FieldNode;
    if (field.name.value !== '_entities') continue;
    const selections = nodes.flatMap((node): SelectionSetNode[] => (node.selectionSet ? [node.selectionSet] : []));
    const asked = [...collectFields(schema, measured, file, selections).values()].some((group) => (group[0] as FieldNode).name.value === 'contents');
    if (!asked) continue;
    const argument = field.arguments?.find((candidate) => candidate.name.value === 'representations');
    count += fileRepresentationCount(argument ? valueFromASTUntyped(argument.value, measured.variables) : undefined).archives;
  }
  return count;
}
