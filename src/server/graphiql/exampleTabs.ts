/** One GraphiQL tab as `defaultTabs` takes it; the tab is titled after the operation's name. */
export interface ExampleTab {
  query: string;
  /** JSON text of the variables, when the operation has some. */
  variables?: string;
}

/**
 * The tabs GraphiQL opens on when the browser has none stored: the nested query of the README first, then
 * paging, filters, a split archive and a federation `_entities` call. Only fields of the committed schema.
 */
export const EXAMPLE_TABS: readonly ExampleTab[] = [
  {
    query: `# Products → editions → files in one request.
# Ctrl-Enter (or ▶) runs it. Upstream cost: 1 page
# of products + 1 per product + 1 per edition.
query NestedDownloads {
  resources(first: 2, filter: { zone: "FXX", format: "GPKG" }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      name
      title
      subResources(first: 1, filter: { zone: "FXX", format: "GPKG" }) {
        totalCount
        nodes {
          name
          editionDate
          zone { code label }
          crs { code label }
          files(first: 3) {
            totalCount
            nodes { name url size md5 mediaType isArchiveVolume }
          }
        }
      }
    }
  }
}
`,
  },
  {
    query: `# Relay paging: run it, copy pageInfo.endCursor
# into the "after" variable below, run it again.
# Backwards: last: 5, before: <startCursor>.
query PagingWithCursors($after: String) {
  resources(first: 5, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node { name title }
    }
  }
}
`,
    variables: `{
  "after": null
}
`,
  },
  {
    query: `# Filters go to the upstream: zone, format, crs,
# dates, lang, thematic, polygon. Editions come
# oldest first, so "last" gives the newest.
query FilteredEditions {
  resource(name: "ADMIN-EXPRESS-COG") {
    name
    title
    zones { code label }
    formats { code label }
    subResources(last: 3, filter: { zone: "FXX", format: "GPKG", editionDateFrom: "2025-01-01" }) {
      totalCount
      nodes {
        name
        editionDate
        crs { code label }
      }
    }
  }
}
`,
  },
  {
    query: `# A split archive: download every volume
# (isArchiveVolume: true), then check the .md5.
query SplitArchive {
  subResource(resourceName: "BDORTHO", name: "BDORTHO_2-0_RVB-0M20_JP2-E080_UTM22RGFG95_D973_2023-01-01") {
    name
    editionDate
    zone { code label }
    files(first: 30) {
      totalCount
      nodes { name size md5 isArchiveVolume url }
    }
  }
}
`,
  },
  {
    query: `# What a federation router asks this subgraph:
# entities by their @key (see the variables).
query FederationEntities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Resource { name title }
    ... on SubResource { resourceName name editionDate }
  }
}
`,
    variables: `{
  "representations": [
    { "__typename": "Resource", "name": "BDORTHO" },
    { "__typename": "SubResource", "resourceName": "ADMIN-EXPRESS", "name": "ADMIN-EXPRESS_3-2__GPKG_LAMB93_FXX_2025-06-17" }
  ]
}
`,
  },
];

/** The text of a tab opened with "+": a hint and a small query to start from. */
export const NEW_TAB_QUERY = `# Ctrl-Space completes, Ctrl-Enter runs,
# the book icon opens the schema docs.
{
  resources(first: 5) {
    nodes { name title }
  }
}
`;
