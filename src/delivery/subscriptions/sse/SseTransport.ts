import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OperationTypeNode, subscribe, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import { BadUserInputError, TooManySubscriptionsError } from '../../../core/errors';
import type { ChangeStreams } from '../../../catalogue/changes/ChangeStreams';
import type { ChangeServices, Context } from '../../../graphql/context';
import type { OperationGuards, OperationRequest } from '../../../graphql/limits/OperationGuards';
import { leasedServices } from '../leasedServices';
import { codeRequestErrors, formatResult, refuseNonSubscription, type FormatError } from '../subscriptionResults';
import type { SubscriptionLease, SubscriptionQuota } from '../SubscriptionQuota';
import { EventSink } from './EventSink';
import { sseMessage } from './sseMessage';

/** The header and the query parameter a single-connection client sends its reservation token in. */
const TOKEN_HEADER = 'x-graphql-event-stream-token';
const TOKEN_PARAMETER = 'token';

/** A keep-alive comment every 12 s on an open stream (as graphql-sse does), so that proxies keep it open. */
const PING_MS = 12_000;

/** One request to the SSE transport, as the server's door hands it over (body read, parameters typed). */
export interface SseRequest {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  clientAddress: string;
  /** The GraphQL parameters; null when the request carries no `query`. */
  params: (OperationRequest & { extensions: Readonly<Record<string, unknown>> | null }) | null;
  /** A context for one operation of this request, with these change services. */
  context(changes: ChangeServices): Context;
}

export interface SseTransportOptions {
  schema: GraphQLSchema;
  guards: OperationGuards;
  quota: SubscriptionQuota;
  /** The streams SSE subscriptions open (those `close` completes), and the services around them. */
  streams: ChangeStreams;
  services: ChangeServices;
  formatError: FormatError;
  /** How long a reservation (`PUT`) waits for its stream before it expires (`SSE_RESERVATION_TTL_SECONDS`). */
  reservationTtlMs: number;
  /** Told when a reservation expired unopened. */
  onExpired?: () => void;
  /** Runs `callback` after `ms`; returns the cancel. Default `setTimeout` (unref'd). */
  setTimer?: (callback: () => void, ms: number) => () => void;
}

/**
 * `/graphql` over Server-Sent Events, the `graphql-sse` protocol in both its modes, for subscriptions only:
 * a stream per operation (distinct connections), or reservations (`PUT`) whose one stream carries the
 * operations posted to it (single connection). Bounded everywhere: every subscription takes a lease of the
 * quota (per process, client address, reservation), a reservation expires when its stream is not opened in
 * time and ends when its stream closes, and each subscription is pulled only as fast as its stream is written
 * (none while the socket is congested or the reservation unopened), so that a slow reader's events wait in
 * its bounded queue and it is dropped, never buffered.
 */
export class SseTransport {
  private readonly reservations = new Map<string, Reservation>();
  private readonly distinct = new Set<ServerResponse>();
  private readonly reservationsByClient = new Map<string, number>();
  private readonly setTimer: (callback: () => void, ms: number) => () => void;

  constructor(private readonly options: SseTransportOptions) {
    this.setTimer =
      options.setTimer ??
      ((callback, ms) => {
        const timer = setTimeout(callback, ms);
        timer.unref();
        return () => clearTimeout(timer);
      });
  }

  /** True for the requests of the protocol at `/graphql`: an event stream, a reservation, a token, a `DELETE`. */
  handles(request: IncomingMessage, url: URL): boolean {
    if (url.pathname !== '/graphql') return false;
    return (
      (request.headers.accept ?? '').includes('text/event-stream') ||
      request.method === 'PUT' ||
      request.method === 'DELETE' ||
      request.headers[TOKEN_HEADER] !== undefined ||
      url.searchParams.has(TOKEN_PARAMETER)
    );
  }

  /** Serves one request of the protocol; throws typed errors (the server's admission answers them). */
  async serve(sse: SseRequest): Promise<void> {
    const token = tokenOf(sse.request, sse.url);
    const wantsStream = (sse.request.headers.accept ?? '').includes('text/event-stream');
    if (wantsStream && token !== null) return this.openStream(sse, token);
    if (wantsStream) return this.serveDistinct(sse);
    if (sse.request.method === 'PUT') return this.reserve(sse);
    if (token === null) throw new BadUserInputError(`${TOKEN_HEADER}: expected the token of a reservation (PUT /graphql first)`, TOKEN_HEADER);
    const reservation = this.reservations.get(token);
    if (!reservation)
      throw new BadUserInputError(`${TOKEN_HEADER}: no such reservation (it expired, or its stream closed)`, TOKEN_HEADER, { http: { status: 404 } });
    if (sse.request.method === 'DELETE') return this.cancel(sse, reservation);
    return this.operate(sse, reservation);
  }

  /** Reservations open now (waiting for their stream, or streaming). */
  get reservationCount(): number {
    return this.reservations.size;
  }

  /** Ends every stream: operations complete (their streams were closed first), reservations end, then the connections. */
  async close(graceMs = 1000): Promise<void> {
    for (const reservation of [...this.reservations.values()]) reservation.end();
    const ended = [...this.distinct].map(
      (response) => new Promise<void>((resolve) => (response.writableEnded ? resolve() : response.once('close', () => resolve()))),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(ended), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    for (const response of this.distinct) if (!response.writableEnded) response.end();
  }

  // Private: PUT: a reservation for one stream, expiring unopened after the TTL; counted per client like subscriptions.
  private reserve(sse: SseRequest): void {
    const { max, maxPerClient } = this.options.quota.limits;
    const ofClient = this.reservationsByClient.get(sse.clientAddress) ?? 0;
    if (this.reservations.size >= max) throw new TooManySubscriptionsError('process', max, 'reservations');
    if (ofClient >= maxPerClient) throw new TooManySubscriptionsError('client', maxPerClient, 'reservations');
    const token = randomUUID();
    this.reservationsByClient.set(sse.clientAddress, ofClient + 1);
    const reservation = new Reservation(() => {
      this.reservations.delete(token);
      const left = (this.reservationsByClient.get(sse.clientAddress) ?? 1) - 1;
      if (left > 0) this.reservationsByClient.set(sse.clientAddress, left);
      else this.reservationsByClient.delete(sse.clientAddress);
    });
    reservation.expireAfter(this.setTimer, this.options.reservationTtlMs, () => this.options.onExpired?.());
    this.reservations.set(token, reservation);
    sse.response.writeHead(201, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    sse.response.end(token);
  }

  // Private: the one stream of a reservation; it lives as long as its connection, and the reservation with it.
  private async openStream(sse: SseRequest, token: string): Promise<void> {
    const reservation = this.reservations.get(token);
    if (!reservation)
      throw new BadUserInputError(`${TOKEN_HEADER}: no such reservation (it expired, or its stream closed)`, TOKEN_HEADER, { http: { status: 404 } });
    if (reservation.sink.connected)
      throw new BadUserInputError(`${TOKEN_HEADER}: this reservation's stream is already open`, TOKEN_HEADER, { http: { status: 409 } });
    const closed = this.startStream(sse.response);
    reservation.connect(sse.response);
    await closed;
    reservation.end();
  }

  // Private: POST with a token: one operation on the reservation's stream; 202 once it runs, its events on the stream.
  private async operate(sse: SseRequest, reservation: Reservation): Promise<void> {
    const params = requireParams(sse);
    const operationId = params.extensions?.['operationId'];
    if (typeof operationId !== 'string' || operationId === '' || operationId.length > 256) {
      throw new BadUserInputError('extensions.operationId: expected the operation id (a string of 1 to 256 characters)', 'extensions.operationId');
    }
    if (reservation.operations.has(operationId)) {
      throw new BadUserInputError(`extensions.operationId: an operation with this id already runs on this stream`, 'extensions.operationId', {
        http: { status: 409 },
      });
    }
    const started = await this.start(sse, params, reservation);
    if ('errors' in started) {
      sse.response.writeHead(started.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      sse.response.end(JSON.stringify({ errors: started.errors.map((error) => this.options.formatError(error.toJSON(), error)) }));
      return;
    }
    reservation.operations.set(operationId, started.iterator);
    void this.pump(started.iterator, reservation.sink, operationId).finally(() => reservation.operations.delete(operationId));
    sse.response.writeHead(202, { 'cache-control': 'no-store' });
    sse.response.end();
  }

  // Private: DELETE ?operationId=…: ends one operation of a reservation.
  private async cancel(sse: SseRequest, reservation: Reservation): Promise<void> {
    const operationId = sse.url.searchParams.get('operationId');
    if (!operationId) throw new BadUserInputError('operationId: expected the id of the operation to end', 'operationId');
    const operation = reservation.operations.get(operationId);
    reservation.operations.delete(operationId);
    await operation?.return?.();
    sse.response.writeHead(200, { 'cache-control': 'no-store' });
    sse.response.end();
  }

  // Private: an event stream of its own: the operation's results, then `complete`, then the end of the response.
  private async serveDistinct(sse: SseRequest): Promise<void> {
    const params = requireParams(sse);
    const closed = this.startStream(sse.response);
    this.distinct.add(sse.response);
    const sink = new EventSink();
    sink.connect(sse.response);
    try {
      const started = await this.start(sse, params, null);
      if ('errors' in started) {
        // The protocol reports errors before execution on the accepted stream, as a `next` then `complete`.
        sink.write(sseMessage('next', { errors: started.errors.map((error) => this.options.formatError(error.toJSON(), error)) }));
        sink.write(sseMessage('complete', null));
      } else {
        const pumped = this.pump(started.iterator, sink, null);
        sse.response.once('close', () => void started.iterator.return?.());
        await pumped;
      }
    } finally {
      this.distinct.delete(sse.response);
      if (!sse.response.writableEnded) sse.response.end();
    }
    await closed;
  }

  // Private: the response as an event stream: its headers, a first comment, pings; resolves when it closes.
  private startStream(response: ServerResponse): Promise<void> {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'content-encoding': 'none',
    });
    response.write(':\n\n');
    const ping = setInterval(() => {
      if (!response.writableNeedDrain) response.write(':\n\n');
    }, PING_MS);
    ping.unref();
    return new Promise((resolve) =>
      response.once('close', () => {
        clearInterval(ping);
        resolve();
      }),
    );
  }

  // Private: the document guards, a lease of the quota, then graphql-js's `subscribe`; errors before execution
  // are returned, not thrown (each mode reports them its own way).
  private async start(
    sse: SseRequest,
    params: OperationRequest,
    reservation: Reservation | null,
  ): Promise<{ iterator: AsyncIterator<ExecutionResult> } | { errors: readonly GraphQLError[]; status: number }> {
    const admitted = this.options.guards.admit(this.options.schema, params);
    if ('errors' in admitted) return admitted;
    if (admitted.operation.operation !== OperationTypeNode.SUBSCRIPTION) return { errors: refuseNonSubscription().errors as GraphQLError[], status: 400 };
    let lease: SubscriptionLease;
    try {
      lease = this.options.quota.acquire({ clientAddress: sse.clientAddress, connection: reservation ?? sse.request.socket, transport: 'sse' });
    } catch (error) {
      if (error instanceof TooManySubscriptionsError) return { errors: [error], status: 429 };
      throw error;
    }
    try {
      const result = await subscribe({
        schema: this.options.schema,
        document: admitted.document,
        operationName: params.operationName ?? null,
        variableValues: params.variables ?? null,
        contextValue: sse.context(leasedServices(this.options.services, this.options.streams, lease)),
      });
      if (!(Symbol.asyncIterator in result)) {
        lease.release();
        return { errors: codeRequestErrors(result).errors ?? [], status: 400 };
      }
      return { iterator: result };
    } catch (error) {
      lease.release();
      throw error;
    }
  }

  // Private: pulls one result at a time, only once the sink can take it; then `complete`. It never waits for more
  // than the stream's own queue holds: the fan-out hands out a bounded number of events per turn of the event loop.
  private async pump(iterator: AsyncIterator<ExecutionResult>, sink: EventSink, operationId: string | null): Promise<void> {
    try {
      for (;;) {
        if (!(await sink.writable())) return;
        const next: IteratorResult<ExecutionResult> = await iterator.next();
        if (next.done) break;
        const payload = formatResult(next.value, this.options.formatError);
        sink.write(sseMessage('next', operationId === null ? payload : { id: operationId, payload }));
      }
      sink.write(sseMessage('complete', operationId === null ? null : { id: operationId }));
    } finally {
      await iterator.return?.();
    }
  }
}

/** A single-connection reservation: its operations, and the sink they write to once its stream is open. */
class Reservation {
  readonly operations = new Map<string, AsyncIterator<ExecutionResult>>();
  readonly sink = new EventSink();
  private cancelExpiry: () => void = () => undefined;
  private ended = false;

  constructor(private readonly onEnd: () => void) {}

  /** Ends the reservation after `ms` unless its stream was opened by then. */
  expireAfter(setTimer: (callback: () => void, ms: number) => () => void, ms: number, onExpired: () => void): void {
    this.cancelExpiry = setTimer(() => {
      if (this.sink.connected || this.ended) return;
      onExpired();
      this.end();
    }, ms);
  }

  connect(response: ServerResponse): void {
    this.cancelExpiry();
    this.sink.connect(response);
  }

  /** Ends every operation, then the stream. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.cancelExpiry();
    this.onEnd();
    for (const operation of this.operations.values()) void operation.return?.();
    this.operations.clear();
    this.sink.end();
  }
}

// Private: the reservation token of a request, from its header or its query string.
function tokenOf(request: IncomingMessage, url: URL): string | null {
  const header = request.headers[TOKEN_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  return value ?? url.searchParams.get(TOKEN_PARAMETER);
}

function requireParams(sse: SseRequest): NonNullable<SseRequest['params']> {
  if (!sse.params) throw new BadUserInputError('query: expected a GraphQL subscription in the body or the query string', 'query');
  return sse.params;
}
