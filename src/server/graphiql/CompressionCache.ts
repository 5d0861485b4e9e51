import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { ContentEncoding } from './chooseEncoding';
import type { StaticAsset } from './StaticAsset';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Compressed bodies of assets, each made once on first demand (off the event loop, by zlib's thread pool) and
 * kept for the life of the server; a failed compression is not kept. One cache per server.
 */
export class CompressionCache {
  private readonly bodies = new Map<string, Promise<Buffer>>();

  /** The body of `asset` in `encoding`; the body itself for `identity` and for assets that are not compressible. */
  body(asset: StaticAsset, encoding: ContentEncoding): Promise<Buffer> {
    if (encoding === 'identity' || !asset.compressible) return Promise.resolve(asset.body);
    const key = `${encoding} ${asset.path}`;
    let body = this.bodies.get(key);
    if (body === undefined) {
      body = compress(asset.body, encoding);
      this.bodies.set(key, body);
      body.catch(() => this.bodies.delete(key));
    }
    return body;
  }

  /** Starts compressing `assets` now, so that the requests which follow a page load find them ready. */
  warm(assets: Iterable<StaticAsset>, encoding: ContentEncoding): void {
    for (const asset of assets) this.body(asset, encoding).catch(() => undefined);
  }
}

// Private: the strongest settings; paid once per asset and encoding.
function compress(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(body, { level: 9 });
  return brotliAsync(body, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}
