import { BadUserInputError } from '../../core/errors';

const MAX_NAME_LENGTH = 256;

/**
 * Checks an upstream name (resource, edition or file) before it becomes a path segment: not empty, no `/`,
 * not `.` or `..`, no control characters. Percent-encoding alone would not stop `..`, which URL parsers
 * resolve, so a name could otherwise reach another upstream path.
 */
export function validateName(value: string, argumentName: string): string {
  const problem =
    value.length === 0 ? 'it is empty'
    : value.length > MAX_NAME_LENGTH ? `it has ${value.length} characters`
    : value === '.' || value === '..' ? 'it is a dot segment'
    : value.includes('/') || value.includes('\\') ? 'it contains a slash'
    : /[\u0000-\u001f\u007f]/.test(value) ? 'it contains a control character'
    : null;
  if (problem !== null) {
    throw new BadUserInputError(
      `${argumentName}: expected an upstream name (1 to ${MAX_NAME_LENGTH} characters, no '/', not '.' or '..', no control characters), got ${JSON.stringify(value.slice(0, 80))}: ${problem}`,
      argumentName,
    );
  }
  return value;
}
