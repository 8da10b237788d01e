/**
 * The slice of the WebSocket API TerminalConnection uses, so it can be driven
 * by a browser WebSocket, the `ws` package, or a fake in unit tests, and so
 * this folder needs no DOM types.
 */

export interface SocketMessageEvent {
  data: unknown;
}

export interface SocketCloseEvent {
  code: number;
  reason: string;
}

export interface SocketLike {
  binaryType: string;
  readonly protocol: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: SocketMessageEvent) => void) | null;
  onclose: ((event: SocketCloseEvent) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string, protocol: string) => SocketLike;

/** Timer functions, injectable so tests control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** The platform's WebSocket, if it has one (browsers, Node 22+). */
export const globalSocketFactory: SocketFactory = (url, protocol) => {
  const Socket = (globalThis as { WebSocket?: new (url: string, protocols: string) => SocketLike }).WebSocket;
  if (!Socket) throw new TypeError('no WebSocket in this environment; pass options.createSocket');
  return new Socket(url, protocol);
};

/**
 * Something that calls `wake` when retrying now is likely to work: the
 * browser came back online, or a hidden tab became visible. Returns a disposer.
 */
export type WakeSource = (wake: () => void) => () => void;
