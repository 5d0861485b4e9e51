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
 * Refuses, once the operation is resolved and before it runs, an operation that is too deep, too aliased or
 * could need more upstream requests than the budget: a `QUERY_TOO_EXPENSIVE` error (HTTP 400), and not one
 * upstream request. Takes the process's `OperationGuards` (so that every door applies the same limits), or
 * options to build its own. Throws a TypeError for an option out of range.
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
      };
    },
  };
}
