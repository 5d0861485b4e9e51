import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CatalogueIndex } from '../../catalogue/index/CatalogueIndex';
import type { EditionKey } from '../../catalogue/store/CatalogueStore';
import { IndexError } from '../../catalogue/index/IndexError';
import { SyncStateKey } from '../../catalogue/sync/SyncStateKey';
import { ErrorCode } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { notModified } from '../../core/notModified';
import { editionCsvWriter, editionNdjsonWriter, productCsvWriter } from './csvWriters';
import { editionRecord } from './EditionRecord';
import type { ExportWriter } from './ExportWriter';
import { editionParquetWriter } from './parquetWriter';
import { productTitles, readEditionBatch } from './readEditionBatches';
import { readExportFilter, type ExportFilter } from './readExportFilter';
import { readProductBatches, type ProductRecord } from './readProductBatches';
import { ResponseSink } from './ResponseSink';
import { ExportSlots, type ExportLimits } from './ExportSlots';

/** The export routes, and the media type of each. */
export const EXPORT_ROUTES = {
  '/exports/editions.csv': 'text/csv; charset=utf-8; header=present',
  '/exports/editions.ndjson': 'application/x-ndjson; charset=utf-8',
  '/exports/editions.parquet': 'application/vnd.apache.parquet',
  '/exports/products.csv': 'text/csv; charset=utf-8; header=present',
} as const;
type ExportPath = keyof typeof EXPORT_ROUTES;

export interface ExportsOptions {
  /** The index the exports read; null when the server runs without it (INDEX_UNAVAILABLE). */
  catalogue: CatalogueIndex | null;
  logger: Logger;
  /** How many exports may stream at once, in all and to one client address (`TOO_MANY_EXPORTS` beyond). */
  limits: ExportLimits;
}

/**
 * `GET /exports/editions.csv`, `.ndjson`, `.parquet` and `/exports/products.csv`: the editions (or products) the
 * filter matches (`readExportFilter`: the filters of `Query.editions`), streamed from the index in keyset batches
 * with back-pressure, never built whole in memory. `ETag` (the route, the filter and the index's revision) and
 * `Last-Modified` (the last sync), 304 on `If-None-Match` / `If-Modified-Since`. A bad parameter throws a
 * `BadUserInputError` naming it (400 by the admission); a client gone mid-export stops the reads. A store fault
 * after the first byte cuts the connection (the transfer ends incomplete, never as a shorter file). An export
 * holds one of `limits`' slots from its parameters read to its end: one more is refused `TOO_MANY_EXPORTS` (429).
 */
export function createExportsHandler(options: ExportsOptions) {
  const slots = new ExportSlots(options.limits);
  return {
    /** Exports under way now. */
    get streaming(): number {
      return slots.size;
    },
    handles: (request: IncomingMessage) =>
      (request.method === 'GET' || request.method === 'HEAD') && new URL(request.url ?? '/', 'http://localhost').pathname in EXPORT_ROUTES,
    async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const path = url.pathname as ExportPath;
      const filter = await readExportFilter(url.searchParams);
      const release = slots.take(request.socket.remoteAddress ?? 'unknown');
      try {
        await serveExport(request, response, path, filter);
      } finally {
        release();
      }
    },
  };

  // Private: one export whose parameters were read and which holds a slot (see `createExportsHandler`).
  async function serveExport(request: IncomingMessage, response: ServerResponse, path: ExportPath, filter: ExportFilter): Promise<void> {
    const index = options.catalogue;
    if (!index) throw new IndexError(ErrorCode.INDEX_UNAVAILABLE, 'The catalogue index is turned off on this server (GEOPF_CATALOGUE=off).');
    const state = await index.read(async (store) => ({
      revision: await store.reader.revision(),
      lastSync: (await store.getState(SyncStateKey.LAST_SYNC_AT)) ?? (await store.getState(SyncStateKey.BASELINE_AT)),
    }));
    const etag = `"${createHash('sha256')
      .update(JSON.stringify([path, filter.canonical, state.revision, state.lastSync]))
      .digest('base64url')
      .slice(0, 27)}"`;
    const lastModified = new Date(state.lastSync ?? 0).toUTCString();
    response.setHeader('etag', etag);
    response.setHeader('last-modified', lastModified);
    response.setHeader('cache-control', 'public, no-cache');
    if (notModified(request, etag, lastModified)) {
      response.statusCode = 304;
      response.end();
      return;
    }
    response.statusCode = 200;
    response.setHeader('content-type', EXPORT_ROUTES[path]);
    response.setHeader('content-disposition', `attachment; filename="${path.slice('/exports/'.length)}"`);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const sink = new ResponseSink(response);
    const started = Date.now();
    let rows = 0;
    try {
      rows = await streamExport(path, index, filter, sink);
    } catch (error) {
      options.logger.warn('export failed', { path, rows, error: error instanceof Error ? error.message : String(error) });
      response.destroy();
      return;
    }
    if (sink.gone) {
      options.logger.info('export stopped: client gone', { path, rows, bytes: sink.bytes });
      return;
    }
    response.end();
    options.logger.info('export sent', { path, rows, bytes: sink.bytes, ms: Date.now() - started });
  }
}

// Private: the rows of one export written through its format's writer; the number of rows written.
async function streamExport(path: ExportPath, index: CatalogueIndex, filter: ExportFilter, sink: ResponseSink): Promise<number> {
  if (path === '/exports/products.csv') return pumpProducts(productCsvWriter(sink), readProductBatches(index, filter.query, sink.signal), sink);
  const titles = await productTitles(index);
  const writer =
    path === '/exports/editions.csv' ? editionCsvWriter(sink)
    : path === '/exports/editions.ndjson' ? editionNdjsonWriter(sink)
    : await editionParquetWriter(sink);
  // One step per batch: read, encode, hand to the sink. A step's rows are garbage once it returns, before its
  // bytes are awaited, so that none lives on while a slow client drains the socket.
  const step = async (from: EditionKey | null) => {
    const batch = await readEditionBatch(index, filter.query, from);
    const written = writer.rows(batch.editions.map((edition) => editionRecord(edition, titles)));
    return { rows: batch.editions.length, next: batch.next, written };
  };
  let rows = 0;
  let from: EditionKey | null = null;
  await writer.begin();
  do {
    const done = await step(from);
    await done.written;
    rows += done.rows;
    from = done.next;
    if (sink.gone) return rows;
  } while (from !== null);
  await writer.end();
  return rows;
}

// Private: product batches into their writer until they end or the client goes; the rows written.
async function pumpProducts(writer: ExportWriter<ProductRecord>, batches: AsyncIterable<ProductRecord[]>, sink: ResponseSink): Promise<number> {
  let rows = 0;
  await writer.begin();
  for await (const batch of batches) {
    await writer.rows(batch);
    rows += batch.length;
    if (sink.gone) return rows;
  }
  await writer.end();
  return rows;
}
