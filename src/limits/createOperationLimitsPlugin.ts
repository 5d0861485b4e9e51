import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import type { ListingKnowledge } from './estimateUpstreamRequests';
import { measureOperation, type OperationLimits, type OperationMeasure } from './measureOperation';
import { QueryTooExpensiveError } from './QueryTooExpensiveError';

/** Options of the plugin; each has a default. */
export interface OperationLimitsOptions {
  /** Upstream requests one operation may need at most. Default 300: 30 s of the upstream's 10 requests per second. */
  budget?: number;
  /** Deepest selection, in fields, fragments followed. Default 12 (introspection may go to 20). */
  maxDepth?: number;
  /** Fields aliased to another name, per operation. Default 30. */
  maxAliases?: number;
  /** Upstream requests per second (`GEOPF_RATE_LIMIT`), for the time shown in the message only. Default 10. */
  ratePerSecond?: number;
  /** What the process knows of listings' totals (its page cache), to narrow estimates. Default: nothing. */
  knowledge?: ListingKnowledge;
}

/** The defaults of `OperationLimitsOptions`. */
export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = Object.freeze({ budget: 300, maxDepth: 12, maxAliases: 30, ratePerSecond: 10 });

/** The plugin, and what it measured of each operation (for logs). */
export interface OperationLimitsPlugin extends ApolloServerPlugin<Context> {
  /**
   * What was measured of the operation run with this context, e.g. from a logging plugin's `willSendResponse`;
   * undefined before its operation was resolved. Pass `requestContext.contextValue`: Apollo hands plugins and
   * resolvers a per-operation copy of the context the server built, and the measure is kept under that copy.
   */
  measureOf(context: Context): OperationMeasure | undefined;
}

/**
 * Refuses, once the operation is resolved and before it runs, an operation that is too deep, too aliased or
 * could need more upstream requests than the budget: a `QUERY_TOO_EXPENSIVE` error (HTTP 400), and not one
 * upstream request. Throws a TypeError for an option out of range.
 */
export function createOperationLimitsPlugin(options: OperationLimitsOptions = {}): OperationLimitsPlugin {
  const limits: OperationLimits = {
    budget: integerOption('budget', options.budget ?? DEFAULT_OPERATION_LIMITS.budget, 0),
    maxDepth: integerOption('maxDepth', options.maxDepth ?? DEFAULT_OPERATION_LIMITS.maxDepth, 1),
    maxAliases: integerOption('maxAliases', options.maxAliases ?? DEFAULT_OPERATION_LIMITS.maxAliases, 0),
    ratePerSecond: integerOption('ratePerSecond', options.ratePerSecond ?? DEFAULT_OPERATION_LIMITS.ratePerSecond, 1),
  };
  // Per plugin, keyed by each operation's context: nothing outlives the operation.
  const measures = new WeakMap<Context, OperationMeasure>();
  return {
    measureOf: (context) => measures.get(context),
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request, contextValue }) {
          const measure = measureOperation(schema, document, operationName, request.variables, limits, options.knowledge);
          measures.set(contextValue, measure);
          if (measure.exceeded) throw new QueryTooExpensiveError(measure.exceeded);
        },
      };
    },
  };
}

function integerOption(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new TypeError(`createOperationLimitsPlugin: expected ${name} to be an integer of at least ${min}, got ${String(value)}`);
  }
  return value;
}
