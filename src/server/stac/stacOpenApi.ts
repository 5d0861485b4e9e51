import { STAC_MAX_LIMIT, SORT_FIELDS } from './StacSearchRequest';

/**
 * The OpenAPI 3.0 description of the STAC API (`service-desc`): its paths, their parameters and answers. Built
 * from the same constants the routes read (the largest `limit`, the `sortby` fields).
 */
export function stacOpenApi(root: string): Record<string, unknown> {
  const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
  const geojson = (description: string) => ({ description, content: { 'application/geo+json': { schema: { type: 'object' } } } });
  const errors = { '400': json('A bad parameter: `{code, description, parameter}`.'), '404': json('No such collection or item.') };
  const sortValues = SORT_FIELDS.map((sort) => `${sort.direction === 'desc' ? '-' : ''}${sort.field}`);
  const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
    name,
    in: 'query',
    required: false,
    description,
    schema,
  });
  const searchParameters = [
    query('collections', 'Products (collection ids), comma-separated.'),
    query('ids', 'Edition names (item ids), comma-separated.'),
    query('bbox', 'minLon,minLat,maxLon,maxLat (EPSG:4326): editions whose zone footprint meets it.'),
    query('intersects', 'A GeoJSON Polygon or MultiPolygon: editions whose zone footprint meets it.'),
    query('datetime', 'An RFC 3339 date-time or an interval start/end, an open end written .. or empty.'),
    query('limit', `Items per page (default 10; larger values are answered with ${STAC_MAX_LIMIT}).`, { type: 'integer', minimum: 1 }),
    query('sortby', `One of ${sortValues.join(', ')}.`, { type: 'string', enum: sortValues }),
    query('q', 'Free text: comma-separated terms, any of which matches (every word of a term must).'),
    query('token', 'The position a `next` link carries.'),
  ];
  const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
  return {
    openapi: '3.0.3',
    info: {
      title: 'Géoplateforme downloads STAC API',
      version: '1.0.0',
      description: 'STAC API 1.0 over the catalogue index of the IGN Géoplateforme download API.',
    },
    servers: [{ url: root }],
    paths: {
      '/': { get: { summary: 'Landing page', responses: { '200': json('The landing page (a STAC Catalog with conformsTo).') } } },
      '/conformance': { get: { summary: 'Conformance classes', responses: { '200': json('`{conformsTo: [...]}`') } } },
      '/collections': { get: { summary: 'Every product as a collection', responses: { '200': json('`{collections, links}`') } } },
      '/collections/{collectionId}': {
        get: { summary: 'One product', parameters: [path('collectionId', 'The product name.')], responses: { '200': json('A STAC Collection.'), ...errors } },
      },
      '/collections/{collectionId}/items': {
        get: {
          summary: 'The editions of one product',
          parameters: [path('collectionId', 'The product name.'), ...searchParameters.filter((parameter) => parameter.name !== 'collections')],
          responses: { '200': geojson('A FeatureCollection of STAC Items.'), ...errors },
        },
      },
      '/collections/{collectionId}/items/{itemId}': {
        get: {
          summary: 'One edition, with its files as assets',
          parameters: [path('collectionId', 'The product name.'), path('itemId', 'The edition name.')],
          responses: { '200': geojson('A STAC Item.'), ...errors },
        },
      },
      '/search': {
        get: { summary: 'Search editions', parameters: searchParameters, responses: { '200': geojson('A FeatureCollection of STAC Items.'), ...errors } },
        post: {
          summary: 'Search editions (JSON body; sortby as [{field, direction}])',
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '200': geojson('A FeatureCollection of STAC Items.'), ...errors },
        },
      },
    },
  };
}
