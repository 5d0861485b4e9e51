/** How many of `_entities`' representations are Files (each may read its own archive's table of contents). */
export function fileRepresentationCount(representations: unknown): number {
  if (!Array.isArray(representations)) return 0;
  return representations.filter((item) => typeof item === 'object' && item !== null && (item as { __typename?: unknown }).__typename === 'File').length;
}
