import type { ApolloServerPlugin } from '@apollo/server';
import { preparePlaces } from '../../zones';
import type { Context } from '../context';

// Private: an operation that may read a place: `place(…)`, `place:`, `$place`, `... on Place`.
const MENTIONS_PLACE = /\bplace\b/i;

/**
 * Lets an operation that mentions places wait for the place data (`preparePlaces`, which the server starts
 * loading once it listens) before it is estimated and run, instead of building it on its own request (the
 * estimate of `latestEdition(place:)` resolves the place synchronously). Other operations never wait, and once
 * the data is loaded the wait is one resolved promise.
 */
export function placesReadyPlugin(prepare: () => Promise<void> = preparePlaces): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveSource({ source }) {
          if (MENTIONS_PLACE.test(source)) await prepare();
        },
      };
    },
  };
}
