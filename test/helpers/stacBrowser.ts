import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../browser/launchChromium';
import { serveStatic, type StaticServer } from './serveStatic';
import { assertStacToolsBuilt } from './stacTools';

/**
 * Host names the page may reach: the loopback ones. Everything else (STAC Browser's OpenStreetMap basemap tiles,
 * links to schemas, asset hosts) is aborted before it leaves Chromium.
 */
export function isLoopbackUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** What the page did that a test may want to assert on. */
export interface StacBrowserTraffic {
  /** Every request the page made that reached a server (all on loopback), `METHOD url`. */
  requests: string[];
  /** Every request aborted because it was not for loopback, `METHOD url`. */
  blocked: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
}

/**
 * The built STAC Browser (scripts/buildStacTools.sh), served on a free loopback port with a `/config.js` naming
 * `catalogUrl`, in headless Chromium that reaches nothing but loopback; its pages read as a user reads them.
 */
export class StacBrowser {
  private constructor(
    /** The Chromium page STAC Browser runs in. */
    readonly page: Page,
    /** Where STAC Browser is served (`http://127.0.0.1:port/`). */
    readonly url: string,
    readonly traffic: StacBrowserTraffic,
    private readonly browser: Browser,
    private readonly server: StaticServer,
  ) {}

  /**
   * Serves STAC Browser for the STAC root at `catalogUrl` (its `self` link, if any, must be that URL) and opens a
   * page on nothing yet. Fails, saying which command to run, when STAC Browser was not built.
   */
  static async start(catalogUrl: string): Promise<StacBrowser> {
    const built = join(assertStacToolsBuilt(), 'browser');
    const server = await serveStatic(built, {
      '/config.js': { contentType: 'text/javascript; charset=utf-8', body: `window.STAC_BROWSER_CONFIG = ${JSON.stringify({ catalogUrl })};\n` },
    });
    // No host resolves but the loopback ones the tests use: a request that escaped the routing below would fail.
    const browser = await launchChromium(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost']);
    try {
      // Service workers' requests bypass routing; STAC Browser only uses one to stream downloads.
      const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1400, height: 1000 } });
      // Playwright's 30 s per action is a pace a loaded 2-core machine may not keep; this is only a safety net.
      context.setDefaultTimeout(90_000);
      const traffic: StacBrowserTraffic = { requests: [], blocked: [], pageErrors: [] };
      await context.route('**/*', async (route) => {
        const request = route.request();
        if (isLoopbackUrl(request.url())) {
          traffic.requests.push(`${request.method()} ${request.url()}`);
          await route.continue();
        } else {
          traffic.blocked.push(`${request.method()} ${request.url()}`);
          await route.abort('blockedbyclient');
        }
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => traffic.pageErrors.push(error.message));
      return new StacBrowser(page, server.url, traffic, browser, server);
    } catch (error) {
      await browser.close();
      await server.stop();
      throw error;
    }
  }

  /** Opens STAC Browser on the root catalogue and returns its title, once the page shows it. */
  async openLanding(): Promise<string> {
    await this.page.goto(this.url);
    return this.waitForStacPage();
  }

  /** Clicks the link (a child catalogue, a collection, an item) whose text is `title`, and waits for its page. */
  async openLink(title: string): Promise<void> {
    await this.page.getByRole('link', { name: title, exact: true }).first().click();
    const heading = await this.waitForStacPage(title);
    if (heading !== title) throw new Error(`expected the page of "${title}", got "${heading}"`);
  }

  /** The title of the page shown (its `h1`). */
  async heading(): Promise<string> {
    return (await this.page.locator('h1').innerText()).trim();
  }

  /** The titles of the item's assets, in the order shown, once the asset list is drawn. */
  async assetTitles(): Promise<string[]> {
    await this.page.locator('.asset').first().waitFor();
    return (await this.page.locator('.asset .card-header .title').allInnerTexts()).map((title) => title.trim());
  }

  /**
   * The metadata STAC Browser shows for the asset titled `title` (expanding it if it is collapsed), keyed by the
   * STAC field it comes from: `{'file:size': '1.15 GB', 'file:checksum': '<hex> Hashing algorithm: md5', …}`.
   * Values are the text shown, with the text of read-only inputs (the checksum) in place.
   */
  async assetFields(title: string): Promise<Record<string, string>> {
    const asset = this.page.locator('.asset').filter({ has: this.page.locator('.card-header .title').getByText(title, { exact: true }) });
    const toggle = asset.locator('.card-header button');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') {
      await toggle.click();
      await asset.locator('.card-header button[aria-expanded="true"]').waitFor();
    }
    await asset.locator('.metadata-rows .row').first().waitFor();
    return fieldsOf(asset.locator('.metadata-rows .row'));
  }

  /** Closes Chromium and the server. */
  async close(): Promise<void> {
    await this.browser.close();
    await this.server.stop();
  }

  // Private: waits until STAC Browser shows a STAC page (titled `title`, when given) or its error alert, and
  // returns the page's title; an error alert is thrown.
  private async waitForStacPage(title?: string): Promise<string> {
    const shown = title === undefined ? this.page.locator('main.browse > .cc, main.browse > .item') : this.page.locator('h1').getByText(title, { exact: true });
    const failed = this.page.locator('main.browse .alert-danger');
    await shown.or(failed).first().waitFor();
    if (await failed.isVisible()) throw new Error(`STAC Browser shows an error: ${(await failed.innerText()).trim()}`);
    return this.heading();
  }
}

// Private: metadata rows (`.row` with a `.label` titled with the field's name and a `.value`) as field → text.
async function fieldsOf(rows: Locator): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const row of await rows.all()) {
    const field = (await row.locator('.label').getAttribute('title')) ?? (await row.locator('.label').innerText());
    const value = row.locator('.value');
    const inputs = await Promise.all((await value.locator('input').all()).map((input) => input.inputValue()));
    fields[field] = [...inputs, await value.innerText()].join(' ').replace(/\s+/g, ' ').trim();
  }
  return fields;
}
