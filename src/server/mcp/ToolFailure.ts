import type { z } from 'zod';
import type { OperationAnswer } from './OperationAnswer';

/** What a tool error carries (as JSON in its content): the GraphQL code, and what a client may act on. */
export interface ToolErrorDetails {
  /** The GraphQL error code (`BAD_USER_INPUT`, `UPSTREAM_NOT_FOUND`, `QUERY_TOO_EXPENSIVE`…). */
  code: string;
  message: string;
  /** The argument at fault, when one is. */
  parameter?: string;
  /** An ambiguous place's communes, or the product names closest to an unknown product. */
  candidates?: unknown;
  /** Closest names for an input nothing matched. */
  suggestions?: unknown;
}

/** Thrown by a tool to answer a tool error (`isError: true`) instead of a result. */
export class ToolFailure extends Error {
  constructor(readonly details: ToolErrorDetails) {
    super(details.message);
    this.name = 'ToolFailure';
  }
}

/** The failure an answer stands for: its first error, with the code, parameter, candidates and suggestions it gives; null without errors. */
export function failureOf(answer: OperationAnswer): ToolFailure | null {
  const [error] = answer.errors;
  if (!error) return null;
  const extensions = error.extensions ?? {};
  const code = typeof extensions['code'] === 'string' ? extensions['code'] : 'INTERNAL_SERVER_ERROR';
  const parameter = extensions['parameter'] ?? extensions['argumentName'];
  return new ToolFailure({
    code,
    message: error.message,
    ...(typeof parameter === 'string' ? { parameter } : {}),
    ...(extensions['candidates'] !== undefined ? { candidates: extensions['candidates'] } : {}),
    ...(extensions['suggestions'] !== undefined ? { suggestions: extensions['suggestions'] } : {}),
  });
}

/** The data of an answer without errors; a `ToolFailure` for an answer with any (an answer is complete or an error). */
export function dataOf(answer: OperationAnswer): Readonly<Record<string, unknown>> {
  const failure = failureOf(answer);
  if (failure) throw failure;
  return answer.data ?? {};
}

/** A `BAD_USER_INPUT` failure for arguments a tool's input schema refuses, naming the first argument at fault. */
export function badArguments(error: z.ZodError): ToolFailure {
  const [issue] = error.issues;
  const parameter = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const message = issue ? `${parameter ?? 'arguments'}: ${issue.message}` : 'arguments: invalid';
  return new ToolFailure({ code: 'BAD_USER_INPUT', message, ...(parameter !== undefined ? { parameter } : {}) });
}
