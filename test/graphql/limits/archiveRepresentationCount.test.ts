import { parse } from 'graphql';
import { archiveRepresentationCount } from '../../../src/graphql/limits/archiveRepresentationCount';
import { measureOperation } from '../../../src/graphql/limits/measureOperation';
import { buildSchema } from '../../../src/graphql/schema';

const schema = buildSchema();
const file = (name: string) => ({ __typename: 'File', resourceName: 'BDORTHO', subResourceName: 'E', name });
const files = (count: number) => Array.from({ length: count }, (_, index) => file(`F${index}.7z`));
const ENTITIES = (selection: string) => `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`;

describe('archiveRepresentationCount()', () => {
  it.each([
    ['contents asked', '... on File { contents { entryCount } }', 48],
    ['contents asked under an alias, through a fragment', '...F', 48],
    ['no contents asked', '... on File { name size }', 0],
  ])('counts the File representations when %s', (_case, selection, expected) => {
    const query = `${ENTITIES(selection)}${selection === '...F' ? ' fragment F on File { toc: contents { entryCount } }' : ''}`;
    expect(archiveRepresentationCount(schema, parse(query), null, { r: files(48) })).toBe(expected);
  });

  it('leaves other representations out', () => {
    const representations = [...files(3), { __typename: 'Resource', name: 'BDORTHO' }, { __typename: 'SubResource', resourceName: 'BDORTHO', name: 'E' }];
    expect(
      archiveRepresentationCount(schema, parse(ENTITIES('... on File { contents { entryCount } } ... on Resource { name }')), null, { r: representations }),
    ).toBe(3);
  });

  it('makes 48 File representations asking contents exceed the alias limit, as 48 aliases would', () => {
    const measure = measureOperation(
      schema,
      parse(ENTITIES('... on File { contents { entryCount } }')),
      null,
      { r: files(48) },
      {
        budget: 10_000,
        maxDepth: 12,
        maxAliases: 30,
        ratePerSecond: 10,
      },
    );
    expect(measure.exceeded).toEqual({ limit: 'aliases', aliases: 48, maxAliases: 30, archiveRepresentations: 48 });
  });
});
