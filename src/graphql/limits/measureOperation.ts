import type { DocumentNode, GraphQLSchema } from 'graphql';
import { aliasCount } from './aliasCount';
import { archiveRepresentationCount } from './archiveRepresentationCount';
import { estimateUpstreamRequests } from './estimateUpstreamRequests';
import type { ListingKnowledge } from '../../upstream/loaders/ListingKnowledge';
import type { VariableValues } from './measuredOperation';
import type { ExceededLimit } from './QueryTooExpensiveError';
import { selectionDepth } from './selectionDepth';

/**
 * Deepest introspection allowed, in fields, when `maxDepth` is lower: graphql-js's `getIntrospectionQuery()`,
 * which GraphiQL sends, is 15 deep; the rest is room for tools asking deeper type references.
 */
export const INTROSPECTION_MAX_DEPTH = 20;

/** The limits an operation is checked against. */
export interface OperationLimits {
  /** Upstream requests an operation may need at most. */
  budget: number;
  /** Deepest data selection, in fields. Introspection may go to `max(maxDepth, INTROSPECTION_MAX_DEPTH)`. */
  maxDepth: number;
  /** Aliased fields per operation. */
  maxAliases: number;
  /** Upstream requests per second: turns the budget into time in the message. */
  ratePerSecond: number;
}

/** What was measured of one operation, and the first limit it exceeded. */
export interface OperationMeasure {
  depth: number;
  introspectionDepth: number;
  /** Aliased fields, plus the `_entities` File representations that ask `contents` (see `archiveRepresentationCount`). */
  aliases: number;
  /** Worst-case upstream requests; null when the operation was refused for its shape before being estimated. */
  upstreamRequests: number | null;
  /** The limit exceeded, checked in this order: depth, aliases, upstream requests; null when within every one. */
  exceeded: ExceededLimit | null;
}

/**
 * Measures the operation against `limits`, cheapest check first: the estimate walks the selection shape, so
 * it runs only on operations within the depth and alias limits.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: VariableValues | null | undefined,
  limits: OperationLimits,
  knowledge?: ListingKnowledge,
): OperationMeasure {
  const { depth, introspectionDepth } = selectionDepth(document, operationName, variables);
  const archiveRepresentations = archiveRepresentationCount(schema, document, operationName, variables);
  const shape = { depth, introspectionDepth, aliases: aliasCount(document, operationName, variables) + archiveRepresentations };
  const maxIntrospectionDepth = Math.max(limits.maxDepth, INTROSPECTION_MAX_DEPTH);
  if (depth > limits.maxDepth) return { ...shape, upstreamRequests: null, exceeded: { limit: 'depth', depth, maxDepth: limits.maxDepth } };
  if (introspectionDepth > maxIntrospectionDepth) {
    return { ...shape, upstreamRequests: null, exceeded: { limit: 'depth', depth: introspectionDepth, maxDepth: maxIntrospectionDepth } };
  }
  if (shape.aliases > limits.maxAliases) {
    const exceeded: ExceededLimit = {
      limit: 'aliases',
      aliases: shape.aliases,
      maxAliases: limits.maxAliases,
      ...(archiveRepresentations > 0 ? { archiveRepresentations } : {}),
    };
    return { ...shape, upstreamRequests: null, exceeded };
  }
  const estimate = estimateUpstreamRequests(schema, document, operationName, variables, knowledge);
  const exceeded: ExceededLimit | null =
    estimate > limits.budget ? { limit: 'upstreamRequests', estimate, budget: limits.budget, ratePerSecond: limits.ratePerSecond } : null;
  return { ...shape, upstreamRequests: estimate, exceeded };
}
