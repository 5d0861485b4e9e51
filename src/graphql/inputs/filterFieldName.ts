/** How errors name a field of `EditionFilter`: `filter.zones` in GraphQL, the query parameter it came from elsewhere (`zone`). */
export type FilterFieldName = (field: string) => string;

/** The GraphQL spelling: `filter.<field>`. */
export const graphqlFilterField: FilterFieldName = (field) => `filter.${field}`;
