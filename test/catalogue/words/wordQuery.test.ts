import { closestProducts } from '../../../src/catalogue/words/closestProducts';
import { foldWords, searchableText } from '../../../src/catalogue/words/foldWords';
import { fts5Expression } from '../../../src/catalogue/words/fts5Expression';
import { lightStem } from '../../../src/catalogue/words/lightStem';
import { PRODUCT_FIELDS, RANK_FIELDS } from '../../../src/catalogue/words/searchFields';
import { tsQueryText } from '../../../src/catalogue/words/tsQueryText';
import { MAX_QUERY_WORDS, parseWordQuery, wordQueryKey } from '../../../src/catalogue/words/WordQuery';
import { seededRandom } from '../../helpers/seededRandom';
import { hostileSearchText } from '../../helpers/hostileSearchText';

describe('foldWords()', () => {
  it.each([
    ['Île-de-France', ['ile', 'de', 'france']],
    ['BD-TOPO®', ['bd', 'topo']],
    ['  ORTHOPHOTOGRAPHIES  ', ['orthophotographies']],
    ["Côte-d'Or", ['cote', 'd', 'or']],
    ['Œuvre Straße', ['oeuvre', 'strasse']],
    ['ｂｄ ｔｏｐｏ ²', ['bd', 'topo', '2']],
    ['"bd" AND topo* NEAR(x) -y col:z', ['bd', 'and', 'topo', 'near', 'x', 'y', 'col', 'z']],
  ])('reads %j as %j', (text, words) => {
    expect(foldWords(text)).toEqual(words);
  });
});

describe('searchableText()', () => {
  it('lower-cases, spells ligatures out and leaves one space between words, accents kept for the store to drop', () => {
    expect(searchableText('BD TOPO®', null, "Côte-d'Or — Œuvres")).toBe('bd topo côte d or oeuvres');
  });
});

describe('lightStem()', () => {
  it.each([
    ['orthophotographies', 'orthophotographi'],
    ['orthophotographie', 'orthophotographi'],
    ['niveaux', 'niveau'],
    ['nationaux', 'nationa'],
    ['national', 'national'],
    ['communes', 'commun'],
    ['ortho', 'ortho'],
    ['topo', 'topo'],
    ['d029', 'd029'],
    ['2154', '2154'],
  ])('%s keeps %s, which every form starts with', (word, stem) => {
    expect(lightStem(word)).toBe(stem);
    expect(word.startsWith(stem)).toBe(true);
  });
});

describe('parseWordQuery()', () => {
  it('drops stop words and reads neighbours also run together (a name written with or without its spaces)', () => {
    const query = parseWordQuery('courbes de niveau', 'q');
    expect(query.words).toEqual(['courbes', 'niveau']);
    expect(query.alternatives).toEqual([['courbes', 'niveau'], ['courbesniveau']]);
    expect(parseWordQuery('BD-TOPO', 'q').alternatives).toEqual([['bd', 'topo'], ['bdtopo']]);
    expect(parseWordQuery('a b c', 'q').alternatives).toEqual([['b', 'c'], ['bc']]);
    expect(parseWordQuery('x y z', 'q').alternatives).toEqual([
      ['x', 'y', 'z'],
      ['x', 'yz'],
      ['xy', 'z'],
    ]);
    expect(parseWordQuery('x y z', 'q').terms).toEqual(['x', 'y', 'z', 'yz', 'xy']);
  });

  it('gives one key per reading, whatever the spelling', () => {
    expect(wordQueryKey(parseWordQuery('BD-TOPO', 'q'))).toBe(wordQueryKey(parseWordQuery('  bd   topo ', 'q')));
    expect(wordQueryKey(parseWordQuery('BD-TOPO', 'q'))).not.toBe(wordQueryKey(parseWordQuery('bdtopo', 'q')));
  });

  it.each([
    ['', /filter\.q: expected at least one word/],
    ['***', /filter\.q: expected at least one word/],
    ['de la du', /filter\.q: expected at least one word/],
    ['x'.repeat(201), /filter\.q: expected at most 200 characters, got 201/],
    [Array.from({ length: MAX_QUERY_WORDS + 1 }, (_, index) => `w${index}`).join(' '), /filter\.q: expected at most 8 words, got 9/],
    ['y'.repeat(65), /filter\.q: expected words of at most 64 characters, got one of 65/],
  ])('refuses %j with BAD_USER_INPUT naming the argument', (text, message) => {
    expect(() => parseWordQuery(text, 'filter.q')).toThrow(message);
    try {
      parseWordQuery(text, 'filter.q');
    } catch (error) {
      expect((error as { extensions: Record<string, unknown> }).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.q' });
    }
  });

  it('never lets a character of either query language through, whatever the text (seeded property)', () => {
    const rand = seededRandom(25);
    for (let run = 0; run < 2000; run += 1) {
      const text = hostileSearchText(rand, 1, 30);
      let query;
      try {
        query = parseWordQuery(text, 'q');
      } catch (error) {
        expect((error as { extensions: Record<string, unknown> }).extensions['code']).toBe('BAD_USER_INPUT');
        continue;
      }
      for (const term of query.terms) expect(term).toMatch(/^[\p{L}\p{N}]+$/u);
    }
  });
});

describe('the full-text queries', () => {
  const query = parseWordQuery('BD topo', 'q');

  it('pins the FTS5 expression: quoted prefixes of light stems, within the fields asked', () => {
    expect(fts5Expression(query.alternatives, RANK_FIELDS[0]!)).toBe('{name} : (("bd"* AND "topo"*) OR ("bdtopo"*))');
    expect(fts5Expression([['orthophotographies']], PRODUCT_FIELDS)).toBe('{name title description} : (("orthophotographi"*))');
  });

  it('pins the tsquery: prefixes restricted to the fields’ weights (none for every field)', () => {
    expect(tsQueryText(query.alternatives, RANK_FIELDS[1]!)).toBe('(bd:*AB & topo:*AB) | (bdtopo:*AB)');
    expect(tsQueryText([['ile'], ['france']], RANK_FIELDS[3]!)).toBe('(ile:*) | (france:*)');
  });
});

describe('closestProducts()', () => {
  const products = [
    { name: 'BDTOPO', title: 'BD TOPO®' },
    { name: 'BDORTHO', title: 'BD ORTHO®' },
    { name: 'BDTOPO-DIFF', title: 'BD TOPO® Différentiel' },
    { name: 'RGEALTI', title: 'RGE ALTI®' },
  ];

  it('suggests the products whose name or title, run together, lie closest to the words', () => {
    expect(closestProducts(parseWordQuery('bdtpo', 'q'), products, 5).map((product) => product.name)).toEqual(['BDTOPO']);
    expect(closestProducts(parseWordQuery('bd ortoh', 'q'), products, 5).map((product) => product.name)).toEqual(['BDORTHO']);
    expect(closestProducts(parseWordQuery('rge alit', 'q'), products, 5)).toEqual([{ name: 'RGEALTI', title: 'RGE ALTI®' }]);
  });

  it('suggests nothing for gibberish', () => {
    expect(closestProducts(parseWordQuery('xqzwv kjh', 'q'), products, 5)).toEqual([]);
  });
});
