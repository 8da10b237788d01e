/**
 * The web server's side of a PTY host: one link per browser socket (relayed
 * by HostRelay) and one control link for the HTTP API, re-established on
 * demand, so a host restart needs nothing from this server. Every link
 * carries the host key this server was given.
 */
import path from 'node:path';
import { ErrorCode, type ProtocolError } from '@termplex/protocol';
import WebSocket from 'ws';
import { CHANNELS_PATH, CONTROL_PATH, GRANT_HEADER, HOST_SUBPROTOCOL, KEY_HEADER, PEER_HEADER, type ControlReply } from '../core/host-link.js';
import type { Logger } from '../core/logger.js';
import type { CreateSessionOptions, SessionInfo, SessionSummary } from '../options.js';
import type { PeerName, SessionService, SocketService } from '../session-service.js';
import { privacyProblem } from '../host/private-socket.js';
import { HostRelay } from './host-relay.js';

/** milliseconds a link may take to open (a live host on a local socket answers in about one). */
const CONNECT_TIMEOUT_MS = 5000;
/** milliseconds a control request may take. */
const REQUEST_TIMEOUT_MS = 10_000;

/** An error the HTTP API answers with 503: the host is not reachable now. */
function unavailable(message: string): Error {
  return Object.assign(new Error(message), { code: ErrorCode.HostUnavailable });
}

/** Why connecting failed, in words naming the path and what to do. */
function explain(socketPath: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `no PTY host at ${socketPath}: the socket does not exist; start one with: termplex-server ptyhost --socket ${socketPath}`;
    case 'ECONNREFUSED':
      return `no PTY host is listening on ${socketPath} (a socket file left by one that stopped?); start one with: termplex-server ptyhost --socket ${socketPath}`;
    case 'EACCES':
    case 'EPERM':
      return `${socketPath}: permission denied (the PTY host runs as another user?)`;
    case 'ENOTSOCK':
      return `${socketPath} is not a socket`;
    default:
      return `${socketPath} is not a termplex PTY host (${error instanceof Error ? error.message : String(error)})`;
  }
}

export class HostClient implements SessionService {
  private readonly socketPath: string;
  private control: Promise<WebSocket> | undefined;
  private readonly pending = new Map<number, (reply: ControlReply) => void>();
  private nextId = 1;

  constructor(
    socketPath: string,
    private readonly key: string,
    private readonly log: Logger,
  ) {
    this.socketPath = path.resolve(socketPath);
  }

  /** Opens one link; rejects with an Error whose message says what is wrong and what to do. */
  private async link(linkPath: string, peer?: PeerName): Promise<WebSocket> {
    const headers: Record<string, string> = { [KEY_HEADER]: this.key };
    if (peer) headers[PEER_HEADER] = `${peer.address}:${peer.port}`;
    if (peer?.grant) headers[GRANT_HEADER] = JSON.stringify(peer.grant);
    const ws = new WebSocket(`ws+unix://${this.socketPath}:${linkPath}`, HOST_SUBPROTOCOL, {
      headers, perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS, maxPayload: 2 * 1024 * 1024,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        ws.removeAllListeners('unexpected-response');
        resolve(ws);
      });
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk.slice(0, 200)));
        const hint = res.statusCode === 401 ? '; give the web server the same TERMPLEX_HOST_KEY as the host' : '';
        res.on('end', () => reject(unavailable(`${this.socketPath} refused this web server (HTTP ${res.statusCode}${body ? `: ${body.slice(0, 200)}` : ''})${hint}`)));
        res.on('error', () => reject(unavailable(`${this.socketPath} refused this web server (HTTP ${res.statusCode})`)));
      });
      ws.once('error', (error) => reject(unavailable(explain(this.socketPath, error))));
    });
  }

  /** At startup: fails with a clear message when the socket is missing, foreign or refuses us. */
  async check(): Promise<{ hostId: string; version: string; pid: number; sessions: number }> {
    const problem = privacyProblem(this.socketPath);
    if (problem) throw new Error(`refusing to relay pages to ${this.socketPath}: ${problem}`);
    return (await this.request({ op: 'info' })) as { hostId: string; version: string; pid: number; sessions: number };
  }

  async serve(ws: WebSocket, log: Logger, peer: PeerName): Promise<SocketService | string> {
    // Not tracked here: the gateway shuts down every browser socket, and with it its relay.
    const relay = new HostRelay(ws);
    try {
      relay.connect(await this.link(CHANNELS_PATH, peer));
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    log.debug('relaying to the PTY host');
    return relay;
  }

  private controlLink(): Promise<WebSocket> {
    this.control ??= this.link(CONTROL_PATH).then((ws) => {
      ws.on('message', (data) => {
        let reply: ControlReply;
        try {
          reply = JSON.parse(data.toString()) as ControlReply;
        } catch {
          return;
        }
        if (typeof reply.id !== 'number') return;
        this.pending.get(reply.id)?.(reply);
        this.pending.delete(reply.id);
      });
      ws.on('close', () => {
        this.control = undefined;
        const lost: ControlReply = { id: null, ok: false, error: { code: ErrorCode.HostUnavailable, message: `the PTY host at ${this.socketPath} went away` } };
        for (const answer of this.pending.values()) answer(lost);
        this.pending.clear();
      });
      ws.on('error', (error) => this.log.debug({ err: error.message }, 'control link error'));
      return ws;
    });
    this.control.catch(() => (this.control = undefined));
    return this.control;
  }

  private async request(body: Record<string, unknown>): Promise<unknown> {
    const ws = await this.controlLink();
    const id = this.nextId++;
    const reply = await new Promise<ControlReply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ id, ok: false, error: { code: ErrorCode.HostUnavailable, message: `the PTY host at ${this.socketPath} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s` } });
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      ws.send(JSON.stringify({ ...body, id }));
    });
    if (reply.ok) return reply.value;
    if (reply.error.code === ErrorCode.HostUnavailable) throw unavailable(reply.error.message);
    throw Object.assign(new Error(reply.error.message), { protocolError: reply.error as ProtocolError });
  }

  /** A request whose refusal (a bad field, an unknown profile) is an answer, not a failure. */
  private async answer<T>(body: Record<string, unknown>): Promise<T | ProtocolError> {
    try {
      return (await this.request(body)) as T;
    } catch (error) {
      const refusal = (error as { protocolError?: ProtocolError }).protocolError;
      if (refusal) return refusal;
      throw error;
    }
  }

  create(options: CreateSessionOptions): Promise<SessionInfo | ProtocolError> {
    return this.answer<SessionInfo>({ op: 'create', ...options });
  }

  async profiles(): Promise<{ names: string[]; defaultProfile: string }> {
    return (await this.request({ op: 'profiles' })) as { names: string[]; defaultProfile: string };
  }

  async list(): Promise<SessionSummary[]> {
    return (await this.request({ op: 'list' })) as SessionSummary[];
  }

  async end(sessionId: string): Promise<boolean> {
    const result = await this.answer<boolean>({ op: 'end', sessionId });
    return result === true;
  }

  async close(): Promise<number[]> {
    const control = this.control;
    this.control = undefined;
    if (control) (await control.catch(() => undefined))?.close();
    return [];
  }
}
