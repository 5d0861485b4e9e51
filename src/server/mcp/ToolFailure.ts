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

/**
 * A `BAD_USER_INPUT` failure for arguments a tool's input schema refuses (parsed with `reportInput`), naming the
 * first argument at fault: "limit: expected at most 100, got 1000000000". Never echoes more than 80 characters.
 */
export function badArguments(error: z.ZodError): ToolFailure {
  const [issue] = error.issues;
  if (!issue) return new ToolFailure({ code: 'BAD_USER_INPUT', message: 'arguments: invalid' });
  const unknown = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [...issue.path, ...unknown.slice(0, 1)].map(String).join('.');
  const parameter = path === '' ? undefined : path;
  return new ToolFailure({
    code: 'BAD_USER_INPUT',
    message: `${parameter ?? 'arguments'}: ${expectation(issue)}`,
    ...(parameter !== undefined ? { parameter } : {}),
  });
}

// Private: what an issue expected and what it got, in the words of the other refusals.
function expectation(issue: z.core.$ZodIssue): string {
  const got = shown(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${got}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}${unit(issue.origin)}, got ${sizeOf(issue.input)}`;
    case 'too_small':
      return `expected at least ${String(issue.minimum)}${unit(issue.origin)}, got ${sizeOf(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}, got ${got}`;
    case 'unrecognized_keys':
      return `no such argument (unknown: ${issue.keys.map((key) => JSON.stringify(key.slice(0, 40))).join(', ')})`;
    default:
      return issue.message;
  }
}

function unit(origin: string): string {
  return (
    origin === 'string' ? ' characters'
    : origin === 'array' ? ' items'
    : ''
  );
}

function sizeOf(input: unknown): string {
  if (typeof input === 'string' || Array.isArray(input)) return String(input.length);
  return shown(input);
}

function shown(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'object') return 'an object';
  const text = JSON.stringify(input);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
