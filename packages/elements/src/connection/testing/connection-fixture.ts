/**
 * A TerminalConnection on a fake socket and a manual clock, and the server's
 * side of the conversation, for the connection's unit tests.
 */
import { SUBPROTOCOL, type OpenedMessage } from '@termplex/protocol';
import type { ConnectionState } from '../connection-state.js';
import type { SessionHandler } from '../session-handler.js';
import { TerminalConnection, type TerminalConnectionOptions } from '../terminal-connection.js';
import { FakeSocket } from './fake-socket.js';
import { FakeTimers } from './fake-timers.js';

export const ID_A = 'a'.repeat(32);
export const ID_B = 'b'.repeat(32);

export function setup(options: Partial<TerminalConnectionOptions> = {}, random = () => 0.5) {
  const timers = new FakeTimers();
  const sockets: FakeSocket[] = [];
  const connection = new TerminalConnection({
    url: 'ws://127.0.0.1:9/termplex',
    token: 'secret',
    timers,
    random,
    createSocket: (url, protocol) => {
      const socket = new FakeSocket(url, protocol);
      sockets.push(socket);
      return socket;
    },
    ...options,
  });
  const states: ConnectionState[] = [];
  connection.onStateChange((state) => states.push(state));
  return { connection, timers, sockets, states, socket: () => sockets.at(-1)! };
}

export function welcome(socket: FakeSocket, heartbeat = 15_000): void {
  socket.open();
  socket.receive({ type: 'welcome', protocol: SUBPROTOCOL, server: 'test', heartbeat });
}

export function opened(socket: FakeSocket, ref: number, channel: number, sessionId: string, extra: Partial<OpenedMessage> = {}): void {
  socket.receive({ type: 'opened', ref, channel, sessionId, profile: 'bash', offset: 0, head: 0, lost: 0, cols: 80, rows: 24, readonly: false, ...extra });
}

export function recorder() {
  const events: Array<[string, ...unknown[]]> = [];
  const text: string[] = [];
  const handler: SessionHandler = {
    opened: (info) => events.push(['opened', info.sessionId, info.offset]),
    output: (data, end) => {
      text.push(new TextDecoder().decode(data));
      events.push(['output', end]);
    },
    lost: (bytes, offset) => events.push(['lost', bytes, offset]),
    size: (cols, rows) => events.push(['size', cols, rows]),
    exit: (code, signal) => events.push(['exit', code, signal]),
    error: (error) => events.push(['error', error.code, error.message]),
    closed: () => events.push(['closed']),
  };
  return { handler, events, text };
}
