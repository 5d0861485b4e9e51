import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import type { Context } from '../context';
import type { ListingKnowledge } from '../../upstream/loaders/ListingKnowledge';
import { measureOperation, type OperationLimits, type OperationMeasure } from './measureOperation';
import { QueryTooExpensiveError } from './QueryTooExpensiveError';

/** Options of the plugin; each has a default. */
export interface OperationLimitsOptions {
  /** Upstream requests one operation may need at most. Default 300: 30 s of the upstream's 10 requests per second. */
  budget?: number;
  /** Deepest selection, in fields, fragments followed. Default 12 (introspection may go to 20). */
  maxDepth?: number;
  /** Fields aliased to another name, per operation. Default 30. */
  maxAliases?: number;
  /** Upstream requests per second (`GEOPF_RATE_LIMIT`), for the time shown in the message only. Default 10. */
  ratePerSecond?: number;
  /** What the process knows of listings (its page cache, the catalogue index), to narrow estimates. Default: nothing. */
  knowledge?: ListingKnowledge;
}

/** The defaults of `OperationLimitsOptions`. */
export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = Object.freeze({ budget: 300, maxDepth: 12, maxAliases: 30, ratePerSecond: 10 });

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
 * (`WalkBudget`). Adds `extensions.upstream` (`UpstreamCostExtension`) to every answer. Throws a TypeError for an
 * option out of range.
 */
export function createOperationLimitsPlugin(options: OperationLimitsOptions = {}): OperationLimitsPlugin {
  const limits: OperationLimits = {
    budget: integerOption('budget', options.budget ?? DEFAULT_OPERATION_LIMITS.budget, 0),
    maxDepth: integerOption('maxDepth', options.maxDepth ?? DEFAULT_OPERATION_LIMITS.maxDepth, 1),
    maxAliases: integerOption('maxAliases', options.maxAliases ?? DEFAULT_OPERATION_LIMITS.maxAliases, 0),
    ratePerSecond: integerOption('ratePerSecond', options.ratePerSecond ?? DEFAULT_OPERATION_LIMITS.ratePerSecond, 1),
  };
  // Per plugin, keyed by each operation's context: nothing outlives the operation.
  const measures = new WeakMap<Context, OperationMeasure>();
  const memo = new MeasureMemo();
  return {
    measureOf: (context) => measures.get(context),
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request, contextValue }) {
          const measure = memo.measure(
            document,
            operationName,
            request.variables,
            (knowledge) => measureOperation(schema, document, operationName, request.variables, limits, knowledge),
            options.knowledge,
          );
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
            budget: limits.budget,
          };
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          result.extensions = { ...result.extensions, upstream };
        },
      };
    },
  };
}

function integerOption(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new TypeError(`createOperationLimitsPlugin: expected ${name} to be an integer of at least ${min}, got ${String(value)}`);
  }
  return value;
}

/** Variable sets remembered per document. */
const MAX_MEASURES_PER_DOCUMENT = 64;

/**
 * The measures of documents already seen (Apollo hands the same parsed document for the same query text), per
 * operation name and variables, so that a repeated operation is not walked again. A measure that consulted the
 * process's knowledge of listings (page cache, index) is remembered with the answers it was given, and reused
 * only while the knowledge still gives the same ones: that knowledge changes as pages come and go and as the
 * index syncs.
 */
class MeasureMemo {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, RememberedMeasure>>();

  measure(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Readonly<Record<string, unknown>> | undefined,
    run: (knowledge: ListingKnowledge | undefined) => OperationMeasure,
    knowledge: ListingKnowledge | undefined,
  ): OperationMeasure {
    const key = `${operationName ?? ''}\n${JSON.stringify(variables ?? {})}`;
    const known = this.byDocument.get(document)?.get(key);
    if (known && known.consulted.every((question) => knowledge !== undefined && question.ask(knowledge) === question.answer)) return known.measure;
    // Each question once (an aliased field asks again): the same question has the same answer within one walk.
    const consulted = new Map<string, ConsultedAnswer>();
    // Two answers to one question within a walk (a page expired meanwhile): the measure is never reused.
    const asked = <T>(question: string, ask: (from: ListingKnowledge) => T, from: ListingKnowledge): T => {
      const answer = ask(from);
      const earlier = consulted.get(question);
      consulted.set(question, earlier === undefined || earlier.answer === answer ? { ask, answer } : { ask: () => NEVER_AGAIN, answer });
      return answer;
    };
    const watched: ListingKnowledge | undefined = knowledge && {
      knownTotal: (segments, params) =>
        asked(`total\n${segments.join('/')}\n${JSON.stringify(params)}`, (from) => from.knownTotal(segments, params), knowledge),
      capabilitiesPageOf: (name) => asked(`page\n${name}`, (from) => from.capabilitiesPageOf?.(name), knowledge),
      holdsEdition: (resourceName, name) => asked(`holds\n${resourceName}\n${name}`, (from) => from.holdsEdition?.(resourceName, name), knowledge),
    };
    const measure = run(watched);
    if (consulted.size <= MAX_CONSULTED_ANSWERS) {
      const measures = this.byDocument.get(document) ?? new Map<string, RememberedMeasure>();
      if (measures.size >= MAX_MEASURES_PER_DOCUMENT) measures.clear();
      measures.set(key, { measure, consulted: [...consulted.values()] });
      this.byDocument.set(document, measures);
    }
    return measure;
  }
}

/** An answer no knowledge gives: a measure made with two answers to one question is never reused. */
const NEVER_AGAIN = Symbol('answered twice differently');

/** Answers of the knowledge a remembered measure may depend on at most (more: it is measured again each time). */
const MAX_CONSULTED_ANSWERS = 32;

/** One question a measure asked of the knowledge, and the answer it was made with. */
interface ConsultedAnswer {
  ask(knowledge: ListingKnowledge): unknown;
  answer: unknown;
}

/** A measure, and the answers of the knowledge it was made with (none when it asked nothing). */
interface RememberedMeasure {
  measure: OperationMeasure;
  consulted: ConsultedAnswer[];
}
