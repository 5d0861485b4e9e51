import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadUserInputError, ErrorCode, UpstreamError } from '../../core/errors';
import { validateName } from '../../upstream/format/validateName';
import type { Loaders } from '../../upstream/loaders/createLoaders';
import type { DownloadPlanFormat } from '../../downloads/manifests/ManifestPlanModel';
import { manifestPlan } from '../../downloads/manifests/manifestPlan';

/** What a manifest request needs: the loaders of a fresh operation (its own deadline and request log). */
export type LoadersFactory = () => Loaders;

const EXTENSIONS: Record<string, { format: DownloadPlanFormat; contentType: string }> = {
  meta4: { format: 'METALINK', contentType: 'application/metalink4+xml; charset=utf-8' },
  aria2: { format: 'ARIA2', contentType: 'text/plain; charset=utf-8' },
};

/** Upstream faults as HTTP statuses for tools that cannot read GraphQL errors. */
const STATUS_OF: Partial<Record<string, number>> = {
  [ErrorCode.UPSTREAM_NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UPSTREAM_RATE_LIMITED]: 503,
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 503,
  [ErrorCode.UPSTREAM_TIMEOUT]: 504,
};

/**
 * `GET /downloads/{resource}/{edition}.meta4` and `.aria2`: an edition's download plan as a Metalink 4 document
 * or an aria2 input file, for `aria2c -M` / `aria2c -i` and tools that cannot send GraphQL. Costs the pages of
 * the edition's file listing (cached like every page). Errors are one plain-text line with a status: 400 for
 * a bad name, 404 for an unknown edition, 502/503/504 for upstream faults.
 */
export function createManifestHandler(loaders: LoadersFactory, maxAgeSeconds: number) {
  return {
    handles: (request: IncomingMessage) => (request.method === 'GET' || request.method === 'HEAD') && /^\/downloads\//.test(request.url ?? ''),
    async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const match = /^\/downloads\/([^/]+)\/([^/]+)\.(meta4|aria2)$/.exec(path);
      const kind = match ? EXTENSIONS[match[3] as string] : undefined;
      if (!match || !kind) return answer(response, 404, 'Not found. Ask /downloads/{resource}/{edition}.meta4 or .aria2.\n');
      try {
        const resourceName = validateName(decode(match[1] as string, 'resource'), 'resource');
        const editionName = validateName(decode(match[2] as string, 'edition'), 'edition');
        const files = await loaders().allFiles(resourceName, editionName);
        const plan = manifestPlan(editionName, files, kind.format);
        response.setHeader('content-disposition', `attachment; filename="${editionName.replace(/[^\w.-]/g, '_')}.${match[3]}"`);
        response.setHeader('cache-control', `public, max-age=${maxAgeSeconds}`);
        return answer(response, 200, request.method === 'HEAD' ? '' : plan.manifest, kind.contentType);
      } catch (error) {
        const code =
          error instanceof UpstreamError ? error.upstreamCode
          : error instanceof BadUserInputError ? ErrorCode.BAD_USER_INPUT
          : null;
        if (code === null) throw error;
        return answer(response, STATUS_OF[code] ?? 502, `${code}: ${(error as Error).message}\n`);
      }
    },
  };
}

// Private: a percent-decoded path segment; a malformed escape is a bad name.
function decode(segment: string, argumentName: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadUserInputError(`${argumentName}: expected a percent-encoded name, got ${JSON.stringify(segment.slice(0, 80))}`, argumentName);
  }
}

function answer(response: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  response.statusCode = status;
  response.setHeader('content-type', contentType);
  if (status !== 200) response.setHeader('cache-control', 'no-store');
  response.end(body);
}
