import { BadUserInputError } from '../../core/errors';
import { MAX_NAME_LENGTH, nameProblem } from './nameProblem';

/**
 * Checks an upstream name given as an argument (resource, edition or file) before it becomes a path segment:
 * the same rule as names read from the upstream (`nameProblem`), so that every name the upstream may list can
 * be asked for, and no other. Percent-encoding alone would not stop `..`, which URL parsers resolve, so a name
 * could otherwise reach another upstream path.
 */
export function validateName(value: string, argumentName: string): string {
  const problem = nameProblem(value);
  if (problem !== null) {
    throw new BadUserInputError(
      `${argumentName}: expected an upstream name (1 to ${MAX_NAME_LENGTH} printable characters, no '/' or '\\', not '.' or '..'), got ${JSON.stringify(value.slice(0, 80))}: ${problem}`,
      argumentName,
    );
  }
  return value;
}
