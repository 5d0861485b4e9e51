import { performance } from 'node:perf_hooks';
import { checkXmlShape } from '../../../src/upstream/format/checkXmlShape';
import { AtomParseError, parseAtomFeed } from '../../../src/upstream/format/parseAtomFeed';
import { deeplyNestedFeed, manyAttributesFeed, manyNamespacesFeed } from '../../fakeUpstream/hostileAnswers';
import { capabilitiesFeed } from '../../fakeUpstream/atomFeed';
import { buildCatalogue } from '../../fakeUpstream/catalogue';
import { upstreamSample } from '../../helpers/fixtures';

const errorOf = (run: () => unknown): unknown => {
  try {
    run();
    return null;
  } catch (error) {
    return error;
  }
};

describe('checkXmlShape() and parseAtomFeed() on XML bombs', () => {
  it.each([
    ['650k nested elements', () => deeplyNestedFeed(650_000), /nested more than 32 deep/],
    ['400k attributes', () => manyAttributesFeed(400_000), /more than 64 attributes/],
    ['150k namespace declarations', () => manyNamespacesFeed(150_000), /more than 100 namespace declarations/],
    ['20k empty elements', () => deeplyNestedFeed(1).replace('<a></a>', '<a/>'.repeat(20_000)), /more than 10000 elements/],
  ])('refuses %s before building a DOM', (_what, body, reason) => {
    const xml = body();
    expect(xml.length).toBeLessThan(5_000_000);
    const error = errorOf(() => parseAtomFeed(xml));
    expect(error).toBeInstanceOf(AtomParseError);
    expect((error as Error).message).toMatch(reason);
  });

  it('passes real pages, comments, CDATA and quoted ">" untouched', () => {
    for (const sample of ['capabilities-page1.xml', 'resource-ADMIN-EXPRESS-COG-page1.xml', 'subresource-BDORTHO-multipart-page1.xml']) {
      expect(checkXmlShape(upstreamSample(sample))).toBeNull();
    }
    const tricky = `<r><!-- <a><a><a> --><![CDATA[<b><b><b>]]><?pi <c><c>?><x a="1>2" b='<'/><y/></r>`;
    expect(checkXmlShape(tricky, { maxDepth: 1, maxElements: 3, maxAttributes: 2, maxAttributesPerElement: 2, maxNamespaceDeclarations: 0 })).toBeNull();
    expect(
      checkXmlShape('<r><x xmlns = "u"/></r>', { maxDepth: 1, maxElements: 3, maxAttributes: 2, maxAttributesPerElement: 2, maxNamespaceDeclarations: 0 }),
    ).toMatch(/namespace/);
    expect(
      checkXmlShape('<r><s><t/></s></r>', { maxDepth: 2, maxElements: 9, maxAttributes: 9, maxAttributesPerElement: 9, maxNamespaceDeclarations: 9 }),
    ).toBeNull();
    expect(
      checkXmlShape('<r><s><t></t></s></r>', { maxDepth: 2, maxElements: 9, maxAttributes: 9, maxAttributesPerElement: 9, maxNamespaceDeclarations: 9 }),
    ).toMatch(/deep/);
  });

  it('costs a real page of 50 entries little next to parsing it', () => {
    const page = capabilitiesFeed(
      'https://data.geopf.fr/telechargement',
      { page: 1, pageSize: 50, pageCount: 3, totalEntries: 120 },
      buildCatalogue().slice(0, 50),
      '2025-01-01T00:00:00+01:00',
    );
    expect(parseAtomFeed(page).entries).toHaveLength(50);
    const time = (run: () => unknown) => {
      const started = performance.now();
      for (let round = 0; round < 20; round += 1) run();
      return (performance.now() - started) / 20;
    };
    const scan = time(() => checkXmlShape(page));
    const parse = time(() => parseAtomFeed(page));
    process.stdout.write(`real page: ${page.length} bytes, scan ${scan.toFixed(2)} ms, whole parse ${parse.toFixed(2)} ms\n`);
    expect(checkXmlShape(page)).toBeNull();
    expect(scan).toBeLessThan(parse);
  });
});
