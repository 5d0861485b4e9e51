import { lightStem } from './lightStem';
import type { SearchField } from './searchFields';

/**
 * A SQLite FTS5 query matching any of `alternatives` (each a list of folded words, all required) within
 * `fields`: each word a quoted prefix of its light stem (`"orthophotographi"*`), so a plural finds a singular
 * and `ortho` finds `orthophotographie`. Words hold letters and digits only (`foldWords`): nothing of the FTS5
 * syntax (quotes, `*`, `-`, `:`, `NEAR`, `AND`, parentheses) can come from what a person typed.
 */
export function fts5Expression(alternatives: ReadonlyArray<readonly string[]>, fields: readonly SearchField[]): string {
  const branches = alternatives.map((words) => `(${words.map((word) => `"${lightStem(word)}"*`).join(' AND ')})`);
  return `{${fields.join(' ')}} : (${branches.join(' OR ')})`;
}
