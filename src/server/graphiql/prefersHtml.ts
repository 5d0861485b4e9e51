/** The media types Apollo answers GraphQL with; HTML must beat every one of them. */
const GRAPHQL_RESPONSE_TYPES = ['application/json', 'application/graphql-response+json'] as const;

/**
 * True when an `Accept` header ranks `text/html` strictly above every GraphQL response type, as a browser's
 * navigation does. Ties, a lone wildcard (curl's default) and an absent header stay with GraphQL.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const ranges = parseAccept(accept);
  const html = qualityOf(ranges, 'text/html');
  return html > 0 && GRAPHQL_RESPONSE_TYPES.every((type) => html > qualityOf(ranges, type));
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

// Private: `type/subtype;q=0.8, …`; a malformed range is skipped, a malformed q counts as 1 (RFC 9110 default).
function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [mediaType = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const match = /^([a-z0-9!#$%&'*+.^_`|~-]+)\/([a-z0-9!#$%&'*+.^_`|~-]+)$/.exec(mediaType);
    if (!match) continue;
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    ranges.push({ type: match[1] as string, subtype: match[2] as string, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 1 });
  }
  return ranges;
}

// Private: the q of the most specific range matching `mediaType` (exact, then type/*, then */*); 0 when none does.
function qualityOf(ranges: MediaRange[], mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  let best: { specificity: number; q: number } = { specificity: -1, q: 0 };
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype ? 2
      : range.type === type && range.subtype === '*' ? 1
      : range.type === '*' && range.subtype === '*' ? 0
      : -1;
    if (specificity > best.specificity) best = { specificity, q: range.q };
  }
  return best.q;
}
