/**
 * @termplex/elements: importing this module defines <term-connection>,
 * <term-session> and <term-player>. Import the `*.component.js` modules for
 * the classes alone.
 */
export { TermConnection } from './term-connection/term-connection.js';
export { TermSession } from './term-session/term-session.js';
export { TermPlayer } from './term-player/term-player.js';
export type { FindOptions } from './term-session/find-query.js';
export { TerminalConnection, type Outage, type TerminalConnectionOptions } from './connection/terminal-connection.js';
export type { SessionChannel, SessionStatus } from './connection/session-channel.js';
export type { SessionHandler, SessionSpec } from './connection/session-handler.js';
export type { ConnectionState } from './connection/connection-state.js';
export type { RetryPolicy } from './connection/backoff.js';
export type { SocketFactory, SocketLike, Timers } from './connection/socket.js';
export { connectionContext } from './context.js';
export type * from './events.js';
