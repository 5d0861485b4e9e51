import type { WebSocketSubscriptions } from '../../delivery/subscriptions/createWebSocketSubscriptions';
import type { UpgradeDoor } from '../admission/Door';

/** `/graphql` over WebSocket (graphql-ws): upgrades admitted like a `graphql` door; each `subscribe` message guarded and counted by the transport. */
export function webSocketDoor(webSockets: WebSocketSubscriptions): UpgradeDoor {
  return {
    name: 'graphql-ws',
    path: '/graphql (Upgrade: websocket, subprotocol graphql-transport-ws)',
    claims: (_request, url) => url.pathname === '/graphql',
    admission: { kind: 'graphql' },
    examples: [{ method: 'GET', path: '/graphql', headers: { upgrade: 'websocket', 'sec-websocket-protocol': 'graphql-transport-ws' } }],
    upgrade: (admitted) =>
      webSockets.handleUpgrade(admitted.request, admitted.socket, admitted.head, {
        clientAddress: admitted.clientAddress,
        context: (changes) => admitted.context({ changes }),
      }),
  };
}
