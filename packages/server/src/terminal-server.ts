/**
 * createTerminalServer: wires the pieces together, standalone (listens on
 * host:port) or attached to an existing http.Server.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ErrorCode, type ProtocolError } from '@termplex/protocol';
import { systemClock } from './core/clock.js';
import { AuthThrottle } from './gateway/abuse-limits.js';
import { Gateway } from './gateway/gateway.js';
import { applyHttpLimits } from './http/http-limits.js';
import { HttpRoutes } from './http/http-routes.js';
import { createLogger } from './core/logger.js';
import { nodePtyBackend } from './host/node-pty-backend.js';
import type { CreateSessionOptions, SessionInfo, ShutdownReport, TerminalServer, TerminalServerOptions } from './options.js';
import { defaultBundlePath, defaultPublicDir, serverVersion } from './http/package-files.js';
import { RefusalLog } from './gateway/refusal-log.js';
import { RequestGuard } from './http/request-guard.js';
import { checkCreateFields } from './http/session-api.js';
import { SessionManager } from './host/session-manager.js';
import { ensureReaper } from './host/shared-reaper.js';
import type { Session } from './host/session.js';
import { TokenCheck } from './gateway/token.js';
import { validateOptions } from './validate-options.js';

/** milliseconds clients get to close politely at shutdown before their sockets are cut. */
const CLOSE_WAIT_MS = 1000;

function info(session: Session): SessionInfo {
  return { id: session.id, profile: session.profile, pid: session.pid, cols: session.cols, rows: session.rows, created: new Date(session.created).toISOString() };
}

export async function createTerminalServer(input?: TerminalServerOptions): Promise<TerminalServer> {
  const options = validateOptions(input);
  const log = createLogger(options.logLevel);
  const clock = options.clock ?? systemClock;
  const tokenCheck = new TokenCheck(options.token);
  const standalone = options.server === undefined;
  const server = options.server ?? http.createServer();
  // Only a server of our own: a host application's server keeps its own settings.
  if (standalone) applyHttpLimits(server);

  const address = () => server.address() as AddressInfo | null;
  const boundHost = () => address()?.address ?? options.host;
  const guard = new RequestGuard(boundHost, options.allowedHosts, options.allowedOrigins);
  const backend = options.backend ?? nodePtyBackend;
  // Before the first PTY exists, so the reaper inherits no terminal.
  if (backend === nodePtyBackend) await ensureReaper(log);
  const manager = new SessionManager({
    ...options,
    backend,
    clock,
    log,
  });
  const gateway = new Gateway(options.path, guard, {
    manager,
    tokenCheck,
    authThrottle: new AuthThrottle(options.maxAuthFailures),
    refusals: new RefusalLog(log),
    clock,
    log,
    helloTimeoutMs: options.helloTimeoutMs,
    pingIntervalMs: options.pingIntervalMs,
    maxSessionsPerSocket: options.maxSessionsPerSocket,
    serverVersion: `termplex-server/${serverVersion}`,
  }, log);

  const createSession = (o: CreateSessionOptions = {}): SessionInfo | ProtocolError => {
    const created = manager.create(o.profile, o.cols ?? 80, o.rows ?? 24);
    if (!created.ok) return created.error;
    created.session.startGrace(); // nobody is attached yet
    return info(created.session);
  };
  const routes = new HttpRoutes({
    guard,
    tokenCheck,
    api: {
      createSession,
      listSessions: () => manager.summaries(),
      endSession: (id) => {
        const session = manager.get(id);
        if (session) void manager.end(session, 'deleted through the HTTP API');
        return session !== undefined;
      },
    },
    bundlePath: options.bundlePath ?? defaultBundlePath(),
    publicDir: options.publicDir ?? defaultPublicDir(),
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
      log.info({ sessions: manager.size }, 'shutting down');
      server.off('upgrade', onUpgrade);
      const sockets = gateway.close(CLOSE_WAIT_MS);
      const survivors = await manager.endAll('server shutdown');
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
    createSession(o: CreateSessionOptions = {}): SessionInfo {
      const checked = typeof o === 'object' && o !== null ? checkCreateFields(o as Record<string, unknown>, 'createSession options') : undefined;
      if (!checked?.ok) throw new TypeError(checked?.error.message ?? 'createSession options must be an object {profile?, cols?, rows?}');
      const created = createSession(checked.value);
      if ('code' in created) throw Object.assign(new Error(created.message), { code: created.code });
      return created;
    },
    listSessions: () => manager.summaries(),
    handleRequest: (req, res) => routes.handle(req, res),
    middleware: (req, res, next) => {
      if (!routes.handle(req, res)) next();
    },
    close,
  };
}

