import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); Playwright never downloads a browser of its own here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium with no traffic of its own (no updates, sync, first-run or background requests), so that
 * the requests seen are the page's. Playwright gives each launch a fresh, empty profile; it runs without sandbox (root).
 * `extraArgs` are added to the command line.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`expected Chromium at ${CHROMIUM_PATH}, got nothing: install it with \`apt-get install chromium\` (see .ci/run)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
