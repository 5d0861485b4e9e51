import type { Check } from '../Check';
import { outcome } from '../outcome';

/** `HEAD` on `download/` answers 200 with a `Content-Length` equal to the listing's `gpf_dl:length`. */
export const downloadHeadCheck: Check = {
  id: 'download-head',
  assumption: "HEAD on download/ answers 200 with Content-Length equal to the listing's gpf_dl:length.",
  grade: 'B',
  sends: "HEAD download/{archive} of an edition found by md5-companion's file listings (1 request)",
  async run(context) {
    const targets = await context.downloadTargets();
    const exchange = await context.archiveHead();
    if (!targets.archive || !exchange)
      return outcome(
        'could-not-tell',
        targets.note,
        targets.read.map((read) => read.listing),
      );
    const { file } = targets.archive;
    const length = exchange.headers['content-length'];
    if (exchange.status >= 300 && exchange.status < 400)
      return outcome('could-not-tell', `answered a redirect (HTTP ${exchange.status}); see download-redirect`, [exchange]);
    if (exchange.status !== 200) return outcome('deviates', `HEAD answered HTTP ${exchange.status}`, [exchange]);
    if (file.length === null)
      return outcome('could-not-tell', `the listing gives ${file.name} no gpf_dl:length to compare with (Content-Length ${length ?? 'absent'})`, [exchange]);
    if (length !== String(file.length)) return outcome('deviates', `HEAD gives Content-Length ${length ?? '(absent)'}, the listing ${file.length}`, [exchange]);
    return outcome('pass', `200, Content-Length ${length} as listed, Content-Type ${exchange.headers['content-type'] ?? '(absent)'}`, [exchange]);
  },
};
