import { readFileSync } from 'node:fs';
import { communeIndex, CommuneIndex, loadCommuneIndex, parseInSlices } from '../../src/zones/communeIndex';
import type { CommuneRow } from '../../src/zones/communeIndex';
import { levenshtein } from '../../src/zones/levenshtein';

const codes = (communes: readonly { code: string }[]): string[] => communes.map((commune) => commune.code);

describe('CommuneIndex', () => {
  const rows: CommuneRow[] = [
    { code: '29019', nom: 'Brest', type: 'commune-actuelle', departement: '29', codesPostaux: ['29200'], population: 142_000, anciensCodes: ['29096'] },
    { code: '93066', nom: 'Saint-Denis', type: 'commune-actuelle', departement: '93', codesPostaux: ['93200', '93210'], population: 149_000 },
    { code: '97411', nom: 'Saint-Denis', type: 'commune-actuelle', departement: '974', codesPostaux: ['97400'], population: 155_000 },
    { code: '75056', nom: 'Paris', type: 'commune-actuelle', departement: '75', codesPostaux: ['75001'], population: 2_100_000 },
    { code: '75101', nom: 'Paris 1er Arrondissement', type: 'arrondissement-municipal', departement: '75', codesPostaux: ['75001'], population: 15_000 },
    { code: '50129', nom: 'Cherbourg-en-Cotentin', type: 'commune-actuelle', departement: '50', codesPostaux: ['50100'], population: 78_000 },
    { code: '50383', nom: 'Octeville', type: 'commune-deleguee', departement: '50', chefLieu: '50129' },
    { code: '98901', nom: 'Île de Clipperton', type: 'commune-actuelle', departement: '989' },
  ];
  const index = new CommuneIndex(rows);

  it('finds current communes and arrondissements by INSEE code, with their zones', () => {
    expect(index.byCode('29019')).toEqual({ code: '29019', name: 'Brest', departement: 'D029', region: 'R53', kind: 'COMMUNE', population: 142_000 });
    expect(index.byCode('75101')).toMatchObject({ kind: 'ARRONDISSEMENT', departement: 'D075', region: 'R11' });
    expect(index.byCode('98901')).toMatchObject({ departement: null, region: null });
    expect(index.byCode('50383')).toBeNull();
  });

  it('finds the current commune of a former code', () => {
    expect(index.byFormerCode('29096')?.code).toBe('29019');
    expect(index.byFormerCode('50383')?.code).toBe('50129');
    expect(index.byFormerCode('29019')).toBeNull();
  });

  it('finds communes by postcode, not the arrondissements', () => {
    expect(codes(index.byPostcode('75001'))).toEqual(['75056']);
    expect(codes(index.byPostcode('93210'))).toEqual(['93066']);
    expect(index.byPostcode('99999')).toEqual([]);
  });

  it('finds names whatever the case, accents and hyphens, largest first, then former names', () => {
    expect(codes(index.byName('saint denis'))).toEqual(['97411', '93066']);
    expect(codes(index.byName('BREST'))).toEqual(['29019']);
    expect(codes(index.byName('Île de Clipperton'))).toEqual(['98901']);
    expect(codes(index.byName('ile-de-clipperton'))).toEqual(['98901']);
    expect(codes(index.byName('Octeville'))).toEqual(['50129']);
  });

  it('builds the same index in slices, pausing between them (inSlices)', async () => {
    const many: CommuneRow[] = Array.from({ length: 9_000 }, (_, n) => ({
      code: String(10_000 + n),
      nom: `Commune ${n}`,
      type: 'commune-actuelle',
      departement: n % 2 === 0 ? '29' : '974',
      codesPostaux: [String(20_000 + (n % 700))],
      population: n,
    }));
    let pauses = 0;
    const sliced = await CommuneIndex.inSlices([...rows, ...many], async () => {
      pauses += 1;
    });
    const whole = new CommuneIndex([...rows, ...many]);
    // 9,008 rows: a pause after sorting, after each 4,000 current communes (2), between the passes, each 4,000 rows (2).
    expect(pauses).toBe(6);
    expect(sliced.size).toBe(whole.size);
    for (const code of ['29019', '75101', '10000', '18999']) expect(sliced.byCode(code)).toEqual(whole.byCode(code));
    expect(codes(sliced.byPostcode('20005'))).toEqual(codes(whole.byPostcode('20005')));
    expect(codes(sliced.byName('saint denis'))).toEqual(['97411', '93066']);
    expect(sliced.byFormerCode('50383')?.code).toBe('50129');
  });

  it('suggests close names', () => {
    expect(codes(index.closestByName('Bresst', 3, levenshtein))).toEqual(['29019']);
    expect(codes(index.closestByName('Cherbourg', 3, levenshtein))).toEqual(['50129']);
    expect(index.closestByName('xy', 3, levenshtein)).toEqual([]);
  });
});

describe('parseInSlices()', () => {
  const noPause = async () => undefined;

  it('reads the package’s file line by line into the rows a whole parse gives', async () => {
    const text = readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8');
    let pauses = 0;
    const rows = await parseInSlices(text, async () => {
      pauses += 1;
    });
    expect(rows).toEqual(JSON.parse(text));
    expect(pauses).toBeGreaterThan(5);
  });

  it.each([
    ['one row per line', '[\n{"code":"1","nom":"A"},\n{"code":"2","nom":"B"}\n]\n'],
    ['one line', '[{"code":"1","nom":"A"},{"code":"2","nom":"B"}]'],
    ['pretty-printed', '[\n  {\n    "code": "1",\n    "nom": "A"\n  },\n  {\n    "code": "2",\n    "nom": "B"\n  }\n]'],
    ['a row split over two lines', '[\n{"code":"1",\n"nom":"A"},\n{"code":"2","nom":"B"}\n]'],
  ])('reads any layout: one row per line by lines, anything else whole (%s)', async (_layout, text) => {
    expect(await parseInSlices(text, noPause)).toEqual([
      { code: '1', nom: 'A' },
      { code: '2', nom: 'B' },
    ]);
  });
});

describe('loadCommuneIndex()', () => {
  it('builds the package’s index once for concurrent callers, pausing between its steps; communeIndex() then returns it', async () => {
    let pauses = 0;
    const pause = () => {
      pauses += 1;
      return new Promise<void>((resolve) => setImmediate(resolve));
    };
    const [a, b] = await Promise.all([loadCommuneIndex(pause), loadCommuneIndex(pause)]);
    expect(a).toBe(b);
    expect(pauses).toBeGreaterThan(10);
    expect(communeIndex()).toBe(a);
    expect(await loadCommuneIndex(pause)).toBe(a);
    expect(a.byCode('29019')?.name).toBe('Brest');
  });
});

describe('communeIndex()', () => {
  it('indexes the package once, with the arrondissements of Paris, Lyon and Marseille', () => {
    const index = communeIndex();
    expect(communeIndex()).toBe(index);
    expect(index.size).toBeGreaterThan(34_000);
    expect(index.byCode('2A004')?.name).toBe('Ajaccio');
    expect(['75101', '75120', '69381', '69389', '13201', '13216'].map((code) => index.byCode(code)?.kind)).toEqual(Array(6).fill('ARRONDISSEMENT'));
    expect(index.byFormerCode('20004')?.code).toBe('2A004');
  });
});
