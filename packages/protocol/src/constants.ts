/**
 * Wire constants shared by client and server. Every bound carries its unit and
 * the reason it exists; both sides import these so they can never disagree.
 */

/** The one WebSocket subprotocol this package speaks. A peer offering another is refused with a close reason. */
export const SUBPROTOCOL = 'termplex.v1';

/** Session ids are 128 random bits written as 32 lowercase hex characters. */
export const SESSION_ID_PATTERN = /^[0-9a-f]{32}$/;

/** Profile names are short identifiers, never command lines. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const LIMITS = {
  /** characters: a token longer than this is not a token, it is an attack on the comparison. */
  tokenLength: 1024,
  /** characters: a ticket or resume credential (a signed claim of a few fields). */
  ticketLength: 2048,
  /** characters: free-form client name in `hello`, for logs only. */
  clientNameLength: 128,
  /** columns: beyond this a PTY is unusable and xterm's buffers grow large. */
  cols: 1000,
  /** rows: same reason as cols. */
  rows: 500,
  /** channels are server-assigned uint32 values; 0 is never used. */
  channel: 0xffff_ffff,
  /** bytes: a control (JSON) frame is small; anything bigger is garbage. */
  controlFrame: 64 * 1024,
  /** bytes: largest WebSocket message either side accepts (ws maxPayload). */
  payload: 1024 * 1024,
  /** bytes: error and reason messages are truncated to this on the wire. */
  messageText: 512,
} as const;

/** Binary frame layout: 1 byte kind, 4 bytes channel (uint32, big-endian), then raw bytes. */
export const FRAME_HEADER_BYTES = 5;

/** Largest data payload in one binary frame, so a whole frame fits in LIMITS.payload. */
export const MAX_FRAME_DATA = LIMITS.payload - FRAME_HEADER_BYTES;

export const FrameKind = {
  /** server -> client: PTY output for a channel. */
  Output: 0x01,
  /** client -> server: keyboard / paste input for a channel. */
  Input: 0x02,
  /** server -> client: a screen snapshot (escape sequences that draw it), announced by a `snapshot` message. */
  Snapshot: 0x03,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** WebSocket close codes (4000-4999 is the application range). */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  TooLarge: 1009,
  /** the token in `hello` was wrong or the first frame was not `hello`. */
  AuthFailed: 4001,
  /** the client offered a subprotocol this server does not speak. */
  ProtocolVersion: 4002,
  /** no `hello` arrived in time. */
  AuthTimeout: 4003,
  /** too many malformed frames from this socket. */
  Abuse: 4008,
  /** the server is shutting down. */
  Shutdown: 4009,
  /** the web server cannot reach its PTY host right now: reconnect later. */
  HostUnavailable: 4013,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
