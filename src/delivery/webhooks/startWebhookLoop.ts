import type { ChangeSource } from '../../catalogue/changes/ChangeSource';
import type { DeliveryWorker } from './DeliveryWorker';
import type { WatchFanOut } from './WatchFanOut';

/** How often due retries are looked for when no new event wakes the loop (default). */
const POLL_MS = 5_000;

/**
 * Runs the webhook pipeline: on every recorded event, every `pollMs` (5 s) for retries, and whenever an attempt
 * ends (`wake`, from the worker's `onSlotFree`), fan out then start what is due until nothing more fits. Rounds
 * never overlap, and never wait for deliveries (each runs on its own, see `DeliveryWorker`). `stop`
 * unsubscribes, then waits for the round and the attempts under way.
 */
export function startWebhookLoop(
  source: ChangeSource,
  fanOut: WatchFanOut,
  worker: Pick<DeliveryWorker, 'startDue' | 'idle'>,
  onError: (error: unknown) => void,
  pollMs = POLL_MS,
) {
  let round: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    if (round) {
      again = true;
      return;
    }
    round = (async () => {
      await fanOut.catchUp();
      while (!stopped && (await worker.startDue()) > 0);
    })()
      .catch(onError)
      .finally(() => {
        round = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const unsubscribe = source.subscribe(() => run());
  const timer = setInterval(run, pollMs);
  timer.unref();
  run();
  return {
    /** Starts a round now (tests, and after a watch is created). */
    wake: run,
    async stop(): Promise<void> {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      await round;
      await worker.idle();
    },
  };
}
