import { createStaticAsset, type StaticAsset } from './StaticAsset';

/** A stylesheet whose embedded fonts were moved out to assets of their own. */
export interface ExtractedFonts {
  /** The stylesheet, each embedded font replaced by `url(../<hash>/<file>)`, relative to the stylesheet's folder. */
  css: string;
  /** One asset per distinct font, in order of first appearance. */
  fonts: StaticAsset[];
}

const FONT_MEDIA_TYPES: Record<string, string> = { 'font/woff2': 'woff2', 'font/woff': 'woff', 'font/ttf': 'ttf', 'font/otf': 'otf' };

/**
 * Moves the base64 `data:font/…` URLs of each `@font-face` rule out of `css`. GraphiQL's stylesheet embeds
 * every subset of its fonts (360 of its 410 kB); as separate files the browser fetches only the subsets a page uses.
 */
export function extractFonts(css: string): ExtractedFonts {
  const fonts = new Map<string, StaticAsset>();
  const rewritten = css.replace(/@font-face\s*\{[^}]*\}/g, (rule) => {
    const baseName = fontBaseName(rule);
    return rule.replace(/url\((["']?)data:([a-z0-9/+.-]+);base64,([A-Za-z0-9+/=]+)\1\)/g, (whole, _quote: string, mediaType: string, data: string) => {
      const extension = FONT_MEDIA_TYPES[mediaType];
      if (extension === undefined) return whole;
      const asset = createStaticAsset(`${baseName}.${extension}`, mediaType, Buffer.from(data, 'base64'), false);
      if (!fonts.has(asset.path)) fonts.set(asset.path, asset);
      return `url(..${asset.path.slice(asset.path.indexOf('/', 1))})`;
    });
  });
  return { css: rewritten, fonts: [...fonts.values()] };
}

// Private: `roboto-italic-500` from the rule's family, style and weight, for readable URLs (the hash folder makes them unique).
function fontBaseName(rule: string): string {
  const property = (name: string, fallback: string) => new RegExp(`${name}\\s*:\\s*["']?([^;"'}]+)`).exec(rule)?.[1] ?? fallback;
  const slug = [property('font-family', 'font'), property('font-style', 'normal'), property('font-weight', '400')]
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'font' : slug;
}
