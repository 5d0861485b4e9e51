import type { Check } from '../Check';
import { outcome } from '../outcome';

/**
 * `download/` answers itself, without a redirect: the client refuses redirects (each hop would be a request the
 * rate gate never saw, possibly to another host); download plans follow them with curl and aria2c.
 */
export const downloadRedirectCheck: Check = {
  id: 'download-redirect',
  assumption: 'download/ answers directly (no 3xx).',
  grade: 'U',
  sends: 'nothing more: looks at every download request sent (HEAD, Range, companion), never following a redirect',
  async run(context) {
    await context.archiveHead().catch(() => null);
    const downloads = context.session.exchanges.filter((exchange) => exchange.path.startsWith('download/'));
    if (downloads.length === 0) return outcome('could-not-tell', (await context.downloadTargets()).note || 'no download request sent', []);
    const redirected = downloads.filter((exchange) => exchange.status >= 300 && exchange.status < 400);
    if (redirected.length === 0)
      return outcome('pass', `${downloads.length} download request(s), statuses ${[...new Set(downloads.map((exchange) => exchange.status))].join(', ')}`, []);
    const to = redirected.map((exchange) => `${exchange.status} to ${exchange.headers['location'] ?? '(no Location)'}`);
    return outcome(
      'deviates',
      `${redirected.length} of ${downloads.length} download request(s) redirected: ${[...new Set(to)].slice(0, 3).join('; ')}`,
      redirected.slice(0, 3),
    );
  },
};
