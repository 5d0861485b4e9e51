import { createHash } from 'node:crypto';

/** One file served by the GraphiQL handler, held in memory; its URL is named after its content. */
export interface StaticAsset {
  /** Absolute URL path, e.g. `/graphiql/0123456789abcdef/graphiql.min.js`: a new content gives a new path. */
  path: string;
  body: Buffer;
  contentType: string;
  /** Strong validator: the content hash, quoted. */
  etag: string;
  /** Text worth compressing (scripts, styles); false for fonts, which are compressed already. */
  compressible: boolean;
}

/** The URL folder every asset is served under. */
export const ASSETS_FOLDER = '/graphiql';

/** Builds an asset whose path is `/graphiql/<first 16 hex digits of its SHA-256>/<fileName>`. */
export function createStaticAsset(fileName: string, contentType: string, body: Buffer, compressible: boolean): StaticAsset {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(fileName)) throw new TypeError(`expected a plain file name, got ${JSON.stringify(fileName)}`);
  const hash = contentHash(body);
  return { path: `${ASSETS_FOLDER}/${hash}/${fileName}`, body, contentType, etag: `"${hash}"`, compressible };
}

/** The first 16 hex digits of the SHA-256 of `body`. */
export function contentHash(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}
