import { BadUserInputError } from '../../core/errors';
import type { GraphQLRequestParams } from './Door';

/**
 * The GraphQL-over-HTTP parameters of a request: from its body when it is a JSON object, else from the query
 * string (a GET). Null when there is no `query` to run (a batch, a reservation, an empty body: the door
 * answers those). A parameter of the wrong type is a `BadUserInputError` naming it.
 */
export function graphqlParams(json: unknown, url: URL): GraphQLRequestParams | null {
  if (json !== undefined && typeof json !== 'string') {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
    const fields = json as Record<string, unknown>;
    if (fields['query'] === undefined || fields['query'] === null) return null;
    return checked(fields['query'], fields['operationName'], fields['variables'], fields['extensions']);
  }
  const query = url.searchParams.get('query');
  if (query === null) return null;
  return checked(
    query,
    url.searchParams.get('operationName'),
    fromJson(url.searchParams.get('variables'), 'variables'),
    fromJson(url.searchParams.get('extensions'), 'extensions'),
  );
}

function checked(query: unknown, operationName: unknown, variables: unknown, extensions: unknown): GraphQLRequestParams {
  if (typeof query !== 'string') throw new BadUserInputError(`query: expected a string, got ${typeName(query)}`, 'query');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw new BadUserInputError(`operationName: expected a string, got ${typeName(operationName)}`, 'operationName');
  }
  return {
    query,
    operationName: operationName ?? null,
    variables: objectOrNull(variables, 'variables'),
    extensions: objectOrNull(extensions, 'extensions'),
  };
}

function objectOrNull(value: unknown, name: string): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new BadUserInputError(`${name}: expected an object, got ${typeName(value)}`, name);
  return value as Record<string, unknown>;
}

function fromJson(raw: string | null, name: string): unknown {
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new BadUserInputError(`${name}: expected a JSON object, got text that is not JSON`, name);
  }
}

function typeName(value: unknown): string {
  return (
    Array.isArray(value) ? 'an array'
    : value === null ? 'null'
    : `a ${typeof value}`
  );
}
