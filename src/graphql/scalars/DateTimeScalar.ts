import { GraphQLScalarType } from 'graphql';

/** `DateTime`: output only, the upstream's RFC 3339 text as written. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => String(value),
});
