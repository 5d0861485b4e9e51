import type { WebSocketSubscriptions } from '../../delivery/subscriptions/createWebSocketSubscriptions';
import type { ChangeServices } from '../../graphql/context';
import type { UpgradeDoor } from '../admission/Door';

/** `/graphql` over WebSocket (graphql-ws): upgrades admitted like a `graphql` door, each message bounded like a body. */
export function webSocketDoor(webSockets: WebSocketSubscriptions, services: ChangeServices): UpgradeDoor {
  return {
    name: 'graphql-ws',
    path: '/graphql (Upgrade: websocket, subprotocol graphql-transport-ws)',
    claims: (_request, url) => url.pathname === '/graphql',
    admission: { kind: 'graphql' },
    examples: [{ method: 'GET', path: '/graphql', headers: { upgrade: 'websocket', 'sec-websocket-protocol': 'graphql-transport-ws' } }],
    upgrade: (admitted) => webSockets.handleUpgrade(admitted.request, admitted.socket, admitted.head, () => admitted.context({ changes: services })),
  };
}
