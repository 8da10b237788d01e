/**
 * Restart: terminals on a PTY host print a numbered line every 20 ms (the
 * resume workload's counters) to one client socket on a web server with
 * `--pty-host`. The web server is stopped (SIGTERM, or SIGKILL for a crash)
 * and a new one started on the same port with the same token. From the
 * moment its socket closes, the client tries to connect every 20 ms (its
 * backoff policy is not the kit's cost) and then re-attaches every session
 * from the offset it holds. The figure runs from the new server's URL line
 * (it listens) to every session re-attached, its replay in and a live byte
 * after it; it includes up to one retry interval and up to one counter line
 * (20 ms each). Loss is checked as in resume.
 */
import { TermplexClient } from '../clients/termplex-client.js';
import { HostedServer } from '../hosted-server.js';
import type { ServerOptions, StopSignal } from '../server-process.js';
import { nowMs } from '../stats.js';
import { closeCounters, reattach, sequenceBreaks, startCounters, type Tracked } from './resume.js';

/** milliseconds between the client's connection attempts while the server is away. */
export const RETRY_INTERVAL_MS = 20;
/** milliseconds the client keeps trying before the run fails: a server that never came back. */
const RETRY_DEADLINE_MS = 30_000;

export interface RestartFigures {
  /** milliseconds from the new server's URL line to every session streaming again. */
  restartMs: number;
  /** milliseconds from the URL line to the last `opened`. */
  openedMs: number;
  /** milliseconds from the URL line to the client's new socket (its handshake done): at most about one retry interval. */
  connectMs: number;
  /** milliseconds from spawning the new web server to its URL line (node start-up, the link to the host). */
  startMs: number;
  /** milliseconds from the old socket's close to every session streaming again: the outage a client sees. */
  outageMs: number;
  /** bytes the server reported lost, plus any offset mismatch on re-attach. */
  lostBytes: number;
  /** places where the numbered lines skip or repeat, counted over the whole run so far. */
  sequenceBreaks: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tries to connect every RETRY_INTERVAL_MS (from one attempt's start to the next) until one succeeds. */
async function connectRetrying(wsUrl: string, token: string): Promise<TermplexClient> {
  const deadline = nowMs() + RETRY_DEADLINE_MS;
  for (;;) {
    const attempt = nowMs();
    try {
      return await TermplexClient.connect(wsUrl, token);
    } catch (error) {
      if (nowMs() > deadline) throw new Error(`no connection within ${RETRY_DEADLINE_MS} ms: ${error instanceof Error ? error.message : String(error)}`);
    }
    await sleep(Math.max(0, RETRY_INTERVAL_MS - (nowMs() - attempt)));
  }
}

export class RestartBench {
  private constructor(
    private readonly hosted: HostedServer,
    private client: TermplexClient,
    private readonly tracked: Tracked[],
  ) {}

  static async start(sessions: number, options: Pick<ServerOptions, 'nodeArgs'> = {}): Promise<RestartBench> {
    const hosted = await HostedServer.start(options);
    try {
      const client = await TermplexClient.connect(hosted.server.wsUrl, hosted.server.token);
      return new RestartBench(hosted, client, await startCounters(client, sessions));
    } catch (error) {
      await hosted.close();
      throw error;
    }
  }

  /** One restart of the web server, stopped with `signal`. */
  async once(signal: StopSignal): Promise<RestartFigures> {
    const { wsUrl, token } = this.hosted.server;
    const closedAt = new Promise<number>((resolve) => this.client.socket.once('close', () => resolve(nowMs())));
    // The client acts on its own socket's close, whatever the harness is doing meanwhile.
    const reconnected = closedAt.then(() => connectRetrying(wsUrl, token));
    reconnected.catch(() => {}); // awaited below; a failed restart must not leave it unhandled meanwhile
    const { spawnedAt, server } = await this.hosted.restart(signal);
    this.client = await reconnected;
    const back = await reattach(this.client, this.tracked);
    return {
      restartMs: back.streamingAt - server.listeningAt,
      openedMs: back.openedAt - server.listeningAt,
      connectMs: this.client.connectedAt - server.listeningAt,
      startMs: server.listeningAt - spawnedAt,
      outageMs: back.streamingAt - (await closedAt),
      lostBytes: back.lostBytes,
      sequenceBreaks: sequenceBreaks(this.tracked),
    };
  }

  diagnostics(): string {
    return this.hosted.diagnostics();
  }

  async close(): Promise<void> {
    try {
      await closeCounters(this.tracked);
      await this.client.close();
    } finally {
      await this.hosted.close();
    }
  }
}
