import { GraphQLScalarType, Kind } from 'graphql';
import { BadUserInputError } from '../../core/errors';

/** `Long`: an integer beyond 32 bits, exact up to 2^53 - 1, as a JSON number. */
export const LongScalar = new GraphQLScalarType<number, number>({
  name: 'Long',
  serialize: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new TypeError(`Long: expected a safe integer, got ${String(value)}`);
    return value;
  },
  parseValue: (value) => parseLong(value),
  parseLiteral: (ast) => parseLong(ast.kind === Kind.INT ? Number(ast.value) : `<${ast.kind}>`),
});

function parseLong(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new BadUserInputError(`Long: expected an integer within ±(2^53 - 1), got ${JSON.stringify(value)}`);
}
