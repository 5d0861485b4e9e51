import { MEDIA, STAC_CONFORMS_TO, STAC_VERSION } from './stacConformance';
import type { StacUrls } from './StacUrls';

/** The STAC API's landing page: a Catalog with `conformsTo` and the links STAC API and OGC API Features ask for. */
export function stacLanding(urls: StacUrls): Record<string, unknown> {
  return {
    type: 'Catalog',
    stac_version: STAC_VERSION,
    id: 'geopf-downloads',
    title: 'Géoplateforme downloads',
    description: 'The IGN Géoplateforme download catalogue as STAC: a collection per product, an item per edition, answered from the catalogue index.',
    conformsTo: STAC_CONFORMS_TO,
    links: [
      { rel: 'self', href: urls.landing, type: MEDIA.json },
      { rel: 'root', href: urls.landing, type: MEDIA.json },
      { rel: 'data', href: urls.collections, type: MEDIA.json },
      { rel: 'conformance', href: urls.conformance, type: MEDIA.json },
      { rel: 'search', href: urls.search, type: MEDIA.geojson, method: 'GET' },
      { rel: 'search', href: urls.search, type: MEDIA.geojson, method: 'POST' },
      { rel: 'service-desc', href: urls.openapi, type: MEDIA.openapi },
      { rel: 'service-doc', href: urls.serviceDoc, type: MEDIA.html },
    ],
  };
}
