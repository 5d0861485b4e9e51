#!/usr/bin/env bash
# Installs the STAC test tools (STAC Browser and stac-node-validator, pinned in scripts/stacTools/) into a cache
# folder outside the project's node_modules, and builds STAC Browser there, from the npm registry alone.
# Skips all of it when the cache already holds a build of the same pins, config and script (a stamp file).
# Cache: $STAC_TOOLS_DIR, or .cache/stac-tools in the repository (gitignored). Run once per machine or CI run.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tools="$repo/scripts/stacTools"
cache="${STAC_TOOLS_DIR:-$repo/.cache/stac-tools}"

# What the build depends on; test/helpers/stacTools.ts computes the same digest to tell a stale build.
stamp="$(cat "$tools/package.json" "$tools/package-lock.json" "$tools/stacBrowser.config.js" "$repo/scripts/buildStacTools.sh" | sha256sum | cut -d' ' -f1)"
if [[ -f "$cache/stamp" && "$(cat "$cache/stamp")" == "$stamp" && -f "$cache/browser/index.html" ]]; then
  echo "STAC tools: up to date in $cache"
  exit 0
fi

started=$SECONDS
mkdir -p "$cache"
# Only what this script writes is removed, in case STAC_TOOLS_DIR names a folder that holds other things.
rm -rf "$cache/stamp" "$cache/node_modules" "$cache/browser-src" "$cache/browser" "$cache/build.log"
cp "$tools/package.json" "$tools/package-lock.json" "$cache/"
# stac-node-validator asks for Node 22.12 (engines): npm warns about it on Node 20; the tests run it on 22+ only.
(cd "$cache" && npm ci --no-audit --no-fund)

# The package ships STAC Browser's sources; build a copy beside node_modules so its imports resolve there.
src="$cache/browser-src"
cp -R "$cache/node_modules/@radiantearth/stac-browser" "$src"
# Two style sheets import "../../node_modules/ol/ol.css", a path into the package's own node_modules; npm hoisted
# ol beside it, so point that path there.
mkdir -p "$src/node_modules"
[[ -e "$src/node_modules/ol" ]] || ln -s ../../node_modules/ol "$src/node_modules/ol"
cp "$src/config.js" "$src/config.default.js"
cp "$tools/stacBrowser.config.js" "$src/config.js"
# Options at run time: the documented switch is to uncomment the <script src="/config.js"> of public/index.html.
sed -i 's|<!-- *\(<script defer="defer" src="/config.js"></script>\) *-->|\1|' "$src/public/index.html"
grep -q '^ *<script defer="defer" src="/config.js"></script>' "$src/public/index.html" || {
  echo "STAC tools: public/index.html has no commented-out config.js script to enable" >&2
  exit 1
}
# Linting is no part of a production build (lintOnSave is off): drop the ESLint plugin rather than install ESLint.
(cd "$src" && node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  delete pkg.devDependencies["@vue/cli-plugin-eslint"];
  fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2));
')
# The build lists every file it writes: keep that in a log, and show its end only when the build fails.
if ! (cd "$src" && NODE_ENV=production node "$cache/node_modules/@vue/cli-service/bin/vue-cli-service.js" build --noSourceMaps) >"$cache/build.log" 2>&1; then
  tail -n 60 "$cache/build.log" >&2
  echo "STAC tools: STAC Browser's build failed (whole log: $cache/build.log)" >&2
  exit 1
fi
mv "$src/dist" "$cache/browser"
echo "$stamp" > "$cache/stamp"
echo "STAC tools: built in $((SECONDS - started)) s into $cache ($(du -sh "$cache" | cut -f1))"
