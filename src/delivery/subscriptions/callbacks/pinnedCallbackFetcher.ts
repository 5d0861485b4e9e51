import type { ApolloServerPluginSubscriptionCallbackOptions } from '@apollo/server/plugin/subscriptionCallback';
import { resolveTarget, type TargetPolicy } from '../../../core/resolveTarget';
import { sendWebhook } from '../../webhooks/sendWebhook';

type Fetcher = NonNullable<ApolloServerPluginSubscriptionCallbackOptions['fetcher']>;

/**
 * The fetcher of Apollo's subscription callback plugin. The callback URL comes from the request, so it gets
 * the webhook's checks: resolved and checked (a router on a private network must be named in
 * WEBHOOK_ALLOWED_HOSTS), connected to the checked address, no redirects, 10 s, 1 kB of answer. The plugin
 * only reads `ok` and `status`.
 */
export function pinnedCallbackFetcher(policy: TargetPolicy): Fetcher {
  const fetcher = async (url: string, init?: { body?: string; headers?: Record<string, string> }) => {
    const target = await resolveTarget(url, policy);
    const result = await sendWebhook(target, init?.body ?? '', init?.headers ?? {});
    // The host name only: the error may travel to a log line or an answer, the checked address never.
    if (result.outcome === 'failed' && result.status === null) throw new Error(`callback to ${target.hostname} got no answer`);
    const status = result.status ?? 0;
    return { ok: status >= 200 && status < 300, status };
  };
  return fetcher as unknown as Fetcher;
}
