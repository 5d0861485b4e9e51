import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import type { OperationMeasure } from './measureOperation';
import { OperationGuards, type OperationLimitsOptions } from './OperationGuards';
import { QueryTooExpensiveError } from './QueryTooExpensiveError';

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
 * What every answer tells of its upstream cost, as `extensions.upstream` (upstream requests; gateways keep
 * `extensions.cost` for their own demand control).
 */
export interface UpstreamCostExtension {
  /** What admission charged before running (`estimateUpstreamRequests`); null when refused for its shape, or not an operation. */
  estimated: number | null;
  /** What it took from its budget while running, on reservations (pages after page 1 of a walk, archive reads…). */
  reserved: number;
  /** Requests sent, retries and Range reads included. */
  sent: number;
  /** Page loads and downloads answered without a request of this operation. */
  cacheHits: number;
  /** `QUERY_COST_BUDGET`. */
  budget: number;
}

/**
 * Refuses, once the operation is resolved and before it runs, an operation that is too deep, too aliased or
 * whose estimate is over the upstream budget: a `QUERY_TOO_EXPENSIVE` error (HTTP 400), and not one upstream
 * request. The estimate charges what is read before any data; the rest is reserved on the same budget at run time
 * (`WalkBudget`). Adds `extensions.upstream` (`UpstreamCostExtension`) to every answer. Takes the process's
 * `OperationGuards` (so that every door applies the same limits), or options to build its own. Throws a TypeError
 * for an option out of range.
 */
export function createOperationLimitsPlugin(guardsOrOptions: OperationGuards | OperationLimitsOptions = {}): OperationLimitsPlugin {
  const guards = guardsOrOptions instanceof OperationGuards ? guardsOrOptions : new OperationGuards(guardsOrOptions);
  // Per plugin, keyed by each operation's context: nothing outlives the operation.
  const measures = new WeakMap<Context, OperationMeasure>();
  return {
    measureOf: (context) => measures.get(context),
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request, contextValue }) {
          const measure = guards.measure(schema, document, operationName, request.variables);
          measures.set(contextValue, measure);
          if (measure.exceeded) throw new QueryTooExpensiveError(measure.exceeded);
        },
        async willSendResponse({ response, contextValue }) {
          const usage = contextValue.loaders?.usage();
          const upstream: UpstreamCostExtension = {
            estimated: measures.get(contextValue)?.upstreamRequests ?? null,
            reserved: usage?.reserved ?? 0,
            sent: usage?.sent ?? 0,
            cacheHits: usage?.cacheHits ?? 0,
            budget: guards.limits.budget,
          };
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          result.extensions = { ...result.extensions, upstream };
        },
      };
    },
  };
}
