import type { Check } from '../Check';
import { outcome } from '../outcome';
import { RANGE_BYTES } from '../ProbeContext';

/**
 * `download/` honours `Range`: a 206 with `Content-Range: bytes 0-15/{size}`, the size the listing gives. Archive
 * tables of contents are read that way, and downloads resume that way.
 */
export const downloadRangeCheck: Check = {
  id: 'download-range',
  assumption: `A Range request on download/ is answered 206 with Content-Range "bytes 0-${RANGE_BYTES - 1}/{gpf_dl:length}" and just those bytes.`,
  grade: 'A',
  sends: `GET download/{archive} with Range: bytes=0-${RANGE_BYTES - 1} (${RANGE_BYTES} bytes read at most; a whole-file answer is cancelled unread)`,
  async run(context) {
    const targets = await context.downloadTargets();
    const exchange = await context.archiveRange();
    if (!targets.archive || !exchange)
      return outcome(
        'could-not-tell',
        targets.note,
        targets.read.map((read) => read.listing),
      );
    const { file } = targets.archive;
    const range = exchange.headers['content-range'];
    if (exchange.status >= 300 && exchange.status < 400)
      return outcome('could-not-tell', `answered a redirect (HTTP ${exchange.status}); see download-redirect`, [exchange]);
    if (exchange.status === 200)
      return outcome('deviates', `answered 200 with the whole file${range ? ` (Content-Range ${range})` : ''}: Range ignored; the body was cancelled`, [
        exchange,
      ]);
    if (exchange.status !== 206) return outcome('deviates', `answered HTTP ${exchange.status}`, [exchange]);
    const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(range?.trim() ?? '');
    if (!match || match[1] !== '0' || match[2] !== String(RANGE_BYTES - 1))
      return outcome('deviates', `206 with Content-Range ${JSON.stringify(range ?? null)}`, [exchange]);
    if (file.length !== null && match[3] !== String(file.length))
      return outcome('deviates', `206, Content-Range ${range}, but the listing gives ${file.length} bytes`, [exchange]);
    if (exchange.body.byteLength !== RANGE_BYTES || exchange.truncated)
      return outcome('deviates', `206, Content-Range ${range}, but a body of ${exchange.truncated ? 'more than ' : ''}${exchange.body.byteLength} bytes`, [
        exchange,
      ]);
    return outcome('pass', `206, Content-Range ${range}, ${RANGE_BYTES} bytes of ${file.name}`, [exchange]);
  },
};
