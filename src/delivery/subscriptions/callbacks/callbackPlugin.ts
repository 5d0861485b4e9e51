import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginSubscriptionCallback } from '@apollo/server/plugin/subscriptionCallback';
import { ErrorCode } from '../../../core/errors';
import type { TargetPolicy } from '../../../core/resolveTarget';
import type { Context } from '../../../graphql/context';
import { pinnedCallbackFetcher } from './pinnedCallbackFetcher';

/** The callback plugin's logger (Apollo's shape). */
interface PluginLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Apollo's subscription callback plugin, its callbacks sent through `pinnedCallbackFetcher`, with one change:
 * when its own `check` request fails (after the admission's passed: the router changed its mind), it answers
 * HTTP 500 with the raw message of whatever failed; that becomes a typed 400 naming the callback URL.
 */
export function callbackPlugin(policy: TargetPolicy, logger: PluginLogger): ApolloServerPlugin<Context> {
  const inner = ApolloServerPluginSubscriptionCallback({ fetcher: pinnedCallbackFetcher(policy), logger });
  return {
    ...inner,
    async requestDidStart(requestContext) {
      const listener = await inner.requestDidStart?.(requestContext);
      if (!listener) return undefined;
      return {
        ...listener,
        async willSendResponse(context) {
          await listener.willSendResponse?.(context);
          const { body, http } = context.response;
          if (body.kind === 'single' && http.status === 500) {
            http.status = 400;
            body.singleResult.errors = [
              {
                message: 'extensions.subscription.callbackUrl: the check request failed; a router answers it 204',
                extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName: 'extensions.subscription.callbackUrl' },
              },
            ];
          }
        },
      };
    },
  };
}
