import type { ExampleTab } from './exampleTabs';

/** What the page links to: URLs relative to the page (so that a proxy prefix in front of `/graphql` is kept). */
export interface GraphiqlPageLinks {
  stylesheet: string;
  /** In execution order: React, ReactDOM, GraphiQL, then the boot script. */
  scripts: readonly string[];
}

/** What the boot script reads from the page. */
export interface GraphiqlPageConfig {
  tabs: readonly ExampleTab[];
  /** The text of a tab opened with "+". */
  newTabQuery: string;
}

/**
 * The page's Content-Security-Policy: scripts, styles, fonts and requests only from this origin (styles may
 * be inline: GraphiQL's dialogs inject some); the browser itself then refuses any request to another host.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The HTML of the GraphiQL page: no inline script; the configuration travels as a JSON data block. */
export function renderGraphiqlPage(links: GraphiqlPageLinks, config: GraphiqlPageConfig): string {
  const scripts = links.scripts.map((src) => `    <script defer src="${escapeAttribute(src)}"></script>`).join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>GraphiQL · Géoplateforme download subgraph</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${escapeAttribute(links.stylesheet)}">
    <style>body { height: 100%; margin: 0; width: 100%; overflow: hidden; } #graphiql { height: 100vh; }</style>
${scripts}
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <noscript>GraphiQL needs JavaScript. GraphQL itself answers POST requests at this URL.</noscript>
    <script type="application/json" id="graphiql-config">${jsonForScriptBlock(config)}</script>
  </body>
</html>
`;
}

// Private: JSON that cannot close its <script> block (every "<" escaped; JSON.parse reads it back unchanged).
function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

// Private: for double-quoted attribute values.
function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
