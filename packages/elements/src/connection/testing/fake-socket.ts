/**
 * A WebSocket stand-in for unit tests: records what the client sends and lets
 * the test play the server's part.
 */
import { FrameKind, decodeFrame, encodeFrame, encodeMessage, type ClientMessage, type DataFrame, type ServerMessage } from '@termplex/protocol';
import type { SocketCloseEvent, SocketLike, SocketMessageEvent } from '../socket.js';

export class FakeSocket implements SocketLike {
  binaryType = 'blob';
  protocol: string;
  closed: { code?: number; reason?: string } | undefined;
  readonly sent: Array<string | Uint8Array> = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: SocketMessageEvent) => void) | null = null;
  onclose: ((event: SocketCloseEvent) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    protocol: string,
  ) {
    this.protocol = protocol;
  }

  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closed = { code, reason };
  }

  /** Control messages the client sent, decoded. */
  get messages(): ClientMessage[] {
    return this.sent.filter((item): item is string => typeof item === 'string').map((text) => JSON.parse(text) as ClientMessage);
  }

  /** Input frames the client sent, decoded. */
  get frames(): DataFrame[] {
    return this.sent.filter((item): item is Uint8Array => typeof item !== 'string').map((bytes) => {
      const decoded = decodeFrame(bytes, FrameKind.Input);
      if (!decoded.ok) throw new Error(decoded.error.message);
      return decoded.value;
    });
  }

  last<T extends ClientMessage['type']>(type: T): Extract<ClientMessage, { type: T }> | undefined {
    return this.messages.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type).at(-1);
  }

  open(): void {
    this.onopen?.({});
  }

  receive(message: ServerMessage): void {
    this.onmessage?.({ data: encodeMessage(message) });
  }

  receiveOutput(channel: number, text: string): void {
    const frame = encodeFrame(FrameKind.Output, channel, new TextEncoder().encode(text));
    this.onmessage?.({ data: frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) });
  }

  /** The server (or the network) ends the socket. */
  drop(code = 1006, reason = ''): void {
    this.onclose?.({ code, reason });
  }
}
