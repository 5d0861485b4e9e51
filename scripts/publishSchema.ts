/**
 * `npm run schema:publish`: records the current subgraph SDL as the released one (schema/published/), the
 * baseline that test/schema/schemaChecks.test.ts holds later changes to. Run it when a release ships the
 * schema, deliberately: after it, what was breaking is the new normal. Beside it, the same SDL for composers that
 * know Federation up to v2.9 only (The Guild's, Hive's registry): `subgraph.federation-v2.9.graphql`.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { readTypeDefs } from '../src/graphql/schema';
import { compareWithPublished, publishedSchemaPath, readPublishedSdl, subgraphSdl } from '../src/graphql/schemaCheck/publishedSchema';
import { federation29Sdl } from '../src/graphql/schemaCheck/federation29Sdl';
import { persistedQueryManifest } from '../src/server/mcp/persistedQueryManifest';

const HEADER = '# The subgraph SDL as last released (npm run schema:publish). Changes to schema/ are checked against it.\n';

function previousSdl(): string | null {
  try {
    return readPublishedSdl();
  } catch {
    return null;
  }
}

const previous = previousSdl();
const typeDefs = readTypeDefs();
if (previous !== null) {
  const { breaking } = compareWithPublished(previous, typeDefs);
  for (const change of breaking) process.stdout.write(`accepting breaking change: ${change}\n`);
}
const path = publishedSchemaPath();
writeFileSync(path, `${HEADER}${subgraphSdl(typeDefs)}\n`);
process.stdout.write(`wrote ${relative(process.cwd(), path)}\n`);
const federation29 = path.replace(/\.graphql$/, '.federation-v2.9.graphql');
writeFileSync(
  federation29,
  `# The subgraph SDL as last released, for composers that know Federation up to v2.9 (The Guild's, Hive's): without @cacheTag.\n${federation29Sdl(subgraphSdl(typeDefs))}\n`,
);
process.stdout.write(`wrote ${relative(process.cwd(), federation29)}\n`);
// The operations behind the MCP tools, for Apollo's MCP server in front of the supergraph (docs/mcp.md).
const operations = path.replace(/subgraph\.graphql$/, 'mcp-operations.json');
writeFileSync(operations, `${JSON.stringify(persistedQueryManifest(), null, 2)}\n`);
process.stdout.write(`wrote ${relative(process.cwd(), operations)}\n`);
