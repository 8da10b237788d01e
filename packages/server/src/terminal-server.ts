/**
 * createTerminalServer: wires the pieces together, standalone (listens on
 * host:port) or attached to an existing http.Server.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { systemClock } from './core/clock.js';
import { createLogger } from './core/logger.js';
import { AuthThrottle } from './gateway/auth-throttle.js';
import { Gateway } from './gateway/gateway.js';
import { HostClient } from './gateway/host-client.js';
import { RefusalLog } from './gateway/refusal-log.js';
import { TicketAuthority } from './gateway/tickets.js';
import { TokenCheck } from './gateway/token.js';
import { checkCreateFields } from './host/create-fields.js';
import { applyHttpLimits } from './http/http-limits.js';
import { HttpRoutes } from './http/http-routes.js';
import { defaultBundlePath, defaultPublicDir, serverVersion } from './http/package-files.js';
import { RequestGuard } from './gateway/request-guard.js';
import type { CreateSessionOptions, SessionInfo, ShutdownReport, TerminalServer, TerminalServerOptions, TicketOptions } from './options.js';
import { issueTicket } from './http/ticket-api.js';
import { ErrorCode } from '@termplex/protocol';
import type { SessionService } from './session-service.js';
import { startLocalSessions } from './sessions-here.js';
import { validateOptions } from './validate-options.js';

/** milliseconds clients get to close politely at shutdown before their sockets are cut. */
const CLOSE_WAIT_MS = 1000;

/** The sessions' owner: a PTY host when one is named (checked now, so a wrong path fails at startup), else this process. */
async function sessionOwner(options: ReturnType<typeof validateOptions>, log: ReturnType<typeof createLogger>): Promise<SessionService> {
  if (options.ptyHost === undefined) return startLocalSessions(options, log);
  const client = new HostClient(options.ptyHost, options.ptyHostKey!, log);
  const host = await client.check();
  log.info({ ptyHost: options.ptyHost, hostId: host.hostId, sessions: host.sessions }, 'serving the sessions of a PTY host');
  return client;
}

export async function createTerminalServer(input?: TerminalServerOptions): Promise<TerminalServer> {
  const options = validateOptions(input);
  const log = createLogger(options.logLevel);
  const clock = options.clock ?? systemClock;
  const tokenCheck = new TokenCheck(options.token);
  const tickets = new TicketAuthority(options.token);
  const standalone = options.server === undefined;
  const server = options.server ?? http.createServer();
  // Only a server of our own: a host application's server keeps its own settings.
  if (standalone) applyHttpLimits(server);

  const address = () => server.address() as AddressInfo | null;
  const boundHost = () => address()?.address ?? options.host;
  const guard = new RequestGuard(boundHost, options.allowedHosts, options.allowedOrigins);
  const sessions = await sessionOwner(options, log);
  const gateway = new Gateway(options.path, guard, {
    handOff: (ws, socketLog, peer) => sessions.serve(ws, socketLog, peer),
    tokenCheck,
    tickets,
    quotas: options.quotas,
    authThrottle: new AuthThrottle(options.maxAuthFailures),
    refusals: new RefusalLog(log),
    clock,
    log,
    helloTimeoutMs: options.helloTimeoutMs,
    pingIntervalMs: options.pingIntervalMs,
    serverVersion: `termplex-server/${serverVersion}`,
  }, log);

  const ticketSettings = { tokenCheck, tickets, sessionsPerTicket: options.sessionsPerTicket, sessions };
  const routes = new HttpRoutes({
    guard,
    tokenCheck,
    tickets,
    sessionsPerTicket: options.sessionsPerTicket,
    sessions,
    bundlePath: options.bundlePath ?? defaultBundlePath(),
    publicDir: options.publicDir ?? defaultPublicDir(),
    recordings: options.record?.dir,
    ownsEverything: standalone,
    log,
  });

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!gateway.handleUpgrade(req, socket, head) && standalone) socket.destroy();
  };
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    routes.handle(req, res);
  };
  server.on('upgrade', onUpgrade);
  if (standalone) {
    server.on('request', onRequest);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  const hostForUrl = () => {
    const a = address();
    const host = a ? a.address : options.host;
    if (host === '0.0.0.0' || host === '::') return host === '::' ? '[::1]' : '127.0.0.1';
    return host.includes(':') ? `[${host}]` : host;
  };
  const port = () => address()?.port ?? options.port;
  const secure = server instanceof https.Server;
  log.info({ url: `${secure ? 'https' : 'http'}://${hostForUrl()}:${port()}/`, path: options.path, mode: standalone ? 'standalone' : 'attached' }, 'termplex server ready');

  let closing: Promise<ShutdownReport> | undefined;
  const close = () => {
    closing ??= (async () => {
      log.info(options.ptyHost ? 'shutting down; the sessions keep running on the PTY host' : 'shutting down');
      server.off('upgrade', onUpgrade);
      const sockets = gateway.close(CLOSE_WAIT_MS);
      const survivors = await sessions.close();
      await sockets;
      if (standalone) {
        server.off('request', onRequest);
        server.closeAllConnections?.();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      if (survivors.length > 0) log.error({ pids: survivors }, `shut down, but ${survivors.length} session processes could not be ended`);
      else log.info('shut down');
      return { survivors };
    })();
    return closing;
  };

  return {
    get url() {
      return `${secure ? 'https' : 'http'}://${hostForUrl()}:${port()}`;
    },
    get wsUrl() {
      return `${secure ? 'wss' : 'ws'}://${hostForUrl()}:${port()}${options.path}`;
    },
    get port() {
      return port();
    },
    token: options.token,
    async createSession(o: CreateSessionOptions = {}): Promise<SessionInfo> {
      const checked = typeof o === 'object' && o !== null ? checkCreateFields(o as Record<string, unknown>, 'createSession options') : undefined;
      if (!checked?.ok) throw new TypeError(checked?.error.message ?? 'createSession options must be an object {profile?, cols?, rows?}');
      const created = await sessions.create(checked.value);
      if ('code' in created) throw Object.assign(new Error(created.message), { code: created.code });
      return created;
    },
    async createTicket(o: TicketOptions = {}) {
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new TypeError('createTicket options must be an object {profile?, sessionId?, readonly?, ttlSeconds?, maxSessions?}');
      const issued = await issueTicket(o as Record<string, unknown>, ticketSettings);
      if (issued.ok) return issued.value;
      if (issued.status === 400 && issued.error.code !== ErrorCode.UnknownProfile) throw new TypeError(issued.error.message.replace(/^body\./, 'createTicket options.'));
      throw Object.assign(new Error(issued.error.message), { code: issued.error.code });
    },
    listSessions: () => sessions.list(),
    handleRequest: (req, res) => routes.handle(req, res),
    middleware: (req, res, next) => {
      if (!routes.handle(req, res)) next();
    },
    close,
  };
}

