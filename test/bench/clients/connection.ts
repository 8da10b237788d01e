/**
 * One client's view of a server, for workloads that need several terminals:
 * termplex multiplexes them over one socket (up to its per-socket limit, then
 * another socket); the raw baseline has no multiplexing, so each terminal
 * is a socket of its own.
 */
import { openRawSession } from './raw-client.js';
import { RawMuxClient } from './raw-mux-client.js';
import { TermplexClient, type TermplexSession } from './termplex-client.js';
import { sentinel, waitForText, type BenchStream } from './bench-stream.js';
import type { ServerProcess } from '../server-process.js';

/** Sessions per termplex socket; under the server's default maxSessionsPerSocket (32). */
const SESSIONS_PER_SOCKET = 25;

export interface Connection {
  open(): Promise<BenchStream>;
  /** Ends every terminal this connection opened, then its socket(s). */
  close(): Promise<void>;
}

class RawConnection implements Connection {
  private readonly streams: BenchStream[] = [];
  constructor(private readonly server: ServerProcess) {}

  async open(): Promise<BenchStream> {
    const stream = await openRawSession(this.server.wsUrl);
    this.streams.push(stream);
    return stream;
  }

  async close(): Promise<void> {
    await Promise.all(this.streams.map((s) => s.close()));
  }
}

/** raw-mux: every terminal on one socket, like termplex, with no limit per socket. */
class RawMuxConnection implements Connection {
  private client: Promise<RawMuxClient> | undefined;
  private readonly streams: BenchStream[] = [];
  constructor(private readonly server: ServerProcess) {}

  async open(): Promise<BenchStream> {
    const stream = await (await (this.client ??= RawMuxClient.connect(this.server.wsUrl))).open();
    this.streams.push(stream);
    return stream;
  }

  async close(): Promise<void> {
    await Promise.all(this.streams.map((s) => s.close()));
    if (this.client) await (await this.client).close();
  }
}

class TermplexConnection implements Connection {
  private readonly clients: { client: TermplexClient; sessions: TermplexSession[] }[] = [];
  constructor(private readonly server: ServerProcess) {}

  async open(): Promise<BenchStream> {
    let slot = this.clients.at(-1);
    if (!slot || slot.sessions.length >= SESSIONS_PER_SOCKET) {
      slot = { client: await TermplexClient.connect(this.server.wsUrl, this.server.token), sessions: [] };
      this.clients.push(slot);
    }
    const session = await slot.client.open();
    slot.sessions.push(session);
    return session;
  }

  /** The first socket's client, for workloads that act on the socket itself. */
  get firstClient(): TermplexClient | undefined {
    return this.clients[0]?.client;
  }

  async close(): Promise<void> {
    for (const { client, sessions } of this.clients) {
      await Promise.all(sessions.map((s) => s.close()));
      await client.close();
    }
  }
}

export async function connect(server: ServerProcess): Promise<Connection> {
  if (server.kind === 'raw') return new RawConnection(server);
  if (server.kind === 'raw-mux') return new RawMuxConnection(server);
  return new TermplexConnection(server);
}

let readyCount = 0;

/** Waits until the shell behind `stream` has run a command, i.e. is ready for input. */
export async function shellReady(stream: BenchStream, timeoutMs = 20_000): Promise<void> {
  const mark = sentinel(`READY${++readyCount}`);
  const seen = waitForText(stream, mark.text, timeoutMs);
  stream.write(`${mark.command}\r`);
  await seen;
}

/** Opens `count` terminals on one connection and waits until every shell answers. */
export async function openReady(connection: Connection, count: number): Promise<BenchStream[]> {
  const streams: BenchStream[] = [];
  for (let i = 0; i < count; i++) streams.push(await connection.open());
  await Promise.all(streams.map((s) => shellReady(s)));
  return streams;
}
