/**
 * A small termplex client for Node tests: raw access to every message and
 * frame, per-channel output accumulation, and waits with generous deadlines.
 * It speaks the protocol through @termplex/protocol, as the browser does.
 */
import {
  decodeFrame, decodeServerMessage, encodeFrame, encodeMessage, FrameKind, SUBPROTOCOL,
  type ClientMessage, type ServerMessage,
} from '@termplex/protocol';
import { createRequire } from 'node:module';
import type WebSocketType from 'ws';
import { stripAnsi } from './ansi.js';

// The repository root resolves `ws` to an older major (a dev tool's); use the server's own ws 8.
const WebSocket = createRequire(new URL('../../packages/server/package.json', import.meta.url))('ws') as typeof WebSocketType;
type WebSocket = WebSocketType;

/** milliseconds: functional bound for a wait, not a timing assertion. */
export const WAIT_MS = 10_000;

export interface ConnectOptions {
  protocols?: string[];
  headers?: Record<string, string>;
  origin?: string;
  /** false: never answer WebSocket pings (a dead peer). */
  autoPong?: boolean;
}

export class TestClient {
  readonly messages: ServerMessage[] = [];
  /** Output bytes per channel, in arrival order. */
  readonly output = new Map<number, Buffer[]>();
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<() => void>();
  /** When false, the test acks by hand (flow-control tests). */
  autoAck = true;
  private readonly received = new Map<number, number>();
  /** Absolute output offset per channel: opened.offset + bytes received, moved by `lost`. */
  readonly position = new Map<number, number>();
  /** Screen snapshots per channel (Snapshot frames), in arrival order. */
  readonly snapshots = new Map<number, Buffer[]>();
  /**
   * What a terminal on each channel is given, in order: output, and each
   * snapshot after a reset (RIS), as the elements draw it.
   */
  readonly drawn = new Map<number, Buffer[]>();

  constructor(readonly ws: WebSocket) {
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        const snapshot = data[0] === FrameKind.Snapshot;
        const frame = decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), snapshot ? FrameKind.Snapshot : FrameKind.Output);
        if (!frame.ok) throw new Error(`server sent a bad frame: ${frame.error.message}`);
        const drawn = this.drawn.get(frame.value.channel) ?? [];
        this.drawn.set(frame.value.channel, drawn);
        if (snapshot) {
          this.snapshots.set(frame.value.channel, [...(this.snapshots.get(frame.value.channel) ?? []), Buffer.from(frame.value.data)]);
          drawn.push(Buffer.from('\x1bc'), Buffer.from(frame.value.data));
          this.wake();
          return;
        }
        const list = this.output.get(frame.value.channel) ?? [];
        list.push(Buffer.from(frame.value.data));
        drawn.push(list[list.length - 1]);
        this.output.set(frame.value.channel, list);
        const channel = frame.value.channel;
        this.received.set(channel, (this.received.get(channel) ?? 0) + frame.value.data.byteLength);
        this.position.set(channel, (this.position.get(channel) ?? 0) + frame.value.data.byteLength);
        if (this.autoAck) this.ack(channel, this.position.get(channel)!);
      } else {
        const decoded = decodeServerMessage(data.toString('utf8'));
        if (!decoded.ok) throw new Error(`server sent a bad message: ${decoded.error.message}: ${data.toString('utf8')}`);
        const m = decoded.value;
        if (m.type === 'opened') this.position.set(m.channel, m.offset);
        if (m.type === 'lost' || m.type === 'snapshot') this.position.set(m.channel, m.offset);
        this.messages.push(m);
      }
      this.wake();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      this.wake();
    }));
    ws.on('error', () => {});
  }

  static async connect(url: string, options: ConnectOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(url, options.protocols ?? [SUBPROTOCOL], { headers: options.headers, origin: options.origin, autoPong: options.autoPong ?? true });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
    });
    return client;
  }

  /** Connects and authenticates; resolves after `welcome`. */
  static async open(url: string, token: string, options: ConnectOptions = {}): Promise<TestClient> {
    const client = await TestClient.connect(url, options);
    client.send({ type: 'hello', token, client: 'node-test' });
    await client.next('welcome');
    return client;
  }

  /** Connects with a ticket and/or resume credential; resolves to the client and its `welcome`. */
  static async openWith(url: string, credentials: { ticket?: string; resume?: string }, options: ConnectOptions = {}) {
    const client = await TestClient.connect(url, options);
    client.send({ type: 'hello', ...credentials, client: 'node-test' });
    const welcome = await client.next('welcome');
    return { client, welcome };
  }

  /** Sends an open and resolves to the `error` answering it (the open must fail). */
  async openRefused(fields: Partial<Extract<ClientMessage, { type: 'open' }>> = {}) {
    const result = await this.answerTo(fields);
    if (result.type !== 'error') throw new Error(`the open was expected to fail, and it opened session ${(result as { sessionId?: string }).sessionId}`);
    return result;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  send(message: ClientMessage | Record<string, unknown>): void {
    this.ws.send(encodeMessage(message as ClientMessage));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  input(channel: number, text: string | Uint8Array): void {
    this.ws.send(encodeFrame(FrameKind.Input, channel, typeof text === 'string' ? Buffer.from(text) : text));
  }

  /** Output received on a channel, as text with escape sequences removed. */
  text(channel: number): string {
    return stripAnsi(Buffer.concat(this.output.get(channel) ?? []).toString('utf8'));
  }

  bytes(channel: number): Buffer {
    return Buffer.concat(this.output.get(channel) ?? []);
  }

  receivedBytes(channel: number): number {
    return this.received.get(channel) ?? 0;
  }

  ack(channel: number, offset: number): void {
    if (this.ws.readyState === WebSocket.OPEN) this.send({ type: 'ack', channel, offset });
  }

  /** Resolves once `check` returns a truthy value, re-checked on every arrival. */
  until<T>(check: () => T | undefined | false, what: string, ms = WAIT_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      // Also poll, for conditions that change without a message (a fake PTY's input, a process list).
      const poll = setInterval(attempt, 20);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** The first message of this type matching `where` that has not been taken yet. */
  next<K extends ServerMessage['type']>(type: K, where: (m: Extract<ServerMessage, { type: K }>) => boolean = () => true, ms = WAIT_MS) {
    return this.until(() => {
      const index = this.messages.findIndex((m) => m.type === type && where(m as Extract<ServerMessage, { type: K }>));
      if (index === -1) return undefined;
      return this.messages.splice(index, 1)[0] as Extract<ServerMessage, { type: K }>;
    }, `a ${type} message`, ms);
  }

  /** Opens a session (new or by id) and waits for `opened`. */
  async openSession(fields: Partial<Extract<ClientMessage, { type: 'open' }>> = {}) {
    const result = await this.answerTo(fields);
    if (result.type !== 'opened') throw new Error(`open failed: ${result.type === 'error' ? `${result.code} ${result.message}` : ''}`);
    return result;
  }

  /** Sends an open and resolves to its answer, `opened` or `error`. */
  private async answerTo(fields: Partial<Extract<ClientMessage, { type: 'open' }>>) {
    const ref = nextRef++;
    this.send({ type: 'open', ref, cols: 80, rows: 24, ...fields });
    return this.until(() => {
      const index = this.messages.findIndex((m) => (m.type === 'opened' || m.type === 'error') && m.ref === ref);
      return index === -1 ? undefined : this.messages.splice(index, 1)[0];
    }, `an answer to open ref ${ref}`);
  }

  /** Waits until a channel's text matches. */
  waitForText(channel: number, pattern: RegExp | string, ms = WAIT_MS): Promise<string> {
    return this.until(() => {
      const text = this.text(channel);
      return (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) ? text : undefined;
    }, `output matching ${pattern} on channel ${channel}`, ms);
  }

  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) {
      this.ws.close();
      await Promise.race([this.closed, new Promise((r) => setTimeout(r, 2000))]);
      this.ws.terminate();
    }
  }
}

let nextRef = 1;

/** Deterministic programs for tests: no rc files, a fixed prompt. */
export const TEST_PROFILES = {
  default: { command: '/bin/sh', args: [], env: { PS1: '$ ', ENV: '' } },
  sh: { command: '/bin/sh', args: [], env: { PS1: '$ ', ENV: '' } },
  bash: { command: '/bin/bash', args: ['--norc', '--noprofile'], env: { PS1: '$ ' } },
};

/** Polls an asynchronous condition (a session list from the server's API) until it holds. */
export async function eventually(check: () => Promise<boolean>, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
