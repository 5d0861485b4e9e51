import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ChangeServices, Context } from '../../graphql/context';
import type { OperationRequest } from '../../graphql/limits/OperationGuards';
import type { Refusal } from './refusals';

/**
 * What the admission does for a door before the door serves. Every kind bounds the body and turns what the
 * door throws into a typed answer; each kind below adds to it.
 */
export type DoorAdmission =
  /** Answered by the process itself (health, metrics, GraphiQL, the change feed): no operation, no upstream. */
  | { kind: 'local' }
  /**
   * Runs GraphQL documents. The admission reads the GraphQL-over-HTTP parameters (`AdmittedRequest.graphql`,
   * `json`), refuses a text whose fragments chain too deep or cycle, tracks the request as an operation (503
   * while the server stops) and gives `context()`: the deadline and the budget. The door runs the rest of the
   * document guards with the process's `OperationGuards` (Apollo's plugin, or `guards.admit`).
   */
  | { kind: 'graphql' }
  /**
   * Reaches the upstream without GraphQL (manifests; later STAC, exports). `equivalent` names the GraphQL
   * operation that would fetch the same (it may throw a `BadUserInputError` naming a parameter); the admission
   * measures it with the same guards and refuses it up front when it could exceed the budget
   * (`QUERY_TOO_EXPENSIVE`, nothing sent upstream). Then the door is served as a tracked operation whose
   * `context()` holds the budget at run time, the deadline and the stop signal.
   */
  | { kind: 'upstream'; equivalent(admitted: AdmittedRequest): OperationRequest }
  /**
   * Runs GraphQL operations of its own making (the MCP tools): the request is tracked as an operation (503 while
   * the server stops); the door runs each operation through Apollo's execution with the process's plugins (the
   * same guards, budget and deadline as `POST /graphql`), each in a new `context()`.
   */
  | { kind: 'operations' };

/** A request the door test sends to a door to see its guards at work. */
export interface DoorExample {
  method: string;
  /** Path and query, e.g. `/downloads/BDORTHO/BDORTHO_2-0_….meta4`. */
  path: string;
  headers?: Readonly<Record<string, string>>;
  /** `operations` doors: a body running an operation that needs the upstream (the door test runs it over budget). */
  body?: string;
}

/** One door of the server: the requests it claims, how they are admitted, and how it serves them. */
export interface Door {
  /** Stable name, for metrics, logs and the door table (`graphql`, `graphql-sse`, `manifest`…). */
  name: string;
  /** Methods it answers. */
  methods: readonly string[];
  /** Its path, as documented (`/downloads/{resource}/{edition}.meta4`). */
  path: string;
  /** True for the requests it serves (method already among `methods`). Doors are asked in order; the first claiming serves. */
  claims(request: IncomingMessage, url: URL): boolean;
  admission: DoorAdmission;
  /** At least one request the door test may send (it fails for a door without). */
  examples: readonly DoorExample[];
  /** Serves an admitted request; throws a typed error (`extensions.code`) to refuse it. */
  serve(admitted: AdmittedRequest): Promise<void>;
  /** Writes the door's refusals in its protocol's shape (STAC's `{code, description}`); GraphQL's errors shape otherwise. */
  writeRefusal?(response: ServerResponse, refusal: Refusal): void;
}

/** A door taking HTTP upgrades (WebSocket): admitted like a `graphql` door, before the protocol switch. */
export interface UpgradeDoor {
  name: string;
  path: string;
  claims(request: IncomingMessage, url: URL): boolean;
  admission: { kind: 'graphql' };
  examples: readonly DoorExample[];
  /** Takes the socket over (the door answers the upgrade itself). */
  upgrade(admitted: AdmittedUpgrade): void;
}

/** What a context may carry besides what every operation gets. */
export interface ContextExtras {
  /** Change services of this subscriber (its quota lease), instead of the process's. */
  changes?: ChangeServices;
}

/** GraphQL-over-HTTP parameters as read from a JSON body or a query string, each checked for its type. */
export interface GraphQLRequestParams extends OperationRequest {
  extensions: Readonly<Record<string, unknown>> | null;
}

/** What every admitted request carries to its door. */
interface Admitted {
  readonly request: IncomingMessage;
  readonly url: URL;
  /** The request id (the caller's `x-request-id` when safe, else a new one), on every log line of the request. */
  readonly requestId: string;
  /** The client's address: the TCP peer's, an IPv4-mapped IPv6 address written as IPv4. */
  readonly clientAddress: string;
  /** A context for an operation of this request: new loaders, the deadline, the budget, the server's stop signal. */
  context(extras?: ContextExtras): Context;
}

/** An HTTP request its door's admission let through. */
export interface AdmittedRequest extends Admitted {
  readonly response: ServerResponse;
  /** The body, read within the bound (empty when none). */
  readonly body: Buffer;
  /**
   * `graphql` doors: the body as Apollo takes it (parsed JSON for a JSON content type, else text), undefined
   * without a body; undefined for other kinds.
   */
  readonly json: unknown;
  /** `graphql` doors: the operation's parameters, null when the request carries no `query` (a reservation, a stream). */
  readonly graphql: GraphQLRequestParams | null;
}

/** An upgrade its door's admission let through. */
export interface AdmittedUpgrade extends Admitted {
  readonly socket: Duplex;
  readonly head: Buffer;
}

/** A door as the door table lists it. */
export interface DoorInfo {
  name: string;
  methods: readonly string[];
  path: string;
  admission: DoorAdmission['kind'];
  upgrade: boolean;
  examples: readonly DoorExample[];
}
