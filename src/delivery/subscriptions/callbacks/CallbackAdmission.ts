import { GraphQLError, OperationTypeNode, type GraphQLSchema } from 'graphql';
import { BadUserInputError } from '../../../core/errors';
import { resolveTarget, TargetRefusedError, type TargetPolicy } from '../../../core/resolveTarget';
import type { ChangeStreams } from '../../../catalogue/changes/ChangeStreams';
import type { ChangeServices } from '../../../graphql/context';
import type { OperationGuards, OperationRequest } from '../../../graphql/limits/OperationGuards';
import { sendWebhook } from '../../webhooks/sendWebhook';
import type { SubscriptionQuota } from '../SubscriptionQuota';
import { readCallbackExtension } from './readCallbackExtension';

/** What a router's callback request needs to run: the change services of its subscription, and `done` to call once answered. */
export interface AdmittedCallback {
  services: ChangeServices;
  /** Gives back the quota and the callback URL when the subscription did not open (Apollo refused the document). */
  done(): void;
}

export interface CallbackAdmissionOptions {
  schema: GraphQLSchema;
  guards: OperationGuards;
  quota: SubscriptionQuota;
  /** The streams callback subscriptions open (Apollo's drain completes them), and the services around them. */
  streams: ChangeStreams;
  services: ChangeServices;
  /** Where callbacks may go (`WEBHOOK_ALLOWED_HOSTS`, the resolver). */
  policy: TargetPolicy;
}

const CALLBACK_URL = 'extensions.subscription.callbackUrl';

/**
 * The federation HTTP callback protocol's admission, before Apollo's callback plugin runs the request: the
 * extension read and checked (`readCallbackExtension`: the heartbeat interval has a floor), the document
 * guarded and a subscription, one live subscription per callback URL, a lease of the quota (per process and
 * client address), the callback URL resolved and checked, and the protocol's `check` request answered 2xx.
 * Every refusal is a typed 4xx naming the parameter; none carries an internal message or what a name
 * resolves to.
 */
export class CallbackAdmission {
  private readonly liveUrls = new Set<string>();

  constructor(private readonly options: CallbackAdmissionOptions) {}

  /** Null for a request without `extensions.subscription`; else the admitted callback, or a typed refusal thrown. */
  async admit(
    params: (OperationRequest & { extensions: Readonly<Record<string, unknown>> | null }) | null,
    clientAddress: string,
  ): Promise<AdmittedCallback | null> {
    const extension = params?.extensions?.['subscription'];
    if (!params || extension === undefined) return null;
    const callback = readCallbackExtension(extension);
    const admitted = this.options.guards.admit(this.options.schema, params);
    if ('errors' in admitted) throw admitted.errors[0] as GraphQLError;
    if (admitted.operation.operation !== OperationTypeNode.SUBSCRIPTION) {
      throw new GraphQLError('extensions.subscription: only a subscription is run through router callbacks; send queries without it.', {
        extensions: { code: 'BAD_REQUEST', argumentName: 'extensions.subscription', http: { status: 400 } },
      });
    }
    if (this.liveUrls.has(callback.callbackUrl)) {
      throw new BadUserInputError(`${CALLBACK_URL}: a live subscription already calls this URL back; give each subscription its own`, CALLBACK_URL, {
        http: { status: 409 },
      });
    }
    const lease = this.options.quota.acquire({ clientAddress, connection: null, transport: 'callback' });
    this.liveUrls.add(callback.callbackUrl);
    let opened = false;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      lease.release();
      this.liveUrls.delete(callback.callbackUrl);
    };
    try {
      await this.check(callback.callbackUrl, callback.subscriptionId, callback.verifier);
    } catch (error) {
      release();
      throw error;
    }
    return {
      services: {
        ...this.options.services,
        streams: {
          open: (filter) => {
            opened = true;
            return this.options.streams.open(filter, release);
          },
        },
      },
      done: () => {
        if (!opened) release();
      },
    };
  }

  /** Subscriptions called back now. */
  get size(): number {
    return this.liveUrls.size;
  }

  // Private: the protocol's `check`, once, to the checked address; refusals say why without an address.
  private async check(callbackUrl: string, id: string, verifier: string): Promise<void> {
    let target;
    try {
      target = await resolveTarget(callbackUrl, this.options.policy);
    } catch (error) {
      if (!(error instanceof TargetRefusedError)) throw error;
      // One message whatever the reason, so that the answer tells nothing of a name the server can resolve.
      throw new BadUserInputError(
        `${CALLBACK_URL}: not a URL this server calls back (public addresses only, unless WEBHOOK_ALLOWED_HOSTS names the host)`,
        CALLBACK_URL,
      );
    }
    const result = await sendWebhook(target, JSON.stringify({ kind: 'subscription', action: 'check', id, verifier }), {
      'subscription-protocol': 'callback/1.0',
    });
    if (result.outcome === 'delivered') return;
    throw new BadUserInputError(
      `${CALLBACK_URL}: the check request ${result.status === null ? 'got no answer' : `was answered HTTP ${result.status}`}; a router answers it 204`,
      CALLBACK_URL,
    );
  }
}
