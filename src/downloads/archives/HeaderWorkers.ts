import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ErrorCode, UpstreamError } from '../../core/errors';
import { ArchiveError, corrupt, type ArchiveErrorReason } from './ArchiveError';
import { taskBytes, type HeaderParsing, type HeaderTask, type HeaderTaskResult } from './HeaderParsing';

/** Options of the process's header threads. */
export interface HeaderWorkersOptions {
  /** Threads at most, hence tasks running at once (`GEOPF_ARCHIVE_WORKERS`). */
  maxThreads: number;
  /**
   * Bytes the running tasks hold at most, inputs and decoded outputs together (`GEOPF_ARCHIVE_DECODE_MAX_BYTES`):
   * a task waits until its bytes fit; one larger than the whole budget runs alone.
   */
  maxBytes: number;
  /** Longest one task may run before its thread is ended (a hostile LZMA stream). Default 30 s. */
  timeoutMs?: number;
  /** Old-generation heap of each thread, in MB. Default 512. */
  heapMb?: number;
  /** An idle thread is ended after this. Default 30 s. */
  idleMs?: number;
}

/** What the header threads are doing, for `/metrics` and tests. */
export interface HeaderWorkStats {
  threads: number;
  running: number;
  queued: number;
  bytesInUse: number;
  /** Most threads alive at once, and most bytes held at once, since start. */
  peakThreads: number;
  peakBytes: number;
  /** Tasks run to their end (results and faults). */
  tasks: number;
}

/** Default of `GEOPF_ARCHIVE_WORKERS`. */
export const DEFAULT_ARCHIVE_WORKERS = 2;
/** Default of `GEOPF_ARCHIVE_DECODE_MAX_BYTES`. */
export const DEFAULT_ARCHIVE_DECODE_MAX_BYTES = 32 * 1024 * 1024;

// Private: a task waiting for a thread (or running on one).
interface Job {
  task: HeaderTask;
  bytes: number;
  signal: AbortSignal | undefined;
  resolve: (result: HeaderTaskResult) => void;
  reject: (error: unknown) => void;
  /** Set while the job waits: removes it when its operation ends. */
  onAbort?: () => void;
}

// Private: one thread and the job it runs.
interface Thread {
  worker: Worker;
  job: Job | null;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * The process's threads for archive headers: every table of contents is parsed (and a 7z header decoded) on
 * one of them, whatever its format, never on the event loop. Bounded in threads and in bytes held at once
 * across every operation; tasks wait their turn in order, and leave the queue when their operation ends. A
 * task that runs too long, or an operation that ends while its task runs, ends the thread (LZMA-JS cannot be
 * interrupted otherwise); a new one is started for the next task.
 */
export class HeaderWorkers implements HeaderParsing {
  private readonly threads = new Set<Thread>();
  private readonly queue: Job[] = [];
  private bytesInUse = 0;
  private running = 0;
  private peakThreads = 0;
  private peakBytes = 0;
  private tasks = 0;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: HeaderWorkersOptions) {}

  run(task: HeaderTask, signal?: AbortSignal): Promise<HeaderTaskResult> {
    if (this.closed) return Promise.reject(new ArchiveError('UNSUPPORTED', 'The server is stopping: archive headers are no longer read.'));
    if (signal?.aborted) return Promise.reject(deadlineError());
    return new Promise((resolve, reject) => {
      const job: Job = { task, bytes: taskBytes(task), signal, resolve, reject };
      if (signal) {
        job.onAbort = () => {
          const at = this.queue.indexOf(job);
          if (at >= 0) this.queue.splice(at, 1);
          reject(deadlineError());
        };
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** What the threads are doing now. */
  get stats(): HeaderWorkStats {
    return {
      threads: this.threads.size,
      running: this.running,
      queued: this.queue.length,
      bytesInUse: this.bytesInUse,
      peakThreads: this.peakThreads,
      peakBytes: this.peakBytes,
      tasks: this.tasks,
    };
  }

  /** Ends every thread; waiting tasks fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new ArchiveError('UNSUPPORTED', 'The server is stopping: archive headers are no longer read.'));
    await Promise.all([...this.threads].map((thread) => this.end(thread)));
  }

  // Private: starts the jobs at the head of the queue while a thread and their bytes are free (in order: a
  // large job at the head is not overtaken, so it cannot starve).
  private pump(): void {
    while (this.queue.length > 0 && this.running < this.options.maxThreads) {
      const job = this.queue[0] as Job;
      if (this.running > 0 && this.bytesInUse + job.bytes > this.options.maxBytes) return;
      this.queue.shift();
      if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
      this.start(job);
    }
  }

  // Private: runs `job` on an idle thread, or a new one.
  private start(job: Job): void {
    const thread = [...this.threads].find((candidate) => candidate.job === null) ?? this.spawn();
    if (thread.idleTimer) clearTimeout(thread.idleTimer);
    thread.idleTimer = null;
    thread.worker.ref();
    thread.job = job;
    this.running += 1;
    this.bytesInUse += job.bytes;
    this.peakBytes = Math.max(this.peakBytes, this.bytesInUse);
    const id = this.nextId++;
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => this.fail(thread, corrupt(`its header did not parse within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => this.fail(thread, deadlineError());
    job.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = job.resolve;
    const cleanUp = () => {
      clearTimeout(timer);
      job.signal?.removeEventListener('abort', onAbort);
    };
    job.resolve = (result) => (cleanUp(), settle(result));
    const reject = job.reject;
    job.reject = (error) => (cleanUp(), reject(error));
    thread.worker.postMessage({ id, task: job.task });
  }

  // Private: a new thread, its answers routed to the job it runs.
  private spawn(): Thread {
    const worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb ?? 512 } });
    const thread: Thread = { worker, job: null, idleTimer: null };
    worker.on('message', (answer: { ok: boolean; result?: HeaderTaskResult; reason?: ArchiveErrorReason | null; message?: string }) => {
      const job = thread.job;
      if (!job) return;
      this.finish(thread);
      if (answer.ok) job.resolve(answer.result as HeaderTaskResult);
      else job.reject(answer.reason ? new ArchiveError(answer.reason, answer.message ?? '') : corrupt(`its header could not be read (${answer.message})`));
    });
    worker.on('error', () => this.fail(thread, corrupt('its header could not be read (the parser failed or ran out of memory)')));
    worker.on('exit', () => this.fail(thread, corrupt('its header could not be read (the parser stopped)')));
    this.threads.add(thread);
    this.peakThreads = Math.max(this.peakThreads, this.threads.size);
    return thread;
  }

  // Private: the thread's job is over: its slot and bytes are free; the thread idles (unref'd) until reused or ended.
  private finish(thread: Thread): void {
    const job = thread.job;
    if (!job) return;
    thread.job = null;
    this.running -= 1;
    this.bytesInUse -= job.bytes;
    this.tasks += 1;
    if (this.threads.has(thread)) {
      thread.worker.unref();
      thread.idleTimer = setTimeout(() => void this.end(thread), this.options.idleMs ?? 30_000);
      thread.idleTimer.unref();
    }
    this.pump();
  }

  // Private: the job on `thread` fails with `error`, and the thread is ended (it may be stuck in a decode).
  private fail(thread: Thread, error: unknown): void {
    const job = thread.job;
    this.threads.delete(thread);
    void thread.worker.terminate();
    if (thread.idleTimer) clearTimeout(thread.idleTimer);
    if (!job) return;
    this.finish(thread);
    job.reject(error);
  }

  private async end(thread: Thread): Promise<void> {
    if (thread.idleTimer) clearTimeout(thread.idleTimer);
    this.threads.delete(thread);
    await thread.worker.terminate();
  }
}

// Private: the operation ended (its deadline, or the server's shutdown) before its header was read.
function deadlineError(): UpstreamError {
  const error = new UpstreamError(ErrorCode.UPSTREAM_TIMEOUT, "The operation's deadline passed before its archive header was read.", { call: 'download' });
  error.deadlineExceeded = true;
  return error;
}

// Private: what a thread runs: `headerWorker` next to this file; from the TypeScript sources (tests, `tsx`), through
// tsx's require hook, which the compiled build does not need.
const WORKER_FILE = join(__dirname, `headerWorker${extname(__filename)}`);
const WORKER_SOURCE =
  extname(__filename) === '.ts' ?
    `require(${JSON.stringify(createRequire(__filename).resolve('tsx/cjs'))}); require(${JSON.stringify(WORKER_FILE)});`
  : `require(${JSON.stringify(WORKER_FILE)});`;
