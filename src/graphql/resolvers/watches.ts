import type { MutationResolvers, QueryResolvers, WatchResolvers } from '../__generated__/resolvers-types';
import { changeServices, type Context } from '../context';
import type { WatchAdmin } from '../../catalogue/watches/WatchAdmin';

/** `createWatch`, `deleteWatch`: each checks the bearer token first. */
export const Mutation: MutationResolvers = {
  createWatch: (_root, { filter, url }, context) => authorized(context).create(filter, url),
  deleteWatch: (_root, { id }, context) => authorized(context).delete(id),
};

/** `Query.watches`, behind the same token. */
export const watchQueries: Pick<QueryResolvers, 'watches'> = {
  watches: (_root, _args, context) => authorized(context).list(),
};

/** A watch; its secret is never shown again. */
export const Watch: WatchResolvers = {
  pendingDeliveries: (watch, _args, context) => changeServices(context).watchAdmin.pendingFor(watch.id),
};

// Private: the admin, once the request's bearer token is checked.
function authorized(context: Context): WatchAdmin {
  const { watchAdmin } = changeServices(context);
  watchAdmin.authorize(context.authorization);
  return watchAdmin;
}
