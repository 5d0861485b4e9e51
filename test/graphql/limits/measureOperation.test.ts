import { getIntrospectionQuery, parse } from 'graphql';
import { INTROSPECTION_MAX_DEPTH, measureOperation, type OperationLimits } from '../../../src/graphql/limits/measureOperation';
import { buildSchema } from '../../../src/graphql/schema';

const schema = buildSchema();
const LIMITS: OperationLimits = { budget: 300, maxDepth: 12, maxAliases: 30, ratePerSecond: 10 };
const measure = (query: string, limits: Partial<OperationLimits> = {}) => measureOperation(schema, parse(query), null, {}, { ...LIMITS, ...limits });

const README_NESTED = '{ resources(first: 3) { nodes { subResources(first: 2) { nodes { files(first: 10) { nodes { name } } } } } } }';

// `{ __type(name: "Resource") { ofType { ofType { … { name } } } } }`: introspection `levels` fields deep.
const deepIntrospection = (levels: number) => `{ __type(name: "Resource") ${'{ ofType '.repeat(levels - 2)}{ name }${' }'.repeat(levels - 2)} }`;

describe('measureOperation()', () => {
  describe('the budget', () => {
    it('lets an estimate equal to the budget through', () => {
      expect(measure(README_NESTED, { budget: 10 })).toEqual({ depth: 7, introspectionDepth: 0, aliases: 0, upstreamRequests: 10, exceeded: null });
    });

    it('refuses an estimate one over the budget', () => {
      expect(measure(README_NESTED, { budget: 9 }).exceeded).toEqual({ limit: 'upstreamRequests', estimate: 10, budget: 9, ratePerSecond: 10 });
    });
  });

  describe('the shape is checked first, and an operation refused for it is not estimated', () => {
    it('refuses a depth over maxDepth', () => {
      expect(measure(README_NESTED, { maxDepth: 6, budget: 0 })).toEqual({
        depth: 7,
        introspectionDepth: 0,
        aliases: 0,
        upstreamRequests: null,
        exceeded: { limit: 'depth', depth: 7, maxDepth: 6 },
      });
    });

    it('refuses more aliases than maxAliases', () => {
      expect(measure('{ a: resources { totalCount } b: resources { totalCount } }', { maxAliases: 1, budget: 0 })).toMatchObject({
        upstreamRequests: null,
        exceeded: { limit: 'aliases', aliases: 2, maxAliases: 1 },
      });
    });
  });

  describe('introspection has its own depth limit', () => {
    it("lets graphql-js's full introspection query through however low maxDepth is", () => {
      expect(measure(getIntrospectionQuery(), { maxDepth: 3 })).toMatchObject({ introspectionDepth: 15, upstreamRequests: 0, exceeded: null });
    });

    it.each([
      [INTROSPECTION_MAX_DEPTH, 12, null],
      [INTROSPECTION_MAX_DEPTH + 1, 12, { limit: 'depth', depth: INTROSPECTION_MAX_DEPTH + 1, maxDepth: INTROSPECTION_MAX_DEPTH }],
      [INTROSPECTION_MAX_DEPTH + 1, INTROSPECTION_MAX_DEPTH + 5, null],
    ])('introspection %i deep with maxDepth %i', (levels, maxDepth, exceeded) => {
      const measured = measure(deepIntrospection(levels), { maxDepth });
      expect(measured.introspectionDepth).toBe(levels);
      expect(measured.exceeded).toEqual(exceeded);
    });
  });
});
