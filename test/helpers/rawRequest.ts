import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** An answer as a plain HTTP client sees it; `error` when the connection failed before an answer. */
export interface RawAnswer {
  status: number | null;
  headers: IncomingHttpHeaders;
  text: string;
  error?: string;
}

export interface RawRequest {
  port: number;
  method: string;
  /** Path and query. */
  path: string;
  headers?: Readonly<Record<string, string>>;
  /** Sent as is, whatever the method (fetch refuses a body on GET and HEAD). */
  body?: string | Buffer;
  /** The client's own address (any 127.x.y.z on Linux loopback), to play another client. */
  localAddress?: string;
  /** Gives up after this long, resolving with what arrived (an event stream never ends on its own). Default 30 s. */
  timeoutMs?: number;
}

/** One request with Node's `http` (no agent), its whole answer read; never rejects. */
export function rawRequest(options: RawRequest): Promise<RawAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const answered = new Promise<RawAnswer>((resolve) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method,
        path: options.path,
        agent: false,
        headers: { ...options.headers, ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}) },
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        timer = setTimeout(() => {
          resolve({ status: response.statusCode ?? null, headers: response.headers, text: Buffer.concat(chunks).toString('utf8'), error: 'timed out' });
          request.destroy();
        }, options.timeoutMs ?? 30_000);
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? null, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (error) => resolve({ status: response.statusCode ?? null, headers: response.headers, text: '', error: error.message }));
      },
    );
    request.on('error', (error) => resolve({ status: null, headers: {}, text: '', error: error.message }));
    request.end(options.body);
  });
  return answered.finally(() => clearTimeout(timer));
}
