/**
 * The bench clients load `ws` exactly as the termplex server does (resolved
 * from packages/server: 8.x), not the root's ws 7 that the test runner
 * brought, so both ends of every socket run the same library.
 */
import { createRequire } from 'node:module';
import type WebSocketType from 'ws';

const fromServer = createRequire(new URL('../../packages/server/package.json', import.meta.url));

const ws = fromServer('ws') as typeof import('ws');
export const WebSocket = ws.WebSocket as unknown as typeof WebSocketType;
export type WebSocket = WebSocketType;
