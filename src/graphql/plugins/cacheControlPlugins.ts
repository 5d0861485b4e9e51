import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { defaultFieldResolver, isInterfaceType, isObjectType, type ConstDirectiveNode, type GraphQLSchema } from 'graphql';

/**
 * The `Cache-Control` header of every GraphQL answer, exactly as Apollo Server's cache-control plugin writes it
 * with `defaultMaxAge` for `schema`, and without its hook on every field resolved when the schema allows it.
 * When no `@cacheControl` of the schema sets a `maxAge` or a `scope` (only `inheritMaxAge`, which never
 * shortens), Apollo's policy comes down to: `max-age=<defaultMaxAge>, public` when a root field of the schema was
 * resolved (every root field is a default hint), the answer is one result without errors and `defaultMaxAge`
 * is above 0; `no-store` otherwise (`{ __typename }`, introspection alone, errors). Then that is computed once
 * per operation; with any other hint, Apollo's plugin runs as is. Install every plugin returned.
 */
export function cacheControlPlugins<TContext extends object>(schema: GraphQLSchema, defaultMaxAge: number): Array<ApolloServerPlugin<TContext>> {
  if (hasHintsThatShorten(schema)) return [ApolloServerPluginCacheControl({ defaultMaxAge })];
  // Operations (by their context) that resolved a root field of the schema: only those get a hint at all.
  const resolvedRootField = new WeakSet<object>();
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: unknown, info) => {
        if (typeof context === 'object' && context !== null) resolvedRootField.add(context);
        return resolve(source, args, context, info);
      };
    }
  }
  const header: ApolloServerPlugin<TContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const cacheable = defaultMaxAge > 0 && resolvedRootField.has(contextValue) && response.body.kind === 'single' && !response.body.singleResult.errors;
          response.http.headers.set('cache-control', cacheable ? `max-age=${defaultMaxAge}, public` : 'no-store');
        },
      };
    },
  };
  // Apollo installs its own cache-control plugin unless told not to.
  return [ApolloServerPluginCacheControlDisabled(), header];
}

// Private: a `@cacheControl` on a type or field of `schema` with a `maxAge` or a `scope` (hints that may shorten
// the default or make an answer private).
function hasHintsThatShorten(schema: GraphQLSchema): boolean {
  const shortens = (directives: readonly ConstDirectiveNode[] | undefined) =>
    (directives ?? []).some(
      (directive) => directive.name.value === 'cacheControl' && (directive.arguments ?? []).some((argument) => argument.name.value !== 'inheritMaxAge'),
    );
  return Object.values(schema.getTypeMap()).some((type) => {
    if (shortens(type.astNode?.directives) || type.extensionASTNodes.some((node) => shortens(node.directives))) return true;
    if (!isObjectType(type) && !isInterfaceType(type)) return false;
    return Object.values(type.getFields()).some((field) => shortens(field.astNode?.directives));
  });
}
