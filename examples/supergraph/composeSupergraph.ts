import { composeServices } from '@apollo/composition';
import { gql } from 'graphql-tag';

/** One subgraph to compose: its name, where the router reaches it, and its SDL. */
export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

/**
 * Composes subgraphs into a supergraph with Apollo's own composition library (what Rover runs). Throws an
 * Error listing every composition error, one per line, when they do not compose.
 */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): string {
  const result = composeServices(subgraphs.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: gql(subgraph.sdl) })));
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
