import { GraphQLError } from 'graphql';
import type { Context } from '../context';
import { ErrorCode } from '../errors';
import type { WatchAdmin } from '../webhooks/WatchAdmin';
import type { ChangeEvent } from './ChangeEvent';
import type { ChangeStreams } from './ChangeStreams';

/** What the change resolvers need from the process (in the GraphQL context as `changes`). */
export interface ChangeServices {
  streams: ChangeStreams;
  watchAdmin: WatchAdmin;
  /** The upstream listing of an event's edition, or of its product. */
  listingUrl(event: ChangeEvent): string;
}

/** The context's change services; an internal error when the server was built without them. */
export function changeServices(context: Context): ChangeServices {
  if (!context.changes) throw new GraphQLError('Change delivery is not configured on this server.', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
  return context.changes;
}
