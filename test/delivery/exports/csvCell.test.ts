import { parse } from 'csv-parse/sync';
import { csvLine, csvNumber, csvText } from '../../../src/delivery/exports/csvCell';
import { pick, seededRandom } from '../../helpers/seededRandom';

const unguard = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

describe('CSV cells', () => {
  it('guards every text a spreadsheet would run as a formula, and the guard itself, with one leading quote', () => {
    for (const value of ['=1+1', '+33', '-rf', '@SUM(A1)', '\tx', '\rx', "'x"]) expect(csvText(value).replace(/^"/, '')).toMatch(/^'/);
    expect(csvText('BDTOPO')).toBe('BDTOPO');
    expect(csvText(null)).toBe('');
    expect(csvNumber(-4.79)).toBe('-4.79');
    expect(csvNumber(null)).toBe('');
  });

  it('round-trips any text through a CSV parser once the guard is removed', () => {
    const rand = seededRandom(26);
    const pieces = ['=', '+', '-', '@', '\t', '\r', '\n', '\r\n', "'", '"', ',', ';', 'a', 'é', '𝔘', ' ', '\u202e', 'HYPERLINK("x")'];
    const rows = Array.from({ length: 500 }, () =>
      Array.from({ length: 3 }, () => Array.from({ length: Math.floor(rand() * 6) + 1 }, () => pick(rand, pieces)).join('')),
    );
    const text = rows.map((row) => csvLine(row.map(csvText))).join('');
    const parsed = parse(text, { relax_column_count: false });
    expect(parsed.map((row) => row.map(unguard))).toEqual(rows);
    expect(parsed.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });
});
