import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

/**
 * `JSON`: any JSON value, as given (GeoJSON geometries here). An inline literal is read as the JSON it spells,
 * variables included; what the value must be is checked by the field that reads it (`parseGeometryInput`).
 */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
