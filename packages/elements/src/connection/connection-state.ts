/**
 * The life of a TerminalConnection's socket, as the UI sees it.
 *
 *   idle          nothing registered yet, no socket
 *   connecting    first attempt in flight (socket created, `welcome` not yet seen)
 *   open          authenticated; sessions are attached
 *   reconnecting  the socket dropped or an attempt failed; a retry is scheduled or in flight
 *   closed        disconnect() was called; connect() starts again
 *   failed        refused (token, protocol) or out of attempts; connect() starts again
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed';
