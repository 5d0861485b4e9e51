import { newestEdition } from '../../src/upstream/editions/newestEdition';
import type { SubResourceEntry } from '../../src/upstream/format/model';
import { buildCatalogue, findEdition, findResource, resourceFacets, type FakeEdition } from '../fakeUpstream/catalogue';
import { subgraphForSuite } from '../helpers/startSubgraph';

const catalogue = buildCatalogue();
const cog = findResource(catalogue, 'ADMIN-EXPRESS-COG')!;
const ortho = findResource(catalogue, 'BDORTHO')!;
const multipart = findEdition(ortho, 'BDORTHO_2-0_RVB-0M20_JP2-E080_UTM22RGFG95_D973_2023-01-01')!;

const asEntry = (resourceName: string, edition: FakeEdition): SubResourceEntry => ({
  resourceName,
  name: edition.name,
  title: edition.name,
  updated: edition.updated,
  editionDate: edition.editionDate,
  zone: edition.zone && { code: edition.zone.term, label: edition.zone.label },
  format: null,
  crs: null,
});

/** The answer the catalogue itself gives: newest of the first zone of the chain having a matching edition. */
function expectedLatest(resource: typeof cog, chain: string[], format: string): FakeEdition | null {
  for (const zone of chain) {
    const candidates = resource.editions.filter((edition) => edition.zone?.term === zone && edition.format?.term === format);
    const newest = newestEdition(candidates.map((edition) => asEntry(resource.name, edition)));
    if (newest) return resource.editions.find((edition) => edition.name === newest.name)!;
  }
  return null;
}

describe('what users actually ask', () => {
  const subgraph = subgraphForSuite({ upstreamRate: 50 });
  beforeEach(() => {
    subgraph.clearUpstream();
    subgraph.fake.setFault(undefined);
  });

  it('the latest SHP edition of ADMIN-EXPRESS-COG for Paris, its files, sizes and md5, in 3 requests', async () => {
    const answer = await subgraph.query(`{
      resource(name: "ADMIN-EXPRESS-COG") {
        latestEdition(zone: "Paris", format: "SHP") {
          name editionDate zone { code label } format { code }
          files { nodes { name size md5 url } }
        }
      }
    }`);
    expect(answer.errors).toBeUndefined();
    const expected = expectedLatest(cog, ['D075', 'R11', 'FXX', 'FRA'], 'SHP')!;
    expect(expected).not.toBeNull();
    const latest = answer.data?.resource.latestEdition;
    expect(latest).toMatchObject({ name: expected.name, editionDate: expected.editionDate, zone: { code: expected.zone!.term }, format: { code: 'SHP' } });
    expect(latest.files.nodes.map((file: any) => [file.name, file.size, file.md5])).toEqual(expected.files.map((file) => [file.name, file.length, file.md5]));
    // Paris first (none), then the SHP listing, one page, settles the containing zones.
    expect(subgraph.upstreamLog()).toEqual([
      'resource/ADMIN-EXPRESS-COG?format=SHP&limit=50&page=1&zone=D075',
      'resource/ADMIN-EXPRESS-COG?format=SHP&limit=50&page=1',
      `resource/ADMIN-EXPRESS-COG/${expected.name}?limit=50&page=1`,
    ]);
  });

  it('latestEdition of a large product filters by zone instead of walking it', async () => {
    const answer = await subgraph.query('{ resource(name: "BDORTHO") { latestEdition(zone: "75") { name editionDate zone { code } } } }');
    const all = ortho.editions.filter((edition) => edition.zone?.term === 'D075').map((edition) => asEntry('BDORTHO', edition));
    expect(answer.data?.resource.latestEdition).toMatchObject({ name: newestEdition(all)!.name, zone: { code: 'D075' } });
    // The zone's own listing proves the product and, on one page, holds every edition of the zone.
    expect(subgraph.upstreamLog()).toEqual(['resource/BDORTHO?limit=50&page=1&zone=D075']);
  });

  it('latestEdition without containing zones is null when the zone has none', async () => {
    const answer = await subgraph.query(
      '{ resource(name: "ADMIN-EXPRESS-COG") { latestEdition(zone: "D075", format: "SHP", orContainingZone: false) { name } } }',
    );
    expect(answer).toMatchObject({ data: { resource: { latestEdition: null } } });
  });

  it('editions: the newest per zone, a région standing for its départements', async () => {
    const answer = await subgraph.query(
      '{ resource(name: "BDORTHO") { editions(zones: ["Île-de-France", "971"], format: "JP2-E080") { name zone { code } } } }',
    );
    expect(answer.errors).toBeUndefined();
    const zones = ['D075', 'D077', 'D078', 'D091', 'D092', 'D093', 'D094', 'D095', 'D971'];
    const expected = zones.flatMap((zone) => {
      const found = newestEdition(
        ortho.editions.filter((edition) => edition.zone?.term === zone && edition.format?.term === 'JP2-E080').map((edition) => asEntry('BDORTHO', edition)),
      );
      return found ? [{ name: found.name, zone: { code: zone } }] : [];
    });
    expect(expected.length).toBeGreaterThan(1);
    expect(answer.data?.resource.editions).toEqual(expected);
  });

  it('accepts zones as people write them, and names the closest codes for an unknown one', async () => {
    const ok = await subgraph.query(
      '{ resources(first: 1, filter: { zone: "2a" }) { totalCount } z: zone(input: "corse du sud") { code label name kind region { code name } } }',
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.z).toEqual({ code: 'D02A', label: 'D02A Corse-du-Sud', name: 'Corse-du-Sud', kind: 'DEPARTEMENT', region: { code: 'R94', name: 'Corse' } });
    expect(subgraph.upstreamLog()).toEqual(['capabilities?limit=50&page=1&zone=D02A']);
    subgraph.clearUpstream();
    const bad = await subgraph.query('{ resources(first: 1, filter: { zone: "D099" }) { totalCount } }');
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/got "D099"; closest: D095 Val-d'Oise/) });
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('a région lists its départements with their labels, without a request', async () => {
    const answer = await subgraph.query('{ zone(input: "R94") { kind label departements { code label } } }');
    expect(answer.data?.zone).toEqual({
      kind: 'REGION',
      label: 'R94 Corse',
      departements: [
        { code: 'D02A', label: 'D02A Corse-du-Sud' },
        { code: 'D02B', label: 'D02B Haute-Corse' },
      ],
    });
    expect(subgraph.upstreamLog()).toEqual([]);
  });

  it('catalogue facets for dropdowns, from the capabilities pages', async () => {
    const answer = await subgraph.query('{ facets { formats { format { code } resourceCount resources { name } } zones { zone { code } resourceCount } } }');
    expect(answer.errors).toBeUndefined();
    const shp = answer.data?.facets.formats.find((facet: any) => facet.format.code === 'SHP');
    const withShp = catalogue.filter((resource) => resourceFacets(resource).formats.some((format) => format.term === 'SHP'));
    expect(shp.resourceCount).toBe(withShp.length);
    expect(shp.resources.map((resource: any) => resource.name)).toEqual(withShp.map((resource) => resource.name));
    expect([...subgraph.upstreamLog()].sort()).toEqual([1, 2, 3].map((page) => `capabilities?limit=50&page=${page}`));
  });

  it('files ready to download: roles, the split archive in order, its total size', async () => {
    const answer = await subgraph.query(
      `query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) {
      totalSize archives { name complete missingParts totalSize parts { name } }
      files(first: 30) { nodes { name role } }
    } }`,
      { s: multipart.name },
    );
    expect(answer.errors).toBeUndefined();
    const sub = answer.data?.subResource;
    const volumes = multipart.files.filter((candidate) => candidate.rel === 'section');
    expect(sub.archives).toEqual([
      {
        name: `${multipart.name}.7z`,
        complete: true,
        missingParts: [],
        totalSize: volumes.reduce((sum, volume) => sum + volume.length, 0),
        parts: volumes.map((volume) => ({ name: volume.name })),
      },
    ]);
    expect(sub.totalSize).toBe(multipart.files.reduce((sum, candidate) => sum + candidate.length, 0));
    expect(sub.files.nodes.filter((node: any) => node.role === 'PART')).toHaveLength(22);
    expect(sub.files.nodes.find((node: any) => node.name.endsWith('.md5')).role).toBe('CHECKSUM');
    expect(subgraph.upstreamLog()).toEqual([`resource/BDORTHO/${multipart.name}?limit=50&page=1`]);
  });

  it('checksums: the companion is downloaded only when asked, parsed and checked against the inline md5s', async () => {
    const query = `query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { checksums { companion { name } allAgree lines { fileName agreement } } } }`;
    const answer = await subgraph.query(query, { s: multipart.name });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.subResource.checksums).toMatchObject({ companion: { name: `${multipart.name}.md5` }, allAgree: true });
    expect(answer.data?.subResource.checksums.lines).toHaveLength(22);
    expect(subgraph.upstreamLog()).toEqual([`resource/BDORTHO/${multipart.name}?limit=50&page=1`, `download/BDORTHO/${multipart.name}/${multipart.name}.md5`]);

    subgraph.clearUpstream();
    const first = multipart.files[0]!;
    subgraph.fake.setFault((request) => (request.path.endsWith('.md5') ? { status: 200, body: `${'0'.repeat(32)}  ${first.name}\n` } : undefined));
    const tampered = await subgraph.query(query, { s: multipart.name });
    expect(tampered.data?.subResource.checksums).toEqual({
      companion: { name: `${multipart.name}.md5` },
      allAgree: false,
      lines: [{ fileName: first.name, agreement: 'DISAGREE' }],
    });
  });

  it('checksums without a companion download nothing', async () => {
    const latest = cog.editions.find((edition) => !edition.files.some((candidate) => candidate.name.endsWith('.md5')))!;
    const answer = await subgraph.query(
      `query($s: ID!) { subResource(resourceName: "ADMIN-EXPRESS-COG", name: $s) { checksums { companion { name } allAgree lines { fileName } } } }`,
      { s: latest.name },
    );
    expect(answer.data?.subResource.checksums).toEqual({ companion: null, allAgree: null, lines: [] });
    expect(subgraph.upstreamLog()).toEqual([`resource/ADMIN-EXPRESS-COG/${latest.name}?limit=50&page=1`]);
  });

  it('a download plan a shell can run', async () => {
    const answer = await subgraph.query(
      `query($s: ID!) { subResource(resourceName: "BDORTHO", name: $s) { downloadPlan { totalSize urls md5sum script files { name } } } }`,
      { s: multipart.name },
    );
    const plan = answer.data?.subResource.downloadPlan;
    expect(plan.files[0].name).toBe(`${multipart.name}.md5`);
    expect(plan.urls.trim().split('\n')).toHaveLength(23);
    expect(plan.md5sum).toContain(`${multipart.files[0]!.md5}  ${multipart.files[0]!.name}\n`);
    expect(plan.script).toContain(`curl -fL --proto =https,http --proto-redir =https,http --retry 5 --retry-delay 5 -C - -o './${multipart.files[0]!.name}'`);
  });

  it('spatial filters: a bbox reaches the upstream as its polygon', async () => {
    await subgraph.query('{ resources(first: 5, filter: { bbox: { west: 2.2, south: 48.8, east: 2.5, north: 48.9 } }) { totalCount } }');
    expect(subgraph.upstreamLog()).toEqual([`capabilities?limit=50&page=1&polygon=${encodeURIComponent('2.2,48.8;2.5,48.8;2.5,48.9;2.2,48.9;2.2,48.8')}`]);
  });

  it('totalSize reads every page of a long file listing once', async () => {
    const lidar = catalogue
      .flatMap((resource) => resource.editions.map((edition) => ({ resource, edition })))
      .find(({ edition }) => edition.files.length > 50)!;
    const answer = await subgraph.query(`query($r: ID!, $s: ID!) { subResource(resourceName: $r, name: $s) { totalSize files(first: 10) { totalCount } } }`, {
      r: lidar.resource.name,
      s: lidar.edition.name,
    });
    expect(answer.data?.subResource).toEqual({
      totalSize: lidar.edition.files.reduce((sum, candidate) => sum + candidate.length, 0),
      files: { totalCount: lidar.edition.files.length },
    });
    const base = `resource/${lidar.resource.name}/${lidar.edition.name}?limit=50&page=`;
    expect([...subgraph.upstreamLog()].sort()).toEqual([`${base}1`, `${base}2`]);
  });
});
