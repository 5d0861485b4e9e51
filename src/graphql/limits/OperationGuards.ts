import { getOperationAST, GraphQLError, parse, validate } from 'graphql';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { ErrorCode } from '../../core/errors';
import type { ListingKnowledge } from '../../upstream/loaders/ListingKnowledge';
import { sourceFragmentProblem } from './fragmentSpreads';
import { MeasureMemo } from './MeasureMemo';
import { measureOperation, type OperationLimits, type OperationMeasure } from './measureOperation';
import type { VariableValues } from './measuredOperation';
import { QueryTooExpensiveError } from './QueryTooExpensiveError';

/**
 * Most lexical tokens a document may hold, on every door (Apollo's `parseOptions.maxTokens` too): a real
 * operation holds a few hundred (GraphiQL's introspection query about 400); past this, parsing alone is work.
 */
export const MAX_DOCUMENT_TOKENS = 20_000;

/** Options of the guards; each has a default. */
export interface OperationLimitsOptions {
  /** Upstream requests one operation may need at most. Default 300: 30 s of the upstream's 10 requests per second. */
  budget?: number;
  /** Deepest selection, in fields, fragments followed. Default 12 (introspection may go to 20). */
  maxDepth?: number;
  /** Fields aliased to another name, per operation (and `_entities` File representations asking `contents`). Default 30. */
  maxAliases?: number;
  /** Upstream requests per second (`GEOPF_RATE_LIMIT`), for the time shown in the message only. Default 10. */
  ratePerSecond?: number;
  /** What the process knows of listings (its page cache, the catalogue index), to narrow estimates. Default: nothing. */
  knowledge?: ListingKnowledge;
}

/** The defaults of `OperationLimitsOptions`. */
export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = Object.freeze({ budget: 300, maxDepth: 12, maxAliases: 30, ratePerSecond: 10 });

/** What a client asks to run, as GraphQL over HTTP carries it (JSON body or query string). */
export interface OperationRequest {
  query: string;
  operationName?: string | null;
  variables?: VariableValues | null;
}

/** A document every guard let through: parsed, valid, within the limits. */
export interface AdmittedDocument {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  measure: OperationMeasure;
}

/** A document refused before it ran: its errors (coded) and the HTTP status GraphQL over HTTP gives them. */
export interface RefusedDocument {
  errors: GraphQLError[];
  status: number;
}

/**
 * The document guards of every door that runs GraphQL, built once per process: the text checked before it is
 * parsed (fragment chains and cycles that would overflow a validator's stack), parsing bounded in tokens,
 * validation, then the measure (depth, aliases, upstream requests against the budget). Apollo's HTTP path
 * applies them through `createOperationLimitsPlugin(guards)` and `parseOptions`; the subscription transports
 * through `admit`. Throws a TypeError for an option out of range.
 */
export class OperationGuards {
  /** The limits checked. */
  readonly limits: Readonly<OperationLimits>;
  private readonly knowledge: ListingKnowledge | undefined;
  private readonly memo = new MeasureMemo();

  constructor(options: OperationLimitsOptions = {}) {
    this.limits = Object.freeze({
      budget: integerOption('budget', options.budget ?? DEFAULT_OPERATION_LIMITS.budget, 0),
      maxDepth: integerOption('maxDepth', options.maxDepth ?? DEFAULT_OPERATION_LIMITS.maxDepth, 1),
      maxAliases: integerOption('maxAliases', options.maxAliases ?? DEFAULT_OPERATION_LIMITS.maxAliases, 0),
      ratePerSecond: integerOption('ratePerSecond', options.ratePerSecond ?? DEFAULT_OPERATION_LIMITS.ratePerSecond, 1),
    });
    this.knowledge = options.knowledge;
  }

  /** A `BAD_USER_INPUT` error (HTTP 400) when the text's fragment spreads chain too deep or cycle; null otherwise (cheap below 100 spreads). */
  sourceProblem(source: string): GraphQLError | null {
    const problem = sourceFragmentProblem(source);
    return problem === null ? null : new GraphQLError(problem, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
  }

  /** The measure of a parsed operation (remembered per document and variables while the knowledge agrees). */
  measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: VariableValues | null | undefined,
  ): OperationMeasure {
    return this.memo.measure(
      document,
      operationName,
      variables ?? undefined,
      (knowledge) => measureOperation(schema, document, operationName, variables, this.limits, knowledge),
      this.knowledge,
    );
  }

  /** `measure`, throwing `QueryTooExpensiveError` (HTTP 400, nothing sent upstream) when a limit is exceeded. */
  check(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: VariableValues | null | undefined,
  ): OperationMeasure {
    const measure = this.measure(schema, document, operationName, variables);
    if (measure.exceeded) throw new QueryTooExpensiveError(measure.exceeded);
    return measure;
  }

  /** Every guard in turn on a request: the document ready to run, or why it is refused (Apollo's codes and statuses). */
  admit(schema: GraphQLSchema, request: OperationRequest): AdmittedDocument | RefusedDocument {
    const sourceProblem = this.sourceProblem(request.query);
    if (sourceProblem) return { errors: [sourceProblem], status: 400 };
    let document: DocumentNode;
    try {
      document = parse(request.query, { maxTokens: MAX_DOCUMENT_TOKENS, noLocation: false });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { errors: [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })], status: 400 };
    }
    const invalid = validate(schema, document, undefined, { maxErrors: 20 });
    if (invalid.length > 0) {
      return {
        errors: invalid.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })),
        status: 400,
      };
    }
    const operation = getOperationAST(document, request.operationName ?? undefined);
    if (!operation) {
      const message =
        request.operationName ? `Unknown operation named "${request.operationName}".` : 'Must provide operation name if query contains multiple operations.';
      return { errors: [new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })], status: 400 };
    }
    try {
      return { document, operation, measure: this.check(schema, document, request.operationName, request.variables) };
    } catch (error) {
      if (error instanceof QueryTooExpensiveError) return { errors: [error], status: 400 };
      throw error;
    }
  }
}

function integerOption(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new TypeError(`createOperationLimitsPlugin: expected ${name} to be an integer of at least ${min}, got ${String(value)}`);
  }
  return value;
}
