import { ErrorCode, UpstreamError } from '../../core/errors';

/**
 * Checks a download URL read from an edition's feed before it is handed out (`File.url`, `downloadPlan`):
 * an absolute `http:` or `https:` URL on the origin of `downloadRoot` (the configured base's `download/`
 * path, e.g. `https://data.geopf.fr/telechargement/download/`), below that path, without credentials.
 * Returns it normalised (dot segments resolved, as any client would resolve them); throws
 * `UPSTREAM_BAD_RESPONSE` naming the file otherwise, so a feed cannot send our users to `file:`,
 * `javascript:` or another host.
 */
export function checkDownloadUrl(href: string, downloadRoot: URL, fileName: string): string {
  let url: URL | null;
  try {
    url = new URL(href);
  } catch {
    url = null;
  }
  const acceptable =
    url !== null &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.origin === downloadRoot.origin &&
    url.username === '' &&
    url.password === '' &&
    url.pathname.startsWith(downloadRoot.pathname) &&
    url.pathname.length > downloadRoot.pathname.length;
  if (acceptable) return url!.href;
  throw new UpstreamError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `The upstream subResource listing gives file ${JSON.stringify(fileName)} a download URL outside the upstream's download path.`,
    { call: 'subResource' },
  );
}

/** The `download/` root of a download URL built by the client (`{base}/download/{resource}/{edition}/{file}`). */
export function downloadRootOf(builtUrl: string): URL {
  return new URL('../..', builtUrl);
}
