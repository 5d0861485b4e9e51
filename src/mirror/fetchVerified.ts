import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, open, rename, truncate, unlink, type FileHandle } from 'node:fs/promises';
import type { DownloadPacer } from './DownloadPacer';
import { filePaths } from './copyPaths';
import type { PlannedFile } from './requestSyncPlan';

/** How one file ended. */
export type FileOutcome =
  /** At its final name, its md5 checked (`md5: null`: the listing gave none, only its size was). */
  | { kind: 'verified'; md5: string | null; size: number; transferred: number }
  /** Not at its final name: `reason` says why (its temporary file is kept when a later run may resume it). */
  | { kind: 'failed'; reason: string; transferred: number };

/** What a download tells as it goes. */
export interface FileEvents {
  /** A request is sent, from byte `from` (0: the whole file). */
  started(from: number): void;
  /** `bytes` more bytes were written. */
  received(bytes: number): void;
  /** The md5 did not match: the file is downloaded again from the start. */
  retrying(reason: string): void;
}

/** Options of `fetchVerified`. */
export interface FetchOptions {
  pacer: DownloadPacer;
  fetch?: typeof fetch;
  userAgent: string;
  /** A transfer without a byte for this long is dropped and resumed (default 60 s). */
  idleTimeoutMs?: number;
}

/** Attempts of one transfer (a lost connection, a 5xx) before the file fails; each resumes where the last stopped. */
const TRANSFER_ATTEMPTS = 4;
/** 429s one file waits out before it fails. */
const RATE_LIMITED_ATTEMPTS = 10;

/**
 * Downloads `file` into `folder` and verifies it: to the temporary `.NAME.part`, resumed with a Range request
 * when one is there from an interrupted run, then its size and md5 checked, then renamed to `NAME`. A file
 * whose md5 does not match is downloaded again once from the start, then fails. A file already at its final
 * name is checked on disk (no request) and kept when it matches. Never throws for the network or the file's
 * bytes: the outcome says what happened.
 */
export async function fetchVerified(file: PlannedFile, folder: string, options: FetchOptions, events: FileEvents): Promise<FileOutcome> {
  const counted = { transferred: 0 };
  try {
    return await fetchInto(file, folder, options, events, counted);
  } catch (error) {
    // The disk's faults (full, a folder where the file goes…): this file fails, the run goes on.
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error), transferred: counted.transferred };
  }
}

// Private: `fetchVerified`, its disk faults thrown; `counted` keeps the bytes transferred so far.
async function fetchInto(file: PlannedFile, folder: string, options: FetchOptions, events: FileEvents, counted: { transferred: number }): Promise<FileOutcome> {
  const { final, part } = filePaths(folder, file.name);
  let transferred = 0;
  const existing = await plainFileSize(final);
  if (existing !== null) {
    if ((file.size === null || existing === file.size) && (file.md5 === null || (await md5Of(final)) === file.md5))
      return { kind: 'verified', md5: file.md5, size: existing, transferred };
    await unlink(final);
  }
  for (let download = 1; download <= 2; download += 1) {
    const result = await transfer(file, part, options, events);
    transferred += result.transferred;
    counted.transferred = transferred;
    if (result.failure !== null) return { kind: 'failed', reason: result.failure, transferred };
    const size = (await plainFileSize(part)) ?? 0;
    const md5 = file.md5 === null ? null : await md5Of(part);
    if (md5 === file.md5) {
      await rename(part, final);
      return { kind: 'verified', md5, size, transferred };
    }
    await unlink(part);
    const reason = `md5 ${md5} where the listing says ${file.md5}`;
    if (download === 2) return { kind: 'failed', reason: `${reason}, twice: the file is corrupt upstream, or changed while listed`, transferred };
    events.retrying(reason);
  }
  throw new Error('fetchVerified: unreachable');
}

// Private: brings `part` to the file's whole length (resuming what is there), or says why it could not.
async function transfer(file: PlannedFile, part: string, options: FetchOptions, events: FileEvents): Promise<{ transferred: number; failure: string | null }> {
  let transferred = 0;
  let failures = 0;
  let rateLimited = 0;
  let lastProblem = '';
  while (failures < TRANSFER_ATTEMPTS) {
    let from = (await plainFileSize(part)) ?? 0;
    if (file.size !== null && from > file.size) {
      await truncate(part, 0);
      from = 0;
    }
    if (file.size !== null && from === file.size) return { transferred, failure: null };
    const step = await request(file, part, from, options, events);
    transferred += step.transferred;
    if (step.kind === 'done') {
      const size = (await plainFileSize(part)) ?? 0;
      if (file.size === null || size === file.size) return { transferred, failure: null };
      lastProblem = `${size} bytes where the listing says ${file.size}`;
      if (size > file.size) await truncate(part, 0);
      failures += 1;
    } else if (step.kind === 'rateLimited') {
      rateLimited += 1;
      if (rateLimited >= RATE_LIMITED_ATTEMPTS) return { transferred, failure: `the upstream answered 429 ${rateLimited} times` };
    } else if (step.kind === 'fatal') {
      return { transferred, failure: step.problem };
    } else {
      lastProblem = step.problem;
      failures += 1;
    }
  }
  return { transferred, failure: `${lastProblem} (${TRANSFER_ATTEMPTS} attempts)` };
}

/** One request's end: the body is in, a 429, a fault worth another attempt, or one that is not. */
type Step =
  | { kind: 'done'; transferred: number }
  | { kind: 'rateLimited'; transferred: 0 }
  | { kind: 'retry'; problem: string; transferred: number }
  | { kind: 'fatal'; problem: string; transferred: 0 };

// Private: one paced GET of the file from byte `from`, its body appended to `part` (or written over it when
// the server sends the whole file).
async function request(file: PlannedFile, part: string, from: number, options: FetchOptions, events: FileEvents): Promise<Step> {
  const url = downloadUrl(file.url);
  if (url === null) return { kind: 'fatal', problem: `a download URL that is not plain http(s): ${JSON.stringify(file.url.slice(0, 120))}`, transferred: 0 };
  const release = await options.pacer.request();
  const abort = new AbortController();
  const idleMs = options.idleTimeoutMs ?? 60_000;
  let idle = setTimeout(() => abort.abort(new Error(`no byte for ${idleMs / 1000} s`)), idleMs);
  const stillAlive = () => {
    clearTimeout(idle);
    idle = setTimeout(() => abort.abort(new Error(`no byte for ${idleMs / 1000} s`)), idleMs);
  };
  let transferred = 0;
  let handle: FileHandle | null = null;
  try {
    events.started(from);
    const response = await (options.fetch ?? fetch)(url, {
      headers: { 'user-agent': options.userAgent, 'accept-encoding': 'identity', ...(from > 0 ? { range: `bytes=${from}-` } : {}) },
      signal: abort.signal,
    });
    release();
    if (response.status === 429) {
      await response.body?.cancel();
      options.pacer.rateLimited(response.headers.get('retry-after'));
      return { kind: 'rateLimited', transferred: 0 };
    }
    if (response.status === 416) {
      await response.body?.cancel();
      await truncate(part, 0);
      return { kind: 'retry', problem: 'HTTP 416 for the rest of a partial file', transferred: 0 };
    }
    const resumed = response.status === 206 && contentRangeStart(response.headers.get('content-range')) === from;
    if (response.status === 206 && !resumed) {
      // A range other than the one asked: the partial file is not trusted, the next attempt starts over.
      await response.body?.cancel();
      if (from > 0) await truncate(part, 0);
      return { kind: 'retry', problem: `HTTP 206 for another range than bytes=${from}-`, transferred: 0 };
    }
    if (!resumed && response.status !== 200) {
      await response.body?.cancel();
      const problem = `HTTP ${response.status}`;
      return response.status >= 500 ? { kind: 'retry', problem, transferred: 0 } : { kind: 'fatal', problem, transferred: 0 };
    }
    handle = await open(part, resumed ? 'a' : 'w');
    const reader = response.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
      stillAlive();
      await handle.write(chunk.value);
      transferred += chunk.value.byteLength;
      events.received(chunk.value.byteLength);
    }
    return { kind: 'done', transferred };
  } catch (error) {
    release();
    return {
      kind: 'retry',
      problem:
        error instanceof Error ?
          abort.signal.aborted ?
            String(abort.signal.reason)
          : error.message
        : String(error),
      transferred,
    };
  } finally {
    clearTimeout(idle);
    await handle?.close();
  }
}

// Private: the first byte of a `Content-Range: bytes START-END/SIZE`; null when it is not one.
function contentRangeStart(header: string | null): number | null {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(header?.trim() ?? '');
  return match ? Number(match[1]) : null;
}

// Private: the URL when it is plain http(s) without credentials or whitespace; else null.
function downloadUrl(text: string): string | null {
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return null;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' ? url.href : null;
  } catch {
    return null;
  }
}

/** The size of a plain file at `path`, null when there is none (a folder or a link there is refused). */
async function plainFileSize(path: string): Promise<number | null> {
  const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (stats === null) return null;
  if (!stats.isFile()) throw new Error(`${path} is not a plain file: the copy does not write through it`);
  return stats.size;
}

/** The md5 of a file, as lowercase hexadecimal. */
export async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
