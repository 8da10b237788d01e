/**
 * Resume: terminals print a numbered line every 20 ms through a TCP proxy
 * that then drops the connection without a close handshake. The client
 * reconnects at once (no backoff: that delay is the client's policy, not the
 * kit's cost) and re-attaches every session from the offset it holds. The
 * figure runs from the new socket's handshake to every session re-attached,
 * its replay delivered and a live byte after it. Loss is checked twice: the
 * server's own account (`opened.lost`, `lost`), and the numbered lines
 * themselves, which must run on without a gap or a repeat.
 */
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';
import { shellReady } from '../clients/connection.js';
import { waitForBytes } from '../clients/bench-stream.js';
import { TermplexClient, type TermplexSession } from '../clients/termplex-client.js';
import type { ServerProcess } from '../server-process.js';
import { nowMs } from '../stats.js';

export interface ResumeFigures {
  /** milliseconds from the new socket to every session streaming again. */
  resumeMs: number;
  /** milliseconds from the new socket to the last `opened`. */
  openedMs: number;
  /** bytes the server reported lost, plus any offset mismatch on re-attach. */
  lostBytes: number;
  /** places where the numbered lines skip or repeat, counted over the whole run so far. */
  sequenceBreaks: number;
}

/** A perl loop, not `sleep` in sh: one process per terminal, no fork storm. */
const COUNTER = `exec perl -e '$|=1; for ($i = 0; ; $i++) { print "$i\\n"; select(undef, undef, undef, 0.02) }'\r`;

interface Tracked {
  sessionId: string;
  /** Everything received so far, by absolute offset (the counter's output is small). */
  text: string;
  session: TermplexSession;
}

function append(tracked: Tracked) {
  return (chunk: Uint8Array) => (tracked.text += Buffer.from(chunk).toString('latin1'));
}

/** Over everything received so far; the last, possibly unfinished, line is left out. */
function sequenceBreaks(text: string): number {
  const numbers = text.split('\r\n').slice(0, -1).filter((line) => /^\d+$/.test(line)).map(Number);
  let breaks = 0;
  for (let i = 1; i < numbers.length; i++) if (numbers[i] !== numbers[i - 1] + 1) breaks++;
  return breaks;
}

export class ResumeBench {
  private constructor(
    private readonly server: ServerProcess,
    private readonly proxy: TcpProxy,
    private client: TermplexClient,
    private readonly tracked: Tracked[],
  ) {}

  static async start(server: ServerProcess, sessions: number): Promise<ResumeBench> {
    const proxy = await startTcpProxy(server.port);
    const client = await TermplexClient.connect(server.wsUrl.replace(`:${server.port}/`, `:${proxy.port}/`), server.token);
    const tracked: Tracked[] = [];
    for (let i = 0; i < sessions; i++) {
      const t = { sessionId: '', text: '' } as Tracked;
      t.session = await client.open({ listener: append(t) });
      t.sessionId = t.session.sessionId;
      tracked.push(t);
    }
    await Promise.all(tracked.map((t) => shellReady(t.session)));
    for (const t of tracked) t.session.write(COUNTER);
    await Promise.all(tracked.map((t) => waitForBytes(t.session, t.session.received + 64, 10_000)));
    return new ResumeBench(server, proxy, client, tracked);
  }

  /** One drop and resume. */
  async once(): Promise<ResumeFigures> {
    const gone = new Promise<void>((resolve) => this.client.socket.once('close', () => resolve()));
    this.proxy.cut();
    await gone;
    const client = await TermplexClient.connect(this.server.wsUrl.replace(`:${this.server.port}/`, `:${this.proxy.port}/`), this.server.token);
    this.client = client;
    let openedAt = 0;
    let lostBytes = 0;
    const done = await Promise.all(
      this.tracked.map(async (t) => {
        const offset = t.session.offset;
        const session = await client.open({ sessionId: t.sessionId, offset, listener: append(t) });
        t.session = session;
        openedAt = Math.max(openedAt, nowMs());
        lostBytes += session.lostBytes + Math.abs(session.opened.offset - offset);
        // Streaming again: the replay up to `head` is in, and a live byte after it.
        await waitForBytes(session, session.opened.head - session.opened.offset + 1, 10_000);
        return nowMs();
      }),
    );
    return {
      resumeMs: Math.max(...done) - client.connectedAt,
      openedMs: openedAt - client.connectedAt,
      lostBytes: lostBytes + this.tracked.reduce((sum, t) => sum + t.session.lostBytes - t.session.opened.lost, 0),
      sequenceBreaks: this.tracked.reduce((sum, t) => sum + sequenceBreaks(t.text), 0),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.tracked.map((t) => t.session.close()));
    await this.client.close();
    await this.proxy.close();
  }
}
