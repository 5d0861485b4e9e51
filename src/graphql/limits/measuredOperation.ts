import { getOperationAST, Kind, valueFromASTUntyped } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';

/** Variable values as a request carries them (JSON). */
export type VariableValues = Readonly<Record<string, unknown>>;

/** One operation of a document with what measuring it needs. */
export interface MeasuredOperation {
  operation: OperationDefinitionNode;
  /** Every fragment of the document, by name (the shape `GraphQLResolveInfo.fragments` has). */
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** The request's variables, with the operation's default values for those it does not give. */
  variables: VariableValues;
}

/** The operation named `operationName` (or the document's only one), or null when there is no such operation. */
export function measuredOperation(document: DocumentNode, operationName?: string | null, variables?: VariableValues | null): MeasuredOperation | null {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const given = variables ?? {};
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (Object.prototype.hasOwnProperty.call(given, name)) values[name] = given[name];
    else if (definition.defaultValue) values[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return { operation, fragments, variables: values };
}
