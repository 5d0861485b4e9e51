import { QueryTooExpensiveError } from '../../../src/graphql/limits/QueryTooExpensiveError';

describe('QueryTooExpensiveError', () => {
  it('states the estimate and the budget in requests and seconds, with thousands separators', () => {
    const error = new QueryTooExpensiveError({ limit: 'upstreamRequests', estimate: 1234567, budget: 1500, ratePerSecond: 10 });
    expect(error.message).toBe(
      'This operation could need up to 1,234,567 upstream requests; the budget is 1,500 (about 150 s of upstream time). Ask for fewer items (first/last) or less nesting.',
    );
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_EXPENSIVE', limit: 'upstreamRequests', estimate: 1234567, budget: 1500, http: { status: 400 } });
  });

  it('turns the budget into time at the given rate', () => {
    expect(new QueryTooExpensiveError({ limit: 'upstreamRequests', estimate: 400, budget: 300, ratePerSecond: 20 }).message).toContain(
      '(about 15 s of upstream time)',
    );
  });

  it.each([
    [{ limit: 'depth', depth: 14, maxDepth: 12 } as const, { code: 'QUERY_TOO_EXPENSIVE', limit: 'depth', depth: 14, maxDepth: 12, http: { status: 400 } }],
    [
      { limit: 'aliases', aliases: 40, maxAliases: 30 } as const,
      { code: 'QUERY_TOO_EXPENSIVE', limit: 'aliases', aliases: 40, maxAliases: 30, http: { status: 400 } },
    ],
  ])('carries the measure and the limit of %p', (exceeded, extensions) => {
    const error = new QueryTooExpensiveError(exceeded);
    expect(error.extensions).toEqual(extensions);
    expect(error.name).toBe('QueryTooExpensiveError');
  });
});
