import { stripDirectives } from './stripDirectives';

/** The last Federation version composers that stop short of `@cacheTag` (The Guild's, hence Hive) accept. */
export const FEDERATION_29_URL = 'https://specs.apollo.dev/federation/v2.9';

/**
 * The subgraph SDL as a composer knowing Federation up to v2.9 takes it (The Guild's `@theguild/federation-composition`,
 * which Hive's registry runs): the same schema, `@cost`, `@listSize`, `@requiresScopes` and `@tag` included, linking
 * federation v2.9, without `@cacheTag` (v2.12; Apollo Router's response cache is its only reader).
 */
export function federation29Sdl(typeDefs: string): string {
  return stripDirectives(typeDefs, ['cacheTag'], FEDERATION_29_URL);
}
