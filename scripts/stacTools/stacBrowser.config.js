// STAC Browser's build configuration for the STAC tests (copied over the package's own `config.js` by
// scripts/buildStacTools.sh). Only what differs from the package's defaults is set here; everything else is
// taken from its `config.js`. The catalogue is chosen at run time: the build loads `/config.js`, which the
// test server writes (`window.STAC_BROWSER_CONFIG = { catalogUrl: … }`), so one build serves every catalogue.
const defaults = require('./config.default.js');

module.exports = Object.assign(defaults, {
  // No catalogue baked in: the test server's /config.js names it.
  catalogUrl: null,
  // Routes in the URL's fragment: a plain static server (no rewrites to index.html) can serve every page.
  historyMode: 'hash',
  // The same language whatever the browser reports, so tests can read the page's text.
  detectLocaleFromBrowser: false,
  storeLocale: false,
  locale: 'en',
});
