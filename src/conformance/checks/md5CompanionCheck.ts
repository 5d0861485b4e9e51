import type { Check } from '../Check';
import { outcome } from '../outcome';

/** md5sum's line: 32 hex digits, two spaces (or a space and `*`, binary mode), the file's name or path. */
const MD5SUM_LINE = /^([0-9a-fA-F]{32}) [ *](.+)$/;

/**
 * An edition's `{edition}.md5` companion reads as md5sum output, `<hash>  <name>`, one line per file of the
 * edition: `checksums` compares those lines with the listing's inline md5s.
 */
export const md5CompanionCheck: Check = {
  id: 'md5-companion',
  assumption: 'An {edition}.md5 companion reads as md5sum output, "<32 hex>  <name>" per line, naming files of the edition.',
  grade: 'C',
  sends:
    'GET the file listings of up to 3 of the oldest editions of the first edition-order listing, until one lists an {edition}.md5, then GET that companion (at most 4 KB read)',
  async run(context) {
    const targets = await context.downloadTargets();
    if (!targets.companion)
      return outcome(
        'could-not-tell',
        targets.note,
        targets.read.map((read) => read.listing),
      );
    const download = await context.companionText();
    const { edition } = targets.companion;
    if (!download || download.status !== 200)
      return outcome('could-not-tell', `the companion of ${edition.edition} answered HTTP ${download?.status ?? '?'}`, [edition.listing, download]);
    const lines = Buffer.from(download.body)
      .toString('utf8')
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '');
    if (lines.length === 0) return outcome('deviates', `the companion of ${edition.edition} is empty`, [download]);
    const odd = lines.filter((line) => !MD5SUM_LINE.test(line));
    if (odd.length > 0)
      return outcome('deviates', `${odd.length} of ${lines.length} line(s) not "<32 hex>  <name>", e.g. ${JSON.stringify(odd[0]?.slice(0, 100))}`, [download]);
    const listed = new Set(edition.files.map((file) => file.name));
    const named = lines.map((line) => (MD5SUM_LINE.exec(line)?.[2] ?? '').split(/[\\/]/).pop() ?? '');
    const unknown = named.filter((name) => !listed.has(name));
    if (unknown.length === named.length)
      return outcome('deviates', `md5sum lines, but naming no file the edition lists (e.g. ${JSON.stringify(named[0])})`, [edition.listing, download]);
    const spacing = lines.some((line) => line.charAt(33) === '*') ? ' (binary-mode "*")' : '';
    const saw = `${edition.edition}.md5: ${lines.length} md5sum line(s)${spacing}, naming ${named.length - unknown.length} listed file(s)${unknown.length ? `, and ${unknown.length} not listed` : ''}`;
    return outcome('pass', saw, [download]);
  },
};
