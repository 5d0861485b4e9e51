import { buildCatalogue, type FakeEdition, type FakeResource } from './catalogue';
import { seriesEdition } from './editionFactory';
import { METRO_DEPARTMENTS } from './referenceData';
import { makeResource } from './specialResources';

/** Products in the real-shaped catalogue: the size of the real capabilities listing's growth path. */
export const REAL_SHAPE_PRODUCTS = 2500;
/** Editions of BD TOPO in the real-shaped catalogue: the size BD TOPO has upstream. */
export const REAL_SHAPE_BDTOPO_EDITIONS = 3800;
/** The zones of the real-shaped BD TOPO: Paris, 18 other metropolitan départements, and FXX. */
export const REAL_SHAPE_BDTOPO_ZONES: readonly string[] = ['D075', ...METRO_DEPARTMENTS.filter((code) => code !== 'D075').slice(0, 18), 'FXX'];
/** Its formats. */
export const REAL_SHAPE_BDTOPO_FORMATS: readonly string[] = ['GPKG', 'SHP', 'SQL'];

/**
 * A catalogue of the real one's shape, for request-count tests and the bench: `REAL_SHAPE_PRODUCTS` products
 * (the usual catalogue, padded with generated `PRODUIT-NNNN` fillers) whose BD TOPO has
 * `REAL_SHAPE_BDTOPO_EDITIONS` editions: one per quarter from 2010 to the end of 2025, per zone of
 * `REAL_SHAPE_BDTOPO_ZONES` and format (the newest quarter, 2025-12-15, for the first ten zones only; the oldest
 * dropped to make the count), so that its feed spans 76 pages, Paris alone 4, and the newest editions are all on
 * the last page, as the upstream lists editions oldest first. Every other product is the usual one. Deterministic.
 */
export function buildRealShapedCatalogue(): FakeResource[] {
  const catalogue = buildCatalogue({ resourceCount: REAL_SHAPE_PRODUCTS });
  const index = catalogue.findIndex((resource) => resource.name === 'BDTOPO');
  catalogue[index] = bdTopoAtScale(catalogue[index] as FakeResource);
  return catalogue;
}

/** Private: BD TOPO with `REAL_SHAPE_BDTOPO_EDITIONS` editions, oldest first. */
function bdTopoAtScale(usual: FakeResource): FakeResource {
  const dates: string[] = [];
  for (let year = 2010; year <= 2025; year += 1) for (const month of ['03', '06', '09', '12']) dates.push(`${year}-${month}-15`);
  const latest = dates[dates.length - 1];
  const editions: FakeEdition[] = [];
  for (const date of dates) {
    // The newest quarter is published for the first ten zones so far: it fits on the last page.
    for (const zone of date === latest ? REAL_SHAPE_BDTOPO_ZONES.slice(0, 10) : REAL_SHAPE_BDTOPO_ZONES) {
      for (const format of REAL_SHAPE_BDTOPO_FORMATS) {
        editions.push(
          seriesEdition({ resource: 'BDTOPO', version: '3-5', variant: 'TOUSTHEMES', format, crs: 'LAMB93', zone, date, md5Companion: date !== latest }),
        );
      }
    }
  }
  const { name, title, description, thematic } = usual;
  return makeResource({ name, title, description, thematic }, editions.slice(editions.length - REAL_SHAPE_BDTOPO_EDITIONS));
}
