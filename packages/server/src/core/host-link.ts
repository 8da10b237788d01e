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
 * the host key (TERMPLEX_HOST_KEY, a secret the operator gives the host and
 * its web servers alike, never written to a file and never in a shell's
 * reach) and the versioned subprotocol; anything else gets a plain HTTP
 * refusal and no WebSocket.
 */

export const HOST_SUBPROTOCOL = 'termplex-host.v1';
export const KEY_HEADER = 'x-termplex-host-key';
/** The browser socket a channel link carries, "address:port", for the host's logs. */
export const PEER_HEADER = 'x-termplex-peer';
/** A ticket socket's grant (core/grant.ts) as JSON: what the host lets that socket do. */
export const GRANT_HEADER = 'x-termplex-grant';
export const CHANNELS_PATH = '/channels';
export const CONTROL_PATH = '/control';
/** characters: bounds of a host key (16 is already 96 bits in base64). */
export const HOST_KEY_LENGTH = [16, 1024] as const;

export type ControlRequest =
  | { id: number; op: 'info' }
  | { id: number; op: 'create'; profile?: string; cols?: number; rows?: number }
  | { id: number; op: 'list' }
  | { id: number; op: 'profiles' }
  | { id: number; op: 'end'; sessionId: string };

export type ControlReply = { id: number; ok: true; value: unknown } | { id: number | null; ok: false; error: { code: string; message: string } };
