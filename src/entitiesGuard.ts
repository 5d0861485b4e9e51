import { GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { ErrorCode } from './errors';

/**
 * Wraps the `_entities` resolver `buildSubgraphSchema` adds so that malformed representations — not an
 * object, no `__typename`, a type that is not one of our entities — are a `BAD_USER_INPUT` error naming the
 * first offender, instead of an uncoded error thrown midway (masked as internal, and leaving the look-ups
 * already started unobserved).
 */
export function guardEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()['_entities'];
  const resolve = field?.resolve as GraphQLFieldResolver<unknown, unknown, { representations?: unknown }> | undefined;
  if (!field || !resolve) return schema;
  const entityTypes = new Set(
    Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && type.astNode?.directives?.some((directive) => directive.name.value === 'key'))
      .map((type) => type.name),
  );
  field.resolve = (source, args, context, info) => {
    const representations = Array.isArray(args.representations) ? args.representations : [];
    representations.forEach((representation: unknown, index: number) => {
      const typename = typeof representation === 'object' && representation !== null ? (representation as { __typename?: unknown }).__typename : undefined;
      if (typeof typename !== 'string' || !entityTypes.has(typename)) {
        throw new GraphQLError(
          `representations[${index}]: expected an object whose __typename is one of ${[...entityTypes].sort().join(', ')}, got ${JSON.stringify(representation)?.slice(0, 80)}`,
          { extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName: 'representations' } },
        );
      }
    });
    return resolve(source, args, context, info);
  };
  return schema;
}
