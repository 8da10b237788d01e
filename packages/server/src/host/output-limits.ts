/** Sizes shared by the session's output batching and the socket pump. */

/** bytes: largest data payload in one output frame. */
export const FRAME_CAP = 64 * 1024;
/** bytes: stop queueing frames while a socket holds this much unsent. */
export const SOCKET_BUFFER_CAP = 1024 * 1024;
