import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ErrorCode } from '@termplex/protocol';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import pino from 'pino';
import { FakePtyBackend } from '../../packages/server/src/testing/fake-pty-backend.js';
import { TestClient } from '../support/server-test-client.js';

const TOKEN = 'http-token';

/** A raw request: the path goes out byte for byte (fetch would normalise `..` and `%2e`). */
function request(port: number, method: string, rawPath: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: rawPath, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP routes (standalone)', () => {
  let server: TerminalServer;
  let dir: string;
  const backend = new FakePtyBackend();
  const auth = { Authorization: `Bearer ${TOKEN}` };
  const api = (method: string, p: string, body?: string, headers: Record<string, string> = auth) => request(server.port, method, p, headers, body);

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'termplex-http-'));
    mkdirSync(path.join(dir, 'public', 'css'), { recursive: true });
    writeFileSync(path.join(dir, 'public', 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(path.join(dir, 'public', 'css', 'site.css'), 'body{}');
    writeFileSync(path.join(dir, 'secret.txt'), 'SECRET');
    writeFileSync(path.join(dir, 'termplex.js'), 'export {};');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'public', 'link.txt'));
    server = await createTerminalServer({
      port: 0, token: TOKEN, logLevel: 'silent', backend, publicDir: path.join(dir, 'public'), bundlePath: path.join(dir, 'termplex.js'),
      profiles: { default: { command: 'sh' }, other: { command: 'sh' } },
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /healthz, the demo page and its folder', async () => {
    assert.deepEqual(await request(server.port, 'GET', '/healthz').then((r) => [r.status, r.body]), [200, '{"ok":true}']);
    const page = await request(server.port, 'GET', '/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.body, '<!doctype html><title>demo</title>');
    assert.equal((await request(server.port, 'GET', '/css/site.css')).headers['content-type'], 'text/css; charset=utf-8');
    assert.equal((await request(server.port, 'GET', '/nope.html')).status, 404);
  });

  it('serves /termplex.js to any origin', async () => {
    const res = await request(server.port, 'GET', '/termplex.js', { Origin: 'https://elsewhere.example' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(res.body, 'export {};');
  });

  it('never serves a file outside its folder, however the path is spelled', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/css/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/link.txt', '/index.html%00', '/%E0%A4%A']) {
      const res = await request(server.port, 'GET', p);
      assert.ok(res.status === 404 || res.status === 400, `${p} -> ${res.status}`);
      assert.ok(!res.body.includes('SECRET') && !res.body.includes('root:'), p);
    }
  });

  it('checks Host on HTTP too', async () => {
    const res = await request(server.port, 'GET', '/healthz', { Host: 'evil.example' });
    assert.equal(res.status, 403);
    assert.deepEqual(JSON.parse(res.body), { code: ErrorCode.Forbidden, message: 'Host "evil.example" is not this server\'s name; add it with allowedHosts (--allow-host)' });
  });

  it('requires the bearer token on the API', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: TOKEN }, { Authorization: `Basic ${TOKEN}` }] as Array<Record<string, string>>) {
      const res = await api('GET', '/api/sessions', undefined, headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="termplex"');
      assert.deepEqual(JSON.parse(res.body), { code: ErrorCode.Auth, message: 'missing or wrong token: send "Authorization: Bearer <token>"' });
    }
    assert.equal(backend.spawned.length, 0);
  });

  it('creates, lists and deletes sessions', async () => {
    const created = await api('POST', '/api/sessions', JSON.stringify({ profile: 'other', cols: 100, rows: 30 }));
    assert.equal(created.status, 201);
    const body = JSON.parse(created.body);
    assert.match(body.id, /^[0-9a-f]{32}$/);
    assert.deepEqual({ ...body, id: 'x', created: 'x' }, { id: 'x', profile: 'other', pid: backend.spawned.at(-1)!.pid, cols: 100, rows: 30, created: 'x' });
    assert.equal(created.headers.location, `/api/sessions/${body.id}`);
    assert.deepEqual(backend.spawned.at(-1)!.options.cols, 100);

    const defaults = JSON.parse((await api('POST', '/api/sessions', '')).body);
    assert.deepEqual([defaults.profile, defaults.cols, defaults.rows], ['default', 80, 24]);

    const list = JSON.parse((await api('GET', '/api/sessions')).body);
    assert.deepEqual(list.map((s: { id: string }) => s.id).sort(), [body.id, defaults.id].sort());
    assert.deepEqual(Object.keys(list[0]).sort(), ['clients', 'cols', 'created', 'id', 'lastActivity', 'pid', 'profile', 'rows']);

    assert.equal((await api('DELETE', `/api/sessions/${body.id}`)).status, 204);
    const gone = await api('DELETE', `/api/sessions/${body.id}`);
    assert.equal(gone.status, 404);
    assert.deepEqual(JSON.parse(gone.body), { code: ErrorCode.UnknownSession, message: `session ${body.id} does not exist (it never did, expired or exited)` });
    assert.equal((await api('DELETE', `/api/sessions/${defaults.id}`)).status, 204);
    assert.deepEqual(JSON.parse((await api('GET', '/api/sessions')).body), []);
  });

  it('answers bad bodies with 4xx naming the problem', async () => {
    const cases: Array<[string, number, string, string]> = [
      ['{', 400, ErrorCode.BadJson, 'the request body is not valid JSON'],
      ['[1]', 400, ErrorCode.BadJson, 'the request body must be a JSON object'],
      ['{"command":"rm -rf /"}', 400, ErrorCode.BadField, 'body.command is not a known field; allowed: profile, cols, rows'],
      ['{"profile":"../x"}', 400, ErrorCode.BadField, 'body.profile must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'],
      ['{"cols":0}', 400, ErrorCode.OutOfBounds, 'body.cols must be 1..1000, got 0'],
      ['{"rows":501}', 400, ErrorCode.OutOfBounds, 'body.rows must be 1..500, got 501'],
      ['{"rows":"24"}', 400, ErrorCode.BadField, 'body.rows must be an integer'],
      ['{"profile":"ghost"}', 400, ErrorCode.UnknownProfile, 'profile "ghost" does not exist; this server has: default, other'],
      [JSON.stringify({ profile: 'x'.repeat(5000) }), 413, ErrorCode.TooLarge, 'the request body is larger than 4096 bytes'],
    ];
    for (const [body, status, code, message] of cases) {
      const res = await api('POST', '/api/sessions', body);
      assert.equal(res.status, status, body.slice(0, 40));
      assert.deepEqual(JSON.parse(res.body), { code, message });
    }
    const wrongMethod = await api('PUT', '/api/sessions');
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.allow, 'GET, POST');
    assert.equal(backend.spawned.filter((p) => !p.exited).length, 0);
  });

  it('answers 404 for /termplex.js when the bundle is not built, and says so at startup', async () => {
    let logged = '';
    const logger = pino({ level: 'warn' }, new Writable({ write(chunk, _enc, done) { logged += chunk.toString(); done(); } }));
    const bare = await createTerminalServer({ port: 0, token: TOKEN, logLevel: logger, backend, bundlePath: path.join(dir, 'missing.js') });
    try {
      assert.match(logged, /the browser bundle is missing \(.*missing\.js\): \/termplex\.js answers 404/);
      const res = await request(bare.port, 'GET', '/termplex.js');
      assert.deepEqual([res.status, res.body], [404, 'termplex.js is not built: run npm run build\n']);
    } finally {
      await bare.close();
    }
  });
});

describe('attached to an existing http.Server', () => {
  it('serves its routes and its WebSocket path, and leaves everything else to the host app', async () => {
    const app = http.createServer();
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const port = (app.address() as AddressInfo).port;
    const server = await createTerminalServer({ server: app, token: TOKEN, logLevel: 'silent', backend: new FakePtyBackend() });
    app.on('request', (req, res) => {
      if (server.handleRequest(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('host app');
    });
    let otherUpgrade = '';
    app.on('upgrade', (req, socket) => {
      if (req.url === '/hmr') {
        otherUpgrade = req.url;
        socket.destroy();
      }
    });
    try {
      assert.equal(server.url, `http://127.0.0.1:${port}`);
      assert.equal(server.wsUrl, `ws://127.0.0.1:${port}/termplex`);
      assert.equal((await request(port, 'GET', '/healthz')).body, '{"ok":true}');
      assert.equal((await request(port, 'GET', '/app/anything')).body, 'host app');
      const client = await TestClient.open(server.wsUrl, TOKEN);
      const opened = await client.openSession();
      assert.equal(opened.channel, 1);
      await client.close();
      await assert.rejects(TestClient.connect(`ws://127.0.0.1:${port}/hmr`));
      assert.equal(otherUpgrade, '/hmr');
    } finally {
      await server.close();
      assert.equal(app.listening, true, 'close() leaves the host app\'s server running');
      await new Promise((resolve) => app.close(resolve));
    }
  });
});

describe('createSession()', () => {
  it('validates its options like the HTTP API and throws the server\'s own errors with their code', async () => {
    const server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', backend: new FakePtyBackend(), maxSessions: 1 });
    try {
      await assert.rejects(server.createSession({ cols: 0 }), { name: 'TypeError', message: 'createSession options.cols must be 1..1000, got 0' });
      await assert.rejects(server.createSession({ command: 'sh' } as never), { name: 'TypeError', message: 'createSession options.command is not a known field; allowed: profile, cols, rows' });
      await assert.rejects(server.createSession({ profile: 'nope' }), { code: ErrorCode.UnknownProfile, message: 'profile "nope" does not exist; this server has: default' });
      await server.createSession();
      await assert.rejects(server.createSession(), { code: ErrorCode.SessionLimit, message: 'the server already runs 1 sessions, its limit' });
    } finally {
      await server.close();
    }
  });
});
