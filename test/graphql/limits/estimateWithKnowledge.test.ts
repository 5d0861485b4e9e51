import { parse } from 'graphql';
import { estimateUpstreamRequests } from '../../../src/graphql/limits/estimateUpstreamRequests';
import type { ListingKnowledge } from '../../../src/upstream/loaders/ListingKnowledge';
import { UPSTREAM_COST_MODEL as COST } from '../../../src/graphql/limits/upstreamCostModel';
import { buildSchema } from '../../../src/graphql/schema';
import type { UpstreamParams } from '../../../src/upstream/format/listingPath';

const schema = buildSchema();

/** A catalogue as an index would know it: listings' totals by path and filter, products' capabilities pages, editions held. */
function knowledgeOf(known: { totals?: Record<string, number>; pages?: Record<string, number>; editions?: Record<string, string[]> }): ListingKnowledge {
  const key = (segments: readonly string[], params: UpstreamParams) =>
    `${segments.join('/')}?${Object.keys(params)
      .sort()
      .map((name) => `${name}=${String(params[name])}`)
      .join('&')}`;
  return {
    knownTotal: (segments, params) => known.totals?.[key(segments, params)],
    capabilitiesPageOf: (name) => known.pages?.[name],
    holdsEdition: (product, name) => (known.editions?.[product] === undefined ? undefined : known.editions[product].includes(name)),
  };
}

const estimate = (query: string, knowledge: ListingKnowledge, variables?: Record<string, unknown>) =>
  estimateUpstreamRequests(schema, parse(query), null, variables ?? null, knowledge);
const worst = (query: string, knowledge: ListingKnowledge) => estimateUpstreamRequests(schema, parse(query), null, null, knowledge, { worstCase: true });

describe('estimateUpstreamRequests() with what the catalogue index knows', () => {
  describe('a product looked up for the facets of its capabilities entry', () => {
    const facets = '{ resource(name: "PRODUIT-2100") { title zones { code } formats { code } } }';
    it('costs the one page the index last saw it on (the look-up reads it first), and no feed page', () => {
      expect(estimate(facets, knowledgeOf({ pages: { 'PRODUIT-2100': 43 }, totals: { 'capabilities?': 2500 } }))).toBe(1);
    });
    it('a product the index never saw: every capabilities page of the known catalogue (its own feed, read only after the scan missed it, is reserved then)', () => {
      expect(estimate(facets, knowledgeOf({ totals: { 'capabilities?': 2500 } }))).toBe(50);
      expect(estimateUpstreamRequests(schema, parse(facets), null, null, knowledgeOf({ totals: { 'capabilities?': 2500 } }), { worstCase: true })).toBe(
        50 + COST.productFeedFirstPage,
      );
    });
    it('_entities: products on one page share it; another page adds one', () => {
      const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resource { zones { code } } } }';
      const representations = ['A', 'B', 'C'].map((name) => ({ __typename: 'Resource', name }));
      expect(estimate(query, knowledgeOf({ pages: { A: 1, B: 1, C: 1 } }), { r: representations })).toBe(1);
      expect(estimate(query, knowledgeOf({ pages: { A: 1, B: 1, C: 42 } }), { r: representations })).toBe(2);
      // One unseen: the whole scan (which holds the pages already charged).
      expect(estimate(query, knowledgeOf({ pages: { A: 1, B: 42 }, totals: { 'capabilities?': 2500 } }), { r: representations })).toBe(50);
    });
  });

  describe('an edition looked up for the facets of its entry', () => {
    const edition = 'BDORTHO_2-0_RVB-0M20_JP2-E080_LAMB93_D006_2024-01-01';
    const query = `{ subResource(resourceName: "BDORTHO", name: "${edition}") { editionDate zone { code } } }`;
    const ofDate = { 'resource/BDORTHO?editionDateFrom=2024-01-01&editionDateTo=2024-01-01': 12 };
    it('one page of its date when the index counts 12 editions that day and holds it', () => {
      expect(estimate(query, knowledgeOf({ totals: ofDate, editions: { BDORTHO: [edition] } }))).toBe(1);
    });
    it('the same when the index does not hold it: the files page 1 that settles a miss of the date page is reserved when it happens', () => {
      expect(estimate(query, knowledgeOf({ totals: ofDate, editions: { BDORTHO: [] } }))).toBe(1);
      expect(estimateUpstreamRequests(schema, parse(query), null, null, knowledgeOf({ totals: ofDate, editions: { BDORTHO: [] } }), { worstCase: true })).toBe(
        2,
      );
    });
    it('a date of 120 editions: its 3 pages', () => {
      const long = { 'resource/BDORTHO?editionDateFrom=2024-01-01&editionDateTo=2024-01-01': 120 };
      expect(estimate(query, knowledgeOf({ totals: long, editions: { BDORTHO: [edition] } }))).toBe(3);
    });
    it('several dates of one product: a range of two pages is read whole', () => {
      const names = ['P_A_2025-09-15', 'P_B_2025-12-15'];
      const representations = names.map((name) => ({ __typename: 'SubResource', resourceName: 'P', name }));
      const totals = {
        'resource/P?editionDateFrom=2025-09-15&editionDateTo=2025-12-15': 90,
        'resource/P?editionDateFrom=2025-09-15&editionDateTo=2025-09-15': 45,
        'resource/P?editionDateFrom=2025-12-15&editionDateTo=2025-12-15': 45,
      };
      const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on SubResource { editionDate } } }';
      expect(estimate(entities, knowledgeOf({ totals, editions: { P: names } }), { r: representations })).toBe(2);
      // A range of 8 pages: at most the larger of the range (8) and page 1 + each date's page (3).
      const wide = { ...totals, 'resource/P?editionDateFrom=2025-09-15&editionDateTo=2025-12-15': 400 };
      expect(estimate(entities, knowledgeOf({ totals: wide, editions: { P: names } }), { r: representations })).toBe(8);
    });
    it('an edition without a date in its name: the pages of its product, as the index counts them', () => {
      const undated = '{ subResource(resourceName: "cartes", name: "cartes_PLAN-IGN_FXX") { editionDate } }';
      expect(estimate(undated, knowledgeOf({ totals: { 'resource/cartes?': 126 } }))).toBe(COST.editionFilesFirstPage + 3);
    });
  });

  describe('latestEdition of a product known by name', () => {
    const zones = (a: string, b: string) => `{ resource(name: "BDORTHO") { a: latestEdition(zone: "${a}") { name } b: latestEdition(zone: "${b}") { name } } }`;
    const totals = { 'resource/BDORTHO?zone=D075': 12, 'resource/BDORTHO?zone=D02A': 9, 'resource/BDTOPO?zone=D075': 189 };
    it('a listing of one page costs that page, shared with the look-up that proves the product', () => {
      expect(estimate(zones('75', '2A'), knowledgeOf({ totals }))).toBe(2);
    });
    it('the same zone under two aliases: one page', () => {
      expect(estimate(zones('75', 'D075'), knowledgeOf({ totals }))).toBe(1);
    });
    it('a longer listing: page 1 and its last page', () => {
      expect(estimate('{ resource(name: "BDTOPO") { latestEdition(zone: "75") { name } } }', knowledgeOf({ totals }))).toBe(2);
    });
    it('an unknown total: page 1, as without knowledge (its last page, when there is one, is reserved at run time)', () => {
      expect(estimate(zones('75', '13'), knowledgeOf({ totals }))).toBe(1 + 1);
    });
  });

  it('a zone asked that has no edition: the feed without zone, then the containing zones until one has editions', () => {
    // BDORTHO in R11: none; its whole feed is 3 pages; FXX has 12 editions: page 1 of each of R11, the whole feed, FXX.
    const chain = { 'resource/BDORTHO?zone=R11': 0, 'resource/BDORTHO?': 126, 'resource/BDORTHO?zone=FXX': 12 };
    expect(estimate('{ resource(name: "BDORTHO") { latestEdition(zone: "R11") { name } } }', knowledgeOf({ totals: chain }))).toBe(3);
    // A whole feed of one page answers for every containing zone.
    expect(
      estimate('{ resource(name: "BDORTHO") { latestEdition(zone: "R11") { name } } }', knowledgeOf({ totals: { ...chain, 'resource/BDORTHO?': 40 } })),
    ).toBe(2);
    // FXX unknown: its page 1 (its last page reserved at run time), then FRA's.
    const unknownFxx = { 'resource/BDORTHO?zone=R11': 0, 'resource/BDORTHO?': 126 };
    expect(estimate('{ resource(name: "BDORTHO") { latestEdition(zone: "R11") { name } } }', knowledgeOf({ totals: unknownFxx }))).toBe(1 + 1 + 1 + 1);
    // Not asked to climb: the zone's own page alone.
    expect(estimate('{ resource(name: "BDORTHO") { latestEdition(zone: "R11", orContainingZone: false) { name } } }', knowledgeOf({ totals: chain }))).toBe(1);
  });

  describe('latestEdition(place:): charged as the zones the place resolves to', () => {
    const latest = (argument: string) => `{ resource(name: "BDTOPO") { latestEdition(${argument}) { name } } }`;
    // BDTOPO has no edition of Finistère nor of Bretagne; its whole feed is 3 pages; FXX has editions.
    const chain = { 'resource/BDTOPO?zone=D029': 0, 'resource/BDTOPO?zone=R53': 0, 'resource/BDTOPO?': 126, 'resource/BDTOPO?zone=FXX': 3 };

    it.each([['place: "Brest"'], ['place: "29019"'], ['place: "29200"'], ['place: "-4.49,48.39"'], ['place: "Finistère"']])(
      '%s costs what zone: "29" costs: D029, the whole feed, then R53 and FXX',
      (argument) => {
        expect(estimate(latest(argument), knowledgeOf({ totals: chain }))).toBe(estimate(latest('zone: "29"'), knowledgeOf({ totals: chain })));
        expect(estimate(latest(argument), knowledgeOf({ totals: chain }))).toBe(1 + 1 + 1 + 1);
        // Knowing nothing: page 1 of D029; its last page and the zones after it are reserved at run time.
        expect(estimate(latest(argument), knowledgeOf({}))).toBe(1);
        expect(worst(latest(argument), knowledgeOf({}))).toBe(COST.latestEditionPages);
      },
    );

    it('a postcode across two départements (01410: Ain, Jura) tries both before their régions', () => {
      const twoDepartements = {
        'resource/BDTOPO?zone=D001': 0,
        'resource/BDTOPO?zone=D039': 0,
        'resource/BDTOPO?': 126,
        'resource/BDTOPO?zone=R84': 0,
        'resource/BDTOPO?zone=R27': 5,
      };
      // D001 (asked first), the whole feed, D039, R84, then R27, which has editions: one page each.
      expect(estimate(latest('place: "01410"'), knowledgeOf({ totals: twoDepartements }))).toBe(5);
      // R27 unknown: its page 1 (its last page reserved at run time), and the rest of the chain (FXX, FRA) may be
      // read too, page 1 each; in the worst case, two pages each.
      const unknownR27 = knowledgeOf({ totals: { ...twoDepartements, 'resource/BDTOPO?zone=R27': undefined as never } });
      expect(estimate(latest('place: "01410"'), unknownR27)).toBe(4 + 1 + 1 + 1);
      expect(worst(latest('place: "01410"'), unknownR27)).toBe(4 + 2 + 2 + 2);
    });

    it('a place no zone covers (at sea): only the page the product look-up probes', () => {
      expect(estimate(latest('place: "-5,46"'), knowledgeOf({ totals: { 'resource/BDTOPO?': 126 } }))).toBe(1);
    });

    it('Query.place, editions filtered by place and the footprints cost nothing', () => {
      const free = `{
        place(input: "Brest") { kind code name point bbox departement { code label name bbox } region { code } zones { code label geometry } communes { code departement { code } } }
        editions(first: 5, filter: { place: "Brest" }) { totalCount nodes { name bbox zone { code bbox } } }
        a: editions(first: 5, filter: { bbox: [-5, 48, -4, 49] }) { totalCount }
        b: editions(first: 5, filter: { point: { lon: -4.49, lat: 48.39 } }) { totalCount }
        c: editions(first: 5, filter: { intersects: { type: "Polygon", coordinates: [[[-5, 48], [-4, 48], [-4, 49], [-5, 48]]] } }) { totalCount }
        syncPlan(filter: { place: "Brest" }) { download { name zone { code bbox } } remove { name } endCursor }
      }`;
      expect(estimate(free, knowledgeOf({}))).toBe(0);
      expect(worst(free, knowledgeOf({}))).toBe(0);
    });
  });

  it('editions by name under two aliases: the loader batches them per product, so each date feed and a range page per batch', () => {
    const query =
      '{ a: subResource(resourceName: "P", name: "P_A_2019-01-01") { editionDate } b: subResource(resourceName: "P", name: "P_B_2024-01-01") { editionDate } }';
    const totals = {
      'resource/P?editionDateFrom=2019-01-01&editionDateTo=2019-01-01': 10,
      'resource/P?editionDateFrom=2024-01-01&editionDateTo=2024-01-01': 10,
    };
    // The two date feeds and one range page (one batch of two dates); page 1 of the files of each (not held) is
    // read only should its date page miss it, reserved then.
    expect(estimate(query, knowledgeOf({ totals, editions: { P: [] } }))).toBe(1 + 1 + 1);
  });

  it('a zone representation written as people write it (75, Paris) has its label read from the upstream; its code (D075) does not', () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Zone { label } } }';
    expect(estimate(query, knowledgeOf({}), { r: [{ __typename: 'Zone', code: '75' }] })).toBe(1);
    expect(estimate(query, knowledgeOf({}), { r: [{ __typename: 'Zone', code: 'D075' }] })).toBe(0);
  });

  it('last: 7 of a catalogue of known total: page 1 and the page holding them', () => {
    expect(estimate('{ resources(last: 7) { nodes { name } } }', knowledgeOf({ totals: { 'capabilities?': 116 } }))).toBe(2);
    expect(estimate('{ resources(last: 7) { nodes { name } } }', knowledgeOf({ totals: { 'capabilities?': 40 } }))).toBe(1);
    expect(estimate('{ resources(last: 7) { nodes { name } } }', knowledgeOf({ totals: { 'capabilities?': 103 } }))).toBe(3);
  });
});
