/** The raw baseline's client: one WebSocket is one terminal; binary frames both ways. */
import { BenchStream } from './bench-stream.js';
import { closeSocket, openSocket } from './open-socket.js';
import type { WebSocket } from '../node-deps.js';

export class RawSession extends BenchStream {
  constructor(readonly socket: WebSocket) {
    super();
    socket.on('message', (data: Buffer) => this.deliver(data));
    socket.on('close', () => this.markExited());
  }

  write(data: string | Uint8Array): void {
    this.socket.send(typeof data === 'string' ? Buffer.from(data) : data, { binary: true });
  }

  close(): Promise<void> {
    return closeSocket(this.socket);
  }
}

export async function openRawSession(wsUrl: string): Promise<RawSession> {
  return new RawSession(await openSocket(wsUrl, []));
}
