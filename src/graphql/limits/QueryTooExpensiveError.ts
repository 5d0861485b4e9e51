import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../core/errors';

/** Which limit an operation exceeded, with the measured value and the limit (the error's `extensions`). */
export type ExceededLimit =
  /** More upstream requests than the budget, at worst; `ratePerSecond` turns the budget into time for the message. */
  | { limit: 'upstreamRequests'; estimate: number; budget: number; ratePerSecond: number }
  /** Selections nested deeper than allowed, in fields. */
  | { limit: 'depth'; depth: number; maxDepth: number }
  /** More aliased fields than allowed; `archiveRepresentations` of them are `_entities` File representations asking `contents`. */
  | { limit: 'aliases'; aliases: number; maxAliases: number; archiveRepresentations?: number };

/**
 * `QUERY_TOO_EXPENSIVE`: the operation was refused before it ran, so nothing reached the upstream. HTTP 400;
 * `extensions` name the limit, the measured value and the limit, e.g. `{ limit: 'depth', depth: 14, maxDepth: 12 }`.
 */
export class QueryTooExpensiveError extends GraphQLError {
  constructor(exceeded: ExceededLimit) {
    super(messageOf(exceeded), { extensions: { code: ErrorCode.QUERY_TOO_EXPENSIVE, ...measuresOf(exceeded), http: { status: 400 } } });
    this.name = 'QueryTooExpensiveError';
  }
}

const NUMBER = new Intl.NumberFormat('en-US');

function messageOf(exceeded: ExceededLimit): string {
  switch (exceeded.limit) {
    case 'upstreamRequests': {
      const seconds = Math.max(1, Math.round(exceeded.budget / exceeded.ratePerSecond));
      return (
        `This operation could need up to ${NUMBER.format(exceeded.estimate)} upstream requests; the budget is ` +
        `${NUMBER.format(exceeded.budget)} (about ${NUMBER.format(seconds)} s of upstream time). Ask for fewer items (first/last) or less nesting.`
      );
    }
    case 'depth':
      return `This operation nests fields ${exceeded.depth} deep; the limit is ${exceeded.maxDepth}. Ask for less nesting.`;
    case 'aliases':
      return (
        `This operation uses ${exceeded.aliases} aliases${exceeded.archiveRepresentations ? ` (counting ${exceeded.archiveRepresentations} File representations that ask for contents)` : ''}; ` +
        `the limit is ${exceeded.maxAliases}. Use fewer aliases, or split the operation.`
      );
  }
}

// Private: the public part of `exceeded` (the rate only serves the message).
function measuresOf(exceeded: ExceededLimit): Record<string, unknown> {
  switch (exceeded.limit) {
    case 'upstreamRequests':
      return { limit: exceeded.limit, estimate: exceeded.estimate, budget: exceeded.budget };
    case 'depth':
      return { limit: exceeded.limit, depth: exceeded.depth, maxDepth: exceeded.maxDepth };
    case 'aliases':
      return {
        limit: exceeded.limit,
        aliases: exceeded.aliases,
        maxAliases: exceeded.maxAliases,
        ...(exceeded.archiveRepresentations ? { archiveRepresentations: exceeded.archiveRepresentations } : {}),
      };
  }
}
