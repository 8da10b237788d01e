/**
 * Shared pieces of the browser tests: real servers started in the test
 * runner's Node process (test/support/server-commands-plugin.mjs), elements
 * mounted on the page, and reading what a terminal shows.
 */
import { fixtureCleanup, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
// Types only: test files import '@termplex/elements' (or the class modules) themselves.
import type { TermConnection, TermSession } from '@termplex/elements';

export interface TestServer {
  id: string;
  url: string;
  wsUrl: string;
  token: string;
  port: number;
}

export interface SessionSummary {
  id: string;
  profile: string;
  pid: number;
  cols: number;
  rows: number;
  clients: number;
}

/** A bash with no rc files and a prompt tests can match: `$ `. */
export const PROFILES = {
  default: { command: '/bin/bash', args: ['--norc', '--noprofile'], env: { PS1: '$ ', HISTFILE: '/dev/null' } },
  cat: { command: '/bin/cat' },
};

const running: TestServer[] = [];

export async function startServer(options: Record<string, unknown> = {}): Promise<TestServer> {
  const server = await executeServerCommand<TestServer, unknown>('termplex-start-server', {
    origin: location.origin,
    options: { profiles: PROFILES, ...options },
  });
  running.push(server);
  return server;
}

/** Removes every mounted element, then stops every server this file started. */
export async function cleanup(): Promise<void> {
  fixtureCleanup();
  document.body.querySelectorAll('term-connection, term-session').forEach((element) => element.remove());
  await new Promise((resolve) => setTimeout(resolve, 0)); // let removals close their sessions
  for (const server of running.splice(0)) await executeServerCommand('termplex-stop-server', { id: server.id });
}

/** Stops one server now (the page sees it go away); cleanup() skips it. */
export async function stopServer(server: TestServer): Promise<void> {
  running.splice(running.indexOf(server), 1);
  await executeServerCommand('termplex-stop-server', { id: server.id });
}

export async function startProxy(server: TestServer): Promise<{ proxyId: string; wsUrl: string }> {
  return executeServerCommand('termplex-start-proxy', { id: server.id });
}

export async function cutProxy(proxyId: string): Promise<void> {
  await executeServerCommand('termplex-cut-proxy', { proxyId });
}

export async function listSessions(server: TestServer): Promise<SessionSummary[]> {
  return executeServerCommand('termplex-list-sessions', { id: server.id });
}

export async function createSession(server: TestServer, options: { profile?: string; cols?: number; rows?: number } = {}): Promise<{ id: string; pid: number }> {
  return executeServerCommand('termplex-create-session', { id: server.id, ...options });
}

/** A ticket from the server, as a site's backend would mint it. */
export async function createTicket(server: TestServer, options: Record<string, unknown> = {}): Promise<string> {
  return ((await executeServerCommand('termplex-create-ticket', { id: server.id, ...options })) as { ticket: string }).ticket;
}

/** Appends markup to the body (outside the open-wc fixture, so elements can be defined late). */
export function mount<T extends Element = TermConnection>(markup: string): T {
  const template = document.createElement('template');
  template.innerHTML = markup.trim();
  const element = template.content.firstElementChild as T;
  document.body.append(template.content);
  return element;
}

/**
 * A <term-session> with `attributes` inside a <term-connection> with
 * `connectionAttributes`, and every term-session-error it reports, its very
 * first update included (the listener is there before the session is).
 */
export function mountReporting(attributes: string, connectionAttributes: string): { session: TermSession; errors: Array<{ code: string; message: string }> } {
  const connection = mount<TermConnection>(`<term-connection ${connectionAttributes}></term-connection>`);
  const errors: Array<{ code: string; message: string }> = [];
  connection.addEventListener('term-session-error', (event) => errors.push(event.detail));
  connection.innerHTML = `<term-session ${attributes}></term-session>`;
  return { session: connection.querySelector('term-session')!, errors };
}

/** Every line of the terminal, scrollback included, right-trimmed; wrapped lines joined. */
export function screenLines(session: TermSession): string[] {
  const buffer = session.terminal?.buffer.active;
  if (!buffer) return [];
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y)!;
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function screenText(session: TermSession): string {
  return screenLines(session).join('\n');
}

export async function waitForText(session: TermSession, expected: string | RegExp, timeout = 10_000): Promise<void> {
  const matches = () => (typeof expected === 'string' ? screenText(session).includes(expected) : expected.test(screenText(session)));
  await waitUntil(matches, `terminal never showed ${String(expected)}; it shows:\n${screenText(session)}`, { timeout, interval: 50 }).catch(() => {
    throw new Error(`terminal never showed ${String(expected)}; it shows:\n${screenText(session)}`);
  });
}

export async function waitForOpen(session: TermSession, timeout = 10_000): Promise<string> {
  await waitUntil(() => session.attached, 'session never opened', { timeout, interval: 20 });
  return session.sessionId!;
}

export interface WatchedSocket {
  /** Control messages this page sent, parsed. */
  sent: Array<Record<string, unknown>>;
  /** Control messages the server sent, parsed. */
  received: Array<Record<string, unknown>>;
}

/** Records every WebSocket the page creates from now on, and its control messages. */
export function watchSockets(): { sockets: WatchedSocket[]; restore(): void } {
  const Original = window.WebSocket;
  const sockets: WatchedSocket[] = [];
  window.WebSocket = class extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const log: WatchedSocket = { sent: [], received: [] };
      sockets.push(log);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string') log.received.push(JSON.parse(event.data));
      });
      const send = this.send.bind(this);
      this.send = (data) => {
        if (typeof data === 'string') log.sent.push(JSON.parse(data));
        send(data);
      };
    }
  } as typeof WebSocket;
  return { sockets, restore: () => void (window.WebSocket = Original) };
}

/** Resolves with the next event of this type on `target`. */
export function nextEvent<K extends keyof HTMLElementEventMap>(target: EventTarget, type: K): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as HTMLElementEventMap[K]), { once: true }));
}

export async function refuseProxy(proxyId: string, refusing: boolean): Promise<void> {
  await executeServerCommand('termplex-proxy-refuse', { proxyId, refusing });
}

/** Asks the shell for its PID and waits for the answer. */
export async function shellPid(session: TermSession, tag: string): Promise<number> {
  session.write(`echo ${tag}-pid-$$\r`);
  const pattern = new RegExp(`\\n${tag}-pid-(\\d+)`);
  await waitForText(session, pattern);
  return Number(pattern.exec(screenText(session))![1]);
}

/** A PTY host run by the CLI (`termplex-server ptyhost`), in the test runner's process tree. */
export interface PtyHost {
  socket: string;
}

/** A web server run by the CLI with `--pty-host`. */
export interface CliWebServer extends TestServer {
  pid: number;
}

/** Starts a PTY host; `profiles` maps a name to a command line (default: a bash that prompts `$ `). */
export async function startPtyHost(profiles?: Record<string, string>): Promise<PtyHost> {
  return executeServerCommand('termplex-start-host', { profiles });
}

/** Starts a web server on `host`'s sessions that accepts this page; give `port` and `token` to restart one. */
export async function startWebServer(host: PtyHost, options: { port?: number; token?: string } = {}): Promise<CliWebServer> {
  return executeServerCommand('termplex-start-web', { socket: host.socket, origin: location.origin, ...options });
}

/** Sends the web server a signal; resolves with how it exited. */
export async function signalWebServer(server: CliWebServer, signal: 'SIGTERM' | 'SIGKILL'): Promise<{ code: number | null; signal: string | null }> {
  return executeServerCommand('termplex-signal-web', { id: server.id, signal });
}

/** The web server's sessions, as its HTTP API lists them. */
export async function listWebSessions(server: CliWebServer): Promise<SessionSummary[]> {
  return executeServerCommand('termplex-list-web-sessions', { id: server.id });
}

/** Ends every CLI process: web servers by SIGKILL, PTY hosts by SIGTERM, so their shells end too. */
export async function stopCliServers(): Promise<void> {
  await executeServerCommand('termplex-stop-cli');
}
