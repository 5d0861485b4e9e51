import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { startSubgraph, type SubgraphUnderTest } from '../helpers/startSubgraph';
import { GraphiqlUi } from './GraphiqlUi';
import { launchChromium } from './launchChromium';
import { loadedResources, pageLoadCost, type LoadedResource } from './pageLoadCost';

// A real browser, a real subgraph and the fake upstream: generous, since Chromium starts cold.
jest.setTimeout(180_000);

/** What the page asked for, as Chromium reported it. */
interface SeenRequest {
  method: string;
  url: string;
  status: number | undefined;
  headers: Record<string, string>;
}

describe('GraphiQL at GET /graphql, in headless Chromium', () => {
  let subgraph: SubgraphUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ui: GraphiqlUi;
  let firstLoad: LoadedResource[];
  const requests: Request[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    subgraph = await startSubgraph();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Playwright's 30 s per action is a pace a loaded 2-core machine may not keep; this is only a safety net.
    context.setDefaultTimeout(90_000);
    page = await context.newPage();
    page.on('request', (request) => requests.push(request));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    ui = await GraphiqlUi.open(page, subgraph.server.url);
    firstLoad = await loadedResources(page);
  });

  afterAll(async () => {
    await browser?.close();
    await subgraph?.stop();
  });

  async function seen(): Promise<SeenRequest[]> {
    return Promise.all(
      requests.map(async (request) => {
        const response = await request.response();
        return { method: request.method(), url: request.url(), status: response?.status(), headers: (await response?.allHeaders()) ?? {} };
      }),
    );
  }

  it('opens on the example tabs, the nested resources → editions → files query first', async () => {
    expect(await ui.tabTitles()).toEqual(['NestedDownloads', 'PagingWithCursors', 'FilteredEditions', 'SplitArchive', 'FederationEntities']);
    const query = await ui.queryText();
    expect(query).toContain('query NestedDownloads');
    expect(query).toMatch(/resources\([^)]*\)[\s\S]*subResources\([^)]*\)[\s\S]*files\(first: 3\)/);
  });

  it('loads every script, style and font from the subgraph itself, and nothing from anywhere else', async () => {
    const origin = new URL(subgraph.server.url).origin;
    const all = await seen();
    expect(all.length).toBeGreaterThan(0);
    for (const request of all) expect(`${request.method} ${new URL(request.url).origin}`).toBe(`${request.method} ${origin}`);
    for (const request of all) expect(`${request.method} ${request.url} ${request.status}`).toBe(`${request.method} ${request.url} 200`);

    const paths = all.map((request) => `${request.method} ${new URL(request.url).pathname}`);
    expect(paths[0]).toBe('GET /graphql');
    const assetPaths = paths.slice(1).filter((path) => path.startsWith('GET '));
    for (const path of assetPaths) expect(path).toMatch(/^GET \/graphiql\/[0-9a-f]{16}\/[a-z0-9.-]+$/);
    expect(assetPaths.map((path) => path.replace(/^.*\//, '')).sort()).toEqual(
      expect.arrayContaining(['boot.js', 'graphiql.min.css', 'graphiql.min.js', 'react-dom.production.min.js', 'react.production.min.js']),
    );
    expect(assetPaths.some((path) => /\.woff2?$/.test(path))).toBe(true);
    expect(paths.filter((path) => path === 'POST /graphql').length).toBeGreaterThanOrEqual(1);
    expect(problems).toEqual([]);
  });

  it('sends scripts and styles brotli-compressed, with year-long immutable caching', async () => {
    const assets = (await seen()).filter((request) => /\.(js|css)$/.test(request.url));
    expect(assets).toHaveLength(5);
    for (const asset of assets) {
      expect([asset.url, asset.headers['content-encoding'], asset.headers['cache-control']]).toEqual([asset.url, 'br', 'public, max-age=31536000, immutable']);
    }
    const cost = pageLoadCost(firstLoad.filter((resource) => resource.initiatorType !== 'fetch'));
    expect(cost.decodedBodySize).toBeGreaterThan(1_000_000);
    expect(cost.transferSize).toBeLessThan(450_000);
  });

  it('runs the nested example from the run button and shows the upstream data in the result pane', async () => {
    subgraph.clearUpstream();
    const result = await ui.execute('NestedDownloads', () => ui.clickRun());

    expect(result.errors).toBeUndefined();
    const [first] = result.data?.resources.nodes as any[];
    expect([first.name, first.title]).toEqual(['ADMIN-EXPRESS', 'ADMIN EXPRESS']);
    const edition = first.subResources.nodes[0];
    expect(edition.name).toBe('ADMIN-EXPRESS_3-2__GPKG_LAMB93_FXX_2025-06-17');
    expect(edition.files.nodes[0]).toMatchObject({ name: `${edition.name}.7z`, md5: expect.stringMatching(/^[0-9a-f]{32}$/) });
    await expect(page.locator('.result-window').innerText()).resolves.toContain('"ADMIN-EXPRESS"');
    expect(subgraph.upstreamLog()).toContainEqual(expect.stringMatching(/^capabilities\?.*zone=FXX/));
  });

  it('runs the federation _entities tab, with its variables, from Ctrl-Enter', async () => {
    await ui.selectTab('FederationEntities');
    const result = await ui.execute('FederationEntities', () => ui.pressCtrlEnter());

    expect(result).toEqual({
      data: {
        _entities: [
          { name: 'BDORTHO', title: 'BD ORTHO®' },
          { resourceName: 'ADMIN-EXPRESS', name: 'ADMIN-EXPRESS_3-2__GPKG_LAMB93_FXX_2025-06-17', editionDate: '2025-06-17' },
        ],
      },
      // What it cost upstream, shown in the result pane: BDORTHO's feed page 1, and the edition's date listing.
      extensions: { upstream: { estimated: 2, reserved: 0, sent: 2, cacheHits: 0, budget: 300 } },
    });
  });

  it('shows the introspected schema in the documentation explorer', async () => {
    await ui.openDocs();
    const explorer = page.locator('.graphiql-doc-explorer');
    await explorer.locator('.graphiql-doc-explorer-type-name', { hasText: /^Query$/ }).click();
    await explorer.locator('.graphiql-doc-explorer-title', { hasText: /^Query$/ }).waitFor();
    const fields = await explorer.locator('.graphiql-doc-explorer-field-name').allInnerTexts();
    expect(fields).toEqual(expect.arrayContaining(['resources', 'resource', 'subResource', '_entities', '_service']));
  });

  it('autocompletes field names from the schema while typing', async () => {
    await ui.typeInNewTab('{ resou');
    expect(await ui.completions()).toEqual(expect.arrayContaining(['resources', 'resource']));
  });

  it('loads a second visit from the browser cache: only the page is revalidated (304), no asset is fetched again', async () => {
    const second = await context.newPage();
    await GraphiqlUi.open(second, subgraph.server.url);
    const resources = await loadedResources(second);

    const assets = resources.filter((resource) => resource.initiatorType !== 'navigation' && resource.initiatorType !== 'fetch');
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) expect([asset.url, asset.transferSize]).toEqual([asset.url, 0]);
    // Resource Timing reports a response revalidated from the cache (our 304) as encodedBodySize + 300 bytes;
    // a page sent again in full would count its real headers (over 500 bytes here) instead.
    const [navigation] = resources.filter((resource) => resource.initiatorType === 'navigation');
    expect(navigation?.encodedBodySize).toBeGreaterThan(0);
    expect(navigation?.transferSize).toBe((navigation?.encodedBodySize ?? 0) + 300);
    await second.close();
  });
});
