import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { CallbackAdmission } from '../../delivery/subscriptions/callbacks/CallbackAdmission';
import type { Context } from '../../graphql/context';
import type { Door } from '../admission/Door';

/**
 * `POST /graphql` and `GET /graphql?query=…`: GraphQL over HTTP through Apollo Server's own integration API
 * (`executeHTTPGraphQLRequest`), Apollo's plugins applying the document guards (`createOperationLimitsPlugin`
 * with the process's `OperationGuards`, `parseOptions.maxTokens`). A router's callback subscription goes
 * through `callbacks` first (its parameters checked, its quota taken), which gives the context it runs in.
 */
export function graphqlDoor(apollo: ApolloServer<Context>, callbacks: CallbackAdmission): Door {
  return {
    name: 'graphql',
    methods: ['GET', 'POST'],
    path: '/graphql',
    claims: (_request, url) => url.pathname === '/graphql',
    admission: { kind: 'graphql' },
    examples: [
      { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' } },
      { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', accept: 'application/json;callbackSpec=1.0' } },
      { method: 'GET', path: '/graphql?query=%7B__typename%7D' },
    ],
    async serve(admitted) {
      const callback = await callbacks.admit(admitted.graphql, admitted.clientAddress);
      const { request, response } = admitted;
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      try {
        const answer = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: admitted.url.search, body: admitted.json },
          context: async () => admitted.context(callback ? { changes: callback.services } : {}),
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
