import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeEdition, FakeFile, FakeResource } from './catalogue';

/** Real bytes for some download URLs, keyed `resource/edition/file`. */
export type FileBytes = ReadonlyMap<string, Buffer>;

/** How a byte download misbehaves (see `Fault`). */
export interface ByteFault {
  /** Answers 200 with the whole file whatever the `Range`. */
  ignoreRange?: boolean;
  /** Sends this many bytes of the body, then destroys the connection (a transfer cut midway). */
  closeAfterBytes?: number;
  /**
   * Sends this many bytes of the body, then nothing more, the connection left open (a transfer in the middle of
   * a file, for as long as the client waits: until it goes, or `stop()`).
   */
  stallAfterBytes?: number;
}

/** A file to put in a fake edition: its bytes, and optionally an md5 that lies about them. */
export interface EditionFileSpec {
  name: string;
  bytes: Buffer;
  /** Listed instead of the real md5 (a corrupt file, as a downloader sees it). */
  listedMd5?: string;
  type?: string;
  rel?: 'alternate' | 'section';
}

/**
 * A product with one edition whose files have real bytes, their sizes and md5s listed truly (unless
 * `listedMd5` lies), for tests that download them.
 */
export function productWithFiles(resourceName: string, editionName: string, files: EditionFileSpec[]): { resource: FakeResource; bytes: Map<string, Buffer> } {
  const bytes = new Map<string, Buffer>();
  const fakeFiles: FakeFile[] = files.map((file) => {
    bytes.set(`${resourceName}/${editionName}/${file.name}`, file.bytes);
    return {
      name: file.name,
      length: file.bytes.length,
      md5: file.listedMd5 ?? createHash('md5').update(file.bytes).digest('hex'),
      type: file.type ?? (file.name.endsWith('.zip') ? 'application/zip' : 'application/x-7z-compressed'),
      rel: file.rel ?? (/\.\d{3}$/.test(file.name) ? 'section' : 'alternate'),
      mimeTypes: ['application/geopackage+sqlite3'],
      updated: '2025-06-17T10:00:00+02:00',
    };
  });
  const edition: FakeEdition = {
    name: editionName,
    updated: '2025-06-17T10:00:00+02:00',
    editionDate: '2025-06-17',
    zone: { term: 'FXX', label: 'FXX France métropolitaine' },
    format: { term: 'GPKG', label: 'GPKG' },
    crs: { term: 'EPSG:2154', label: 'RGF93 v1 / Lambert-93' },
    lang: 'fre',
    bbox: [-5.2, 41.3, 9.6, 51.1],
    files: fakeFiles,
  };
  const resource: FakeResource = {
    name: resourceName,
    title: resourceName,
    description: null,
    updated: '2025-06-17T10:00:00+02:00',
    thematic: [],
    editions: [edition],
  };
  return { resource, bytes };
}

/** Bytes a download serves: its size, and any inclusive range of it on demand (so a large file is never built whole). */
export interface ByteSource {
  size: number;
  read(start: number, end: number): Buffer;
}

/** The 6-byte signature that starts every 7z archive. */
const SEVEN_ZIP_SIGNATURE = Buffer.from('377abcaf271c', 'hex');

/**
 * `size` deterministic bytes, generated on demand: a 7z signature, then a pattern. For downloads of the listed
 * size without holding gigabytes (the probe reads a few of them with `Range`).
 */
export function virtualBytes(size: number): ByteSource {
  return {
    size,
    read(start, end) {
      const chunk = Buffer.alloc(Math.max(0, end - start + 1));
      for (let index = 0; index < chunk.length; index += 1) {
        const position = start + index;
        chunk[index] = position < SEVEN_ZIP_SIGNATURE.length ? (SEVEN_ZIP_SIGNATURE[position] as number) : position % 251;
      }
      return chunk;
    },
  };
}

/**
 * Serves `bytes` as a download honouring a single `Range` (206 with `Content-Range`, 416 when unsatisfiable;
 * a multi-range asks for the whole file), `HEAD` included; returns the status sent. `onSent` hears the body
 * bytes handed to the socket so far.
 */
export function serveBytes(
  req: IncomingMessage,
  res: ServerResponse,
  bytes: Buffer,
  contentType: string,
  fault: ByteFault,
  onSent?: (bytes: number) => void,
): number {
  return serveSource(req, res, { size: bytes.length, read: (start, end) => bytes.subarray(start, end + 1) }, contentType, fault, onSent);
}

/** `serveBytes` for any `ByteSource`, with `extraHeaders` (validators) on its 200 and 206 answers. */
export function serveSource(
  req: IncomingMessage,
  res: ServerResponse,
  source: ByteSource,
  contentType: string,
  fault: ByteFault,
  onSent?: (bytes: number) => void,
  extraHeaders: Record<string, string> = {},
): number {
  const size = source.size;
  const range = fault.ignoreRange ? null : parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': '0' });
    res.end();
    return 416;
  }
  const [start, end] = range ?? [0, size - 1];
  const status = range ? 206 : 200;
  const headers: Record<string, string> = { 'Content-Type': contentType, 'Content-Length': String(end - start + 1), 'Accept-Ranges': 'bytes', ...extraHeaders };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return status;
  }
  const length = end - start + 1;
  if (fault.closeAfterBytes !== undefined && fault.closeAfterBytes < length) {
    res.write(source.read(start, start + fault.closeAfterBytes - 1), () => req.socket.destroy());
    return status;
  }
  if (fault.stallAfterBytes !== undefined && fault.stallAfterBytes < length) {
    const sent = fault.stallAfterBytes;
    res.write(source.read(start, start + sent - 1), () => onSent?.(sent));
    return status;
  }
  // Written in chunks as the client takes them, so a client that cancels leaves the rest unsent.
  let sent = 0;
  const pump = (): void => {
    while (sent < length && !res.destroyed) {
      const chunk = source.read(start + sent, Math.min(start + sent + 64 * 1024, end + 1) - 1);
      sent += chunk.length;
      onSent?.(sent);
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
  return status;
}

// Private: [start, end] of a single `bytes=` range; null without one (or with several); 'unsatisfiable'.
function parseRange(header: string | undefined, size: number): [number, number] | null | 'unsatisfiable' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 ? 'unsatisfiable' : [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? 'unsatisfiable' : [start, end];
}
