/** Most characters (Unicode code points) of a product, edition or file name. */
export const MAX_NAME_LENGTH = 255;

// Private: what a name may not hold: control characters (C0, DEL, C1), line and paragraph separators, and a
// lone surrogate (not text at all); a slash or a backslash (a path separator somewhere).
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\p{Noncharacter_Code_Point}]/u;

/**
 * What makes `name` unusable as a product, edition or file name, or null when it is one: any 1 to 255
 * characters of printable Unicode (accents, spaces, quotes, `$`, `&`, `#`, `%`, a leading `-`, look-alikes,
 * right-to-left marks… all allowed) with no `/` or `\`, no control character, and not `.` or `..`. The one rule
 * for names read from the upstream (`checkEntryName`) and names given as arguments (`validateName`). Such a name
 * is data: every place it meets an interpreter (a shell, md5sum, XML, aria2, a URL) quotes or encodes it there.
 */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  // Code points are never more than UTF-16 units: only a longer text needs them counted.
  const length = name.length <= MAX_NAME_LENGTH ? name.length : [...name].length;
  if (length > MAX_NAME_LENGTH) return `it has ${length} characters, more than ${MAX_NAME_LENGTH}`;
  if (name === '.' || name === '..') return 'it is a dot segment';
  if (name.includes('/') || name.includes('\\')) return 'it contains a slash';
  if (UNPRINTABLE.test(name)) return 'it contains a control character, a line separator or a lone surrogate';
  return null;
}
