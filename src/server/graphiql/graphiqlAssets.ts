import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BOOT_SCRIPT } from './bootScript';
import { extractFonts } from './extractFonts';
import { createStaticAsset, type StaticAsset } from './StaticAsset';

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * The allow-list: the only files read from node_modules, each a fixed package and path. GraphiQL 3's UMD
 * build bundles everything but React (CodeMirror 5 editors, no web workers); React 18 is the last with UMD builds.
 */
const PACKAGE_FILES = {
  react: { packageName: 'react', file: 'umd/react.production.min.js', contentType: JAVASCRIPT },
  reactDom: { packageName: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: JAVASCRIPT },
  graphiql: { packageName: 'graphiql', file: 'graphiql.min.js', contentType: JAVASCRIPT },
  stylesheet: { packageName: 'graphiql', file: 'graphiql.min.css', contentType: CSS },
} as const;

/** Every asset of the GraphiQL page, and the ones the page links to by role. */
export interface GraphiqlAssets {
  /** Exact URL path → asset; nothing outside this map is ever served. */
  byPath: ReadonlyMap<string, StaticAsset>;
  stylesheet: StaticAsset;
  /** React, ReactDOM, GraphiQL, boot script: in execution order. */
  scripts: readonly StaticAsset[];
}

/** Reads the allow-listed files once (about 1.5 MB) and names each asset after its content. */
export function loadGraphiqlAssets(resolvePackageJson: (packageName: string) => string = (name) => require.resolve(`${name}/package.json`)): GraphiqlAssets {
  const read = (key: keyof typeof PACKAGE_FILES) => {
    const { packageName, file } = PACKAGE_FILES[key];
    return readFileSync(join(dirname(resolvePackageJson(packageName)), file));
  };
  const packageAsset = (key: keyof typeof PACKAGE_FILES) => {
    const { file, contentType } = PACKAGE_FILES[key];
    return createStaticAsset(file.slice(file.lastIndexOf('/') + 1), contentType, read(key), true);
  };
  const { css, fonts } = extractFonts(read('stylesheet').toString('utf8'));
  const stylesheet = createStaticAsset('graphiql.min.css', CSS, Buffer.from(css, 'utf8'), true);
  const scripts = [
    packageAsset('react'),
    packageAsset('reactDom'),
    packageAsset('graphiql'),
    createStaticAsset('boot.js', JAVASCRIPT, Buffer.from(BOOT_SCRIPT, 'utf8'), true),
  ];
  const byPath = new Map<string, StaticAsset>([stylesheet, ...scripts, ...fonts].map((asset) => [asset.path, asset]));
  return { byPath, stylesheet, scripts };
}
