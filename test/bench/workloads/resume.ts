/**
 * Resume: terminals print a numbered line every 20 ms through a TCP proxy
 * that then drops the connection without a close handshake. The client
 * reconnects at once (no backoff: that delay is the client's policy, not the
 * kit's cost) and re-attaches every session from the offset it holds. The
 * figure runs from the new socket's handshake to every session re-attached,
 * its replay delivered and a live byte after it. Loss is checked twice: the
 * server's own account (`opened.lost`, `lost`), and the numbered lines
 * themselves, which must run on without a gap or a repeat.
 *
 * The counters, the re-attach and the sequence check are exported: the
 * restart workload (restart.ts) drives the same terminals through a web
 * server restart instead of a dropped socket.
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
/** milliseconds a session may take to print its first lines, or to stream again after a re-attach. */
const STREAM_TIMEOUT_MS = 10_000;

/** One terminal running the counter, across every socket it has been attached through. */
export interface Tracked {
  sessionId: string;
  /** Everything received so far, by absolute offset (the counter's output is small). */
  text: string;
  session: TermplexSession;
}

function append(tracked: Tracked) {
  return (chunk: Uint8Array) => (tracked.text += Buffer.from(chunk).toString('latin1'));
}

/** Opens `sessions` terminals on `client`, starts the counter in each, and waits until every one prints. */
export async function startCounters(client: TermplexClient, sessions: number): Promise<Tracked[]> {
  const tracked: Tracked[] = [];
  for (let i = 0; i < sessions; i++) {
    const t = { sessionId: '', text: '' } as Tracked;
    t.session = await client.open({ listener: append(t) });
    t.sessionId = t.session.sessionId;
    tracked.push(t);
  }
  await Promise.all(tracked.map((t) => shellReady(t.session)));
  for (const t of tracked) t.session.write(COUNTER);
  await Promise.all(tracked.map((t) => waitForBytes(t.session, t.session.received + 64, STREAM_TIMEOUT_MS)));
  return tracked;
}

export interface Reattached {
  /** nowMs() of the last `opened`. */
  openedAt: number;
  /** nowMs() when the last session had its replay in and a live byte after it. */
  streamingAt: number;
  /** bytes the server reported lost, plus any offset mismatch on re-attach. */
  lostBytes: number;
}

/** Re-opens every tracked session on `client` from the offset it holds, and waits until all stream again. */
export async function reattach(client: TermplexClient, tracked: readonly Tracked[]): Promise<Reattached> {
  let openedAt = 0;
  let lostBytes = 0;
  const done = await Promise.all(
    tracked.map(async (t) => {
      const offset = t.session.offset;
      const session = await client.open({ sessionId: t.sessionId, offset, listener: append(t) });
      t.session = session;
      openedAt = Math.max(openedAt, nowMs());
      lostBytes += session.lostBytes + Math.abs(session.opened.offset - offset);
      // Streaming again: the replay up to `head` is in, and a live byte after it.
      await waitForBytes(session, session.opened.head - session.opened.offset + 1, STREAM_TIMEOUT_MS);
      return nowMs();
    }),
  );
  // `lost` messages that came during the replay (opened.lost is counted above).
  lostBytes += tracked.reduce((sum, t) => sum + t.session.lostBytes - t.session.opened.lost, 0);
  return { openedAt, streamingAt: Math.max(...done), lostBytes };
}

/** Over everything received so far; the last, possibly unfinished, line is left out. */
function breaksIn(text: string): number {
  const numbers = text.split('\r\n').slice(0, -1).filter((line) => /^\d+$/.test(line)).map(Number);
  let breaks = 0;
  for (let i = 1; i < numbers.length; i++) if (numbers[i] !== numbers[i - 1] + 1) breaks++;
  return breaks;
}

/** Places where the numbered lines skip or repeat, over every tracked session's whole output so far. */
export function sequenceBreaks(tracked: readonly Tracked[]): number {
  return tracked.reduce((sum, t) => sum + breaksIn(t.text), 0);
}

/** Ends every tracked session on the server (the counters with them). */
export async function closeCounters(tracked: readonly Tracked[]): Promise<void> {
  await Promise.all(tracked.map((t) => t.session.close()));
}

export class ResumeBench {
  private constructor(
    private readonly server: ServerProcess,
    private readonly proxy: TcpProxy,
    private client: TermplexClient,
    private readonly tracked: Tracked[],
  ) {}

  private static proxiedUrl(server: ServerProcess, proxy: TcpProxy): string {
    return server.wsUrl.replace(`:${server.port}/`, `:${proxy.port}/`);
  }

  static async start(server: ServerProcess, sessions: number): Promise<ResumeBench> {
    const proxy = await startTcpProxy(server.port);
    const client = await TermplexClient.connect(ResumeBench.proxiedUrl(server, proxy), server.token);
    const tracked = await startCounters(client, sessions);
    return new ResumeBench(server, proxy, client, tracked);
  }

  /** One drop and resume. */
  async once(): Promise<ResumeFigures> {
    const gone = new Promise<void>((resolve) => this.client.socket.once('close', () => resolve()));
    this.proxy.cut();
    await gone;
    const client = await TermplexClient.connect(ResumeBench.proxiedUrl(this.server, this.proxy), this.server.token);
    this.client = client;
    const back = await reattach(client, this.tracked);
    return {
      resumeMs: back.streamingAt - client.connectedAt,
      openedMs: back.openedAt - client.connectedAt,
      lostBytes: back.lostBytes,
      sequenceBreaks: sequenceBreaks(this.tracked),
    };
  }

  async close(): Promise<void> {
    await closeCounters(this.tracked);
    await this.client.close();
    await this.proxy.close();
  }
}
