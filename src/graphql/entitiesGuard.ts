import { GraphQLError, isObjectType, Kind, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../core/errors';

/**
 * Wraps the `_entities` resolver `buildSubgraphSchema` adds so that malformed representations — not an
 * object, no `__typename`, a type that is not one of our entities, a key field (from the type's `@key`)
 * missing or not a string — are one `BAD_USER_INPUT` error naming the first offender, its field and how many
 * representations are malformed, instead of an uncoded error thrown per representation (masked as internal,
 * logged once each: 10,000 bad keys made 10,000 errors and log lines) or midway (leaving the look-ups
 * already started unobserved).
 */
export function guardEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()['_entities'];
  const resolve = field?.resolve as GraphQLFieldResolver<unknown, unknown, { representations?: unknown }> | undefined;
  if (!field || !resolve) return schema;
  const keyFields = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && hasKey(type)) keyFields.set(type.name, keyFieldsOf(type));
  }
  const typeNames = [...keyFields.keys()].sort().join(', ');
  field.resolve = (source, args, context, info) => {
    const given: unknown = (args as { representations?: unknown }).representations;
    const representations: unknown[] = Array.isArray(given) ? given : [];
    let first = '';
    let firstField = 'representations';
    let malformed = 0;
    representations.forEach((representation, index) => {
      const problem = problemOf(representation, keyFields, typeNames);
      if (problem === null) return;
      malformed += 1;
      if (first === '') {
        first = `representations[${index}]${problem.field ? `.${problem.field}` : ''}: ${problem.message}`;
        firstField = problem.field ? `representations[${index}].${problem.field}` : `representations[${index}]`;
      }
    });
    if (first !== '') {
      const more = malformed > 1 ? ` (${malformed} of the ${representations.length} representations are malformed)` : '';
      throw new GraphQLError(`${first}${more}`, {
        extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName: 'representations', field: firstField, malformed },
      });
    }
    return resolve(source, args as { representations?: unknown }, context, info);
  };
  return schema;
}

/** What is wrong with one representation: the key field at fault (none for the object itself) and why. */
interface Problem {
  field: string | null;
  message: string;
}

// Private: null when the representation is an object of one of our entity types with every key field a string.
function problemOf(representation: unknown, keyFields: ReadonlyMap<string, string[]>, typeNames: string): Problem | null {
  const fields =
    typeof representation === 'object' && representation !== null && !Array.isArray(representation) ? (representation as Record<string, unknown>) : null;
  const typename = fields?.['__typename'];
  const keys = typeof typename === 'string' ? keyFields.get(typename) : undefined;
  if (!fields || !keys) {
    return { field: null, message: `expected an object whose __typename is one of ${typeNames}, got ${shown(representation)}` };
  }
  for (const key of keys) {
    const value = fields[key];
    if (typeof value !== 'string') {
      return { field: key, message: `expected the ${String(typename)} key field ${key} to be a string, got ${value === undefined ? 'nothing' : shown(value)}` };
    }
  }
  return null;
}

function hasKey(type: GraphQLObjectType): boolean {
  return type.astNode?.directives?.some((directive) => directive.name.value === 'key') ?? false;
}

// Private: the field names of the type's `@key(fields: "a b")` (ours have one key each, flat: no nested selections).
function keyFieldsOf(type: GraphQLObjectType): string[] {
  const directive = type.astNode?.directives?.find((candidate) => candidate.name.value === 'key');
  const argument = directive?.arguments?.find((candidate) => candidate.name.value === 'fields');
  if (argument?.value.kind !== Kind.STRING) return [];
  return argument.value.value.split(/[\s,]+/).filter((name) => /^[_A-Za-z]\w*$/.test(name));
}

function shown(value: unknown): string {
  return (JSON.stringify(value) ?? String(value)).slice(0, 80);
}
