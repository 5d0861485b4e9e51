import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src/core/logger';
import { GraphiqlUi } from '../test/browser/GraphiqlUi';
import { launchChromium } from '../test/browser/launchChromium';
import { loadedResources, pageLoadCost, type LoadedResource } from '../test/browser/pageLoadCost';
import { SNAPSHOT_FILE, parseSnapshot, projectRoot } from './snapshot';
import { startDemo } from './startDemo';

/** Where the README's picture goes, with `--write`. */
const SCREENSHOT_FILE = join('docs', 'graphiql.png');

/**
 * `npm run demo:screenshot`: opens GraphiQL on the demo in headless Chromium with an empty cache, prints what the
 * first and a second visit cost (Resource Timing, plus the gzip size of each asset for comparison), runs the
 * example query and takes a picture: into the system's temporary folder, or over docs/graphiql.png (tracked)
 * only with `-- --write`.
 */
async function screenshot(): Promise<void> {
  const root = projectRoot();
  const target = process.argv.includes('--write') ? join(root, SCREENSHOT_FILE) : join(tmpdir(), 'geopf-graphiql.png');
  const resources = parseSnapshot(readFileSync(join(root, SNAPSHOT_FILE), 'utf8'), SNAPSHOT_FILE);
  const demo = await startDemo({ port: 0, host: '127.0.0.1', resources, logger: silentLogger });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const ui = await GraphiqlUi.open(page, demo.url);
    const first = await loadedResources(page);
    await ui.execute('NestedDownloads', () => ui.clickRun());
    await page.screenshot({ path: target });

    const secondPage = await context.newPage();
    await GraphiqlUi.open(secondPage, demo.url);
    const second = await loadedResources(secondPage);

    const gzipSizes = await Promise.all(first.map((resource) => gzipSize(resource)));
    const hint = target.startsWith(root) ? '' : ` (\`npm run demo:screenshot -- --write\` replaces ${SCREENSHOT_FILE})`;
    process.stdout.write(`${report(first, second, gzipSizes)}\nWrote ${target}${hint}.\n`);
  } finally {
    await browser.close();
    await demo.stop();
  }
}

// Private: the markdown tables of the two visits.
function report(first: LoadedResource[], second: LoadedResource[], gzipSizes: Array<number | undefined>): string {
  const name = (resource: LoadedResource) => {
    const path = new URL(resource.url).pathname.replace(/\/graphiql\/[0-9a-f]{16}\//, '');
    return resource.initiatorType === 'fetch' ? `${path} (introspection POST)` : path;
  };
  const kB = (bytes: number | undefined) => (bytes === undefined ? '' : (bytes / 1000).toFixed(1));
  const rows = first.map((resource, index) =>
    [name(resource), kB(resource.decodedBodySize), kB(gzipSizes[index]), kB(resource.encodedBodySize), kB(resource.transferSize)].join(' | '),
  );
  const firstVisit = (resources: LoadedResource[]) => {
    const cost = pageLoadCost(resources);
    return `${cost.requests} requests, ${kB(cost.transferSize)} kB transferred (${kB(cost.encodedBodySize)} kB of bodies as sent, ${kB(cost.decodedBodySize)} kB decoded)`;
  };
  // From the cache, Resource Timing counts 0 bytes, and a 304-revalidated response as its cached body + 300 bytes.
  const secondVisit = (resources: LoadedResource[]) => {
    const cost = pageLoadCost(resources);
    return `${cost.requests} resources, ${cost.networkRequests} of them over the network, ${kB(cost.transferSize)} kB transferred as Resource Timing counts it`;
  };
  const assetsOnly = (resources: LoadedResource[]) => resources.filter((resource) => resource.initiatorType !== 'fetch');
  return [
    '| request | decoded kB | gzip kB | sent kB (br) | transferred kB (with headers) |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((row) => `| ${row} |`),
    '',
    `First visit, empty cache: ${firstVisit(first)}.`,
    `  the page and its assets alone: ${firstVisit(assetsOnly(first))}.`,
    `Second visit: ${secondVisit(second)}.`,
    `  the page and its assets alone: ${secondVisit(assetsOnly(second))}.`,
  ].join('\n');
}

// Private: the body size of a GET of the same URL with `Accept-Encoding: gzip`, for the comparison column.
function gzipSize(resource: LoadedResource): Promise<number | undefined> {
  if (resource.initiatorType === 'fetch') return Promise.resolve(undefined);
  const url = new URL(resource.url);
  return new Promise((resolve, reject) => {
    const accept = resource.initiatorType === 'navigation' ? 'text/html' : '*/*';
    httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { 'accept-encoding': 'gzip', accept } }, (response) => {
      let size = 0;
      response.on('data', (chunk: Buffer) => (size += chunk.length));
      response.on('end', () => resolve(size));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

screenshot().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
