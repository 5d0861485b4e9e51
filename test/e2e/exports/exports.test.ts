import { parse } from 'csv-parse/sync';
import type { CatalogueStore } from '../../../src/catalogue/store/CatalogueStore';
import { footprintOf } from '../../../src/graphql/resolvers/Zone';
import { buildCatalogue, type FakeEdition, type FakeResource } from '../../fakeUpstream/catalogue';
import { productWithFiles } from '../../fakeUpstream/byteDownloads';
import { addEdition, withdrawEdition } from '../../fakeUpstream/catalogueChanges';
import { startSubgraph, type SubgraphUnderTest } from '../../helpers/startSubgraph';
import { DIALECTS, storesForSuite } from '../../helpers/testStores';

/** Names and titles a spreadsheet would run as formulas, or that break naive CSV: they must come back exactly. */
const HOSTILE_EDITIONS = ['=HYPERLINK("x","y")', '+33 1 23', '-rf, "quoted"', '@SUM(A1)', "'already quoted", 'plain, with comma'];
const HOSTILE_TITLE = "=cmd|' /C calc'!A0";

function hostileProduct(): FakeResource {
  const { resource } = productWithFiles('HOSTILE', HOSTILE_EDITIONS[0] as string, []);
  const template = resource.editions[0] as FakeEdition;
  return {
    ...resource,
    title: HOSTILE_TITLE,
    editions: HOSTILE_EDITIONS.map((name, position) => ({ ...template, name, zone: position % 2 ? { term: 'D029', label: 'Finistère' } : template.zone })),
  };
}

const EDITIONS = `query($filter: EditionFilter, $after: String) {
  editions(filter: $filter, first: 100, after: $after) {
    nodes { resourceName name editionDate zone { code label } format { code label } crs { code label } firstSeenAt withdrawnAt bbox }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface GraphqlEdition {
  resourceName: string;
  name: string;
  editionDate: string | null;
  zone: { code: string; label: string | null } | null;
  format: { code: string; label: string | null } | null;
  crs: { code: string; label: string | null } | null;
  firstSeenAt: string;
  withdrawnAt: string | null;
  bbox: number[] | null;
}

/** One leading `'` removed: the documented way back from a guarded cell. */
const unguard = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

describe.each(DIALECTS)('bulk exports of the index, on %s', (dialect) => {
  const stores = storesForSuite(dialect);
  let subgraph: SubgraphUnderTest;
  let store: CatalogueStore;
  let catalogue: FakeResource[];
  const clock = { now: new Date('2026-12-01T08:00:00.000Z') };

  beforeAll(async () => {
    store = await stores.open();
    subgraph = await startSubgraph({
      upstreamRate: 200,
      fake: { catalogue: (catalogue = [...buildCatalogue(), hostileProduct()]) },
      catalogue: { store, autoStart: false, syncer: { clock: () => clock.now } },
    });
    await subgraph.server.catalogue!.syncer.runOnce();
    await subgraph.server.catalogue!.knowledge.settled();
  }, 120_000);
  afterAll(async () => {
    await subgraph.stop();
  });
  beforeEach(() => subgraph.clearUpstream());
  afterEach(() => expect(subgraph.upstreamLog()).toEqual([]));

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${subgraph.server.port}${path}`, { headers });

  /** Every edition `editions` answers for `filter`, every page. */
  async function graphqlEditions(filter: Record<string, unknown>): Promise<GraphqlEdition[]> {
    const all: GraphqlEdition[] = [];
    let after: string | null = null;
    for (;;) {
      const answer = await subgraph.query(EDITIONS, { filter, after });
      expect(answer.errors).toBeUndefined();
      const page = answer.data?.['editions'] as { nodes: GraphqlEdition[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      all.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return all;
      after = page.pageInfo.endCursor;
    }
  }

  /** A GraphQL edition as the export's columns hold it (text cells; CSV's empty cell for null). */
  const asCells = (edition: GraphqlEdition) => ({
    product: edition.resourceName,
    name: edition.name,
    zone: edition.zone?.code ?? '',
    zone_label: edition.zone?.label ?? '',
    format: edition.format?.code ?? '',
    format_label: edition.format?.label ?? '',
    crs: edition.crs?.code ?? '',
    crs_label: edition.crs?.label ?? '',
    edition_date: edition.editionDate ?? '',
    first_seen_at: edition.firstSeenAt,
    withdrawn_at: edition.withdrawnAt ?? '',
    bbox: edition.bbox ? edition.bbox.map(String) : ['', '', '', ''],
  });

  it('editions.csv holds every edition editions answers, in its order; hostile names come back exactly and no cell starts a formula', async () => {
    const expected = await graphqlEditions({});
    expect(expected.map((edition) => edition.name)).toEqual(expect.arrayContaining(HOSTILE_EDITIONS));
    const response = await get('/exports/editions.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const text = await response.text();
    const rows = parse<Record<string, string>>(text, { bom: true, columns: true });
    // Every cell a spreadsheet would run (or the guard itself) is guarded.
    const cells = parse(text, { bom: true });
    expect(cells.flat().filter((cell) => /^[=+@\t\r]/.test(cell))).toEqual([]);
    expect(
      rows.map((row) => ({
        product: unguard(row['product'] as string),
        name: unguard(row['name'] as string),
        zone: row['zone'],
        zone_label: unguard(row['zone_label'] as string),
        format: row['format'],
        format_label: unguard(row['format_label'] as string),
        crs: row['crs'],
        crs_label: unguard(row['crs_label'] as string),
        edition_date: row['edition_date'],
        first_seen_at: row['first_seen_at'],
        withdrawn_at: row['withdrawn_at'],
        bbox: [row['bbox_west'], row['bbox_south'], row['bbox_east'], row['bbox_north']],
      })),
    ).toEqual(expected.map(asCells));
    const hostile = rows.filter((row) => row['product'] === 'HOSTILE');
    expect(hostile.map((row) => unguard(row['product_title'] as string))).toEqual(HOSTILE_EDITIONS.map(() => HOSTILE_TITLE));
    expect(hostile.map((row) => row['name']).sort()).toEqual(HOSTILE_EDITIONS.map((name) => (/^[=+\-@']/.test(name) ? `'${name}` : name)).sort());
  });

  it('editions.ndjson takes the filters of editions (zone as people write it, format, dates) and holds exact values', async () => {
    const expected = await graphqlEditions({ zones: ['29'], formats: ['GPKG'], editionDateFrom: '2020-01-01' });
    expect(expected.length).toBeGreaterThan(0);
    const response = await get('/exports/editions.ndjson?zone=29&format=GPKG&from=2020-01-01');
    expect(response.status).toBe(200);
    const lines = (await response.text()).split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      records.map((record) => ({
        product: record['product'],
        name: record['name'],
        zone: record['zone'],
        zone_label: record['zone_label'],
        format: record['format'],
        crs: record['crs'],
        edition_date: record['edition_date'],
        first_seen_at: record['first_seen_at'],
        withdrawn_at: record['withdrawn_at'],
        bbox: record['bbox'],
      })),
    ).toEqual(
      expected.map((edition) => ({
        product: edition.resourceName,
        name: edition.name,
        zone: edition.zone?.code ?? null,
        zone_label: edition.zone?.label ?? null,
        format: edition.format?.code ?? null,
        crs: edition.crs?.code ?? null,
        edition_date: edition.editionDate,
        first_seen_at: edition.firstSeenAt,
        withdrawn_at: edition.withdrawnAt,
        bbox: edition.bbox,
      })),
    );
    const hostile = await get(`/exports/editions.ndjson?resource=HOSTILE`);
    const names = (await hostile.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; product_title: string });
    expect(names.map((record) => record.name).sort()).toEqual([...HOSTILE_EDITIONS].sort());
    expect(new Set(names.map((record) => record.product_title))).toEqual(new Set([HOSTILE_TITLE]));
  });

  it('products.csv summarises, per product, the editions the filter matches (a place, words)', async () => {
    for (const [query, filter] of [
      ['place=Brest', { place: 'Brest' }],
      ['q=orthophoto', { q: 'orthophoto' }],
    ] as const) {
      const editions = await graphqlEditions(filter);
      const expected = new Map<string, { editions: number; zones: Set<string>; formats: Set<string> }>();
      for (const edition of editions) {
        const entry = expected.get(edition.resourceName) ?? { editions: 0, zones: new Set(), formats: new Set() };
        entry.editions += 1;
        if (edition.zone) entry.zones.add(edition.zone.code);
        if (edition.format) entry.formats.add(edition.format.code);
        expected.set(edition.resourceName, entry);
      }
      expect(expected.size).toBeGreaterThan(0);
      const response = await get(`/exports/products.csv?${query}`);
      expect(response.status).toBe(200);
      const rows = parse<Record<string, string>>(await response.text(), { bom: true, columns: true });
      expect(
        Object.fromEntries(
          rows.map((row) => [
            unguard(row['product'] as string),
            { editions: Number(row['editions']), zones: new Set(row['zones']?.split(' ')), formats: new Set(row['formats']?.split(' ')) },
          ]),
        ),
      ).toEqual(
        Object.fromEntries(
          [...expected].map(([name, entry]) => [
            name,
            { ...entry, zones: entry.zones.size ? entry.zones : new Set(['']), formats: entry.formats.size ? entry.formats : new Set(['']) },
          ]),
        ),
      );
    }
  });

  it('editions.parquet reads back with hyparquet as GeoParquet: the same rows, WKB footprints, the geo metadata', async () => {
    const { parquetMetadata, parquetReadObjects } = await import('hyparquet');
    const expected = await graphqlEditions({});
    const response = await get('/exports/editions.parquet');
    expect(response.status).toBe(200);
    const file = await response.arrayBuffer();
    const metadata = parquetMetadata(file);
    const geo = JSON.parse(metadata.key_value_metadata?.find((entry) => entry.key === 'geo')?.value ?? 'null') as {
      version: string;
      primary_column: string;
      columns: { geometry: { encoding: string; geometry_types: string[]; bbox: number[] } };
    };
    expect(geo).toMatchObject({ version: '1.1.0', primary_column: 'geometry', columns: { geometry: { encoding: 'WKB', geometry_types: ['MultiPolygon'] } } });
    const boxes = expected.flatMap((edition) => (edition.bbox ? [edition.bbox] : []));
    expect(geo.columns.geometry.bbox).toEqual([
      Math.min(...boxes.map((box) => box[0] as number)),
      Math.min(...boxes.map((box) => box[1] as number)),
      Math.max(...boxes.map((box) => box[2] as number)),
      Math.max(...boxes.map((box) => box[3] as number)),
    ]);
    const rows = (await parquetReadObjects({ file, utf8: true })) as Array<Record<string, unknown>>;
    expect(
      rows.map((row) => ({
        product: row['product'],
        name: row['name'],
        zone: row['zone'] ?? null,
        edition_date: row['edition_date'] ?? null,
        first_seen_at: row['first_seen_at'],
        bbox: row['bbox_west'] == null ? null : [row['bbox_west'], row['bbox_south'], row['bbox_east'], row['bbox_north']],
      })),
    ).toEqual(
      expected.map((edition) => ({
        product: edition.resourceName,
        name: edition.name,
        zone: edition.zone?.code ?? null,
        edition_date: edition.editionDate,
        first_seen_at: edition.firstSeenAt,
        bbox: edition.bbox,
      })),
    );
    // hyparquet reads the `geo` metadata and decodes the WKB column: each zone's footprint (compared whole once
    // per zone), null where it has none.
    const compared = new Set<string>();
    for (const [position, row] of rows.entries()) {
      const zone = expected[position]?.zone?.code;
      const footprint = zone ? footprintOf(zone) : null;
      const geometry = (row['geometry'] ?? null) as { type: string } | null;
      expect({ name: row['name'], type: geometry?.type ?? null }).toEqual({ name: row['name'], type: footprint ? 'MultiPolygon' : null });
      if (zone && footprint && !compared.has(zone)) {
        compared.add(zone);
        expect(geometry).toEqual({ type: 'MultiPolygon', coordinates: footprint.geometry.coordinates });
      }
    }
    expect(compared.size).toBeGreaterThan(10);
  });

  it('answers 304 to a revalidation (If-None-Match, If-Modified-Since), a new ETag for another filter', async () => {
    const first = await get('/exports/editions.csv?zone=29');
    await first.text();
    const etag = first.headers.get('etag') as string;
    const lastModified = first.headers.get('last-modified') as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).getTime()).toBeGreaterThan(0);
    expect((await get('/exports/editions.csv?zone=29', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/exports/editions.csv?zone=29', { 'if-modified-since': lastModified })).status).toBe(304);
    const other = await get('/exports/editions.csv?zone=75');
    await other.text();
    expect(other.headers.get('etag')).not.toBe(etag);
    const again = await get('/exports/editions.csv?zone=75', { 'if-none-match': etag });
    expect(again.status).toBe(200);
    await again.text();
  });

  it('refuses bad parameters with 400 typed JSON naming each', async () => {
    const cases: Array<[string, string]> = [
      ['/exports/editions.csv?zone=nowhere-at-all', 'zone'],
      ['/exports/editions.csv?from=2025-02-30', 'from'],
      ['/exports/editions.ndjson?from=2025-02-01&to=2025-01-01', 'from'],
      ['/exports/editions.parquet?bbox=1,2,3', 'bbox'],
      ['/exports/products.csv?colour=red', 'colour'],
      ['/exports/editions.csv?q=a&q=b', 'q'],
      ['/exports/editions.csv?place=Nulle-Part-Du-Tout', 'place'],
      ['/exports/editions.csv?place=Brest&bbox=-5,48,-4,49', 'bbox'],
      ['/exports/editions.csv?resource=', 'resource'],
      ['/exports/editions.csv?withdrawn=maybe', 'withdrawn'],
    ];
    for (const [path, parameter] of cases) {
      const response = await get(path);
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string; parameter?: string } }> };
      expect({ path, status: response.status, code: body.errors[0]?.extensions.code, parameter: body.errors[0]?.extensions.parameter }).toEqual({
        path,
        status: 400,
        code: 'BAD_USER_INPUT',
        parameter,
      });
    }
  });

  // Last: it changes the index.
  it('a sync that changes the index changes the validators: the old ETag gets the new file, withdrawn editions on asking', async () => {
    const before = await get('/exports/editions.csv?resource=BDCARTO,ADMIN-EXPRESS-COG');
    const oldText = await before.text();
    const etag = before.headers.get('etag') as string;
    const headOnly = await fetch(`http://127.0.0.1:${subgraph.server.port}/exports/editions.csv?resource=BDCARTO,ADMIN-EXPRESS-COG`, { method: 'HEAD' });
    expect([headOnly.status, headOnly.headers.get('etag'), await headOnly.text()]).toEqual([200, etag, '']);
    clock.now = new Date(clock.now.getTime() + 12 * 3600_000);
    const when = clock.now.toISOString();
    addEdition(catalogue, 'BDCARTO', 'BDCARTO_NEW_2026-12-01', { when });
    const gone = catalogue.find((product) => product.name === 'ADMIN-EXPRESS-COG')!.editions[0]!;
    withdrawEdition(catalogue, 'ADMIN-EXPRESS-COG', gone.name, { when });
    await subgraph.server.catalogue!.syncer.runOnce();
    // The sync's own requests; the exports make none.
    subgraph.clearUpstream();
    const after = await get('/exports/editions.csv?resource=BDCARTO,ADMIN-EXPRESS-COG', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(new Date(after.headers.get('last-modified') as string).getTime()).toBeGreaterThan(new Date(before.headers.get('last-modified') as string).getTime());
    const names = (text: string) => parse<Record<string, string>>(text, { bom: true, columns: true }).map((row) => row['name']);
    const newNames = names(await after.text());
    expect(newNames).toContain('BDCARTO_NEW_2026-12-01');
    expect(newNames).not.toContain(gone.name);
    expect(names(oldText)).toContain(gone.name);
    const withdrawn = await get('/exports/editions.ndjson?resource=ADMIN-EXPRESS-COG&withdrawn=true');
    const records = (await withdrawn.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; withdrawn_at: string | null });
    expect(records.find((record) => record.name === gone.name)?.withdrawn_at).toBe(when);
  });
});
