/** A short account of a value people sent, for "got …" in messages; never the whole of a large input. */
export function describeInput(value: unknown): string {
  if (Array.isArray(value)) {
    const shown = value.length <= 6 ? ` ${truncate(JSON.stringify(value) ?? '')}` : '';
    return `an array of ${value.length} item${value.length === 1 ? '' : 's'}${shown}`;
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(truncate(value))}`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${truncate(String(value))}`;
  return `a ${typeof value}`;
}

// Private: at most 80 characters of a text.
function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
