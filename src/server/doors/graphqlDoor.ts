import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Context } from '../../graphql/context';
import type { AdmittedRequest, Door } from '../admission/Door';

/** What the GraphQL door does before Apollo runs a request carrying `extensions.subscription` (a router's callback subscription). */
export type CallbackAdmission = (admitted: AdmittedRequest) => Promise<{ context: Context; done(): void } | null>;

/**
 * `POST /graphql` and `GET /graphql?query=…`: GraphQL over HTTP through Apollo Server's own integration API
 * (`executeHTTPGraphQLRequest`), Apollo's plugins applying the document guards (`createOperationLimitsPlugin`
 * with the process's `OperationGuards`, `parseOptions.maxTokens`). A router's callback subscription goes
 * through `callbacks` first (its parameters checked, its quota taken), which gives the context it runs in.
 */
export function graphqlDoor(apollo: ApolloServer<Context>, callbacks: CallbackAdmission = async () => null): Door {
  return {
    name: 'graphql',
    methods: ['GET', 'POST'],
    path: '/graphql',
    claims: (_request, url) => url.pathname === '/graphql',
    admission: { kind: 'graphql' },
    examples: [
      { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' } },
      { method: 'GET', path: '/graphql?query=%7B__typename%7D' },
    ],
    async serve(admitted) {
      const callback = await callbacks(admitted);
      const { request, response } = admitted;
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      try {
        const answer = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: admitted.url.search, body: admitted.json },
          context: async () => callback?.context ?? admitted.context(),
        });
        response.statusCode = answer.status ?? 200;
        for (const [name, value] of answer.headers) response.setHeader(name, value);
        if (answer.body.kind === 'complete') {
          response.end(answer.body.string);
          return;
        }
        for await (const chunk of answer.body.asyncIterator) response.write(chunk);
        response.end();
      } finally {
        callback?.done();
      }
    },
  };
}
