/**
 * The GraphQL operations behind the MCP tools and resources, one named query each: what `/mcp` runs through the
 * server's own execution, and what `schema/published/mcp-operations.json` publishes as a persisted-query manifest
 * for Apollo's MCP server in front of the supergraph (which takes each body's leading comment as the tool's
 * description). `DownloadPlan` is one edition's plan; the tool asks it for several editions in one operation.
 */
export const TOOL_OPERATIONS = {
  FindProducts: `# Products of the IGN download service found by words, best first (from the catalogue index).
query FindProducts($q: String!, $first: Int) {
  searchResources(q: $q, first: $first) {
    totalCount
    nodes { name title description }
  }
}`,
  LatestEdition: `# A product's newest edition covering a place (its most precise zone that has one).
query LatestEdition($product: ID!, $place: String!, $format: String, $crs: String) {
  resource(name: $product) {
    latestEdition(place: $place, format: $format, crs: $crs) {
      resourceName name title editionDate updated
      zone { code name } format { code } crs { code }
    }
  }
}`,
  EditionsAt: `# Editions whose zone covers a place, a point or a box, newest first (from the catalogue index).
query EditionsAt($filter: EditionFilter, $first: Int) {
  editions(filter: $filter, first: $first) {
    totalCount
    nodes {
      resourceName name title editionDate updated
      zone { code name } format { code } crs { code }
    }
  }
}`,
  EditionFiles: `# Every file of an edition with its size, md5 and download URL, and the total size.
query EditionFiles($product: ID!, $edition: ID!) {
  subResource(resourceName: $product, name: $edition) {
    resourceName name
    downloadPlan { totalSize files { name size md5 url } }
  }
}`,
  DownloadPlan: `# A plan to download and verify an edition: a bash script, a Metalink 4 document or an aria2 input file.
query DownloadPlan($product: ID!, $edition: ID!, $format: DownloadPlanFormat) {
  subResource(resourceName: $product, name: $edition) {
    resourceName name
    downloadPlan(format: $format) { format totalSize manifest files { name } }
  }
}`,
  ChangesSince: `# Catalogue changes after a cursor, oldest first, with the cursor to resume from (from the catalogue index).
query ChangesSince($after: String, $filter: ChangeFilterInput, $first: Int) {
  changes(filter: $filter, first: $first, after: $after) {
    nodes { seq kind resourceName editionName zoneCode format crs editionDate observedAt }
    pageInfo { endCursor hasNextPage }
  }
}`,
  PlaceZones: `# The zones covering a place, most precise first (reference data, no upstream request).
query PlaceZones($input: String!) {
  place(input: $input) { zones { code } }
}`,
  Product: `# A product: title, description, zones and latest edition.
query Product($name: ID!) {
  resource(name: $name) {
    name title description updated
    zones { code name }
    latestEdition { resourceName name title editionDate updated zone { code name } format { code } crs { code } }
  }
}`,
  Edition: `# An edition: date, zone, format, CRS and its product's title and description.
query Edition($product: ID!, $name: ID!) {
  subResource(resourceName: $product, name: $name) {
    resourceName name title editionDate updated
    zone { code name } format { code } crs { code }
    resource { title description }
  }
}`,
} as const;

/** The name of one of the operations behind the tools and resources. */
export type ToolOperationName = keyof typeof TOOL_OPERATIONS;
