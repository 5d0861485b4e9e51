import { FIELD_WEIGHTS, type SearchField } from './searchFields';

/**
 * A PostgreSQL `tsquery` text (for `to_tsquery` with the store's configuration, which stems each word) matching
 * any of `alternatives` (each a list of folded words, all required) within `fields`: each word a prefix
 * (`:*`) restricted to the fields' weights. Words hold letters and digits only (`foldWords`): nothing of the
 * tsquery syntax (`&`, `|`, `!`, `<->`, `:`, quotes, parentheses) can come from what a person typed.
 */
export function tsQueryText(alternatives: ReadonlyArray<readonly string[]>, fields: readonly SearchField[]): string {
  const weights = fields.length === 4 ? '' : fields.map((field) => FIELD_WEIGHTS[field]).join('');
  const branches = alternatives.map((words) => `(${words.map((word) => `${word}:*${weights}`).join(' & ')})`);
  return branches.join(' | ');
}
