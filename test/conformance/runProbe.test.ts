import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MAX_REQUESTS, MIN_GAP_MS } from '../../src/conformance/ProbeSession';
import { runProbe, type ProbeReport } from '../../src/conformance/runProbe';
import type { Deviations } from '../fakeUpstream/deviations';
import { FakeGeopfServer, type RecordedRequest } from '../fakeUpstream/FakeGeopfServer';
import { maxArrivalsInWindow } from '../fakeUpstream/rateWindow';
import { FakeClock } from '../helpers/FakeClock';

const USER_AGENT = 'geopf-download-subgraph/test (conformance probe)';

/** A fake upstream on a fake clock, and a run of the probe against it that paces itself on that clock. */
async function probeFake(
  options: { deviations?: Deviations; ratePerSecond?: number; maxRequests?: number } = {},
): Promise<{ report: ProbeReport; requests: RecordedRequest[] }> {
  const clock = new FakeClock();
  const server = new FakeGeopfServer({
    now: clock.now,
    sizedDownloads: true,
    ...(options.deviations ? { deviations: options.deviations } : {}),
    ...(options.ratePerSecond ? { ratePerSecond: options.ratePerSecond } : {}),
  });
  const baseUrl = await server.start();
  try {
    // The sleep moves the fake clock: pacing a run of ~7 s takes no time, and the fake stamps arrivals with it.
    const report = await runProbe({
      baseUrl,
      userAgent: USER_AGENT,
      now: clock.now,
      sleep: async (ms) => clock.advance(ms),
      ...(options.maxRequests ? { maxRequests: options.maxRequests } : {}),
    });
    return { report, requests: [...server.requests] };
  } finally {
    await server.stop();
  }
}

function resultsOf(report: ProbeReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((check) => [check.id, check.result]));
}

/** A loopback port nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('runProbe()', () => {
  describe('against a conforming upstream', () => {
    let run: { report: ProbeReport; requests: RecordedRequest[] };
    beforeAll(async () => {
      run = await probeFake();
    });

    it('passes every check and exits 0', () => {
      expect(run.report.checks.filter((check) => check.result !== 'pass')).toEqual([]);
      expect(run.report.checks.map((check) => check.id)).toEqual([
        'limit-clamped',
        'updated-from',
        'edition-order',
        'page-past-end',
        'empty-listing-pagecount',
        'md5-companion',
        'download-head',
        'download-range',
        'download-redirect',
        'download-validators',
        'atom-content-type',
        'totalentries-present',
        'entry-names',
      ]);
      expect(run.report.stopped).toBeNull();
      expect(run.report.exitCode).toBe(0);
    });

    it(`sends at most ${MAX_REQUESTS} requests, never 3 within a second, each ${MIN_GAP_MS} ms at least after the previous answer`, () => {
      const arrivals = run.requests.map((request) => request.at);
      expect(arrivals.length).toBeGreaterThan(0);
      expect(arrivals.length).toBeLessThanOrEqual(MAX_REQUESTS);
      const gaps = arrivals.slice(1).map((at, index) => at - (arrivals[index] as number));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_GAP_MS);
      expect(maxArrivalsInWindow(arrivals, 1000)).toBe(2);
      expect(run.report.requests.map((request) => request.request)).toEqual(
        run.requests.map((request) => `${request.method} ${request.rawUrl.replace(/^\/telechargement\//, '')}`),
      );
    });

    it('sends the User-Agent on every request, Accept: application/atom+xml on every listing, and no redirect is followed', () => {
      for (const request of run.requests) expect(request.headers['user-agent']).toBe(USER_AGENT);
      const listings = run.requests.filter((request) => !request.path.includes('/download/'));
      expect(listings.length).toBeGreaterThan(5);
      for (const request of listings) expect(request.headers['accept']).toBe('application/atom+xml');
    });

    it('never downloads an archive whole: a HEAD, a GET of 16 bytes with Range, and the .md5 companion', () => {
      const downloads = run.requests.filter((request) => request.path.includes('/download/'));
      expect(downloads.map((request) => [request.method, request.path.split('.').pop(), request.headers['range'] ?? null, request.status])).toEqual([
        ['GET', 'md5', null, 200],
        ['HEAD', '7z', null, 200],
        ['GET', '7z', 'bytes=0-15', 206],
      ]);
    });

    it('finds its targets in the listings: editions and files are not written in the probe', () => {
      const archive = run.report.checks.find((check) => check.id === 'download-range');
      expect(archive?.saw).toBe('206, Content-Range bytes 0-15/277222642, 16 bytes of ADMIN-EXPRESS-COG_3-1__SHP_WGS84G_FRA_2023-05-03.7z');
      expect(archive?.evidence[0]?.firstBytes).toBe('hex:377abcaf271c060708090a0b0c0d0e0f');
    });
  });

  describe('against an upstream deviating on one point', () => {
    // [deviation of the fake, the check that must say so, what it must have seen]
    it.each<[string, Deviations, string, RegExp]>([
      ['newest edition first', { newestFirst: true }, 'edition-order', /2026-01-01, 2024-01-01, 2023-05-03 .*newest first/],
      ['limit 100 served', { largeLimit: 'served' }, 'limit-clamped', /pagesize 100, 100 entries of 116/],
      ['limit 100 refused', { largeLimit: 'rejected' }, 'limit-clamped', /answered HTTP 400/],
      ['a page past the end answered 404', { pastEndStatus: 404 }, 'page-past-end', /page 2 .* answered HTTP 404/],
      ['a page past the end answered 400', { pastEndStatus: 400 }, 'page-past-end', /answered HTTP 400/],
      ['an empty listing with pagecount 3', { emptyPageCount: 3 }, 'empty-listing-pagecount', /totalentries 0, pagecount 3/],
      ['updatedFrom ignored', { updatedFrom: 'ignored' }, 'updated-from', /product\(s\) updated earlier.*ignored/],
      ['updatedFrom exclusive of its day', { updatedFrom: 'exclusive' }, 'updated-from', /day 2026-11-20 itself is excluded/],
      ['Atom served as application/xml', { atomContentType: 'application/xml' }, 'atom-content-type', /listing\(s\) answered application\/xml/],
      ['listings without totalentries', { noTotalEntries: true }, 'totalentries-present', /without gpf_dl:totalentries/],
      [
        'a file named with a backslash',
        { extraFileName: 'notice\\utilisation.pdf' },
        'entry-names',
        /1 of \d+ names refused, their entries answered as errors: "notice\\\\utilisation.pdf" in resource\/ADMIN-EXPRESS-COG\/.+ \(it contains a slash\)/,
      ],
      ['an md5 companion BSD style', { md5Style: 'bsd' }, 'md5-companion', /not "<32 hex> {2}<name>", e\.g\. "MD5 \(ADMIN-EXPRESS-COG/],
      ['Range ignored', { ignoreRange: true }, 'download-range', /answered 200 with the whole file: Range ignored/],
      [
        'downloads redirected',
        { downloadRedirect: 'https://storage.example/archive.7z' },
        'download-redirect',
        /3 of 3 download request\(s\) redirected: 302 to https:\/\/storage\.example\/archive\.7z/,
      ],
      ['downloads without ETag or Last-Modified', { noDownloadValidators: true }, 'download-validators', /HEAD: ETag \(absent\), Last-Modified \(absent\)/],
      ['downloads a byte longer than listed', { downloadLengthOff: 1 }, 'download-head', /Content-Length 277222643, the listing 277222642/],
    ])('reports %s as a deviation of its check and exits 1', async (_name, deviations, id, saw) => {
      const { report, requests } = await probeFake({ deviations });
      const check = report.checks.find((candidate) => candidate.id === id);
      expect(check?.result).toBe('deviates');
      expect(check?.saw).toMatch(saw);
      expect(check?.evidence.length).toBeGreaterThan(0);
      expect(report.exitCode).toBe(1);
      // Deviating answers change nothing to the budget or the pace.
      expect(requests.length).toBeLessThanOrEqual(MAX_REQUESTS);
      expect(
        maxArrivalsInWindow(
          requests.map((request) => request.at),
          1000,
        ),
      ).toBeLessThanOrEqual(2);
    });

    it('passes a file named with an apostrophe and spaces, and says it is quoted at every sink', async () => {
      const { report } = await probeFake({ deviations: { extraFileName: "notice d'utilisation.pdf" } });
      const check = report.checks.find((candidate) => candidate.id === 'entry-names');
      expect(check?.result).toBe('pass');
      expect(check?.saw).toMatch(/none refused; 1 outside letters, digits and " _\.\+&\(\),-", quoted at every sink \(e\.g\. "notice d'utilisation\.pdf"\)$/);
    });

    it('reports only that check as deviating when the deviation leaves the others readable', async () => {
      const { report } = await probeFake({ deviations: { newestFirst: true } });
      expect(Object.entries(resultsOf(report)).filter(([, result]) => result !== 'pass')).toEqual([['edition-order', 'deviates']]);
    });
  });

  describe('when the upstream stops the run', () => {
    it('stops at the first 429, sends nothing after it, says how long to wait, and exits 3', async () => {
      // One request per second: the fake's own rate limit answers the probe's second request 429, Retry-After: 5.
      const { report, requests } = await probeFake({ ratePerSecond: 1 });
      expect(requests.map((request) => request.status)).toEqual([200, 429]);
      expect(report.stopped).toMatchObject({ kind: 'rateLimited', message: expect.stringContaining('(Retry-After: 5); the run stopped there: wait 5 s') });
      expect(report.stopped?.evidence).toEqual([expect.objectContaining({ request: 'GET capabilities?limit=100&page=1', status: 429 })]);
      expect(resultsOf(report)['limit-clamped']).toBe('could-not-tell');
      // What was read before the stop is still judged.
      expect(resultsOf(report)['entry-names']).toBe('pass');
      expect(report.exitCode).toBe(3);
    });

    it('exits 3 when nothing listens at the base URL, after one attempt', async () => {
      const report = await runProbe({ baseUrl: `http://127.0.0.1:${await closedPort()}/telechargement`, userAgent: USER_AGENT });
      expect(report.requests).toEqual([{ request: 'GET capabilities?limit=50&page=1', status: null }]);
      expect(report.stopped).toMatchObject({ kind: 'unreachable', message: expect.stringContaining('ECONNREFUSED') });
      expect(report.checks.every((check) => check.result === 'could-not-tell')).toBe(true);
      expect(report.exitCode).toBe(3);
    });

    it('exits 3 and sends nothing more when the first request is refused (403 from the firewall)', async () => {
      const clock = new FakeClock();
      const server = new FakeGeopfServer({ now: clock.now });
      const baseUrl = await server.start();
      server.setFault(() => ({ status: 403, body: 'Forbidden', contentType: 'text/html' }));
      try {
        const report = await runProbe({ baseUrl, userAgent: USER_AGENT, now: clock.now, sleep: async (ms) => clock.advance(ms) });
        expect(server.requests).toHaveLength(1);
        expect(report.stopped).toMatchObject({
          kind: 'refused',
          message: expect.stringContaining('answered HTTP 403 (the firewall refuses this address or User-Agent)'),
        });
        expect(report.exitCode).toBe(3);
      } finally {
        await server.stop();
      }
    });
  });

  describe('within its request budget', () => {
    it('sends no request past the budget; the checks left without one could not tell', async () => {
      const { report, requests } = await probeFake({ maxRequests: 4 });
      expect(requests).toHaveLength(4);
      expect(report.checks.find((check) => check.id === 'md5-companion')?.saw).toBe("not checked: the run's 4 requests were all sent");
      expect(report.stopped).toBeNull();
      expect(report.exitCode).toBe(0);
    });
  });
});
