import { parse, validate, type OperationDefinitionNode } from 'graphql';
import { EXAMPLE_TABS, NEW_TAB_QUERY } from '../../../src/server/graphiql/exampleTabs';
import { buildSchema } from '../../../src/graphql/schema';
import { subgraphForSuite } from '../../helpers/startSubgraph';

const operationName = (query: string) => (parse(query).definitions[0] as OperationDefinitionNode).name?.value;

describe('EXAMPLE_TABS', () => {
  const schema = buildSchema();

  it('holds one named operation per tab, all names distinct (GraphiQL titles tabs by them)', () => {
    const names = EXAMPLE_TABS.map((tab) => {
      const document = parse(tab.query);
      expect(document.definitions).toHaveLength(1);
      return operationName(tab.query);
    });
    expect(names).toEqual(['NestedDownloads', 'PagingWithCursors', 'FilteredEditions', 'SplitArchive', 'FederationEntities']);
  });

  it.each(EXAMPLE_TABS.map((tab) => [operationName(tab.query), tab]))('%s is valid against the schema, its variables valid JSON', (_name, tab) => {
    expect(validate(schema, parse(tab.query)).map((error) => error.message)).toEqual([]);
    if (tab.variables !== undefined) expect(() => JSON.parse(tab.variables as string)).not.toThrow();
  });

  it('has a valid starting query for new tabs', () => {
    expect(validate(schema, parse(NEW_TAB_QUERY)).map((error) => error.message)).toEqual([]);
  });

  describe('run against the fake upstream', () => {
    const subgraph = subgraphForSuite();

    it.each(EXAMPLE_TABS.map((tab) => [operationName(tab.query), tab]))('%s answers data without errors', async (_name, tab) => {
      const answer = await subgraph.query(tab.query, tab.variables === undefined ? undefined : (JSON.parse(tab.variables) as Record<string, unknown>));
      expect(answer.errors).toBeUndefined();
      expect(answer.status).toBe(200);
      const [root] = Object.values(answer.data ?? {});
      expect(root).toEqual(expect.anything());
    });

    it('SplitArchive lists the 22 volumes of the split archive', async () => {
      const tab = EXAMPLE_TABS.find((candidate) => operationName(candidate.query) === 'SplitArchive');
      const answer = await subgraph.query(tab?.query ?? '');
      const files = answer.data?.subResource.files.nodes as Array<{ isArchiveVolume: boolean }>;
      expect(files.filter((file) => file.isArchiveVolume)).toHaveLength(22);
    });
  });
});
