/** The raw-mux baseline's client: one WebSocket, many terminals, each frame behind a 5-byte header. */
import { BenchStream } from './bench-stream.js';
import { closeSocket, openSocket } from './open-socket.js';
import type { WebSocket } from '../node-deps.js';
import { MUX_HEADER, MuxKind, muxFrame } from '../raw-mux-frame.js';

const OPEN_TIMEOUT_MS = 10_000;

export class RawMuxSession extends BenchStream {
  constructor(private readonly client: RawMuxClient, readonly id: number) {
    super();
  }

  get socket(): WebSocket {
    return this.client.socket;
  }

  receive(data: Uint8Array): void {
    this.deliver(data);
  }

  exit(): void {
    this.markExited();
  }

  write(data: string | Uint8Array): void {
    this.client.send(muxFrame(MuxKind.Data, this.id, typeof data === 'string' ? Buffer.from(data) : data));
  }

  close(): Promise<void> {
    this.client.send(muxFrame(MuxKind.Exit, this.id));
    this.client.forget(this.id);
    return Promise.resolve();
  }
}

export class RawMuxClient {
  private readonly sessions = new Map<number, RawMuxSession>();
  private readonly opening = new Map<number, () => void>();
  private nextId = 1;

  private constructor(readonly socket: WebSocket) {}

  static async connect(wsUrl: string): Promise<RawMuxClient> {
    let client: RawMuxClient | undefined;
    await openSocket(wsUrl, [], (socket) => {
      client = new RawMuxClient(socket);
      socket.on('message', (data: Buffer) => client!.onFrame(data));
    });
    return client!;
  }

  send(frame: Uint8Array): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(frame, { binary: true });
  }

  forget(id: number): void {
    this.sessions.delete(id);
  }

  /** A new terminal on this socket; resolves once the server says it spawned. */
  open(): Promise<RawMuxSession> {
    const session = new RawMuxSession(this, this.nextId++);
    this.sessions.set(session.id, session);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`raw-mux open of ${session.id} got no answer in ${OPEN_TIMEOUT_MS} ms`)), OPEN_TIMEOUT_MS);
      this.opening.set(session.id, () => {
        clearTimeout(timer);
        resolve(session);
      });
      this.send(muxFrame(MuxKind.Open, session.id));
    });
  }

  private onFrame(data: Buffer): void {
    if (data.length < MUX_HEADER) return;
    const id = data.readUInt32BE(1);
    if (data[0] === MuxKind.Open) {
      this.opening.get(id)?.();
      this.opening.delete(id);
    } else if (data[0] === MuxKind.Data) {
      this.sessions.get(id)?.receive(data.subarray(MUX_HEADER));
    } else if (data[0] === MuxKind.Exit) {
      this.sessions.get(id)?.exit();
    }
  }

  close(): Promise<void> {
    return closeSocket(this.socket);
  }
}
