/** One operation of the request-count suite, with the fewest upstream requests any client could make for it. */
export interface SuiteOperation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The minimum possible, and why. */
  minimum: number;
  why: string;
}

const multipart = 'BDORTHO_2-0_RVB-0M20_JP2-E080_UTM22RGFG95_D973_2023-01-01';

/** Representative operations; each is run on a cold cache, then again on the warm one. */
export const SUITE: SuiteOperation[] = [
  {
    name: 'nested 3 → 2 → 10',
    query: '{ resources(first: 3) { nodes { name subResources(first: 2) { nodes { name files(first: 10) { nodes { name size md5 } } } } } } }',
    minimum: 10,
    why: '1 capabilities page + 3 product feeds + 6 file listings',
  },
  {
    name: 'window across a page boundary',
    query: '{ resources(first: 7, after: "djE6YmJlNTg1NDQ6NDQ=") { nodes { name } } }',
    minimum: 2,
    why: 'items 45–51 live on pages 1 and 2',
  },
  {
    name: 'last 7 (backward)',
    query: '{ resources(last: 7) { nodes { name } pageInfo { hasPreviousPage } } }',
    minimum: 2,
    why: 'page 1 to learn the total, page 3 for the items',
  },
  {
    name: 'totalCount of a wide window',
    query: '{ resources(first: 100) { totalCount } }',
    minimum: 1,
    why: 'any one page carries the total',
  },
  {
    name: 'first: 0, edges only',
    query: '{ resources(first: 0) { edges { cursor } } }',
    minimum: 0,
    why: 'an empty window needs no page',
  },
  {
    name: 'one product under two aliases',
    query:
      '{ a: resource(name: "ADMIN-EXPRESS-COG") { title subResources(first: 5) { totalCount } } b: resource(name: "ADMIN-EXPRESS-COG") { subResources(first: 5) { nodes { name } } } }',
    minimum: 1,
    why: 'the product feed page 1 proves it, titles it and lists its editions',
  },
  {
    name: 'product facets by name',
    query: '{ resource(name: "BDORTHO") { title zones { code } formats { code } } }',
    minimum: 1,
    why: 'capabilities page 1 holds its entry',
  },
  {
    name: 'edition facets by name',
    query: '{ subResource(resourceName: "BDORTHO", name: "BDORTHO_2-0_RVB-0M20_JP2-E080_LAMB93_D006_2024-01-01") { editionDate zone { code } crs { code } } }',
    minimum: 1,
    why: 'one page of the product feed holds its entry',
  },
  {
    name: 'split archive, all 23 files',
    query: `{ subResource(resourceName: "BDORTHO", name: "${multipart}") { files(first: 50) { totalCount nodes { name size isArchiveVolume } } } }`,
    minimum: 1,
    why: 'one file listing page of 50',
  },
  {
    name: '_entities, 12 known keys',
    query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Resource { name zones { code } } ... on SubResource { editionDate } ... on File { size md5 } } }`,
    variables: {
      r: [
        ...['BDORTHO', 'ADMIN-EXPRESS-COG', 'BDORTHO', 'RGEALTI'].map((name) => ({ __typename: 'Resource', name })),
        ...['D006', 'D029', 'D033', 'D006'].map((zone) => ({
          __typename: 'SubResource',
          resourceName: 'BDORTHO',
          name: `BDORTHO_2-0_RVB-0M20_JP2-E080_LAMB93_${zone}_2024-01-01`,
        })),
        ...['.7z.001', '.7z.002', '.7z.022', '.md5'].map((suffix) => ({
          __typename: 'File',
          resourceName: 'BDORTHO',
          subResourceName: multipart,
          name: `${multipart}${suffix}`,
        })),
      ],
    },
    minimum: 3,
    why: 'capabilities page 1, one date-filtered BDORTHO page, one file listing',
  },
  {
    name: 'zone: label and products',
    query: '{ _entities(representations: [{ __typename: "Zone", code: "D075" }]) { ... on Zone { label resources(first: 10) { nodes { name } } } } }',
    minimum: 1,
    why: 'the zone-filtered capabilities page 1',
  },
];
