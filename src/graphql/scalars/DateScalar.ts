import { GraphQLScalarType, Kind } from 'graphql';
import { BadUserInputError } from '../../core/errors';

/** `Date`: a real calendar date written `YYYY-MM-DD`; anything else is refused with "expected X, got Y". */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: (value) => String(value),
  parseValue: (value) => parseCalendarDate(value),
  parseLiteral: (ast) => parseCalendarDate(ast.kind === Kind.STRING ? ast.value : `<${ast.kind}>`),
});

/** The date itself when `value` is a valid `YYYY-MM-DD` calendar date (2025-02-30 is not). */
export function parseCalendarDate(value: unknown): string {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return value as string;
  }
  throw new BadUserInputError(`Date: expected a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}
