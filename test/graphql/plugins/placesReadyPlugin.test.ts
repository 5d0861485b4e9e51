import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../../../src/graphql/context';
import { placesReadyPlugin } from '../../../src/graphql/plugins/placesReadyPlugin';
import { buildSchema } from '../../../src/graphql/schema';
import { preparePlaces } from '../../../src/zones';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('placesReadyPlugin()', () => {
  it('holds an operation that mentions a place until the place data is loaded, and never holds another', async () => {
    // The resolvers' own wait is then over at once: only the plugin can hold the operation.
    await preparePlaces();
    const events: string[] = [];
    let called!: () => void;
    const prepareCalled = new Promise<void>((resolve) => (called = resolve));
    let release!: () => void;
    const loaded = new Promise<void>((resolve) => (release = resolve));
    const prepare = () => {
      events.push('prepare');
      called();
      return loaded;
    };
    const executions: ApolloServerPlugin<Context> = {
      async requestDidStart() {
        return {
          async executionDidStart({ operationName }) {
            events.push(`execute ${operationName ?? ''}`);
          },
        };
      },
    };
    const server = new ApolloServer<Context>({ schema: buildSchema(), plugins: [placesReadyPlugin(prepare), executions], logger: quiet });
    await server.start();
    const run = (query: string) => server.executeOperation({ query }, { contextValue: {} as Context });
    try {
      const pending = run('query Where { place(input: "D029") { code } }');
      await prepareCalled;
      // A whole other operation runs meanwhile, without waiting: the place one is still held.
      const other = await run('query Other { zone(input: "29") { code } }');
      expect(other.body.kind === 'single' && other.body.singleResult.data).toEqual({ zone: { code: 'D029' } });
      events.push('release');
      release();
      const response = await pending;
      expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({ place: { code: 'D029' } });
      expect(events).toEqual(['prepare', 'execute Other', 'release', 'execute Where']);
    } finally {
      await server.stop();
    }
  });
});
