/**
 * Flow-control and liveness constants both sides agree on.
 */

/** bytes: the server stops sending to a client this far ahead of its acks. Small enough that Ctrl-C stays responsive under a flood. */
export const HIGH_WATERMARK = 256 * 1024;

/** bytes: sending (and a paused PTY) resumes once unacknowledged output drops below this. */
export const LOW_WATERMARK = 64 * 1024;

/** bytes: the client acks at least this often; no larger than LOW_WATERMARK so the server can always resume. */
export const ACK_STEP = 32 * 1024;

/** milliseconds: default interval of the client's application-level ping. */
export const HEARTBEAT_INTERVAL = 15_000;

/** milliseconds: a pong later than this after its ping means the socket is dead. */
export const HEARTBEAT_TIMEOUT = 10_000;
