import { parentPort } from 'node:worker_threads';
import { runHeaderTask, type HeaderTask } from './HeaderParsing';

/** A task sent to a header worker thread, and its answer. */
export type HeaderWorkerMessage = { id: number; task: HeaderTask };

// The thread body of `HeaderWorkers`: runs each task it is sent, one at a time, and answers with the result or
// the fault (an archive fault keeps its reason; anything else is only a message).
parentPort?.on('message', ({ id, task }: HeaderWorkerMessage) => {
  try {
    parentPort?.postMessage({ id, ok: true, result: runHeaderTask(task) });
  } catch (error) {
    const reason = (error as { reason?: unknown }).reason;
    parentPort?.postMessage({
      id,
      ok: false,
      reason: typeof reason === 'string' ? reason : null,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
