import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root folder. */
const REPO = join(__dirname, '..', '..');

/** The command that installs the MCP Inspector, as a developer types it. */
export const BUILD_MCP_INSPECTOR = 'bash scripts/buildMcpInspector.sh';

/** The oldest Node.js the pinned Inspector runs on (its `engines`). */
export const INSPECTOR_MIN_NODE = [22, 19] as const;

/** `MCP_INSPECTOR_DIR`, or `.cache/mcp-inspector` in the repository (gitignored): where the build script installs it. */
export function mcpInspectorDir(): string {
  return process.env.MCP_INSPECTOR_DIR || join(REPO, '.cache', 'mcp-inspector');
}

/**
 * The Inspector's command-line entry (a script for `node`), or why it cannot run here: a Node older than its
 * engines, no install, or an install of other pins (run the build script).
 */
export function mcpInspector(): { bin: string } | { missing: string } {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  if (major < INSPECTOR_MIN_NODE[0] || (major === INSPECTOR_MIN_NODE[0] && minor < INSPECTOR_MIN_NODE[1])) {
    return { missing: `Node ${process.versions.node} is older than the Inspector's ${INSPECTOR_MIN_NODE.join('.')}` };
  }
  const dir = mcpInspectorDir();
  const packageJson = join(dir, 'node_modules', '@modelcontextprotocol', 'inspector', 'package.json');
  const stampFile = join(dir, 'stamp');
  if (!existsSync(packageJson) || !existsSync(stampFile)) return { missing: `no Inspector in ${dir} (run \`${BUILD_MCP_INSPECTOR}\`)` };
  if (readFileSync(stampFile, 'utf8').trim() !== currentStamp())
    return { missing: `the Inspector in ${dir} is of older pins (run \`${BUILD_MCP_INSPECTOR}\`)` };
  const bin = (JSON.parse(readFileSync(packageJson, 'utf8')) as { bin: Record<string, string> }).bin['mcp-inspector'];
  if (!bin) return { missing: 'the Inspector package names no mcp-inspector command' };
  return { bin: join(dir, 'node_modules', '@modelcontextprotocol', 'inspector', bin) };
}

// Private: the digest scripts/buildMcpInspector.sh computes (`cat … | sha256sum`), over the same files in the same order.
function currentStamp(): string {
  const hash = createHash('sha256');
  for (const file of ['scripts/mcpInspector/package.json', 'scripts/mcpInspector/package-lock.json', 'scripts/buildMcpInspector.sh']) {
    hash.update(readFileSync(join(REPO, file)));
  }
  return hash.digest('hex');
}
