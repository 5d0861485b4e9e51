import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { extractFonts } from '../../../src/server/graphiql/extractFonts';

const FONT_A = Buffer.from('wOF2 font A').toString('base64');
const FONT_B = Buffer.from('wOFF font B').toString('base64');
const PNG = Buffer.from('png').toString('base64');

describe('extractFonts()', () => {
  describe('on a small stylesheet', () => {
    const css = [
      `@font-face{font-family:Roboto;font-style:italic;font-weight:500;src:url(data:font/woff2;base64,${FONT_A})format("woff2")}`,
      `@font-face{font-family:"Fira Code";font-style:normal;font-weight:400;src:url("data:font/woff;base64,${FONT_B}") format("woff")}`,
      `@font-face{font-family:Roboto;font-style:italic;font-weight:500;src:url(data:font/woff2;base64,${FONT_A})format("woff2");unicode-range:U+0-FF}`,
      `.icon{background:url(data:image/png;base64,${PNG})}`,
    ].join('');
    const { css: rewritten, fonts } = extractFonts(css);

    it('makes one asset per distinct font (same bytes, same name), named by family, style and weight, with its decoded bytes', () => {
      expect(fonts.map((font) => [font.path.replace(/[0-9a-f]{16}/, 'HASH'), font.contentType, font.body.toString(), font.compressible])).toEqual([
        ['/graphiql/HASH/roboto-italic-500.woff2', 'font/woff2', 'wOF2 font A', false],
        ['/graphiql/HASH/fira-code-normal-400.woff', 'font/woff', 'wOFF font B', false],
      ]);
    });

    it('points each rule at its asset, relative to the stylesheet folder, and leaves other data URLs alone', () => {
      const [a, b] = fonts.map((font) => `..${font.path.slice('/graphiql'.length)}`);
      expect(rewritten).toBe(
        [
          `@font-face{font-family:Roboto;font-style:italic;font-weight:500;src:url(${a})format("woff2")}`,
          `@font-face{font-family:"Fira Code";font-style:normal;font-weight:400;src:url(${b}) format("woff")}`,
          `@font-face{font-family:Roboto;font-style:italic;font-weight:500;src:url(${a})format("woff2");unicode-range:U+0-FF}`,
          `.icon{background:url(data:image/png;base64,${PNG})}`,
        ].join(''),
      );
    });
  });

  it("moves every font out of GraphiQL's stylesheet, leaving a fraction of its size", () => {
    const original = readFileSync(join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'), 'utf8');
    const { css, fonts } = extractFonts(original);
    expect(original).toMatch(/data:font\//);
    expect(css).not.toMatch(/data:font\//);
    for (const font of fonts) expect(css).toContain(`url(..${font.path.slice('/graphiql'.length)})`);
    expect(css.length).toBeLessThan(original.length / 5);
  });
});
