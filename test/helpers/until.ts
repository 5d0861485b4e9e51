/**
 * Resolves once `condition()` holds (it may be async), checking again after `everyMs` of the timers, or after each
 * turn of the event loop when `everyMs` is 0. Tests wait for an event this way, never for a duration.
 */
export async function until(condition: () => boolean | Promise<boolean>, everyMs = 10): Promise<void> {
  const wait = everyMs === 0 ? () => new Promise((resolve) => setImmediate(resolve)) : () => new Promise((resolve) => setTimeout(resolve, everyMs));
  while (!(await condition())) await wait();
}
