/** The raw baseline's client: one WebSocket is one terminal; binary frames both ways. */
import { BenchStream } from './bench-stream.js';
import { closeSocket, openSocket } from './open-socket.js';
import type { WebSocket } from '../node-deps.js';

export class RawSession extends BenchStream {
  readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    super();
    this.socket = socket;
    socket.on('message', (data: Buffer) => this.deliver(data));
    socket.on('close', () => this.markExited());
  }

  static async open(wsUrl: string): Promise<RawSession> {
    let session: RawSession | undefined;
    await openSocket(wsUrl, [], (socket) => (session = new RawSession(socket)));
    return session!;
  }

  write(data: string | Uint8Array): void {
    this.socket.send(typeof data === 'string' ? Buffer.from(data) : data, { binary: true });
  }

  close(): Promise<void> {
    return closeSocket(this.socket);
  }
}

export function openRawSession(wsUrl: string): Promise<RawSession> {
  return RawSession.open(wsUrl);
}
