import { TooManySubscriptionsError, type SubscriptionCap } from '../../core/errors';

/** The caps on live subscriptions (`SUBSCRIPTIONS_MAX`, `SUBSCRIPTIONS_MAX_PER_CLIENT`, `SUBSCRIPTIONS_MAX_PER_CONNECTION`). */
export interface SubscriptionLimits {
  /** Subscriptions of the whole process. */
  max: number;
  /** Subscriptions of one client address (every transport together). */
  maxPerClient: number;
  /** Subscriptions of one connection: a WebSocket, an SSE reservation. */
  maxPerConnection: number;
}

/** The transports a subscription may come by. */
export type SubscriptionTransport = 'sse' | 'websocket' | 'callback';

/** Who holds a subscription: the client's address, its connection (null for a router's callbacks), the transport. */
export interface Subscriber {
  clientAddress: string;
  connection: object | null;
  transport: SubscriptionTransport;
}

/** A place among the live subscriptions; `release` gives it back (once; later calls do nothing). */
export interface SubscriptionLease {
  release(): void;
}

/**
 * Counts live subscriptions per process, per client address and per connection, and refuses one more than a
 * cap allows with `TooManySubscriptionsError` (HTTP 429, `extensions.limit` naming the cap). Each transport
 * takes a lease before it subscribes and releases it when the subscription ends, however it ends.
 */
export class SubscriptionQuota {
  private total = 0;
  private readonly byClient = new Map<string, number>();
  private readonly byConnection = new WeakMap<object, number>();
  private readonly byTransport: Record<SubscriptionTransport, number> = { sse: 0, websocket: 0, callback: 0 };

  constructor(
    readonly limits: Readonly<SubscriptionLimits>,
    private readonly onRefusal: (cap: SubscriptionCap) => void = () => undefined,
  ) {}

  /** A lease for one more subscription of `subscriber`; throws `TooManySubscriptionsError` when a cap is reached. */
  acquire(subscriber: Subscriber): SubscriptionLease {
    const client = this.byClient.get(subscriber.clientAddress) ?? 0;
    const connection = subscriber.connection ? (this.byConnection.get(subscriber.connection) ?? 0) : 0;
    const cap: SubscriptionCap | null =
      this.total >= this.limits.max ? 'process'
      : client >= this.limits.maxPerClient ? 'client'
      : subscriber.connection && connection >= this.limits.maxPerConnection ? 'connection'
      : null;
    if (cap) {
      this.onRefusal(cap);
      throw new TooManySubscriptionsError(
        cap,
        cap === 'process' ? this.limits.max
        : cap === 'client' ? this.limits.maxPerClient
        : this.limits.maxPerConnection,
      );
    }
    this.total += 1;
    this.byTransport[subscriber.transport] += 1;
    this.byClient.set(subscriber.clientAddress, client + 1);
    if (subscriber.connection) this.byConnection.set(subscriber.connection, connection + 1);
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.total -= 1;
        this.byTransport[subscriber.transport] -= 1;
        const left = (this.byClient.get(subscriber.clientAddress) ?? 1) - 1;
        if (left > 0) this.byClient.set(subscriber.clientAddress, left);
        else this.byClient.delete(subscriber.clientAddress);
        if (subscriber.connection) this.byConnection.set(subscriber.connection, (this.byConnection.get(subscriber.connection) ?? 1) - 1);
      },
    };
  }

  /** Live subscriptions of the process. */
  get open(): number {
    return this.total;
  }

  /** Live subscriptions by transport. */
  openBy(transport: SubscriptionTransport): number {
    return this.byTransport[transport];
  }

  /** Live subscriptions of one client address. */
  openOf(clientAddress: string): number {
    return this.byClient.get(clientAddress) ?? 0;
  }
}
