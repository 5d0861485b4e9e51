import { findResource, type FakeResource } from '../fakeUpstream/catalogue';
import { buildRealShapedCatalogue } from '../fakeUpstream/realShapedCatalogue';

/** One operation on the real-shaped catalogue, with the fewest upstream requests any client could make for it. */
export interface RealShapeOperation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Upstream requests at the least, on a cold cache (pages of 50 entries). */
  minimum: number;
  /** The least without the catalogue index, when it differs (the index tells where an entry is listed). */
  minimumWithoutIndex?: number;
  why: string;
}

/** The real-shaped catalogue (built once per process: 2,500 products, a 3,800-edition BD TOPO). */
export const REAL_SHAPED = buildRealShapedCatalogue();

const topo = findResource(REAL_SHAPED, 'BDTOPO') as FakeResource;
const ofDate = (date: string) => topo.editions.filter((edition) => edition.editionDate === date);
/** 16 BD TOPO editions: the first 8 of each of its two newest dates (the two pages of that date range hold them). */
export const TOPO_SIXTEEN = [...ofDate('2025-09-15').slice(0, 8), ...ofDate('2025-12-15').slice(0, 8)];
/** 4 editions of 4 other products, one each. */
export const FOUR_OTHERS: Array<{ resourceName: string; name: string }> = [
  { resourceName: 'ADMIN-EXPRESS-COG', name: 'ADMIN-EXPRESS-COG_4-0__GPKG_WGS84G_FRA_2024-01-01' },
  { resourceName: 'RGEALTI', name: 'RGEALTI_2-0_1M_ASC_LAMB93-IGN69_D006_2024-02-02' },
  { resourceName: 'ADMIN-EXPRESS', name: 'ADMIN-EXPRESS_3-2__GPKG_LAMB93_FXX_2025-06-17' },
  { resourceName: 'BDCARTO', name: 'BDCARTO_5-0__GPKG_LAMB93_FXX_2026-03-01' },
];
/** The 20 `SubResource` representations of the `_entities` row. */
export const TWENTY_EDITIONS = [
  ...TOPO_SIXTEEN.map((edition) => ({ __typename: 'SubResource', resourceName: 'BDTOPO', name: edition.name })),
  ...FOUR_OTHERS.map((edition) => ({ __typename: 'SubResource', ...edition })),
];

/** The operations of the real-shaped catalogue's table (bench section 2, end-to-end tests), with their minimums. */
export const REAL_SHAPE_OPERATIONS: RealShapeOperation[] = [
  {
    name: 'BDTOPO latestEdition (3,800 editions)',
    query: '{ resource(name: "BDTOPO") { latestEdition { name editionDate } } }',
    minimum: 2,
    why: 'page 1 gives the total, the last page (76) holds the newest',
  },
  {
    name: 'BDTOPO latestEdition(zone: "75")',
    query: '{ resource(name: "BDTOPO") { latestEdition(zone: "75") { name editionDate } } }',
    minimum: 2,
    why: "Paris's listing: page 1 gives its total (189), page 4 holds its newest",
  },
  {
    name: 'resource(name: "PRODUIT-2100") { title } in 2,500 products',
    query: '{ resource(name: "PRODUIT-2100") { title } }',
    minimum: 1,
    why: "the product's own feed page 1 proves it and carries its title",
  },
  {
    name: 'resource(name: "PRODUIT-2100") { zones formats } in 2,500 products',
    query: '{ resource(name: "PRODUIT-2100") { title zones { code } formats { code } } }',
    minimum: 1,
    minimumWithoutIndex: 50,
    why: 'its capabilities entry: the page the index last saw it on (43); without the index, page 1 then the other 49',
  },
  {
    name: 'resource(name: "NO-SUCH") { title }',
    query: '{ resource(name: "NO-SUCH") { title } }',
    minimum: 1,
    why: 'the 404 of its own feed',
  },
  {
    name: '_entities: 20 editions (16 of BDTOPO on 2 dates, 4 others), files(first: 2)',
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on SubResource { name editionDate files(first: 2) { nodes { name size } } } } }',
    variables: { r: TWENTY_EDITIONS },
    minimum: 26,
    why: '20 file listings + BDTOPO: its two dates span 90 editions, 2 pages + one date page for each of the 4 others',
  },
  {
    name: 'BDORTHO a: latestEdition(zone: "75") b: latestEdition(zone: "2A")',
    query: '{ resource(name: "BDORTHO") { a: latestEdition(zone: "75") { name } b: latestEdition(zone: "2A") { name } } }',
    minimum: 2,
    why: 'one page per zone; the first to answer proves the product',
  },
  {
    name: 'facets over 2,500 products',
    query: '{ facets { zones { zone { code } resourceCount } formats { format { code } resourceCount } } }',
    minimum: 50,
    why: 'every capabilities page (2,500 / 50), the only listing holding every product',
  },
];
