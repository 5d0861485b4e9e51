import { createContext } from '../../src/graphql/context';
import type { GeopfClient, RequestScope } from '../../src/upstream/client/GeopfClient';
import type { FeedPage, ResourceEntry } from '../../src/upstream/format/model';

// A client whose capabilities answer at once from "the cache", recording the scope of each call (it holds no
// page for the loaders' warm path, so every load goes through `capabilities`).
function recordingClient(scopes: RequestScope[]): GeopfClient {
  const page: FeedPage<ResourceEntry> = { page: 1, pageSize: 50, pageCount: 1, totalEntries: 0, title: null, updated: null, entries: [] };
  return {
    capabilities: async (_params: unknown, _page: number, scope: RequestScope) => {
      scopes.push(scope);
      return page;
    },
    freshCachedPage: () => undefined,
  } as unknown as GeopfClient;
}

describe('createContext()', () => {
  afterEach(() => jest.restoreAllMocks());

  describe("the operation's deadline", () => {
    it('is not made by the context, nor by loads that never read it (answers from the cache)', async () => {
      const timeout = jest.spyOn(AbortSignal, 'timeout');
      const scopes: RequestScope[] = [];
      const context = createContext(recordingClient(scopes), { deadlineMs: 30_000, stop: new AbortController().signal });
      await context.loaders.capabilities({}).loadPage(1);
      expect(scopes).toHaveLength(1);
      expect(timeout).not.toHaveBeenCalled();
    });

    it('is the one signal every upstream call of the operation reads, made when first read', async () => {
      const scopes: RequestScope[] = [];
      const context = createContext(recordingClient(scopes), { deadlineMs: 30_000 });
      await context.loaders.capabilities({}).loadPage(1);
      await context.loaders.capabilities({ zone: 'D001' }).loadPage(1);
      const signal = scopes[0]?.signal;
      expect(signal).toBeInstanceOf(AbortSignal);
      expect(scopes[1]?.signal).toBe(signal);
      expect(context.scope.signal).toBe(signal);
      expect(context.deadline.signal).toBe(signal);
    });

    it("still counts the operation's upstream requests through the loaders' scopes", async () => {
      const scopes: RequestScope[] = [];
      const context = createContext(recordingClient(scopes), { deadlineMs: 30_000 });
      await context.loaders.capabilities({}).loadPage(1);
      scopes[0]?.onRequest?.({ call: 'capabilities', path: 'capabilities?limit=50&page=1' });
      expect(context.upstreamRequests).toHaveLength(1);
      expect(scopes[0]?.owner).toBe(context.upstreamRequests);
    });
  });
});
