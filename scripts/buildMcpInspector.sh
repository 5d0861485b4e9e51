#!/usr/bin/env bash
# Installs the MCP Inspector (pinned in scripts/mcpInspector/) into a cache folder outside the project's
# node_modules, from the npm registry alone, for the test that runs its command line against /mcp.
# Skips it when the cache already holds an install of the same pins and script (a stamp file).
# Cache: $MCP_INSPECTOR_DIR, or .cache/mcp-inspector in the repository (gitignored). Run once per machine or CI run.
# The Inspector asks for Node 22.19 (engines): npm warns about it on Node 20; the test runs it on 22.19+ only.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
pins="$repo/scripts/mcpInspector"
cache="${MCP_INSPECTOR_DIR:-$repo/.cache/mcp-inspector}"

# What the install depends on; test/helpers/mcpInspector.ts computes the same digest to tell a stale install.
stamp="$(cat "$pins/package.json" "$pins/package-lock.json" "$repo/scripts/buildMcpInspector.sh" | sha256sum | cut -d' ' -f1)"
if [[ -f "$cache/stamp" && "$(cat "$cache/stamp")" == "$stamp" && -d "$cache/node_modules/@modelcontextprotocol/inspector" ]]; then
  echo "MCP Inspector: up to date in $cache"
  exit 0
fi

started=$SECONDS
mkdir -p "$cache"
# Only what this script writes is removed, in case MCP_INSPECTOR_DIR names a folder that holds other things.
rm -rf "$cache/stamp" "$cache/node_modules"
cp "$pins/package.json" "$pins/package-lock.json" "$cache/"
(cd "$cache" && npm ci --no-audit --no-fund)
echo "$stamp" > "$cache/stamp"
echo "MCP Inspector: installed in $((SECONDS - started)) s into $cache ($(du -sh "$cache" | cut -f1))"
