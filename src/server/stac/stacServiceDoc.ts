import type { StacUrls } from './StacUrls';

/** The `service-doc` page: what the STAC API serves and how to open it in the usual clients, as plain HTML. */
export function stacServiceDoc(urls: StacUrls): string {
  const root = escapeHtml(urls.landing);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Géoplateforme downloads: STAC API</title></head>
<body>
<h1>Géoplateforme downloads: STAC API</h1>
<p>A collection per product, an item per edition, answered from the catalogue index. Root: <a href="${root}">${root}</a>;
OpenAPI description: <a href="${escapeHtml(urls.openapi)}">${escapeHtml(urls.openapi)}</a>.</p>
<ul>
<li><code>GET /collections</code>, <code>/collections/{id}</code>, <code>/collections/{id}/items</code>, <code>/collections/{id}/items/{itemId}</code> (with the edition's files as assets)</li>
<li><code>GET</code> or <code>POST /search</code>: <code>collections</code>, <code>ids</code>, <code>bbox</code>, <code>intersects</code>, <code>datetime</code>, <code>limit</code>, <code>sortby</code>, <code>q</code>; pages follow the <code>next</code> link</li>
</ul>
<p>pystac-client: <code>stac-client search ${root} --collections BDTOPO --max-items 10</code></p>
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
