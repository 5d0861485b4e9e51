import { getNamedType, getNullableType, isListType, isNonNullType, isObjectType, Kind, parse, visit, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { estimateUpstreamRequests } from '../../../src/graphql/limits/estimateUpstreamRequests';
import { CONNECTION_ASSUMED_SIZE, FIELD_COSTS, LIST_SIZES } from '../../../src/graphql/limits/publishedCosts';
import { UPSTREAM_COST_MODEL as COST } from '../../../src/graphql/limits/upstreamCostModel';
import { buildSchema, readTypeDefs } from '../../../src/graphql/schema';

const schema = buildSchema();
const worst = (query: string, variables?: Record<string, unknown>) =>
  estimateUpstreamRequests(schema, parse(query), null, variables, undefined, { worstCase: true });

/** Every `@cost(weight:)` and `@listSize(...)` the SDL publishes, by schema coordinate. */
function publishedDirectives(): { costs: Record<string, number>; listSizes: Record<string, { assumedSize?: number; slicing: boolean }> } {
  const costs: Record<string, number> = {};
  const listSizes: Record<string, { assumedSize?: number; slicing: boolean }> = {};
  let typeName = '';
  visit(parse(readTypeDefs()), {
    ObjectTypeDefinition: { enter: (node) => void (typeName = node.name.value) },
    ObjectTypeExtension: { enter: (node) => void (typeName = node.name.value) },
    FieldDefinition(node) {
      for (const directive of node.directives ?? []) {
        const argument = (name: string) => directive.arguments?.find((candidate) => candidate.name.value === name)?.value;
        if (directive.name.value === 'cost') {
          const weight = argument('weight');
          costs[`${typeName}.${node.name.value}`] = weight?.kind === Kind.INT ? Number(weight.value) : NaN;
        }
        if (directive.name.value === 'listSize') {
          const size = argument('assumedSize');
          listSizes[`${typeName}.${node.name.value}`] = {
            ...(size?.kind === Kind.INT ? { assumedSize: Number(size.value) } : {}),
            slicing: argument('slicingArguments') !== undefined,
          };
        }
      }
    },
  });
  return { costs, listSizes };
}

/**
 * Where each object type's fields are priced: an operation reaching `objects` objects of the type whose entries
 * are at hand (read from a listing), with the fields' default arguments; `ALL` stands for the selection.
 */
const ONE = '(resourceName: "P", name: "P_X_2024-01-01")';
const PRICED_AT: Record<string, { path: string; objects: number; variables?: Record<string, unknown> }> = {
  Query: { path: '{ ALL }', objects: 1 },
  Mutation: { path: 'mutation { ALL }', objects: 1 },
  Subscription: { path: 'subscription { ALL }', objects: 1 },
  Resource: { path: '{ resources(first: 1) { nodes { ALL } } }', objects: 1 },
  ResourceConnection: { path: '{ resource(name: "A") { zones { resources(first: 1) { ALL } } } }', objects: COST.zoneCodes },
  ResourceEdge: { path: '{ resources(first: 1) { edges { ALL } } }', objects: 1 },
  SubResource: { path: '{ editions(first: 1) { nodes { ALL } } }', objects: 1 },
  SubResourceConnection: { path: '{ resources(first: 1) { nodes { subResources(first: 1) { ALL } } } }', objects: 1 },
  SubResourceEdge: { path: '{ resources(first: 1) { nodes { subResources(first: 1) { edges { ALL } } } } }', objects: 1 },
  File: { path: 'query($f: [_Any!]!) { _entities(representations: $f) { ... on File { ALL } } }', objects: 1, variables: { f: [file('E.7z')] } },
  FileConnection: { path: `{ subResource${ONE} { files(first: 1) { ALL } } }`, objects: 1 },
  FileEdge: { path: `{ subResource${ONE} { files(first: 1) { edges { ALL } } } }`, objects: 1 },
  Zone: {
    path: 'query($z: [_Any!]!) { _entities(representations: $z) { ... on Zone { ALL } } }',
    objects: 1,
    variables: { z: [{ __typename: 'Zone', code: 'X99' }] },
  },
  PageInfo: { path: '{ resources { pageInfo { ALL } } }', objects: 1 },
  Format: { path: '{ resources(first: 1) { nodes { formats { ALL } } } }', objects: 1 },
  Crs: { path: '{ resources(first: 1) { nodes { crs { ALL } } } }', objects: 1 },
  _Service: { path: '{ _service { ALL } }', objects: 1 },
  Archive: { path: `{ subResource${ONE} { archives { ALL } } }`, objects: COST.archivesPerEdition },
  ArchiveContents: { path: `{ subResource${ONE} { archives { contents { ALL } } } }`, objects: COST.archivesPerEdition },
  ArchiveEntry: { path: `{ subResource${ONE} { archives { contents { entries { ALL } } } } }`, objects: 1 },
  ChecksumReport: { path: `{ subResource${ONE} { checksums { ALL } } }`, objects: 1 },
  ChecksumLine: { path: `{ subResource${ONE} { checksums { lines { ALL } } } }`, objects: 1 },
  DownloadPlan: { path: `{ subResource${ONE} { downloadPlan { ALL } } }`, objects: 1 },
  CatalogueFacets: { path: '{ facets { ALL } }', objects: 1 },
  ZoneFacet: { path: '{ facets { zones { ALL } } }', objects: COST.zoneCodes },
  FormatFacet: { path: '{ facets { formats { ALL } } }', objects: COST.capabilitiesProducts },
  CrsFacet: { path: '{ facets { crs { ALL } } }', objects: COST.capabilitiesProducts },
  EditionConnection: { path: '{ editions(first: 1) { ALL } }', objects: 1 },
  EditionEdge: { path: '{ editions(first: 1) { edges { ALL } } }', objects: 1 },
  ChangeConnection: { path: '{ changes { ALL } }', objects: 1 },
  ChangeEdge: { path: '{ changes { edges { ALL } } }', objects: 1 },
  CatalogueStatus: { path: '{ catalogue { ALL } }', objects: 1 },
  SyncProgress: { path: '{ catalogue { progress { ALL } } }', objects: 1 },
  EditionFacets: { path: '{ editionFacets { ALL } }', objects: 1 },
  EditionCount: { path: '{ editionFacets { zones { ALL } } }', objects: 1 },
  YearCount: { path: '{ editionFacets { years { ALL } } }', objects: 1 },
  CatalogueChange: { path: 'subscription { catalogueChanged { ALL } }', objects: 1 },
  FieldChange: { path: 'subscription { catalogueChanged { changes { ALL } } }', objects: 1 },
  CreatedWatch: { path: 'mutation { createWatch(url: "A") { ALL } }', objects: 1 },
  Watch: { path: '{ watches { ALL } }', objects: 1 },
  WatchFilter: { path: '{ watches { filter { ALL } } }', objects: 1 },
  Place: { path: '{ place(input: "Brest") { ALL } }', objects: 1 },
  PlaceCommune: { path: '{ place(input: "29200") { communes { ALL } } }', objects: COST.zoneCodes },
  SyncPlan: { path: '{ syncPlan(filter: {}) { ALL } }', objects: 1 },
  SyncRemoval: { path: '{ syncPlan(filter: {}) { remove { ALL } } }', objects: 1 },
};
/** Arguments a priced call gives where the defaults do not say enough (a name that carries its date, as editions' do). */
const PRICED_ARGUMENTS: Record<string, string> = { 'Query.subResource': ONE };

function file(name: string) {
  return { __typename: 'File', resourceName: 'P', subResourceName: 'P_X_2024-01-01', name };
}

// Private: one field selected alone, its required arguments given: objects by __typename, a connection by its
// nodes (the window's pages, which the connection field's weight stands for).
function selection(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((argument) => isNonNullType(argument.type));
  const args =
    PRICED_ARGUMENTS[`${type.name}.${field.name}`] ??
    (required.length === 0 ?
      ''
    : `(${required.map((argument) => `${argument.name}: ${isListType(getNullableType(argument.type)) ? '[]' : '"A"'}`).join(', ')})`);
  const named = getNamedType(field.type);
  if (!isObjectType(named)) return `${field.name}${args}`;
  return isConnection(named) ? `${field.name}${args} { nodes { __typename } }` : `${field.name}${args} { __typename }`;
}

// Private: a Relay connection type: its window's pages are its field's weight, not its own fields'.
function isConnection(type: GraphQLObjectType): boolean {
  return type.name.endsWith('Connection') && 'nodes' in type.getFields();
}

const objectTypes = Object.values(schema.getTypeMap()).filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'));

describe('the costs the schema publishes to routers', () => {
  const { costs, listSizes } = publishedDirectives();

  it('@cost(weight:) is the cost model’s, on exactly the fields of FIELD_COSTS', () => {
    expect(costs).toEqual(FIELD_COSTS);
  });

  it('prices every object type of the schema somewhere (a new type needs its place here)', () => {
    expect(Object.keys(PRICED_AT).sort()).toEqual(objectTypes.map((type) => type.name).sort());
  });

  // One call of each field, alone, on objects at hand: what the worst-case estimate charges it is its weight, and a
  // field that sends upstream requests without a weight in FIELD_COSTS (and so without @cost) fails here.
  it.each(objectTypes.flatMap((type) => Object.values(type.getFields()).map((field) => [`${type.name}.${field.name}`, type, field] as const)))(
    '%s: its weight is what the worst-case estimate charges one call of it',
    (coordinate, type, field) => {
      const priced = PRICED_AT[type.name];
      if (!priced) throw new Error(`no place to price ${type.name}`);
      // A connection's own fields read the window its field was charged for: they are priced with it read.
      const base = isConnection(type) ? '__typename nodes { __typename }' : '__typename';
      const withField = priced.path.replace('ALL', `${base} ${selection(type, field)}`);
      const without = priced.path.replace('ALL', base);
      const charged = (worst(withField, priced.variables) - worst(without, priced.variables)) / priced.objects;
      expect({ [coordinate]: charged }).toEqual({ [coordinate]: FIELD_COSTS[coordinate] ?? 0 });
    },
  );

  it('@listSize(assumedSize:) is the cost model’s on every list leading to a priced field, and every connection slices on first/last', () => {
    const pricedTypes = typesReaching(Object.keys(FIELD_COSTS).map((coordinate) => coordinate.split('.')[0] as string));
    const lists: Record<string, number> = {};
    const connections: string[] = [];
    for (const type of objectTypes) {
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        const named = getNamedType(field.type);
        if (isObjectType(named) && isConnection(named) && field.args.some((argument) => argument.name === 'first')) {
          connections.push(coordinate);
          continue;
        }
        // A connection's edges and nodes are sized by its field's slicing arguments.
        if (isListType(getNullableType(field.type)) && pricedTypes.has(named.name) && !isConnection(type)) {
          lists[coordinate] = listSizes[coordinate]?.assumedSize ?? NaN;
        }
      }
    }
    expect(lists).toEqual(LIST_SIZES);
    for (const coordinate of connections)
      expect({ [coordinate]: listSizes[coordinate] }).toEqual({ [coordinate]: { assumedSize: CONNECTION_ASSUMED_SIZE, slicing: true } });
  });
});

// Private: the object types from which a field of `priced` can be reached (those included).
function typesReaching(priced: readonly string[]): Set<string> {
  const reaching = new Set(priced);
  for (let grown = true; grown;) {
    grown = false;
    for (const type of objectTypes) {
      if (reaching.has(type.name)) continue;
      if (Object.values(type.getFields()).some((field) => reaching.has(getNamedType(field.type).name))) {
        reaching.add(type.name);
        grown = true;
      }
    }
  }
  return reaching;
}
