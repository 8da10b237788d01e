/**
 * The link between a web server and a PTY host: a WebSocket over the host's
 * Unix socket, so terminal bytes travel as binary frames (never JSON-escaped)
 * with ws's framing, limits and back-pressure. Two kinds of link, by path:
 *
 *   /channels  one per browser socket: the client protocol from `open` on,
 *              relayed as is (the web server already did hello and auth)
 *   /control   one per web server: JSON requests {id, op, ...} answered
 *              {id, ok: true, value} or {id, ok: false, error: {code, message}}
 *
 * Authentication happens before the handshake: the upgrade request carries
 * the host's key (a file beside the socket, mode 0600, new at every host
 * start) and the versioned subprotocol; anything else gets a plain HTTP
 * refusal and no WebSocket.
 */
import { readFile } from 'node:fs/promises';

export const HOST_SUBPROTOCOL = 'termplex-host.v1';
export const KEY_HEADER = 'x-termplex-host-key';
/** The browser socket a channel link carries, "address:port", for the host's logs. */
export const PEER_HEADER = 'x-termplex-peer';
export const CHANNELS_PATH = '/channels';
export const CONTROL_PATH = '/control';
/** bytes: a host key is 32 random bytes in hex. */
export const HOST_KEY_BYTES = 32;

export function keyPathFor(socketPath: string): string {
  return `${socketPath}.key`;
}

export async function readHostKey(socketPath: string): Promise<string> {
  return (await readFile(keyPathFor(socketPath), 'utf8')).trim();
}

export type ControlRequest =
  | { id: number; op: 'info' }
  | { id: number; op: 'create'; profile?: string; cols?: number; rows?: number }
  | { id: number; op: 'list' }
  | { id: number; op: 'end'; sessionId: string };

export type ControlReply = { id: number; ok: true; value: unknown } | { id: number | null; ok: false; error: { code: string; message: string } };
