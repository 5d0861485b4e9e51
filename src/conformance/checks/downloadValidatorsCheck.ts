import type { Check } from '../Check';
import { outcome } from '../outcome';
import type { Exchange } from '../ProbeSession';

/**
 * Archives come with a validator, `ETag` or `Last-Modified`: what lets a resumed download (`aria2c -c`, `curl -C -`)
 * notice that a file was republished in between (`If-Range`). Without one, only the md5 check at the end does.
 */
export const downloadValidatorsCheck: Check = {
  id: 'download-validators',
  assumption: 'download/ answers carry ETag or Last-Modified.',
  grade: 'U',
  sends: 'nothing more: looks at the HEAD and Range answers of download-head and download-range',
  async run(context) {
    const answers = [await context.archiveHead(), await context.archiveRange()].filter(
      (exchange): exchange is Exchange => exchange !== null && exchange.status >= 200 && exchange.status < 300,
    );
    if (answers.length === 0) return outcome('could-not-tell', (await context.downloadTargets()).note || 'no archive answered 2xx', []);
    const seen = answers.map(
      (exchange) => `${exchange.method}: ETag ${exchange.headers['etag'] ?? '(absent)'}, Last-Modified ${exchange.headers['last-modified'] ?? '(absent)'}`,
    );
    const without = answers.filter((exchange) => !exchange.headers['etag'] && !exchange.headers['last-modified']);
    return outcome(without.length === 0 ? 'pass' : 'deviates', seen.join('; '), answers);
  },
};
