import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields added to every log line written while an operation runs (its `requestId`), whichever logger writes
 * it: the process-wide client and error formatter included. Async-local: concurrent operations never mix.
 */
const store = new AsyncLocalStorage<Readonly<Record<string, unknown>>>();

/** Runs `work` (and everything it starts) with `fields` on every log line, on top of the enclosing ones. */
export function runWithLogFields<T>(fields: Readonly<Record<string, unknown>>, work: () => T): T {
  return store.run({ ...store.getStore(), ...fields }, work);
}

/** The fields of the current operation, if any. */
export function currentLogFields(): Readonly<Record<string, unknown>> {
  return store.getStore() ?? {};
}
