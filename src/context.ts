import type { Loaders } from './loaders/createLoaders';
import { createLoaders } from './loaders/createLoaders';
import type { GeopfClient } from './upstream/GeopfClient';

/** What every resolver receives (codegen `contextType`): this request's loaders and the URL builder. */
export interface Context {
  loaders: Loaders;
  upstream: Pick<GeopfClient, 'listingUrl' | 'downloadUrl'>;
}

/** A fresh context per GraphQL request: new loaders, the process-wide client. */
export function createContext(client: GeopfClient): Context {
  return { loaders: createLoaders(client), upstream: client };
}
