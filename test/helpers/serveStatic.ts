import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

/** Media types of the files the static servers of the tests hand out; anything else is `application/octet-stream`. */
const MEDIA_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.ico': 'image/x-icon',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** A file served from memory in place of (or beside) the folder's files, keyed by URL path. */
export interface ServedFile {
  contentType: string;
  body: string;
}

export interface StaticServer {
  /** Origin plus a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  /** `GET /path status` of every request served, in order. */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * Serves the files under `root` on a free loopback port (GET and HEAD; `/` is `index.html`), with `files` taking
 * precedence: the tests' stand-in for a web server in front of a built front end or a static STAC catalogue.
 */
export async function serveStatic(root: string, files: Record<string, ServedFile> = {}): Promise<StaticServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    handle(root, files, request, response).then(
      (status) => requests.push(`${request.method} ${request.url} ${status}`),
      (error: unknown) => {
        requests.push(`${request.method} ${request.url} 500`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// Private: answers one request, and returns the status it answered with.
async function handle(root: string, files: Record<string, ServedFile>, request: IncomingMessage, response: ServerResponse): Promise<number> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return end(response, 405, 'GET or HEAD only');
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const inMemory = files[path];
  if (inMemory) {
    response.writeHead(200, { 'content-type': inMemory.contentType, 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    response.end(request.method === 'HEAD' ? undefined : inMemory.body);
    return 200;
  }
  const relative = normalize(path === '/' ? '/index.html' : path);
  if (relative.split(sep).includes('..')) return end(response, 400, 'no .. in paths');
  const file = join(root, relative);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return end(response, 404, `no file at ${path}`);
  response.writeHead(200, {
    'content-type': MEDIA_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    // Every response is readable from the other loopback origins of a test (STAC Browser reads the catalogue
    // from another port).
    'access-control-allow-origin': '*',
  });
  if (request.method === 'HEAD') {
    response.end();
    return 200;
  }
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).pipe(response).on('finish', resolve).on('error', reject);
  });
  return 200;
}

// Private: a short plain-text answer.
function end(response: ServerResponse, status: number, text: string): number {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
  return status;
}
