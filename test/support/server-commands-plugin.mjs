/**
 * Test-runner commands that let a browser test drive real servers in this
 * Node process (see @web/test-runner-commands' executeServerCommand):
 *
 *   termplex-start-server {origin, options?} -> {id, url, wsUrl, token, port}
 *   termplex-stop-server  {id}
 *   termplex-start-proxy  {id} -> {proxyId, wsUrl}   a TCP proxy in front of server id
 *   termplex-cut-proxy    {proxyId}                 drop every connection through it
 *   termplex-proxy-connections {proxyId} -> number   connections open through it now
 *   termplex-proxy-refuse {proxyId, refusing}       accept-and-drop new connections while true
 *   termplex-create-session {id, profile?, cols?, rows?} -> SessionInfo (as POST /api/sessions)
 *   termplex-list-sessions  {id} -> SessionSummary[]
 *   termplex-create-ticket  {id, ...TicketOptions} -> {ticket, expiresAt} (as POST /api/tickets)
 *
 * Every server listens on 127.0.0.1:0 and is closed when the run ends.
 *
 * Real CLI processes (test/support/cli-servers.ts), a PTY host and web servers against it:
 *
 *   termplex-start-host {profiles?} -> {socket}       profiles: {name: command line}
 *   termplex-start-web  {socket, origin, port?, token?} -> {id, url, wsUrl, token, port, pid}
 *   termplex-signal-web {id, signal} -> {code, signal}   once it has exited
 *   termplex-list-web-sessions {id} -> SessionSummary[]  GET /api/sessions with its token
 *   termplex-stop-cli                                 SIGKILL web servers, SIGTERM hosts (also when the run ends)
 */
import { randomBytes } from 'node:crypto';

const servers = new Map();
const proxies = new Map();
let nextId = 1;
/** Loaded on first use: a run without CLI processes never imports it. */
let cliModule;
const cliServers = () => (cliModule ??= import('./cli-servers.ts'));

async function startServer({ origin, options = {} }) {
  const { createTerminalServer } = await import('@termplex/server');
  const token = options.token ?? randomBytes(16).toString('hex');
  const server = await createTerminalServer({
    host: '127.0.0.1',
    port: 0,
    token,
    allowedOrigins: origin ? [origin] : [],
    logLevel: 'silent',
    ...options,
  });
  const id = String(nextId++);
  servers.set(id, server);
  return { id, url: server.url, wsUrl: server.wsUrl, token, port: server.port };
}

async function startProxy({ id }) {
  const { startTcpProxy } = await import('./tcp-proxy.ts');
  const server = servers.get(id);
  const proxy = await startTcpProxy(server.port);
  const proxyId = String(nextId++);
  proxies.set(proxyId, proxy);
  return { proxyId, wsUrl: server.wsUrl.replace(`:${server.port}`, `:${proxy.port}`) };
}

const commands = {
  'termplex-start-server': startServer,
  'termplex-stop-server': async ({ id }) => {
    await servers.get(id)?.close();
    servers.delete(id);
    return true;
  },
  'termplex-start-proxy': startProxy,
  'termplex-cut-proxy': async ({ proxyId }) => {
    proxies.get(proxyId)?.cut();
    return true;
  },
  'termplex-proxy-connections': async ({ proxyId }) => proxies.get(proxyId)?.connections ?? 0,
  'termplex-proxy-refuse': async ({ proxyId, refusing }) => {
    proxies.get(proxyId)?.setRefusing(Boolean(refusing));
    return true;
  },
  'termplex-create-session': async ({ id, ...options }) => servers.get(id).createSession(options),
  'termplex-list-sessions': async ({ id }) => servers.get(id).listSessions(),
  'termplex-create-ticket': async ({ id, ...options }) => servers.get(id).createTicket(options),
  'termplex-start-host': async (payload) => (await cliServers()).startHost(payload),
  'termplex-start-web': async (payload) => (await cliServers()).startWeb(payload),
  'termplex-signal-web': async (payload) => (await cliServers()).signalWeb(payload),
  'termplex-list-web-sessions': async (payload) => (await cliServers()).listWebSessions(payload),
  'termplex-stop-cli': async () => {
    await (await cliServers()).stopAll();
    return true;
  },
};

export function serverCommandsPlugin(extra = {}) {
  const all = { ...commands, ...extra };
  return {
    name: 'termplex-server-commands',
    async executeCommand({ command, payload }) {
      const run = all[command];
      return run ? run(payload ?? {}) : undefined;
    },
    async serverStop() {
      if (cliModule) await (await cliModule).stopAll();
      for (const proxy of proxies.values()) await proxy.close();
      for (const server of servers.values()) await server.close();
      proxies.clear();
      servers.clear();
    },
  };
}

export { servers, proxies };
