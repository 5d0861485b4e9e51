import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { buildSchema } from '../../../src/graphql/schema';
import { persistedQueryManifest } from '../../../src/server/mcp/persistedQueryManifest';

const PUBLISHED = join(__dirname, '..', '..', '..', 'schema', 'published', 'mcp-operations.json');

describe('the persisted-query manifest of the MCP tools’ operations', () => {
  it('is published as the operations are now (npm run schema:publish writes it)', () => {
    expect(JSON.parse(readFileSync(PUBLISHED, 'utf8'))).toEqual(persistedQueryManifest());
  });

  it('holds one named query per operation, each valid against the schema, each id the SHA-256 of its body', () => {
    const schema = buildSchema();
    const manifest = persistedQueryManifest();
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.operations.map((operation) => operation.name)).toEqual([
      'ChangesSince',
      'DownloadPlan',
      'Edition',
      'EditionFiles',
      'EditionsAt',
      'FindProducts',
      'LatestEdition',
      'PlaceZones',
      'Product',
    ]);
    for (const operation of manifest.operations) {
      const document = parse(operation.body);
      expect([operation.name, validate(schema, document).map((error) => error.message)]).toEqual([operation.name, []]);
      expect(document.definitions).toEqual([
        expect.objectContaining({ kind: 'OperationDefinition', operation: 'query', name: expect.objectContaining({ value: operation.name }) }),
      ]);
      expect(operation.id).toBe(createHash('sha256').update(operation.body).digest('hex'));
      // Apollo's MCP server takes the leading comment as the tool's description.
      expect(operation.body).toMatch(/^# \S.{20,}\nquery /);
    }
  });
});
