import { BadUserInputError } from '../../../core/errors';
import { checkedUrl, TargetRefusedError } from '../../../core/resolveTarget';

/** Shortest heartbeat interval a router may ask for (0 asks for none): below it, heartbeats would be a flood. */
export const MIN_HEARTBEAT_MS = 1000;
/** Longest heartbeat interval accepted. */
export const MAX_HEARTBEAT_MS = 300_000;
/** Heartbeat interval when the router names none (Apollo's default). */
export const DEFAULT_HEARTBEAT_MS = 5000;

/** The `extensions.subscription` of a router's callback subscription, checked. */
export interface CallbackSubscription {
  callbackUrl: string;
  subscriptionId: string;
  verifier: string;
  /** 0: no heartbeats. */
  heartbeatIntervalMs: number;
}

const PREFIX = 'extensions.subscription';

/**
 * Reads a router's `extensions.subscription` (camelCase or the snake_case names Apollo also takes): an object
 * with an absolute http(s) `callbackUrl` (no credentials, at most 2048 characters), a `subscriptionId` (1 to 256
 * characters) and a `verifier` (1 to 1024), and a `heartbeatIntervalMs` absent, 0 (none) or an integer from
 * `MIN_HEARTBEAT_MS` to `MAX_HEARTBEAT_MS`. Anything else is a `BadUserInputError` naming the parameter.
 */
export function readCallbackExtension(extension: unknown): CallbackSubscription {
  if (typeof extension !== 'object' || extension === null || Array.isArray(extension)) {
    throw new BadUserInputError(`${PREFIX}: expected an object with callbackUrl, subscriptionId and verifier, got ${shown(extension)}`, PREFIX);
  }
  const fields = extension as Record<string, unknown>;
  const field = (camel: string, snake: string): { name: string; value: unknown } =>
    fields[camel] === undefined && fields[snake] !== undefined ?
      { name: `${PREFIX}.${snake}`, value: fields[snake] }
    : { name: `${PREFIX}.${camel}`, value: fields[camel] };
  const callbackUrl = field('callbackUrl', 'callback_url');
  const subscriptionId = field('subscriptionId', 'subscription_id');
  const verifier = field('verifier', 'verifier');
  const heartbeat = field('heartbeatIntervalMs', 'heartbeat_interval_ms');
  return {
    callbackUrl: url(callbackUrl.name, callbackUrl.value),
    subscriptionId: text(subscriptionId.name, subscriptionId.value, 256),
    verifier: text(verifier.name, verifier.value, 1024),
    heartbeatIntervalMs: heartbeatOf(heartbeat.name, heartbeat.value),
  };
}

function url(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new BadUserInputError(`${name}: expected an absolute http(s) URL, got ${shown(value)}`, name);
  try {
    checkedUrl(value);
  } catch (error) {
    if (error instanceof TargetRefusedError) throw new BadUserInputError(`${name}: ${error.message}`, name);
    throw error;
  }
  return value;
}

function text(name: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new BadUserInputError(`${name}: expected a string of 1 to ${maxLength} characters, got ${shown(value)}`, name);
  }
  return value;
}

function heartbeatOf(name: string, value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_HEARTBEAT_MS;
  if (value === 0) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < MIN_HEARTBEAT_MS || value > MAX_HEARTBEAT_MS) {
    throw new BadUserInputError(
      `${name}: expected 0 (no heartbeats) or an integer from ${MIN_HEARTBEAT_MS} to ${MAX_HEARTBEAT_MS} (milliseconds), got ${shown(value)}`,
      name,
    );
  }
  return value;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 80));
  // JSON.stringify gives undefined only for functions and symbols, which JSON cannot carry anyway.
  return (JSON.stringify(value) ?? typeof value).slice(0, 80);
}
