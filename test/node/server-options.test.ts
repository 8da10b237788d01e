import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { createTerminalServer, type TerminalServerOptions } from '@termplex/server';

const reject = (options: unknown, message: string) =>
  assert.rejects(createTerminalServer(options as TerminalServerOptions), { name: 'TypeError', message });

describe('createTerminalServer option validation', () => {
  it('checks the snapshot and PTY host options like the others', async () => {
    await reject({ snapshots: 'yes' }, 'The "snapshots" option must be true or false; got "yes"');
    await reject({ profiles: { sh: { command: 'sh', snapshots: 1 } } }, 'The "profiles.sh.snapshots" option must be true or false; got 1');
    await reject({ ptyHost: '' }, 'The "ptyHost" option must be the path of a Unix socket; got ""');
    await reject({ ptyHost: '/tmp/' + 'x'.repeat(120) }, `The "ptyHost" option must be a Unix socket path of at most 107 bytes (the kernel's limit); got "/tmp/${'x'.repeat(59)}..."`);
    await reject({ ptyHostKey: 'k'.repeat(32) }, 'The "ptyHostKey" option goes with "ptyHost"');
    await reject({ ptyHost: '/tmp/termplex-none/h.sock' }, 'The "ptyHostKey" option must be a secret of 16..1024 characters without whitespace, the same for the PTY host and its web servers (CLI: TERMPLEX_HOST_KEY); got undefined');
    await reject({ ptyHost: '/tmp/termplex-none/h.sock', ptyHostKey: 'has a space in it!!' }, 'The "ptyHostKey" option must be a secret of 16..1024 characters without whitespace, the same for the PTY host and its web servers (CLI: TERMPLEX_HOST_KEY); got 19 characters');
  });

  it('names the option, the allowed values and what was given', async () => {
    await reject({ port: 'abc' }, 'The "port" option must be an integer 0..65535; got "abc"');
    await reject({ port: 70000 }, 'The "port" option must be an integer 0..65535; got 70000');
    await reject({ port: 1.5 }, 'The "port" option must be an integer 0..65535; got 1.5');
    await reject({ host: '' }, 'The "host" option must be a hostname or IP address; got ""');
    await reject({ host: 'a b' }, 'The "host" option must be a hostname or IP address; got "a b"');
    await reject({ path: 'termplex' }, 'The "path" option must be a URL path starting with "/"; got "termplex"');
    await reject({ token: '' }, 'The "token" option must be a string of 1..1024 characters without whitespace; got 0 characters');
    await reject({ token: 42 }, 'The "token" option must be a string of 1..1024 characters without whitespace; got 42');
    await reject({ allowedOrigins: 'http://a.test' }, 'The "allowedOrigins" option must be an array of origins like "https://example.com"; got "http://a.test"');
    await reject({ allowedOrigins: ['http://a.test/path'] }, 'The "allowedOrigins" option must be an array of origins like "https://example.com"; got "http://a.test/path" at index 0');
    await reject({ allowedOrigins: ['*'] }, 'The "allowedOrigins" option must be an array of origins like "https://example.com"; got "*" at index 0');
    await reject({ allowedHosts: ['ok.test', 'bad host:80'] }, 'The "allowedHosts" option must be an array of hostnames like "termplex.example.com" (no port); got "bad host:80" at index 1');
    await reject({ profiles: [] }, 'The "profiles" option must be an object mapping names to {command, args?, env?, cwd?, snapshots?, sandbox?, record?}; got an array');
    await reject({ profiles: {} }, 'The "profiles" option must be an object mapping names to {command, args?, env?, cwd?, snapshots?, sandbox?, record?}, with at least one profile; got an object');
    await reject({ profiles: { 'bad name': { command: 'sh' } } }, 'The "profiles" option\'s names must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$; got "bad name"');
    await reject({ profiles: { sh: { command: '' } } }, 'The "profiles.sh.command" option must be a non-empty string; got ""');
    await reject({ profiles: { sh: { command: 'sh', args: 'x' } } }, 'The "profiles.sh.args" option must be an array of strings; got "x"');
    await reject({ profiles: { sh: { command: 'sh', env: { A: 1 } } } }, 'The "profiles.sh.env" option must be an object of strings; got an object');
    await reject({ graceMs: -1 }, 'The "graceMs" option must be an integer 0..2147483647; got -1');
    await reject({ idleTimeoutMs: '5' }, 'The "idleTimeoutMs" option must be an integer 0..2147483647; got "5"');
    await reject({ ringBytes: 10 }, 'The "ringBytes" option must be an integer 1024..1073741824; got 10');
    await reject({ maxSessionsPerSocket: 0 }, 'The "maxSessionsPerSocket" option must be an integer 1..10000; got 0');
    await reject({ maxSessions: 0 }, 'The "maxSessions" option must be an integer 1..100000; got 0');
    await reject({ maxAuthFailures: -1 }, 'The "maxAuthFailures" option must be an integer 0..100000; got -1');
    await reject({ maxAuthFailures: '3' }, 'The "maxAuthFailures" option must be an integer 0..100000; got "3"');
    await reject({ helloTimeoutMs: 0 }, 'The "helloTimeoutMs" option must be an integer 1..2147483647; got 0');
    await reject({ pingIntervalMs: 5 }, 'The "pingIntervalMs" option must be an integer 100..2147483647; got 5');
    await reject({ logLevel: 'loud' }, 'The "logLevel" option must be one of fatal, error, warn, info, debug, trace, silent, or a pino logger; got "loud"');
    await reject({ backend: {} }, 'The "backend" option must be a PtyBackend (an object with a spawn method); got an object');
    await reject({ clock: 1 }, 'The "clock" option must be a Clock (now, setTimeout, clearTimeout); got 1');
    await reject({ bundlePath: '' }, 'The "bundlePath" option must be a non-empty path string; got ""');
    await reject({ server: {} }, 'The "server" option must be an http.Server (or https.Server); got an object');
    await reject({ quotas: 5 }, 'The "quotas" option must be an object {sessionsPerTicket?, sessionsPerAddress?, sessionLifetime?, idleTimeout?, outputRate?}; got 5');
    await reject({ quotas: { lifetime: 5 } }, 'Unknown quota "lifetime"; the quotas are sessionsPerTicket, sessionsPerAddress, sessionLifetime, idleTimeout, outputRate');
    await reject({ quotas: { sessionsPerTicket: 0 } }, 'The "quotas.sessionsPerTicket" option must be an integer 1..10000; got 0');
    await reject({ quotas: { outputRate: -1 } }, 'The "quotas.outputRate" option must be an integer 0..1073741824; got -1');
    await reject({ quotas: { sessionLifetime: 1.5 } }, 'The "quotas.sessionLifetime" option must be an integer 0..2592000; got 1.5');
    await reject({ prot: 7681 }, 'Unknown option "prot"; the options are host, port, server, path, token, allowedOrigins, allowedHosts, ptyHost, ptyHostKey, maxAuthFailures, helloTimeoutMs, pingIntervalMs, bundlePath, publicDir, quotas, profiles, graceMs, idleTimeoutMs, ringBytes, maxSessionsPerSocket, maxSessions, snapshots, backend, record, logLevel, clock');
    await reject('fast', 'The options must be an object; got "fast"');
  });

  it('refuses host/port together with an existing server', async () => {
    const server = http.createServer();
    try {
      await reject({ server, port: 1 }, 'The "host" and "port" options cannot be combined with "server": the existing server decides where it listens');
    } finally {
      server.close();
    }
  });

  it('refuses to listen beyond loopback without a configured token', async () => {
    await reject(
      { host: '0.0.0.0', port: 0, logLevel: 'silent' },
      'Refusing to listen on 0.0.0.0 without a configured token: anyone who can reach it would get a shell. Set the "token" option (CLI: --token or TERMPLEX_TOKEN), or listen on 127.0.0.1',
    );
    const server = await createTerminalServer({ host: '0.0.0.0', port: 0, token: 'configured', logLevel: 'silent' });
    await server.close();
  });

  it('binds 127.0.0.1 by default and generates a 32-byte token', async () => {
    const server = await createTerminalServer({ port: 0, logLevel: 'silent' });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(server.wsUrl, `ws://127.0.0.1:${server.port}/termplex`);
      assert.match(server.token, /^[A-Za-z0-9_-]{43}$/);
      const other = await createTerminalServer({ port: 0, logLevel: 'silent' });
      assert.notEqual(other.token, server.token);
      await other.close();
    } finally {
      await server.close();
    }
  });
});
