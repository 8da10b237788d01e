/**
 * Stable error codes. The same code appears on the wire (`error` messages and
 * close reasons), in server logs, in element events and in the README.
 */
export const ErrorCode = {
  /** A text frame that is not JSON, or not a JSON object. */
  BadJson: 'TERMPLEX_ERR_BAD_JSON',
  /** `type` is missing or names no known message. */
  UnknownType: 'TERMPLEX_ERR_UNKNOWN_TYPE',
  /** A required field is absent. */
  MissingField: 'TERMPLEX_ERR_MISSING_FIELD',
  /** A field has the wrong JSON type or shape. */
  BadField: 'TERMPLEX_ERR_BAD_FIELD',
  /** A field is of the right type but outside its bounds. */
  OutOfBounds: 'TERMPLEX_ERR_OUT_OF_BOUNDS',
  /** A binary frame shorter than its header. */
  TruncatedFrame: 'TERMPLEX_ERR_TRUNCATED_FRAME',
  /** A binary frame whose kind byte is unknown or not allowed in this direction. */
  UnknownFrameKind: 'TERMPLEX_ERR_UNKNOWN_FRAME_KIND',
  /** A frame larger than the protocol allows. */
  TooLarge: 'TERMPLEX_ERR_TOO_LARGE',

  /** The token was wrong, or a message came before `hello`. */
  Auth: 'TERMPLEX_ERR_AUTH',
  /** A ticket or resume credential that is malformed, forged, or from before this server started. */
  TicketInvalid: 'TERMPLEX_ERR_TICKET_INVALID',
  /** A ticket (or resume credential) past its expiry. */
  TicketExpired: 'TERMPLEX_ERR_TICKET_EXPIRED',
  /** A ticket that already opened a connection: tickets are single-use. */
  TicketUsed: 'TERMPLEX_ERR_TICKET_USED',
  /** The connection's ticket does not grant this (another profile, another session, writing to a read-only grant). */
  NotGranted: 'TERMPLEX_ERR_NOT_GRANTED',
  /** A visitor quota (sessions per ticket or per client address) is used up. */
  Quota: 'TERMPLEX_ERR_QUOTA',
  /** No `hello` within the deadline. */
  AuthTimeout: 'TERMPLEX_ERR_AUTH_TIMEOUT',
  /** The peer speaks another protocol version. */
  ProtocolVersion: 'TERMPLEX_ERR_PROTOCOL_VERSION',
  /** The request's Origin or Host is not allowed (HTTP 403 before the upgrade). */
  Forbidden: 'TERMPLEX_ERR_FORBIDDEN',
  /** No session has this id (it never existed, expired or exited). */
  UnknownSession: 'TERMPLEX_ERR_UNKNOWN_SESSION',
  /** <term-player>: the recording could not be loaded, or is not an asciicast v2/v3 file. */
  BadRecording: 'TERMPLEX_ERR_BAD_RECORDING',
  /** No recording has this id, or the server records nothing (HTTP API). */
  UnknownRecording: 'TERMPLEX_ERR_UNKNOWN_RECORDING',
  /** No attachment on this socket has this channel. */
  UnknownChannel: 'TERMPLEX_ERR_UNKNOWN_CHANNEL',
  /** The server has no profile of this name. */
  UnknownProfile: 'TERMPLEX_ERR_UNKNOWN_PROFILE',
  /** Too many sessions on this socket or on the server. */
  SessionLimit: 'TERMPLEX_ERR_SESSION_LIMIT',
  /** Input sent on a read-only attachment. */
  ReadOnly: 'TERMPLEX_ERR_READONLY',
  /** The session's program has not read the input queued before (1 MiB): this input was refused. */
  InputFull: 'TERMPLEX_ERR_INPUT_FULL',
  /** The profile's program could not be started. */
  SpawnFailed: 'TERMPLEX_ERR_SPAWN_FAILED',
  /** Too many messages too fast from this socket. */
  RateLimit: 'TERMPLEX_ERR_RATE_LIMIT',
  /** Too many bad frames: the socket is being closed. */
  Abuse: 'TERMPLEX_ERR_ABUSE',
  /** The server is shutting down. */
  Shutdown: 'TERMPLEX_ERR_SHUTDOWN',
  /** The web server cannot reach its PTY host (it is starting, restarting or gone); try again shortly. */
  HostUnavailable: 'TERMPLEX_ERR_HOST_UNAVAILABLE',
  /** An `open` used a ref that is still pending on this socket. */
  DuplicateRef: 'TERMPLEX_ERR_DUPLICATE_REF',
  /** An HTTP request's body did not arrive within its deadline (HTTP 408). */
  RequestTimeout: 'TERMPLEX_ERR_REQUEST_TIMEOUT',

  /** Client side: the socket could not be opened or kept open. */
  ConnectionFailed: 'TERMPLEX_ERR_CONNECTION_FAILED',
  /** Client side: an element attribute has an invalid value. */
  BadAttribute: 'TERMPLEX_ERR_BAD_ATTRIBUTE',
  /** Client side: a <term-session> found no <term-connection>. */
  NoConnection: 'TERMPLEX_ERR_NO_CONNECTION',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A validation or runtime error as it travels: a stable code and a human sentence. */
export interface ProtocolError {
  code: ErrorCode;
  message: string;
  /** Set when the failing frame named a channel, so the error reaches that session only. */
  channel?: number;
  /** Set when the failing frame was an `open` with a ref. */
  ref?: number;
  /** Set when the failing frame named a session id. */
  sessionId?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

export function fail(code: ErrorCode, message: string, extra: Partial<ProtocolError> = {}): { ok: false; error: ProtocolError } {
  return { ok: false, error: { code, message, ...extra } };
}
