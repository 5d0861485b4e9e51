/** Retries stop, and the watch is suspended, once a delivery has been failing this long. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
// Private: the first retry's nominal delay, and the longest.
const FIRST_DELAY_MS = 10_000;
const MAX_DELAY_MS = 60 * 60 * 1000;

/**
 * The wait before attempt `attempts + 1` after `attempts` failures: 10 s doubling up to 1 h, with "equal
 * jitter" (half fixed, half drawn from `random()` in [0, 1)) so receivers coming back are not stampeded.
 */
export function retryDelayMs(attempts: number, random: () => number): number {
  const nominal = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(nominal / 2 + (nominal / 2) * random());
}
