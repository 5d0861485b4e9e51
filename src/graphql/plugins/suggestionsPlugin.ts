import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';

/**
 * Puts the suggestions resolvers noted (`Context.suggestions`: searches whose words matched nothing) into the
 * response's `extensions.suggestions`, beside `data`: the answer stays an empty list, not an error.
 */
export function suggestionsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const suggestions = contextValue.suggestions;
          if (!suggestions || suggestions.length === 0 || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, suggestions: [...suggestions] };
        },
      };
    },
  };
}
